/**
 * A `.wiretuner` database in memory on this Worker's SQLite WASM module (`:memory:`, no OPFS, no
 * pool): the same schema, migrations and {@link SqliteStorage} as an OPFS file, gone when closed.
 * The engine Worker uses one to warm itself up while it waits for its first request (issue 13):
 * running the open path once on a scratch database compiles SQLite's WebAssembly functions and the
 * engine's JavaScript that a user's first open would otherwise compile.
 */
import { openStorageOnConnection } from './connection-storage.js'
import { loadSqlite } from './opfs-pools.js'
import type { SqliteStorage } from './sqlite-storage.js'
import type { StorageOptions } from './types.js'
import { WasmConnection } from './wasm-connection.js'

/** An open in-memory WASM database: its storage, and `close` (which discards it). */
export interface WasmMemoryStorage {
  readonly storage: SqliteStorage
  close(): void
}

/** Opens a new, empty in-memory `.wiretuner` database on SQLite WASM (loading the module first). */
export async function openWasmMemoryStorage(options: StorageOptions = {}): Promise<WasmMemoryStorage> {
  const sqlite3 = await loadSqlite()
  const connection = new WasmConnection(sqlite3, new sqlite3.oo1.DB(':memory:', 'c'))
  try {
    const { storage } = await openStorageOnConnection(connection, {
      ...options,
      where: ':memory:',
      journalMode: 'keep',
      fresh: true,
    })
    return { storage, close: () => connection.close() }
  } catch (error) {
    connection.close()
    throw error
  }
}
