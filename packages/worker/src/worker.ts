/**
 * Worker entry of `@wiretuner/worker` (`@wiretuner/worker/worker`): import it in your dedicated
 * Worker's module and call `serveEngine(self)`. It runs the engine (replay sessions over
 * `.wiretuner` files in OPFS, on SQLite WASM); copy `@sqlite.org/sqlite-wasm/sqlite3.wasm` next
 * to the Worker's bundle, or pass its URL as `sqlite.wasmUrl`.
 */

export type { EngineScope, ServeEngineOptions } from './serve.js'
export { serveEngine } from './serve.js'
