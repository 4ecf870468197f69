/**
 * The one error class of the replay package. Every failure the session or the playback
 * controller raises carries a literal `code`, a message saying what, where and why, and the
 * underlying `cause` (a VectorModelError, an EventSchemaError, a StorageError...).
 */

/** Every failure the replay package reports. */
export type ReplayErrorCode =
  /** The event is not a valid event of the catalog (schema validation failed). */
  | 'invalid-event'
  /** The event is valid but does not apply to the current document (unknown id, index out of range...). */
  | 'not-applicable'
  /** Another writer appended first: the store's next sequence is not the session's. */
  | 'concurrency-conflict'
  /** `undo()` with an empty undo stack, or an UndoEvent for a group that is not on top of it. */
  | 'nothing-to-undo'
  /** `redo()` with an empty redo stack, or a RedoEvent for a group that is not on top of it. */
  | 'nothing-to-redo'
  /** The document does not exist in the storage (open) or already exists (create). */
  | 'unknown-document'
  | 'document-exists'
  /** A sequence outside the log was asked for (time travel, seek). */
  | 'sequence-out-of-range'
  /** The session was closed; it can no longer be used. */
  | 'session-closed'
  /** The storage failed while reading or writing. */
  | 'storage-failed'
  /** A caller's argument outside any event is unusable (a negative count, a speed of 0...). */
  | 'invalid-argument'

/** Error raised by the replay package; `code` says which failure it is. */
export class ReplayError extends Error {
  /** Which failure this is. */
  readonly code: ReplayErrorCode

  /** Creates an error with a literal code, a precise message and an optional cause. */
  constructor(code: ReplayErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ReplayError'
    this.code = code
  }
}

/** True when `value` is a {@link ReplayError} (optionally with the given code). */
export function isReplayError(value: unknown, code?: ReplayErrorCode): value is ReplayError {
  return value instanceof ReplayError && (code === undefined || value.code === code)
}
