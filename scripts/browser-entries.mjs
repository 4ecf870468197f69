// Browser check of the INSTALLED packages (part of `pnpm check:pkg`): each public browser entry is
// imported by a small smoke module, bundled with esbuild (platform browser, esm) from the scratch
// project's node_modules, served from http://127.0.0.1 (node:http, ephemeral port) and run in
// headless Chromium (playwright-core, /usr/bin/chromium); the page reports success or the error.
// The Node entry of io-services must NOT bundle for the browser (the boundary is real).
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'

/** Every browser smoke: an entry and the body of its `run()` (returns a one-line detail). */
export const BROWSER_SMOKES = [
  {
    spec: '@wiretuner/event-schema',
    code: `import { validateEvent } from '@wiretuner/event-schema'
export async function run() {
  const bad = validateEvent({ eventType: 'MoveObjectEvent' })
  if (bad.ok) throw new Error('an incomplete event validated')
  return 'validateEvent rejects an incomplete event'
}`,
  },
  {
    spec: '@wiretuner/event-schema/testing',
    code: `import * as m from '@wiretuner/event-schema/testing'
export async function run() {
  if (Object.keys(m).length === 0) throw new Error('no exports')
  return Object.keys(m).length + ' exports'
}`,
  },
  {
    spec: '@wiretuner/vector-model',
    code: `import * as m from '@wiretuner/vector-model'
export async function run() {
  if (typeof m.exportSvg !== 'function') throw new Error('no exportSvg')
  return Object.keys(m).length + ' exports'
}`,
  },
  {
    spec: '@wiretuner/io-services',
    code: `import { createMemoryStorage, DEFAULT_SNAPSHOT_CODEC, decodeSnapshot, encodeSnapshot } from '@wiretuner/io-services'
export async function run() {
  if (DEFAULT_SNAPSHOT_CODEC.name !== 'pako') throw new Error('default codec ' + DEFAULT_SNAPSHOT_CODEC.name)
  const bytes = new TextEncoder().encode(JSON.stringify({ hello: 'browser' }))
  const decoded = decodeSnapshot(encodeSnapshot(bytes, 'gzip'))
  if (!decoded.ok || new TextDecoder().decode(decoded.data) !== '{"hello":"browser"}') throw new Error('snapshot round trip: ' + JSON.stringify(decoded))
  const storage = createMemoryStorage()
  const { documentId } = storage.createDocument({ title: 'T', author: 'a' })
  if (storage.nextSequence(documentId) !== 0) throw new Error('a new document is not empty')
  return 'memory storage, pako snapshot round trip'
}`,
  },
  {
    spec: '@wiretuner/io-services/browser',
    code: `import { listOpfsFiles, openOpfsFile } from '@wiretuner/io-services/browser'
import { isStorageError } from '@wiretuner/io-services'
export async function run() {
  const files = await listOpfsFiles()
  if (!Array.isArray(files)) throw new Error('listOpfsFiles gave ' + JSON.stringify(files))
  try { await openOpfsFile('../escape') } catch (error) {
    if (isStorageError(error, 'invalid-argument')) return 'listOpfsFiles ' + JSON.stringify(files) + ', a bad name is invalid-argument'
    throw error
  }
  throw new Error('openOpfsFile accepted a bad name')
}`,
  },
  {
    spec: '@wiretuner/io-services/testing',
    code: `import { corruptSnapshot } from '@wiretuner/io-services/testing'
import { createMemoryStorage, isStorageError } from '@wiretuner/io-services'
export async function run() {
  try { corruptSnapshot(createMemoryStorage(), 'x', 1, new Uint8Array()); } catch (error) {
    if (isStorageError(error) && error.code === 'unknown-document') return 'corruptSnapshot on a memory storage'
    throw error
  }
  throw new Error('corruptSnapshot of an unknown document did not throw')
}`,
  },
  {
    spec: '@wiretuner/replay/playback-timing',
    code: `import { advancePlayhead } from '@wiretuner/replay/playback-timing'
export async function run() {
  if (typeof advancePlayhead !== 'function') throw new Error('no advancePlayhead')
  return 'advancePlayhead'
}`,
  },
  {
    spec: '@wiretuner/replay/testing',
    code: `import { foldEvents, initialState } from '@wiretuner/replay/advanced'
import { createRandom, simulatedLog } from '@wiretuner/replay/testing'
export async function run() {
  const events = simulatedLog('browser', 300)
  if (events.length !== 300) throw new Error('simulatedLog gave ' + events.length + ' events')
  const { problems } = foldEvents(initialState(events[0].documentId), events)
  if (problems.length !== 0) throw new Error('the simulated log does not fold: ' + JSON.stringify(problems[0]))
  if (createRandom(1).next() !== createRandom(1).next()) throw new Error('createRandom is not deterministic')
  return '300 simulated events fold without a problem'
}`,
  },
  {
    spec: '@wiretuner/replay/advanced',
    code: `import { createEvent } from '@wiretuner/event-schema'
import { decodeReplayState, encodeReplayState, foldEvents, initialState } from '@wiretuner/replay/advanced'
export async function run() {
  const documentId = crypto.randomUUID()
  const draft = createEvent({ eventType: 'CreateArtboardEvent', documentId, artboardId: 'a1', bounds: { x: 0, y: 0, width: 10, height: 10 } })
  const { state } = foldEvents(initialState(documentId), [{ ...draft, eventSequence: 0 }])
  const decoded = decodeReplayState(encodeReplayState(state), state.sequence)
  if (!decoded.ok) throw new Error('replay state round trip: ' + decoded.code)
  if (decoded.state.document.artboards.length !== 1) throw new Error('the artboard is missing')
  return 'foldEvents, replay state JSON round trip'
}`,
  },
  {
    spec: '@wiretuner/replay',
    code: `import { validateEvent } from '@wiretuner/event-schema'
import { createMemoryStorage } from '@wiretuner/io-services'
import { createSession } from '@wiretuner/replay'
import { exportSvg } from '@wiretuner/vector-model'
export async function run() {
  const storage = createMemoryStorage()
  const session = createSession(storage)
  session.dispatch([
    session.createEvent({ eventType: 'CreateArtboardEvent', artboardId: 'a1', bounds: { x: 0, y: 0, width: 100, height: 100 } }),
    session.createEvent({ eventType: 'CreateLayerEvent', layerId: 'l1', artboardId: 'a1' }),
    session.createEvent({ eventType: 'CreateShapeEvent', shapeId: 'r1', shapeType: 'rectangle', parameters: { centerX: 50, centerY: 50, width: 20, height: 20 } }),
  ])
  const before = exportSvg(session.documentAt(session.sequence))
  session.dispatch(session.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['r1'], delta: { x: 5, y: 0 } }))
  const moved = exportSvg(session.document)
  if (moved === before) throw new Error('the move changed nothing')
  session.undo()
  const undone = exportSvg(session.document)
  if (undone !== before) throw new Error('undo did not restore the document: ' + undone)
  if (!undone.includes('<svg')) throw new Error('no svg element')
  let events = 0
  for (const item of storage.readEvents(session.documentId, {})) {
    if (item.kind !== 'event' || !validateEvent(item.event).ok) throw new Error('stored item ' + JSON.stringify(item))
    events++
  }
  return events + ' events stored and valid, undo, documentAt, svg of ' + undone.length + ' chars'
}`,
  },
  {
    spec: '@wiretuner/worker (client) + @wiretuner/worker/worker (engine)',
    code: `import { connectEngine, WorkerError } from '@wiretuner/worker'
import { serveEngine } from '@wiretuner/worker/worker'
import { StorageError } from '@wiretuner/io-services'
// this same bundle, started as a Worker, is the engine
if (typeof window === 'undefined') serveEngine(self)
export async function run() {
  const engine = connectEngine(new Worker(import.meta.url, { type: 'module' }))
  const files = await engine.list()
  const missing = await engine.open('missing.wiretuner').catch((e) => e)
  if (!(missing instanceof StorageError) || missing.code !== 'not-found') throw new Error('not a typed StorageError: ' + String(missing))
  engine.terminate()
  const closed = await engine.list().catch((e) => e)
  if (!(closed instanceof WorkerError) || closed.code !== 'worker-closed') throw new Error('after terminate: ' + String(closed))
  return 'engine Worker: list ' + JSON.stringify(files) + ', open of a missing file -> StorageError not-found, worker-closed after terminate'
}`,
  },
  {
    spec: '@wiretuner/sync (protocol + client, the global WebSocket)',
    code: `import { ClientLog, createSyncClient, decodeServerMessage } from '@wiretuner/sync'
export async function run() {
  const bad = decodeServerMessage('{"type":"welcome"}')
  if (bad.ok || bad.error.code !== 'malformed-message') throw new Error('a malformed welcome was accepted')
  const log = new ClientLog('6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b')
  const client = createSyncClient({ url: 'ws://127.0.0.1:9/', documentId: log.documentId, token: 't' })
  client.dispatch([client.createEvent({ eventType: 'CreateArtboardEvent', artboardId: 'a1', bounds: { x: 0, y: 0, width: 9, height: 9 } })])
  const pending = client.pending.length
  client.close()
  if (pending !== 1 || client.document.artboards.length !== 1) throw new Error('offline edit not kept')
  return 'malformed message refused; an offline edit applied locally and queued (global WebSocket)'
}`,
  },
]

/** The entries that must not bundle for the browser (better-sqlite3 and the file system; pg). */
export const NODE_ONLY_ENTRIES = ['@wiretuner/io-services/node', '@wiretuner/io-services/postgres']

const PAGE = (file) => `<!doctype html><meta charset="utf-8"><script type="module">
import { run } from './${file}'
try { window.__smoke = { ok: true, detail: await run() } }
catch (error) { window.__smoke = { ok: false, detail: String(error?.stack ?? error) } }
</script>`

/** Bundles `code` (written as `<name>.mjs` in `dir`) for the browser into `<name>.js`. */
export async function bundleForBrowser(dir, name, code) {
  writeFileSync(join(dir, `${name}.mjs`), code)
  await build({
    absWorkingDir: dir,
    entryPoints: [join(dir, `${name}.mjs`)],
    outfile: join(dir, `${name}.js`),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    logLevel: 'silent',
  })
}

/** Serves the files of `dir` (flat) from http://127.0.0.1 on an ephemeral port. */
export async function serveDirectory(dir) {
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0].slice(1)
    if (!/^[\w.-]+\.(js|html)$/.test(name)) return res.writeHead(404).end()
    try {
      const body = readFileSync(join(dir, name))
      res.writeHead(200, { 'content-type': name.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, origin: `http://127.0.0.1:${server.address().port}` }
}

/** Runs the page of smoke `name` in `browser`; returns its detail or throws its error. */
export async function runInBrowser(browser, origin, dir, name) {
  writeFileSync(join(dir, `${name}.html`), PAGE(`${name}.js`))
  const page = await browser.newPage()
  const pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(String(error)))
  try {
    await page.goto(`${origin}/${name}.html`)
    await page.waitForFunction(() => window.__smoke !== undefined, undefined, { timeout: 30_000 })
    const result = await page.evaluate(() => window.__smoke)
    if (!result.ok) throw new Error(result.detail)
    if (pageErrors.length > 0) throw new Error(pageErrors.join('\n'))
    return result.detail
  } catch (error) {
    if (pageErrors.length > 0) throw new Error(`${error.message}\n${pageErrors.join('\n')}`)
    throw error
  } finally {
    await page.close()
  }
}

/** Launches headless Chromium as the project runs it. */
export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
}
