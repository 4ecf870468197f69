/**
 * Maps `pg` failures to {@link StorageError}s with the operation named, so callers of the
 * PostgreSQL storage see the same codes as on SQLite: a unique violation on the eventId index is
 * `duplicate-event-id`, on `(document_id, event_sequence)` a `conflict` (another server appended
 * first), on `metadata` a `duplicate-document`; a missing metadata row behind a foreign key is
 * `unknown-document`; lock and serialisation failures are `busy`; everything else is `io`.
 */
import { StorageError } from './errors.js'
import { EVENTS_SEQUENCE_CONSTRAINT, INDEX_EVENTS_EVENT_ID } from './schema.js'

/** The SQLSTATE and constraint of a `pg` DatabaseError, if `error` is one. */
export function postgresState(error: unknown): { code: string; constraint: string | undefined } | undefined {
  const e = error as { code?: unknown; constraint?: unknown; severity?: unknown } | null
  if (typeof e?.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code) || e.severity === undefined)
    return undefined
  return { code: e.code, constraint: typeof e.constraint === 'string' ? e.constraint : undefined }
}

/** True when `error` violated the unique eventId index. */
export function isDuplicateEventIdViolation(error: unknown): boolean {
  const state = postgresState(error)
  return state?.code === '23505' && state.constraint === INDEX_EVENTS_EVENT_ID
}

/** True when `error` violated UNIQUE (document_id, event_sequence). */
export function isSequenceViolation(error: unknown): boolean {
  const state = postgresState(error)
  return state?.code === '23505' && state.constraint === EVENTS_SEQUENCE_CONSTRAINT
}

/**
 * Wraps a `pg` error (from `operation`) as a typed StorageError; StorageErrors and programming
 * errors (TypeError, RangeError…) are returned unchanged.
 */
export function toPostgresStorageError(operation: string, error: unknown, documentId?: string): unknown {
  if (error instanceof StorageError) return error
  const text = error instanceof Error ? error.message : String(error)
  const state = postgresState(error)
  if (state === undefined) {
    const code = (error as { code?: unknown } | null)?.code
    if (
      typeof code === 'string' ||
      /Connection terminated|Client has encountered a connection error/.test(text)
    ) {
      return new StorageError('io', `${operation}: cannot reach PostgreSQL (${text})`, { cause: error })
    }
    if (/after calling end on the pool/.test(text)) {
      return new StorageError('closed', `${operation}: the storage is closed`, { cause: error })
    }
    return error
  }
  const details = documentId === undefined ? {} : { documentId }
  switch (state.code) {
    case '23505':
      if (state.constraint === INDEX_EVENTS_EVENT_ID)
        return new StorageError(
          'duplicate-event-id',
          `${operation}: an eventId is already stored (${text})`,
          {
            cause: error,
            details,
          },
        )
      if (state.constraint === 'metadata_pkey')
        return new StorageError(
          'duplicate-document',
          `document ${documentId ?? '(unknown)'} already exists`,
          {
            cause: error,
            details,
          },
        )
      return new StorageError(
        'conflict',
        `${operation}: another writer stored the same sequence first (${text})`,
        { cause: error, details },
      )
    case '23503':
      return new StorageError('unknown-document', `${operation}: the document does not exist (${text})`, {
        cause: error,
        details,
      })
    case '40001':
    case '40P01':
    case '55P03':
    case '57014':
      return new StorageError(
        'busy',
        `${operation}: PostgreSQL gave up waiting for a lock (${state.code}: ${text})`,
        {
          cause: error,
          details,
        },
      )
    case '25006':
      return new StorageError('read-only', `${operation}: the database is read-only (${text})`, {
        cause: error,
      })
    default:
      return new StorageError('io', `${operation}: PostgreSQL failed (${state.code}: ${text})`, {
        cause: error,
        details,
      })
  }
}
