/**
 * The engine Worker in real headless Chromium (browser-kit): browser/engine-suite.ts runs in a
 * Worker of the page and drives engine Workers through `connectEngine`; each of its tests is one
 * vitest test here. Node makes the file the browser imports, and checks the file the browser
 * exported: `validateFile` clean (as `wiretuner validate`), and the same document on Node.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { declareBrowserResults, runBrowserSuite } from '@wiretuner/browser-kit'
import { openWireTunerFile, validateFile } from '@wiretuner/io-services/node'
import { createSession, openSession } from '@wiretuner/replay'
import { serializeDocument } from '@wiretuner/vector-model'
import { afterAll, describe, expect, it } from 'vitest'
import { drawing } from './support/drawing.js'
import { BROWSER_MADE, NODE_MADE, WASM_AS_OCTETS } from './support/fixtures.js'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'wt-worker-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A file made on Node through a replay session (snapshots, history index), and its head document. */
async function nodeMadeFile(): Promise<{ bytes: Uint8Array; document: string }> {
  const path = join(dir, 'node-made.wiretuner')
  const file = await openWireTunerFile(path)
  const session = createSession(file, { title: 'made on Node' }, { snapshotScheduling: 'sync' })
  const events = drawing(40, 1_300, 9)
  for (let i = 0; i < events.length; i += 100) {
    session.dispatch(events.slice(i, i + 100).map((init) => session.createEvent(init)))
  }
  session.undo()
  const document = serializeDocument(session.document)
  await session.historyIndexReady()
  session.close()
  file.close()
  return { bytes: new Uint8Array(readFileSync(path)), document }
}

const nodeMade = await nodeMadeFile()
const run = await runBrowserSuite({
  suite: here('./browser/engine-suite.ts'),
  helpers: {
    engine: here('./browser/engine-worker.ts'),
    'engine-url': here('./browser/engine-worker-url.ts'),
  },
  assets: [fileURLToPath(import.meta.resolve('@sqlite.org/sqlite-wasm/sqlite3.wasm'))],
  files: {
    // the same module, served as application/octet-stream (it cannot stream-compile)
    [WASM_AS_OCTETS]: new Uint8Array(
      readFileSync(fileURLToPath(import.meta.resolve('@sqlite.org/sqlite-wasm/sqlite3.wasm'))),
    ),
    [NODE_MADE.file]: nodeMade.bytes,
    [NODE_MADE.document]: new TextEncoder().encode(nodeMade.document),
  },
  timeoutMs: 180_000,
})
declareBrowserResults(`in Chromium ${run.browserVersion}`, run.results)

describe('a file made in the browser, on Node', () => {
  const bytes = run.uploads.get(BROWSER_MADE.file)
  const document = run.uploads.get(BROWSER_MADE.document)
  const path = join(dir, 'browser-made.wiretuner')

  it('was exported by the browser suite', () => {
    expect(bytes?.length ?? 0).toBeGreaterThan(4096)
    expect(document?.length ?? 0).toBeGreaterThan(100)
  })

  it('validates clean (validateFile, as `wiretuner validate`)', async () => {
    writeFileSync(path, bytes ?? new Uint8Array())
    const report = await validateFile(path, { documentStart: 'fail' })
    expect(report.checks.filter((check) => check.status === 'fail')).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.documents.map((d) => d.documentId)).toEqual([BROWSER_MADE.documentId])
  })

  it('opens with replay on Node to the document the browser had, undo state included', async () => {
    writeFileSync(path, bytes ?? new Uint8Array())
    const file = await openWireTunerFile(path)
    try {
      const session = openSession(file, BROWSER_MADE.documentId)
      expect(serializeDocument(session.document)).toBe(new TextDecoder().decode(document))
      expect(session.canRedo).toBe(true)
      expect(session.loadReport.fullReplay).toBe(false)
      session.close()
    } finally {
      file.close()
    }
  })
})
