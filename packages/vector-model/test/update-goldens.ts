/**
 * Regenerates the golden PNGs in test/golden/ (run by hand, then look at them before committing):
 * `tsx --conditions=@wiretuner/source test/update-goldens.ts`.
 */
import { writeFileSync } from 'node:fs'
import { exportSvg } from '@wiretuner/vector-model'
import { goldenCases } from './golden-docs.ts'
import { rasterize } from './render.ts'

for (const c of goldenCases()) {
  const svg = exportSvg(c.doc, c.artboardId === undefined ? {} : { artboardId: c.artboardId })
  const img = rasterize(svg)
  writeFileSync(new URL(`./golden/${c.name}.png`, import.meta.url), img.png)
  console.log(`${c.name}: ${img.width}x${img.height}`)
}
