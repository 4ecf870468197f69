/**
 * The platform-neutral core of opening a storage: {@link openStorageOnConnection} takes an
 * already-open {@link SqliteConnection} (better-sqlite3 on Node; any driver adapted to the
 * interface elsewhere) and applies the connection settings (busy timeout, foreign keys, the
 * journal mode the driver can honour, synchronous), checks the database's identity (WireTuner's
 * application id, a readable format version), migrates an older format when the open may write,
 * and constructs the {@link SqliteStorage}. It imports no driver and no `node:*` module; what
 * depends on a file system (path checks, the read-only fallback, temporary files, backup,
 * vacuum) stays in the Node driver's `open-file.ts`, which calls this core.
 */
import { StorageError } from './errors.js'
import {
  DEFAULT_BUSY_TIMEOUT_MS,
  FORMAT_VERSION,
  MIN_READABLE_FORMAT_VERSION,
  WIRETUNER_APPLICATION_ID,
} from './schema.js'
import type { SqliteConnection } from './sqlite-connection.js'
import { sqliteOpenError } from './sqlite-errors.js'
import { SqliteStorage, type SqliteStorageOptions } from './sqlite-storage.js'
import type { StorageOptions } from './types.js'

/** `synchronous` pragma setting: FULL (default, durable on power loss) or NORMAL (faster). */
export type SynchronousMode = 'full' | 'normal'

/**
 * The journal mode a writable open sets: `wal` (the spec's mode for files; needs shared memory),
 * a rollback journal mode for a driver that cannot share memory, or `keep` (leave the
 * connection's mode: `:memory:`). A read-only open never changes it.
 */
export type JournalModeSetting = 'wal' | 'delete' | 'truncate' | 'persist' | 'memory' | 'keep'

/** Settings of {@link openStorageOnConnection}. */
export interface ConnectionStorageSettings extends StorageOptions {
  /** Names the database in error messages (its path, or `:memory:`). */
  readonly where: string
  /** Open without any write (no migration, no pragma that writes); writes throw `read-only`. */
  readonly readOnly?: boolean
  /** See {@link JournalModeSetting}; a driver that reports another mode fails the open (`io`). */
  readonly journalMode: JournalModeSetting
  /** Default `full`. */
  readonly synchronous?: SynchronousMode
  /** How long a writer waits for the lock before `busy`. Default 5000 ms. */
  readonly busyTimeoutMs?: number
  /**
   * The connection is a new, empty database this open initialises (a file being created,
   * `:memory:`): its identity is not checked, the migrations create the schema.
   */
  readonly fresh?: boolean
}

/** Pragmas in effect on an open connection. */
export interface ConnectionSettings {
  readonly journalMode: string
  readonly foreignKeys: boolean
  readonly synchronous: 'off' | 'normal' | 'full' | 'extra'
  readonly busyTimeoutMs: number
  readonly applicationId: number
  readonly formatVersion: number
}

/** A storage opened by {@link openStorageOnConnection} and the pragmas then in effect. */
export interface OpenedStorage<S extends SqliteStorage> {
  readonly storage: S
  /** Read on first access: those the open did not set or check come from the connection then. */
  readonly settings: ConnectionSettings
}

/**
 * The pragmas in effect on `connection`; those given in `known` (values this code has just set
 * or read on it) are not read again.
 */
export function readConnectionSettings(
  connection: SqliteConnection,
  known: Partial<ConnectionSettings> = {},
): ConnectionSettings {
  const pragma = (name: string) => connection.pragma(name, { simple: true })
  const synchronous = () =>
    (['off', 'normal', 'full', 'extra'] as const)[pragma('synchronous') as number] ?? 'off'
  return {
    journalMode: known.journalMode ?? String(pragma('journal_mode')),
    foreignKeys: known.foreignKeys ?? pragma('foreign_keys') === 1,
    synchronous: known.synchronous ?? synchronous(),
    busyTimeoutMs: known.busyTimeoutMs ?? (pragma('busy_timeout') as number),
    applicationId: known.applicationId ?? (pragma('application_id') as number) >>> 0,
    formatVersion: known.formatVersion ?? (pragma('user_version') as number),
  }
}

/** Connection-only pragmas: they change nothing in the file. Returns what they set. */
function applySessionPragmas(
  connection: SqliteConnection,
  settings: ConnectionStorageSettings,
): Pick<ConnectionSettings, 'busyTimeoutMs' | 'foreignKeys'> {
  const timeout = Math.max(0, Math.floor(settings.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))
  connection.pragma(`busy_timeout = ${timeout}`)
  connection.pragma('foreign_keys = ON')
  return { busyTimeoutMs: timeout, foreignKeys: true }
}

/**
 * The pragmas that write (journal mode, synchronous); run after identification. Returns what
 * they set (nothing on a read-only open).
 */
function applyWritePragmas(
  connection: SqliteConnection,
  settings: ConnectionStorageSettings,
): Partial<ConnectionSettings> {
  if (settings.readOnly) return {}
  let journalMode: string | undefined
  if (settings.journalMode !== 'keep') {
    const mode = connection.pragma(`journal_mode = ${settings.journalMode.toUpperCase()}`, { simple: true })
    if (mode !== settings.journalMode)
      throw new StorageError(
        'io',
        `${settings.where}: cannot switch to ${settings.journalMode.toUpperCase()} journal mode (got ${String(mode)})`,
      )
    journalMode = settings.journalMode
  }
  const synchronous = settings.synchronous === 'normal' ? 'normal' : 'full'
  connection.pragma(`synchronous = ${synchronous.toUpperCase()}`)
  return journalMode === undefined ? { synchronous } : { synchronous, journalMode }
}

/** The database's format version; throws `not-wiretuner` / `newer-format` for a foreign or newer one. */
function checkIdentity(connection: SqliteConnection, where: string): number {
  const applicationId = (connection.pragma('application_id', { simple: true }) as number) >>> 0
  const version = connection.pragma('user_version', { simple: true }) as number
  if (applicationId !== WIRETUNER_APPLICATION_ID) {
    throw new StorageError(
      'not-wiretuner',
      `${where}: an SQLite database of another application (application_id 0x${applicationId.toString(16)})`,
    )
  }
  if (version > FORMAT_VERSION) {
    throw new StorageError(
      'newer-format',
      `${where}: written by a newer WireTuner format (version ${version}; this code reads up to ${FORMAT_VERSION})`,
    )
  }
  return version
}

/**
 * Runs the pending migrations (see migrate.ts), loading Kysely and the migrations only now: a
 * database already at {@link FORMAT_VERSION} (checked from `user_version`) never loads them.
 */
async function migrate(connection: SqliteConnection, where: string): Promise<void> {
  const { migrateToLatest } = await import('./migrate.js')
  await migrateToLatest(connection, where)
}

/**
 * Everything {@link openStorageOnConnection} does before constructing the storage: settings,
 * identity, migration. Used alone to initialise a file being created. Returns the settings it
 * set or checked (nothing is read only to report it: on a read-only open, reading
 * `journal_mode` alone costs about 0.25 ms in a fresh process). Throws a typed
 * {@link StorageError}; the connection stays open (the caller closes it).
 */
export async function prepareConnection(
  connection: SqliteConnection,
  settings: ConnectionStorageSettings,
): Promise<Partial<ConnectionSettings>> {
  const { where } = settings
  try {
    const session = applySessionPragmas(connection, settings)
    const version = settings.fresh ? 0 : checkIdentity(connection, where)
    const written = applyWritePragmas(connection, settings)
    if (version < FORMAT_VERSION) {
      if (!settings.readOnly) await migrate(connection, where)
      else if (version < MIN_READABLE_FORMAT_VERSION) {
        // An older readable format is read as it is (see SqliteStorage); nothing is written.
        throw new StorageError(
          'read-only',
          `${where}: format version ${version} has no readable schema (oldest readable: ${MIN_READABLE_FORMAT_VERSION}); open it read-write once to migrate it to ${FORMAT_VERSION}`,
          { details: { formatVersion: version } },
        )
      }
    }
    // what was just set or checked is not read again (the identity only when no migration ran)
    const identity =
      !settings.fresh && (version === FORMAT_VERSION || settings.readOnly)
        ? { applicationId: WIRETUNER_APPLICATION_ID, formatVersion: version }
        : {}
    return { ...session, ...written, ...identity }
  } catch (error) {
    throw sqliteOpenError(where, error)
  }
}

/**
 * Opens a {@link SqliteStorage} on an already-open connection: {@link prepareConnection}, then
 * `construct` (default: `new SqliteStorage`). Throws a typed {@link StorageError} — `not-wiretuner`,
 * `newer-format`, `read-only` (unreadable old format), `migration-failed`, `corrupt`, `busy`, `io`
 * — and then has written nothing; the connection stays open (the caller closes it).
 */
export async function openStorageOnConnection<S extends SqliteStorage = SqliteStorage>(
  connection: SqliteConnection,
  settings: ConnectionStorageSettings,
  construct?: (connection: SqliteConnection, options: SqliteStorageOptions) => S,
): Promise<OpenedStorage<S>> {
  const known = await prepareConnection(connection, settings)
  // the settings are StorageOptions too; SqliteStorage reads only those
  const options: SqliteStorageOptions = { ...settings, readOnly: settings.readOnly ?? false }
  try {
    const storage = construct ? construct(connection, options) : (new SqliteStorage(connection, options) as S)
    let applied: ConnectionSettings | undefined
    return {
      storage,
      get settings() {
        applied ??= readConnectionSettings(connection, known)
        return applied
      },
    }
  } catch (error) {
    throw sqliteOpenError(settings.where, error)
  }
}
