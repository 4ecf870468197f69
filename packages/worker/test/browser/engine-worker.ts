/** The engine Worker of the browser tests: serves the engine protocol (sqlite3.wasm next to it). */
import { type EngineScope, serveEngine } from '../../src/worker.js'

serveEngine(globalThis as unknown as EngineScope)
