/** The engine Worker of the viewer's local mode: `@wiretuner/worker` over OPFS, SQLite WASM from the bundle. */
import wasmUrl from '@sqlite.org/sqlite-wasm/sqlite3.wasm?url'
import { type EngineScope, serveEngine } from '@wiretuner/worker/worker'

serveEngine(self as unknown as EngineScope, { sqlite: { wasmUrl } })
