/**
 * PostgreSQL entry of `@wiretuner/io-services` (`@wiretuner/io-services/postgres`, Node only):
 * {@link openPostgresStorage} opens the `.wiretuner` schema on a PostgreSQL database — migrated
 * by Kysely's Migrator on open — as an {@link AsyncDocumentStorage} with `close()` and
 * cross-process append notifications (`onAppend`, LISTEN/NOTIFY). Not reachable from the root
 * entry: it loads `pg`.
 */

export { POSTGRES_INSERT_ROWS } from './postgres-append.js'
export { POSTGRES_READ_PAGE_ROWS } from './postgres-events.js'
export {
  POSTGRES_MIGRATION_LOCK_TABLE,
  POSTGRES_MIGRATION_TABLE,
} from './postgres-migrations.js'
export type { AppendCallback } from './postgres-notifications.js'
export { APPEND_CHANNEL } from './postgres-notifications.js'
export type { PostgresStorageOptions } from './postgres-open.js'
export { openPostgresStorage } from './postgres-open.js'
export { PostgresStorage } from './postgres-storage.js'
