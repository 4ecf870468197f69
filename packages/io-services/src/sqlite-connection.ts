/**
 * The SQLite connection io-services works on: the subset of better-sqlite3's synchronous API that
 * the store, the migrations, the probe and the validator use. better-sqlite3's `Database`
 * satisfies it as it is (Node); the official SQLite WASM build is adapted to it (browser, in a
 * Worker). Everything above the driver (schema, migrations, SQL, snapshot encoding, validation)
 * is written once against this interface, so both platforms write the same file.
 */

/** Result of a statement that writes. */
export interface SqliteRunResult {
  readonly changes: number
  readonly lastInsertRowid: number | bigint
}

/**
 * A prepared statement (parameters bind positionally, `?`). An array passed as the only argument
 * binds its elements, as better-sqlite3 does: Kysely's SQLite dialect (migrations) calls
 * `all(parameters)` / `run(parameters)` / `iterate(parameters)` so.
 */
export interface SqliteStatement {
  /** True when the statement returns rows (Kysely's SQLite dialect reads it). */
  readonly reader: boolean
  /** True while an iteration of this statement is open (it cannot run again until it ends). */
  readonly busy: boolean
  run(...params: readonly unknown[]): SqliteRunResult
  /** The first row as an object keyed by column name, or `undefined`. */
  get(...params: readonly unknown[]): unknown
  all(...params: readonly unknown[]): unknown[]
  /** Rows one by one; the statement is busy until the iteration ends or is returned. */
  iterate(...params: readonly unknown[]): IterableIterator<unknown>
  /**
   * From now on (`toggle` default true), `get`/`all`/`iterate` return each row as an array of its
   * column values instead of an object (better-sqlite3's `raw`; turns `pluck` off). For readers
   * that need no column names: no object is built per row. Throws `TypeError` on a statement
   * that returns no rows. Returns the statement.
   */
  raw(toggle?: boolean): this
  /**
   * From now on (`toggle` default true), `get`/`all`/`iterate` return only each row's first
   * column value (better-sqlite3's `pluck`; turns `raw` off). Throws `TypeError` on a statement
   * that returns no rows. Returns the statement.
   */
  pluck(toggle?: boolean): this
}

/** A function wrapped in a transaction (see {@link SqliteConnection.transaction}). */
export interface SqliteTransaction<A extends unknown[], R> {
  (...args: A): R
  /** The same, in a `BEGIN IMMEDIATE` transaction (the write lock is taken up front). */
  readonly immediate: (...args: A) => R
}

/** An open SQLite database connection (synchronous). */
export interface SqliteConnection {
  prepare(source: string): SqliteStatement
  exec(source: string): void
  /**
   * Runs `PRAGMA source`: with `simple`, the first column of the first row; otherwise all rows as
   * objects.
   */
  pragma(source: string, options?: { readonly simple?: boolean }): unknown
  /**
   * Wraps `fn` in BEGIN/COMMIT (ROLLBACK when it throws); a call inside another transaction
   * uses a savepoint, as better-sqlite3 does.
   */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): SqliteTransaction<A, R>
  readonly inTransaction: boolean
  readonly open: boolean
  close(): void
}

/**
 * A statement typed by its bind tuple `P` and result row `R` (io-services' own prepared SQL; see
 * queries.ts). A {@link SqliteStatement} is cast to it where the SQL is known.
 */
export interface TypedStatement<P extends readonly unknown[], R> {
  readonly reader: boolean
  readonly busy: boolean
  run(...params: P): SqliteRunResult
  get(...params: P): R | undefined
  all(...params: P): R[]
  iterate(...params: P): IterableIterator<R>
}
