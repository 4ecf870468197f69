/**
 * `pnpm bench:thumbnail` (issue 16): the thumbnail of a 1,000-object document (the SVG export
 * rendered by resvg, longest side 256 px): < 100 ms to render and <= 50 KB. Also the SVG export
 * alone, for the share of each step.
 */
import { measure, report, target } from '@wiretuner/bench-kit'
import {
  createArtboard,
  createDocument,
  createLayer,
  createShape,
  type Document,
  exportSvg,
} from '@wiretuner/vector-model'
import { resvgThumbnailRenderer } from '../src/engine/thumbnail-renderer.ts'

function document(n: number): Document {
  let doc = createDocument({ id: 'bench', title: 'Thumbnail bench' })
  doc = createArtboard(doc, { artboardId: 'a', bounds: { x: 0, y: 0, width: 2000, height: 1400 } })
  doc = createLayer(doc, { layerId: 'l', artboardId: 'a' })
  let seed = 7
  const rnd = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return seed / 2 ** 32
  }
  const colour = () =>
    `#${Math.floor(rnd() * 0xffffff)
      .toString(16)
      .padStart(6, '0')
      .toUpperCase()}`
  for (let i = 0; i < n; i++) {
    const cx = rnd() * 2000
    const cy = rnd() * 1400
    const r = 5 + rnd() * 40
    const style = { fill: colour(), stroke: '#000000', strokeWidth: 1 + rnd() * 2 }
    doc =
      i % 2 === 0
        ? createShape(doc, {
            shapeId: `s${i}`,
            layerId: 'l',
            shapeType: 'ellipse',
            parameters: { centerX: cx, centerY: cy, radiusX: r, radiusY: r * 0.7 },
            style,
          })
        : createShape(doc, {
            shapeId: `s${i}`,
            layerId: 'l',
            shapeType: 'star',
            parameters: { centerX: cx, centerY: cy, outerRadius: r, innerRadius: r / 2, points: 5 },
            style,
          })
  }
  return doc
}

console.log(`thumbnail bench, ${new Date().toISOString()}`)
const doc = document(1_000)
const svg = exportSvg(doc)
let bytes = 0
report(measure('exportSvg, 1,000 objects', () => exportSvg(doc), { samples: 15 }))
const render = report(
  measure(
    'thumbnail of 1,000 objects (SVG export + resvg, 256 px)',
    () => {
      bytes = resvgThumbnailRenderer(exportSvg(doc)).png.length
    },
    { samples: 15 },
  ),
)
console.log(`info  SVG ${svg.length} bytes, PNG ${bytes} bytes`)
target('thumbnail render median ms (1,000 objects)', render.medianMs, { atMost: 100 })
target('thumbnail PNG bytes', bytes, { atMost: 50 * 1024 })
