/**
 * An engine Worker of the browser tests that is given its SQLite WASM URL (`serveEngine`'s
 * `sqlite.wasmUrl`): the URL comes from this Worker's own query, `?wasm=<path>` (relative to it).
 */
import { type EngineScope, serveEngine } from '../../src/worker.js'

const href = (globalThis as unknown as { location: { href: string } }).location.href
const wasm = new URL(href).searchParams.get('wasm') ?? 'sqlite3.wasm'
serveEngine(globalThis as unknown as EngineScope, { sqlite: { wasmUrl: new URL(wasm, href).href } })
