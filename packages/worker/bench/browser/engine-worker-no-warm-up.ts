/** The bench page's engine Worker without the idle warm-up (sqlite3.wasm next to it): the A/B of the warm-up. */
import { type EngineScope, serveEngine } from '../../src/worker.js'

serveEngine(globalThis as unknown as EngineScope, { warmUp: false })
