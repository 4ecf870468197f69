/**
 * End to end: the engine in a Worker of real headless Chromium on OPFS (browser-kit;
 * test/browser/engine-suite.ts). The CLI-made fixture, imported into OPFS and opened with replay
 * there, renders exactly the SVG `export-svg` writes on Node; the CLI's seeded simulation played
 * in the browser gives a file that `wiretuner validate` passes, with the same head document.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { declareBrowserResults, runBrowserSuite } from '@wiretuner/browser-kit'
import { describe, expect, inject, it } from 'vitest'
import { runCliInProcess } from './helpers/in-process.ts'

const fixture = inject('fixtureFile')
const dir = inject('scratchDir')
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const fromIoServices = createRequire(
  fileURLToPath(import.meta.resolve('@wiretuner/io-services/package.json')),
)

const run = await runBrowserSuite({
  suite: here('./browser/engine-suite.ts'),
  assets: [fromIoServices.resolve('@sqlite.org/sqlite-wasm/sqlite3.wasm')],
  files: { 'fixture.wiretuner': new Uint8Array(readFileSync(fixture)) },
  timeoutMs: 180_000,
})
declareBrowserResults('in Chromium', run.results)

function upload(name: string): Uint8Array {
  const bytes = run.uploads.get(name)
  if (bytes === undefined) throw new Error(`the browser uploaded no ${name}`)
  return bytes
}

describe('on Node', () => {
  it('the fixture rendered in the browser is the SVG export-svg writes', async () => {
    const out = join(dir, 'browser-e2e-head.svg')
    expect((await runCliInProcess(['export-svg', fixture, '--out', out])).code).toBe(0)
    const svg = readFileSync(out, 'utf8')
    expect(new TextDecoder().decode(upload('fixture.svg'))).toBe(svg)
    // the same seeded simulation, played in the browser, ends in the same document
    expect(new TextDecoder().decode(upload('made-in-browser.svg'))).toBe(svg)
  })

  it('the file simulated in the browser passes wiretuner validate and info', async () => {
    const path = join(dir, 'made-in-browser.wiretuner')
    writeFileSync(path, upload('made-in-browser.wiretuner'))
    const validate = await runCliInProcess(['validate', path])
    expect(validate.stdout).toMatch(/OK — \d+ checks, 0 failed, 0 warnings/)
    expect(validate.code).toBe(0)
    const info = await runCliInProcess(['info', path])
    expect(info.code).toBe(0)
    expect(info.stdout).toMatch(/events:\s+1500/)
  })
})
