/**
 * Maps better-sqlite3 failures to {@link StorageError}s with the operation and document named,
 * so callers never see a raw SqliteError.
 */
import { StorageError } from './errors.js'

/** The `code` of a better-sqlite3 SqliteError, if `error` is one. */
export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined
}

/**
 * Wraps an SQLite `error` (from `operation`) as a typed StorageError. StorageErrors and errors
 * that did not come from SQLite (programming errors) are returned unchanged.
 */
export function toStorageError(operation: string, error: unknown): unknown {
  if (error instanceof StorageError) return error
  const code = sqliteCode(error)
  const text = error instanceof Error ? error.message : String(error)
  if (code === undefined) {
    if (error instanceof TypeError && /busy executing a query/.test(text)) {
      return new StorageError(
        'busy',
        `${operation}: a readEvents iteration is still open on this connection; finish or break it before writing`,
        { cause: error },
      )
    }
    if (error instanceof TypeError && /not open/.test(text)) {
      return new StorageError('closed', `${operation}: the storage is closed`, { cause: error })
    }
    return error
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StorageError(
      'busy',
      `${operation}: the database is locked by another connection and the busy timeout expired (${text})`,
      { cause: error },
    )
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new StorageError('read-only', `${operation}: the database is read-only (${text})`, {
      cause: error,
    })
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new StorageError('corrupt', `${operation}: the database is damaged (${text})`, { cause: error })
  }
  return new StorageError('io', `${operation}: SQLite failed (${code}: ${text})`, { cause: error })
}

/** Maps an SQLite error raised while opening/reading a file to a typed {@link StorageError}. */
export function sqliteOpenError(path: string, error: unknown): StorageError {
  if (error instanceof StorageError) return error
  const code = (error as { code?: unknown }).code
  const text = error instanceof Error ? error.message : String(error)
  if (code === 'SQLITE_NOTADB') {
    return new StorageError('not-sqlite', `${path}: not an SQLite database (${text})`, { cause: error })
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT')) {
    return new StorageError('corrupt', `${path}: the database is damaged (${text})`, { cause: error })
  }
  if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) {
    return new StorageError('busy', `${path}: the database is locked by another connection (${text})`, {
      cause: error,
    })
  }
  return new StorageError('io', `${path}: cannot open (${text})`, { cause: error })
}
