/**
 * The one error class of pg-kit: a literal `code`, a message naming what failed and how to fix
 * it, and the underlying `cause`.
 */

/** Every failure pg-kit reports. */
export type PgKitErrorCode =
  /** No PostgreSQL server binaries (`initdb`, `pg_ctl`) were found. */
  | 'not-installed'
  /** `initdb` or `pg_ctl start` failed (the server log is in the message). */
  | 'start-failed'
  /** The server named by `WT_POSTGRES_URL` refused the connection or the CREATE DATABASE. */
  | 'server-unusable'

/** A failure to provide a PostgreSQL server. */
export class PgKitError extends Error {
  readonly code: PgKitErrorCode

  constructor(code: PgKitErrorCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'PgKitError'
    this.code = code
  }
}
