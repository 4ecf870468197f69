/**
 * Opening a PostgreSQL storage: a `pg` pool whose 64-bit integers come back as numbers, a Kysely
 * instance over it (Postgres dialect), the format check and migrations (Kysely's Migrator, one
 * transaction, serialised across processes by its advisory lock), and the LISTEN connection of
 * `onAppend`. Every failure is a typed {@link StorageError} and leaves nothing open.
 */
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { StorageError } from './errors.js'
import { toPostgresStorageError } from './postgres-errors.js'
import {
  POSTGRES_MIGRATION_LOCK_TABLE,
  POSTGRES_MIGRATION_TABLE,
  POSTGRES_MIGRATIONS,
  postgresMigrationProvider,
} from './postgres-migrations.js'
import { AppendListener } from './postgres-notifications.js'
import { PostgresStorage } from './postgres-storage.js'
import { FORMAT_VERSION, type WireTunerDatabase } from './schema.js'
import type { StorageOptions } from './types.js'

/** Options of {@link openPostgresStorage}. */
export interface PostgresStorageOptions extends StorageOptions {
  /** `postgres://user:password@host:port/database` (or any `pg` connection string). */
  readonly connectionString: string
  /** Pool size (connections this storage may hold at once). Default 10. */
  readonly maxConnections?: number
  /** Refuse every write (`read-only`); the schema must already be at the current format. */
  readonly readOnly?: boolean
  /** Open the LISTEN connection that `onAppend` needs. Default true. */
  readonly listen?: boolean
  /**
   * Told about failures outside any call: the LISTEN connection lost (and being re-opened), an
   * idle pooled connection lost, an `onAppend` listener that threw. Default: `console.error`.
   */
  readonly onError?: (error: StorageError) => void
}

/** `int8` (count, sum, bigint columns) as a number: every value the schema holds is below 2^53. */
const INT8_OID = 20

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
}

/** The connection string without its password, for messages. */
function redacted(connectionString: string): string {
  try {
    const url = new URL(connectionString)
    if (url.password !== '') url.password = '***'
    return url.toString()
  } catch {
    return 'PostgreSQL'
  }
}

/** The names of the migrations already run (none on an empty database). */
async function executedMigrations(db: Kysely<WireTunerDatabase>): Promise<string[]> {
  const table = await sql<{
    exists: boolean
  }>`select to_regclass(${POSTGRES_MIGRATION_TABLE}) is not null as exists`.execute(db)
  if (table.rows[0]?.exists !== true) return []
  const rows = await sql<{
    name: string
  }>`select name from ${sql.table(POSTGRES_MIGRATION_TABLE)} order by name`.execute(db)
  return rows.rows.map((r) => r.name)
}

/** Checks the database's format and runs the pending migrations (unless read-only). */
async function prepareSchema(db: Kysely<WireTunerDatabase>, where: string, readOnly: boolean): Promise<void> {
  const done = await executedMigrations(db)
  const unknown = done.filter((name) => !(name in POSTGRES_MIGRATIONS))
  if (unknown.length > 0) {
    throw new StorageError(
      'newer-format',
      `${where}: written by a newer WireTuner format (migrations ${unknown.join(', ')}; this code knows ${FORMAT_VERSION})`,
      { details: { unknownMigrations: unknown } },
    )
  }
  if (done.length === FORMAT_VERSION) return
  if (readOnly) {
    throw new StorageError(
      'read-only',
      `${where}: the schema is at format ${done.length}, not ${FORMAT_VERSION}; open it read-write once to migrate it`,
      { details: { formatVersion: done.length } },
    )
  }
  const migrator = new Migrator({
    db,
    provider: postgresMigrationProvider,
    migrationTableName: POSTGRES_MIGRATION_TABLE,
    migrationLockTableName: POSTGRES_MIGRATION_LOCK_TABLE,
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(before any migration)'
    throw new StorageError('migration-failed', `${where}: migration ${failed} failed, nothing was changed`, {
      cause: error,
    })
  }
}

/**
 * Opens the WireTuner schema on a PostgreSQL database, creating or migrating it as needed.
 * Throws `StorageError`: `io` (unreachable server, refused login), `newer-format`,
 * `migration-failed`, `read-only` (read-only open of an unmigrated database),
 * `invalid-argument`.
 */
export async function openPostgresStorage(options: PostgresStorageOptions): Promise<PostgresStorage> {
  if (typeof options?.connectionString !== 'string' || options.connectionString === '') {
    throw new StorageError(
      'invalid-argument',
      'openPostgresStorage: connectionString must be a non-empty string',
    )
  }
  const max = options.maxConnections ?? 10
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new StorageError(
      'invalid-argument',
      `maxConnections must be a positive integer, got ${String(max)}`,
    )
  }
  const where = redacted(options.connectionString)
  const config = { connectionString: options.connectionString, types }
  const onError = options.onError ?? ((error: StorageError) => console.error(error))
  const pool = new pg.Pool({ ...config, max })
  // an idle pooled connection lost (server restart, network): the pool drops it and the next
  // call connects again; said, never an uncaught 'error' event
  pool.on('error', (error) =>
    onError(new StorageError('io', `${where}: an idle pooled connection was lost`, { cause: error })),
  )
  const db = new Kysely<WireTunerDatabase>({ dialect: new PostgresDialect({ pool }) })
  let listener: AppendListener | undefined
  try {
    await prepareSchema(db, where, options.readOnly ?? false)
    if (options.listen ?? true) {
      listener = new AppendListener(config, onError)
      await listener.start()
    }
  } catch (error) {
    await listener?.close()
    await db.destroy().catch(() => {})
    throw toPostgresStorageError(`open ${where}`, error)
  }
  return new PostgresStorage(db, listener, { ...options, where })
}
