/**
 * Statement journals of an append transaction, kept in memory. Inside a transaction, each of
 * the multi-row INSERTs (`event-inserts.ts`) opens a statement journal: SQLite records there the
 * pages the statement changes that existed when it began, so that a failing statement (a
 * constraint) can be undone on its own. The index expression's functions and the foreign key
 * make every such INSERT one that "may abort", so the journal cannot be avoided. SQLite keeps it
 * in memory up to 64 KiB and then spills it to a temporary file, which then stays for the rest
 * of the transaction; a 128-row chunk changes about 12 such pages (the table's and three
 * indexes' right edges, the siblings of their splits), so most 1,000-event appends wrote ~130
 * pages (two `pwrite`s each) to a temporary file.
 * `temp_store = MEMORY` during the transaction keeps the journal in memory (SQLite reads the
 * setting when the write transaction begins). The connection's own setting (the compile-time
 * default: temporary files for sorts, VACUUM and temporary tables) is restored right after, so
 * nothing else on the connection is held in memory. Switching is safe because io-services never
 * opens the connection's TEMP database (no TEMP tables, triggers or views): with it open, SQLite
 * would drop its objects on a switch. The journal's contents, the statement rollback and every
 * error are unchanged; durability does not depend on it (the WAL holds the transaction).
 * Where SQLite was compiled to keep temporary files in memory by default (`SQLITE_TEMP_STORE=2`,
 * as the official WASM build is; or `=3`), the connection's DEFAULT already means memory: SQLite's
 * `sqlite3TempInMemory()`, the only thing the switch changes, is true either way, so the two
 * PRAGMAs (two statements per append) are skipped there. Node's better-sqlite3 has
 * `SQLITE_TEMP_STORE=1` and switches.
 */
import type { SqliteConnection } from './sqlite-connection.js'

/** `temp_store` during an append transaction: statement journals never spill to a file. */
const MEMORY = 'PRAGMA temp_store = MEMORY'
/** `temp_store` outside: the compile-time default, which connections of io-services never change. */
const DEFAULT = 'PRAGMA temp_store = DEFAULT'

/** Per connection: are statement journals in memory without the switch? (checked once each) */
const inMemoryByDefault = new WeakMap<SqliteConnection, boolean>()

/**
 * True when `db`'s statement journals are kept in memory with its `temp_store` as it is: SQLite
 * compiled with `SQLITE_TEMP_STORE=3`, or `=2` and the setting DEFAULT or MEMORY. Read once per
 * connection (the compile option, and the setting, which io-services never changes otherwise).
 */
export function journalsInMemoryByDefault(db: SqliteConnection): boolean {
  let known = inMemoryByDefault.get(db)
  if (known === undefined) {
    const options = db.pragma('compile_options') as readonly { readonly compile_options: string }[]
    const option = options.find((o) => o.compile_options.startsWith('TEMP_STORE='))
    const compiled = Number(option?.compile_options.slice('TEMP_STORE='.length) ?? 1)
    known = compiled === 3 || (compiled === 2 && db.pragma('temp_store', { simple: true }) !== 1)
    inMemoryByDefault.set(db, known)
  }
  return known
}

/**
 * Runs `transaction` (which must BEGIN its own write transaction) with statement journals in
 * memory, then restores the connection's default `temp_store`, also when `transaction` throws
 * (nothing to switch where {@link journalsInMemoryByDefault}).
 */
export function withMemoryJournals<T>(db: SqliteConnection, transaction: () => T): T {
  if (journalsInMemoryByDefault(db)) return transaction()
  db.exec(MEMORY)
  try {
    return transaction()
  } finally {
    db.exec(DEFAULT)
  }
}
