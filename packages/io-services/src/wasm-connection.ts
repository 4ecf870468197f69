/**
 * {@link SqliteConnection} over the official SQLite WASM build (`@sqlite.org/sqlite-wasm`, its
 * `oo1.DB`), so the store, migrations, probe and validator written for better-sqlite3 run in the
 * browser unchanged. It reproduces the better-sqlite3 behaviour they rely on: positional
 * parameters (an array argument is spread, as Kysely passes them), rows as objects keyed by column
 * name, BLOBs as `Uint8Array`, integers as `number`, `transaction` with savepoint nesting, a
 * statement that is busy while iterated and a connection that refuses writes while any iteration
 * is open (`TypeError: This database connection is busy executing a query`, which
 * sqlite-errors.ts maps to `busy`), `TypeError: The database connection is not open` after close.
 * SQLite errors keep their object and gain better-sqlite3's `code` (e.g. `SQLITE_CONSTRAINT_UNIQUE`,
 * from the WASM build's extended `resultCode`), so sqlite-errors.ts maps them to the same
 * StorageError codes as on Node. `oo1` prepares and finalizes statements; binding, stepping and
 * reading go through the C API (wasm-values.ts).
 */
import type { Database, PreparedStatement, SQLite3Error, Sqlite3Static } from '@sqlite.org/sqlite-wasm'
import type {
  SqliteConnection,
  SqliteRunResult,
  SqliteStatement,
  SqliteTransaction,
} from './sqlite-connection.js'
import { bindAll, column, step } from './wasm-values.js'

function notOpen(): TypeError {
  return new TypeError('The database connection is not open')
}

/** Positional parameters as better-sqlite3 takes them: arrays are spread (`params` itself when there is none). */
function flatParams(params: readonly unknown[]): readonly unknown[] {
  for (let i = 0; i < params.length; i++)
    if (Array.isArray(params[i])) return params.flatMap((p) => (Array.isArray(p) ? (p as unknown[]) : [p]))
  return params
}

/** A prepared statement of a {@link WasmConnection}. */
class WasmStatement implements SqliteStatement {
  readonly reader: boolean
  readonly #connection: WasmConnection
  readonly #sqlite3: Sqlite3Static
  readonly #db: Database
  readonly #pointer: number
  readonly #readonly: boolean
  readonly #columns: readonly string[]
  #busy = false
  /** How rows are returned (see {@link SqliteStatement.raw} and {@link SqliteStatement.pluck}). */
  #shape: 'object' | 'raw' | 'pluck' = 'object'

  constructor(
    connection: WasmConnection,
    sqlite3: Sqlite3Static,
    db: Database,
    stmt: PreparedStatement,
    readonly: boolean,
  ) {
    this.#connection = connection
    this.#sqlite3 = sqlite3
    this.#db = db
    this.#pointer = stmt.pointer as number
    this.#readonly = readonly
    // getColumnNames() throws for a statement without result columns
    this.#columns = stmt.columnCount === 0 ? [] : stmt.getColumnNames()
    this.reader = this.#columns.length > 0
  }

  /** True while an iteration of this statement is open. */
  get busy(): boolean {
    return this.#busy
  }

  #start(params: readonly unknown[]): void {
    this.#connection.assertOpen()
    if (this.#busy) throw new TypeError('This statement is busy executing a query')
    if (!this.#readonly) this.#connection.assertNotIterating()
    this.#connection.translate(() => bindAll(this.#sqlite3, this.#db, this.#pointer, flatParams(params)))
  }

  raw(toggle = true): this {
    return this.#setShape('raw', toggle)
  }

  pluck(toggle = true): this {
    return this.#setShape('pluck', toggle)
  }

  #setShape(shape: 'raw' | 'pluck', toggle: boolean): this {
    if (!this.reader) throw new TypeError(`The ${shape}() method is only for statements that return data`)
    if (toggle) this.#shape = shape
    else if (this.#shape === shape) this.#shape = 'object'
    return this
  }

  #row(): unknown {
    if (this.#shape === 'pluck') return column(this.#sqlite3, this.#pointer, 0)
    if (this.#shape === 'raw') {
      const values: unknown[] = []
      for (let i = 0; i < this.#columns.length; i++) values.push(column(this.#sqlite3, this.#pointer, i))
      return values
    }
    const row: Record<string, unknown> = {}
    for (let i = 0; i < this.#columns.length; i++) {
      row[this.#columns[i] as string] = column(this.#sqlite3, this.#pointer, i)
    }
    return row
  }

  /** Ends the current execution (a failed step's error is already thrown; its code is ignored). */
  #reset(): void {
    this.#sqlite3.capi.sqlite3_reset(this.#pointer)
  }

  #step(): boolean {
    return this.#connection.translate(() => step(this.#sqlite3, this.#db, this.#pointer))
  }

  run(...params: readonly unknown[]): SqliteRunResult {
    this.#start(params)
    try {
      while (this.#step()) {
        // a writing statement that also returns rows (RETURNING): run them all
      }
    } finally {
      this.#reset()
    }
    return this.#connection.lastRun()
  }

  get(...params: readonly unknown[]): unknown {
    this.#start(params)
    try {
      return this.#step() ? this.#row() : undefined
    } finally {
      this.#reset()
    }
  }

  all(...params: readonly unknown[]): unknown[] {
    this.#start(params)
    const rows: unknown[] = []
    try {
      while (this.#step()) rows.push(this.#row())
    } finally {
      this.#reset()
    }
    return rows
  }

  iterate(...params: readonly unknown[]): IterableIterator<unknown> {
    this.#start(params)
    this.#busy = true
    this.#connection.iterationStarted()
    let done = false
    const finish = (): void => {
      if (done) return
      done = true
      this.#busy = false
      this.#connection.iterationEnded()
      if (this.#connection.open) this.#reset()
    }
    const iterator: IterableIterator<unknown> = {
      next: () => {
        if (done) return { done: true, value: undefined }
        try {
          if (this.#connection.open && this.#step()) return { done: false, value: this.#row() }
        } catch (error) {
          finish()
          throw error
        }
        finish()
        return { done: true, value: undefined }
      },
      return: (value?: unknown) => {
        finish()
        return { done: true, value }
      },
      [Symbol.iterator]: () => iterator,
    }
    return iterator
  }
}

/** A {@link SqliteConnection} on an open `oo1.DB` of the SQLite WASM build (see the module comment). */
export class WasmConnection implements SqliteConnection {
  readonly #sqlite3: Sqlite3Static
  readonly #db: Database
  #iterations = 0
  #savepoints = 0

  /** Adapts `db` (opened on any VFS of the `sqlite3` module it came from). */
  constructor(sqlite3: Sqlite3Static, db: Database) {
    this.#sqlite3 = sqlite3
    this.#db = db
  }

  /** The file name SQLite knows the database by. */
  get name(): string {
    return this.#db.filename
  }

  get open(): boolean {
    return this.#db.pointer !== undefined
  }

  get inTransaction(): boolean {
    return this.open && this.#sqlite3.capi.sqlite3_get_autocommit(this.#db) === 0
  }

  /** @internal throws better-sqlite3's TypeError when closed. */
  assertOpen(): void {
    if (!this.open) throw notOpen()
  }

  /** @internal throws better-sqlite3's TypeError while a read iteration is open. */
  assertNotIterating(): void {
    if (this.#iterations > 0) throw new TypeError('This database connection is busy executing a query')
  }

  /** @internal */
  iterationStarted(): void {
    this.#iterations++
  }

  /** @internal */
  iterationEnded(): void {
    this.#iterations--
  }

  /** @internal the changes and rowid of the last write. */
  lastRun(): SqliteRunResult {
    const capi = this.#sqlite3.capi
    return {
      changes: capi.sqlite3_changes(this.#db),
      lastInsertRowid: Number(capi.sqlite3_last_insert_rowid(this.#db)),
    }
  }

  /**
   * @internal runs `fn`; an SQLite3Error gets better-sqlite3's `code` (the extended result code's
   * name, e.g. `SQLITE_CONSTRAINT_UNIQUE`) and is rethrown as it is.
   */
  translate<T>(fn: () => T): T {
    try {
      return fn()
    } catch (error) {
      const resultCode = (error as Partial<SQLite3Error> | null)?.resultCode
      if (typeof resultCode === 'number' && (error as { code?: unknown }).code === undefined) {
        Object.defineProperty(error, 'code', {
          value: this.#sqlite3.capi.sqlite3_js_rc_str(resultCode) ?? `SQLITE_UNKNOWN_${resultCode}`,
          enumerable: true,
        })
      }
      throw error
    }
  }

  prepare(source: string): SqliteStatement {
    this.assertOpen()
    const stmt = this.translate(() => this.#db.prepare(source))
    const readonly = this.#sqlite3.capi.sqlite3_stmt_readonly(stmt) !== 0
    return new WasmStatement(this, this.#sqlite3, this.#db, stmt, readonly)
  }

  exec(source: string): void {
    this.assertOpen()
    this.assertNotIterating()
    this.translate(() => this.#db.exec(source))
  }

  pragma(source: string, options: { readonly simple?: boolean } = {}): unknown {
    const rows = this.prepare(`PRAGMA ${source}`)
    if (options.simple) {
      const row = rows.get() as Record<string, unknown> | undefined
      return row === undefined ? undefined : Object.values(row)[0]
    }
    return rows.all()
  }

  transaction<A extends unknown[], R>(fn: (...args: A) => R): SqliteTransaction<A, R> {
    const run =
      (begin: string) =>
      (...args: A): R => {
        this.assertOpen()
        if (this.inTransaction) return this.#inSavepoint(fn, args)
        this.exec(begin)
        try {
          const result = fn(...args)
          this.exec('COMMIT')
          return result
        } catch (error) {
          if (this.inTransaction) this.exec('ROLLBACK')
          throw error
        }
      }
    return Object.assign(run('BEGIN'), { immediate: run('BEGIN IMMEDIATE') })
  }

  #inSavepoint<A extends unknown[], R>(fn: (...args: A) => R, args: A): R {
    const name = `wt_savepoint_${++this.#savepoints}`
    this.exec(`SAVEPOINT ${name}`)
    try {
      const result = fn(...args)
      this.exec(`RELEASE ${name}`)
      return result
    } catch (error) {
      if (this.inTransaction) {
        this.exec(`ROLLBACK TO ${name}`)
        this.exec(`RELEASE ${name}`)
      }
      throw error
    } finally {
      this.#savepoints--
    }
  }

  /**
   * The whole database as this connection reads it (`sqlite3_serialize`: every committed page,
   * those still in a WAL included).
   */
  serialize(): Uint8Array {
    this.assertOpen()
    return this.translate(() => this.#sqlite3.capi.sqlite3_js_db_export(this.#db))
  }

  /** Closes the database (its statements are finalized). Idempotent. */
  close(): void {
    if (this.open) this.#db.close()
  }
}
