/**
 * A `.wiretuner` file in the browser's Origin Private File System, opened on the official SQLite
 * WASM build (`opfs-sahpool` VFS, in a dedicated Worker): the same {@link DocumentStorage}, schema,
 * migrations, snapshot encoding and validation as on Node, through the shared core
 * (`openStorageOnConnection`). Pragmas: foreign_keys, busy_timeout, synchronous, application_id,
 * user_version and the seed's `journal_mode = WAL`, as on Node. The VFS has no shared memory, so
 * the connection runs in `locking_mode = EXCLUSIVE` (set before the first read; a connection
 * setting, nothing in the file changes), which is how SQLite runs WAL without shared memory (the
 * WAL index lives in the connection's heap; the sqlite-wasm docs name this pragma as what WAL needs
 * in this VFS). The pool already gives the file to one connection, so nothing is lost: WAL's
 * readers beside a writer cannot arise. A commit appends its pages to the `-wal` file and flushes
 * once (the rollback journal took ~4 flushes per commit; issue 13); a read-write open hands the
 * WAL's contiguous writes to OPFS combined (wal-write-combining.ts: one access-handle write per
 * commit instead of two per page, every commit written before it returns). A read-only open leaves the
 * journal mode as the file has it (an imported file keeps the rollback journal the VFS's import
 * gives it until its first read-write open). Exports checkpoint first (or read the pages through
 * SQLite when a read-only open sees a WAL), so the exported bytes hold every commit.
 */
import type { Database, SAHPoolUtil } from '@sqlite.org/sqlite-wasm'
import {
  type ConnectionSettings,
  openStorageOnConnection,
  readConnectionSettings,
  type SynchronousMode,
} from './connection-storage.js'
import { StorageError } from './errors.js'
import { DEFAULT_SNAPSHOT_CODEC } from './gzip-codecs.js'
import { PrefetchedInflations, startNativeInflateProbe } from './native-inflate.js'
import {
  acquireExistingPool,
  acquirePool,
  exportedBytes,
  hasWal,
  loadSqlite,
  noSuchFile,
  POOL_DATABASE,
  releasePool,
  removePool,
  withWalFlag,
} from './opfs-pools.js'
import { SEED_LATEST_SNAPSHOT_QUERY } from './queries.js'
import { DEFAULT_MAX_SNAPSHOT_BYTES } from './snapshot-codec.js'
import { SqliteStorage, type SqliteStorageOptions } from './sqlite-storage.js'
import type { StorageOptions } from './types.js'
import { type ValidateOptions, type ValidationReport, validateConnection } from './validate-connection.js'
import { connectionFileFacts } from './validation-context.js'
import { combineWalWrites } from './wal-write-combining.js'
import { WasmConnection } from './wasm-connection.js'

/** Options of {@link openOpfsFile}. */
export interface OpfsOpenOptions extends StorageOptions {
  /** Open without any write (no migration); writes throw `read-only`. */
  readonly readOnly?: boolean
  /** Create the file when it does not exist (default `true`; never for a read-only open). */
  readonly create?: boolean
  /** Default `full`. */
  readonly synchronous?: SynchronousMode
}

/** An open OPFS `.wiretuner` file: the {@link DocumentStorage} plus close, validation and settings. */
export class OpfsFile extends SqliteStorage {
  /** The file's name in OPFS. */
  readonly name: string
  readonly #connection: WasmConnection
  readonly #pool: SAHPoolUtil
  readonly #inflations: PrefetchedInflations
  readonly #maxSnapshotBytes: number

  /** @internal use {@link openOpfsFile}. */
  constructor(name: string, connection: WasmConnection, pool: SAHPoolUtil, options: SqliteStorageOptions) {
    const inflations = new PrefetchedInflations(options.snapshotCodec ?? DEFAULT_SNAPSHOT_CODEC)
    super(connection, { ...options, snapshotCodec: inflations })
    this.name = name
    this.#connection = connection
    this.#pool = pool
    this.#inflations = inflations
    this.#maxSnapshotBytes = options.maxSnapshotBytes ?? DEFAULT_MAX_SNAPSHOT_BYTES
  }

  /**
   * Inflates the newest stored snapshot of `documentId` ahead of time with the browser's native
   * `DecompressionStream`, so that the next synchronous load of that snapshot (`openSession`)
   * skips pako (see native-inflate.ts): call it right before opening a session. Resolves true
   * when a snapshot was inflated; false when there is none, it is not gzip, over the size limit,
   * or damaged (the load then reports why). Never changes what a load returns.
   */
  async prefetchLatestSnapshot(documentId: string): Promise<boolean> {
    this.#alive('prefetchLatestSnapshot')
    const row = this.#connection.prepare(SEED_LATEST_SNAPSHOT_QUERY).get(documentId) as
      | { readonly compression?: unknown; readonly snapshot_data?: unknown }
      | undefined
    if (row?.compression !== 'gzip' || !(row.snapshot_data instanceof Uint8Array)) return false
    return this.#inflations.prefetch(row.snapshot_data, this.#maxSnapshotBytes)
  }

  /** Closes the connection and releases the file for other Workers. Idempotent. */
  close(): void {
    if (!this.#connection.open) return
    this.#inflations.clear()
    this.#connection.close()
    releasePool(this.name)
  }

  #alive(operation: string): void {
    if (!this.#connection.open)
      throw new StorageError('closed', `${operation} ${this.name}: the storage is closed`)
  }

  /**
   * Runs every validation check (as `validateFile` on Node). The journal-mode check reads the
   * mode the file is exported in (WAL; an imported file not yet opened read-write still has the
   * rollback journal the VFS's import gave it: see the module comment).
   */
  validate(options: ValidateOptions = {}): ValidationReport {
    this.#alive('validate')
    const facts = { ...connectionFileFacts(this.#connection, this.name), journalMode: 'wal' }
    return validateConnection(this.#connection, this.name, options, facts)
  }

  /** The pragmas in effect on this connection. */
  connectionSettings(): ConnectionSettings {
    this.#alive('connectionSettings')
    return readConnectionSettings(this.#connection)
  }

  /**
   * The file's bytes as a `.wiretuner` file on disk: the database with every commit in it (a
   * read-write open checkpoints its WAL first; a read-only one that sees a WAL, or one whose
   * checkpoint cannot finish, reads the pages through SQLite) and its header's WAL flag set (bytes 18 and 19 = 2), as Node writes it;
   * `validateFile` and `wiretuner validate` accept it.
   */
  export(): Uint8Array {
    this.#alive('export')
    if (!hasWal(this.#pool)) return exportedBytes(this.#pool)
    if (!this.readOnly && this.#checkpointed()) return exportedBytes(this.#pool)
    return withWalFlag(this.#connection.serialize())
  }

  /** Checkpoints the whole WAL into the file; false when it could not finish. */
  #checkpointed(): boolean {
    try {
      const rows = this.#connection.pragma('wal_checkpoint(TRUNCATE)') as readonly {
        readonly busy?: unknown
      }[]
      return rows[0]?.busy === 0
    } catch {
      return false // e.g. a read of this connection still iterates: export() reads through SQLite
    }
  }
}

/** Opens the pool's database (`c`: create when missing). */
function openDatabase(operation: string, name: string, pool: SAHPoolUtil, readOnly: boolean): Database {
  try {
    // the constructor takes oo1.DB's (filename, flags); its declared type omits the flags
    const PoolDb = pool.OpfsSAHPoolDb as unknown as new (filename: string, flags: string) => Database
    return new PoolDb(POOL_DATABASE, readOnly ? 'r' : 'c')
  } catch (error) {
    throw new StorageError('io', `${operation} ${name}: SQLite cannot open it (${String(error)})`, {
      cause: error,
    })
  }
}

/**
 * Opens (or creates) the OPFS file `name` in this Worker. Fails with a typed
 * {@link StorageError} — `invalid-argument` (name), `not-found`, `empty-file` (read-only open of a
 * file whose creation never committed), `opened-elsewhere` (another Worker or tab has it, or this
 * Worker already does), `not-wiretuner`, `newer-format`, `corrupt`, `migration-failed`, `io` —
 * and then has written nothing to an existing file. A file whose creation was interrupted (no
 * page committed) is created again.
 */
export async function openOpfsFile(name: string, options: OpfsOpenOptions = {}): Promise<OpfsFile> {
  const operation = 'openOpfsFile'
  const readOnly = options.readOnly ?? false
  const create = !readOnly && (options.create ?? true)
  startNativeInflateProbe() // runs while this open waits on OPFS (see native-inflate.ts)
  const pool = create ? await acquirePool(operation, name) : await acquireExistingPool(operation, name)
  const exists = pool.getFileNames().includes(POOL_DATABASE)
  if (!exists && !create) {
    releasePool(name)
    throw noSuchFile(name)
  }
  let connection: WasmConnection | undefined
  try {
    const sqlite3 = await loadSqlite()
    const db = openDatabase(operation, name, pool, readOnly)
    connection = new WasmConnection(sqlite3, db)
    const live = connection
    // before the first read takes a lock: WAL without shared memory (see the module comment)
    live.pragma('locking_mode = EXCLUSIVE')
    const fresh = live.pragma('page_count', { simple: true }) === 0
    if (fresh && !create) {
      throw new StorageError('empty-file', `${name}: the file is empty (its creation never completed)`)
    }
    const { storage } = await openStorageOnConnection(
      live,
      { ...options, where: name, readOnly, journalMode: 'wal', fresh },
      (_connection, storageOptions) => new OpfsFile(name, live, pool, storageOptions),
    )
    if (!readOnly) combineWalWrites(sqlite3, db)
    return storage
  } catch (error) {
    connection?.close()
    if (!exists) await removePool(name).catch(() => {})
    else releasePool(name)
    throw error
  }
}
