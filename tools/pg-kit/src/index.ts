/**
 * `@wiretuner/pg-kit` (private): a PostgreSQL database for tests and benchmarks — a private
 * server of Debian's PostgreSQL on a temporary directory and free port, or a fresh database on
 * the server `WT_POSTGRES_URL` names. The vitest globalSetup is `@wiretuner/pg-kit/vitest-setup`.
 */

export type { PgKitErrorCode } from './errors.js'
export { PgKitError } from './errors.js'
export type { TestDatabase } from './existing-server.js'
export { createTestDatabase, redact } from './existing-server.js'
export type { LocalServer, LocalServerOptions } from './local-server.js'
export { findServerBinaries, LOCAL_USER, startLocalServer } from './local-server.js'
export type { PostgresHandle, StartPostgresOptions } from './start-postgres.js'
export { startPostgres } from './start-postgres.js'
