/**
 * {@link startPostgres}: the one call tests and benchmarks use to get a PostgreSQL database.
 * With `WT_POSTGRES_URL` set, a fresh database on that server; otherwise a private server of
 * Debian's PostgreSQL on a temporary directory and a free port (see local-server.ts).
 */
import { createTestDatabase } from './existing-server.js'
import { type LocalServerOptions, startLocalServer } from './local-server.js'

/** A database for one caller: its connection URL, and `stop()` that removes it. */
export interface PostgresHandle {
  /** `postgres://…` of a database nobody else uses. */
  readonly url: string
  /** `existing` when `WT_POSTGRES_URL` was used, `local` for a private server. */
  readonly kind: 'existing' | 'local'
  /** Drops the database (existing server) or stops and deletes the private server. Idempotent. */
  stop(): Promise<void>
}

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions extends LocalServerOptions {
  /** The server to use instead of a private one; default `process.env.WT_POSTGRES_URL`. */
  readonly serverUrl?: string
}

/**
 * A PostgreSQL database for a test run. Throws `PgKitError` `not-installed` (no binaries and no
 * `WT_POSTGRES_URL`), `start-failed` (with the server log) or `server-unusable`.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresHandle> {
  const serverUrl = options.serverUrl ?? process.env.WT_POSTGRES_URL
  if (serverUrl !== undefined && serverUrl !== '') {
    const database = await createTestDatabase(serverUrl)
    return { url: database.url, kind: 'existing', stop: () => database.drop() }
  }
  const server = await startLocalServer(options)
  return { url: server.url, kind: 'local', stop: () => server.stop() }
}
