/**
 * Browser entry of `@wiretuner/io-services` (`@wiretuner/io-services/browser`, for a dedicated
 * Web Worker): `.wiretuner` files in the Origin Private File System on the official SQLite WASM
 * build (`@sqlite.org/sqlite-wasm`, `opfs-sahpool` VFS: no cross-origin-isolation headers
 * needed). The same file format as the Node entry: schema, migrations, snapshot encoding and
 * validation are shared. Copy `@sqlite.org/sqlite-wasm/sqlite3.wasm` next to your bundle, or pass
 * its URL to {@link setupOpfsStorage}.
 */

export type { ConnectionSettings, SynchronousMode } from './connection-storage.js'
export type { OpfsOpenOptions } from './opfs-file.js'
export { OpfsFile, openOpfsFile } from './opfs-file.js'
export type { OpfsSetupOptions } from './opfs-pools.js'
export { OPFS_ROOT, preloadOpfsStorage, setupOpfsStorage } from './opfs-pools.js'
export type { OpfsImportResult } from './opfs-transfer.js'
export { deleteOpfsFile, exportOpfsFile, importOpfsFile, listOpfsFiles } from './opfs-transfer.js'
export { warmUpSqliteWasm } from './wasm-warm-up.js'
