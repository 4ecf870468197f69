/** The engine Worker of the bench page (sqlite3.wasm next to it). */
import { type EngineScope, serveEngine } from '../../src/worker.js'

serveEngine(globalThis as unknown as EngineScope)
