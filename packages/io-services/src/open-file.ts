/**
 * Opening, creating and closing `.wiretuner` files (and `:memory:` databases) on Node with
 * better-sqlite3. An existing file is identified BEFORE anything writes to it (see
 * file-probe.ts); a new file is built under a temporary name and linked into place, so a crash
 * never leaves a half-made file at `path`. The connection's settings, identity check, migration
 * and the storage itself come from the platform-neutral core (connection-storage.ts); this module
 * adds what needs a file system: the spec's WAL mode for files, path checks, the read-only
 * fallback, temporary files, backup, Save As and vacuum.
 */
import { existsSync, linkSync, rmSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import type Database from 'better-sqlite3'
import { removeAbandonedTemporaries } from './abandoned-temporaries.js'
import {
  type ConnectionSettings,
  type ConnectionStorageSettings,
  openStorageOnConnection,
  prepareConnection,
  readConnectionSettings,
  type SynchronousMode,
} from './connection-storage.js'
import { StorageError } from './errors.js'
import { probeWireTunerFile } from './file-probe.js'
import { installNodeRandomSource } from './node-random.js'
import { openDatabase, openReadOnly } from './sqlite-driver.js'
import { sqliteOpenError, toStorageError } from './sqlite-errors.js'
import { SqliteStorage } from './sqlite-storage.js'
import type { StorageOptions } from './types.js'
import { type ValidationReport, validateConnection } from './validate-connection.js'
import { nodeFileFacts } from './validate-file.js'

/** Options of {@link openWireTunerFile}. */
export interface OpenOptions extends StorageOptions {
  /**
   * Open without any write (no migration, no pragma that writes); writes throw `read-only`.
   * An older readable format (1, 2) is read as it is (see `WireTunerFile.olderFormat`).
   */
  readonly readOnly?: boolean
  /**
   * Create the file when it does not exist. Default `true`: a missing (e.g. mistyped) path becomes a
   * new empty file unless `create: false` is passed, which fails with `not-found` instead. A
   * read-only open never creates.
   */
  readonly create?: boolean
  /** Default `full`. */
  readonly synchronous?: SynchronousMode
  /** How long a writer waits for the lock before `busy`. Default 5000 ms. */
  readonly busyTimeoutMs?: number
}

/** Result of {@link WireTunerFile.backup}. */
export interface BackupResult {
  readonly destination: string
  readonly totalPages: number
}

/** An open .wiretuner database: the {@link DocumentStorage} plus close, backup, Save As and validation. */
export class WireTunerFile extends SqliteStorage {
  /** The file path, or `:memory:`. */
  readonly path: string
  readonly #db: Database.Database

  /** @internal use {@link openWireTunerFile}. */
  constructor(db: Database.Database, path: string, options: OpenOptions) {
    super(db, { ...options, readOnly: options.readOnly ?? false })
    this.#db = db
    this.path = path
  }

  /** Closes the connection (a clean close checkpoints the WAL into the file). Idempotent. */
  close(): void {
    if (this.#db.open) this.#db.close()
  }

  /**
   * Copies the whole database to `destination` with SQLite's online backup API (safe while
   * this and other connections write). Overwrites `destination`.
   */
  async backup(destination: string): Promise<BackupResult> {
    if (!this.#db.open) throw new StorageError('closed', `backup of ${this.path}: the storage is closed`)
    try {
      const meta = await this.#db.backup(destination)
      return { destination, totalPages: meta.totalPages }
    } catch (error) {
      const mapped = toStorageError(`backup of ${this.path} to ${destination}`, error)
      throw mapped instanceof StorageError
        ? mapped
        : new StorageError('io', `backup of ${this.path} to ${destination} failed`, { cause: error })
    }
  }

  /** Save As: backs up to `destination`, then opens and returns it (this file stays open). */
  async saveAs(destination: string, options: OpenOptions = {}): Promise<WireTunerFile> {
    await this.backup(destination)
    return openWireTunerFile(destination, { ...options, create: false })
  }

  /** Runs every validation check on this open database (see {@link validateFile}). */
  validate(): ValidationReport {
    if (!this.#db.open) throw new StorageError('closed', `validate ${this.path}: the storage is closed`)
    return validateConnection(this.#db, this.path, {}, nodeFileFacts(this.#db, this.path))
  }

  /** The pragmas in effect on this connection (for diagnostics and tests). */
  connectionSettings(): ConnectionSettings {
    if (!this.#db.open)
      throw new StorageError('closed', `connectionSettings of ${this.path}: the storage is closed`)
    return readConnectionSettings(this.#db)
  }

  /** Forces a WAL checkpoint (TRUNCATE) so the main file holds everything committed. */
  checkpoint(): void {
    if (!this.#db.open) throw new StorageError('closed', `checkpoint ${this.path}: the storage is closed`)
    if (!this.readOnly) this.#db.pragma('wal_checkpoint(TRUNCATE)')
  }

  /**
   * Rebuilds the database with SQLite's `VACUUM` (in one transaction: a failure leaves the file as
   * it was) and checkpoints, so the pages freed by deletes leave the file and it shrinks.
   * Throws `read-only` on a read-only open.
   */
  vacuum(): void {
    if (!this.#db.open) throw new StorageError('closed', `vacuum ${this.path}: the storage is closed`)
    if (this.readOnly) throw new StorageError('read-only', `vacuum ${this.path}: the file is open read-only`)
    try {
      this.#db.exec('VACUUM')
    } catch (error) {
      const mapped = toStorageError(`vacuum ${this.path}`, error)
      throw mapped instanceof StorageError
        ? mapped
        : new StorageError('io', `vacuum ${this.path} failed`, { cause: error })
    }
    this.#db.pragma('wal_checkpoint(TRUNCATE)')
  }
}

/** The core's settings for `path` (WAL for files; `:memory:` keeps its journal). */
function coreSettings(path: string, options: OpenOptions, fresh: boolean): ConnectionStorageSettings {
  return { ...options, where: path, journalMode: path === ':memory:' ? 'keep' : 'wal', fresh }
}

async function createFile(path: string, options: OpenOptions): Promise<void> {
  // creations of this file killed half-way left their temporaries: remove them
  removeAbandonedTemporaries(dirname(path), `${basename(path)}.creating-`)
  const temp = `${path}.creating-${process.pid}-${Date.now()}`
  let db: Database.Database
  try {
    db = openDatabase(temp)
  } catch (error) {
    throw new StorageError('io', `${path}: cannot create the file (${(error as Error).message})`, {
      cause: error,
    })
  }
  try {
    await prepareConnection(db, coreSettings(path, options, true))
  } catch (error) {
    db.close()
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${temp}${suffix}`, { force: true })
    throw sqliteOpenError(path, error)
  }
  db.close() // checkpoints and removes the WAL: `temp` is now one complete file
  try {
    linkSync(temp, path) // atomic; fails if another process created `path` meanwhile
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new StorageError('io', `${path}: cannot create the file`, { cause: error })
    }
  } finally {
    rmSync(temp, { force: true })
  }
}

/**
 * Opens a .wiretuner file, or an in-memory database for `:memory:`. A missing file is CREATED
 * (empty) unless `create: false` or `readOnly` is given; pass `create: false` whenever the path
 * comes from a user who meant an existing file, so a typo fails with `not-found`. Fails with a
 * typed {@link StorageError} — `not-found`, `empty-file`, `not-sqlite`, `not-wiretuner`,
 * `newer-format`, `corrupt`, `busy`, `migration-failed` — and then has written nothing to the file.
 * Older formats are migrated in one transaction by a read-write open; a read-only open reads an
 * older readable format (1, 2) as it is, writing nothing (`formatVersion`, `olderFormat` say so).
 * The first call makes event ids of this process draw from `/dev/urandom` (`nodeRandomSource`),
 * unless the program has set a random-byte source of its own (event-schema `setRandomByteSource`).
 */
export async function openWireTunerFile(path: string, options: OpenOptions = {}): Promise<WireTunerFile> {
  installNodeRandomSource()
  const memory = path === ':memory:'
  if (!memory && !existsSync(path)) {
    if (options.readOnly || options.create === false) {
      throw new StorageError('not-found', `${path}: no such file`)
    }
    await createFile(path, options)
  }
  if (!memory) probeWireTunerFile(path)
  let db: Database.Database
  try {
    db = memory
      ? openDatabase(':memory:')
      : options.readOnly
        ? openReadOnly(path)
        : openDatabase(path, { readonly: false, fileMustExist: true })
  } catch (error) {
    throw sqliteOpenError(path, error)
  }
  try {
    const settings = coreSettings(path, options, memory)
    const { storage } = await openStorageOnConnection(
      db,
      settings,
      () => new WireTunerFile(db, path, options),
    )
    return storage
  } catch (error) {
    db.close()
    throw sqliteOpenError(path, error)
  }
}
