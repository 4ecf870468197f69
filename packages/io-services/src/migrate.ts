/**
 * Brings a connection's schema to {@link FORMAT_VERSION} with Kysely's Migrator, inside ONE
 * `BEGIN IMMEDIATE` transaction that this module owns (Kysely's SQLite adapter does not wrap
 * migrations in a transaction itself): either every pending migration and the new
 * `user_version` are committed, or the file is left exactly as it was.
 */

import { Kysely, Migrator, SqliteDialect } from 'kysely'
import { StorageError } from './errors.js'
import { migrationProvider } from './migrations.js'
import { FORMAT_VERSION, WIRETUNER_APPLICATION_ID } from './schema.js'
import type { SqliteConnection } from './sqlite-connection.js'

/** Runs every pending migration on `db` and stamps the file's identity; all or nothing. */
export async function migrateToLatest(db: SqliteConnection, where: string): Promise<void> {
  const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) })
  const migrator = new Migrator({ db: kysely, provider: migrationProvider })
  db.exec('BEGIN IMMEDIATE')
  try {
    const { error, results } = await migrator.migrateToLatest()
    if (error !== undefined) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(before any migration)'
      throw new StorageError(
        'migration-failed',
        `${where}: migration ${failed} failed, nothing was changed`,
        {
          cause: error,
        },
      )
    }
    db.pragma(`application_id = ${WIRETUNER_APPLICATION_ID}`)
    db.pragma(`user_version = ${FORMAT_VERSION}`)
    db.exec('COMMIT')
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK')
    if (error instanceof StorageError) throw error
    throw new StorageError('migration-failed', `${where}: migrating the schema failed, nothing was changed`, {
      cause: error,
    })
  }
  // Do not destroy `kysely`: its driver would close the shared connection.
}
