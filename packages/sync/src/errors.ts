/**
 * The one error class of the sync package. Every failure the protocol codec, the client, the
 * token functions or the server raise carries a literal `code`, a precise message and the
 * underlying `cause` (an EventSchemaError, a StorageError, a ReplayProblem...).
 */

/** Every failure the sync package reports. */
export type SyncErrorCode =
  /** A message is not valid JSON, not an object, of an unknown type, or misses/mistypes a field. */
  | 'malformed-message'
  /** The peer speaks another protocol version. */
  | 'unsupported-protocol'
  /** A message is larger than the configured maximum. */
  | 'message-too-large'
  /** A token is missing, forged, expired, or does not grant the document. */
  | 'unauthorized'
  /** The token grants read access only and the connection sent events. */
  | 'forbidden'
  /** A local edit does not apply to the client's current document. */
  | 'not-applicable'
  /** A draft event is not a valid event of the catalog. */
  | 'invalid-event'
  /** The client or server was closed; it can no longer be used. */
  | 'closed'
  /** The connection was closed by the peer (the close code and reason are in the message). */
  | 'connection-closed'
  /** The storage failed while loading or appending. */
  | 'storage-failed'
  /** A server option is invalid (port, origin list, directory...). */
  | 'invalid-option'

/** Error raised by the sync package; `code` says which failure it is. */
export class SyncError extends Error {
  /** Which failure this is. */
  readonly code: SyncErrorCode

  /** Creates an error with a literal code, a precise message and an optional cause. */
  constructor(code: SyncErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'SyncError'
    this.code = code
  }
}

/** True when `value` is a {@link SyncError} (optionally with code `code`). */
export function isSyncError(value: unknown, code?: SyncErrorCode): value is SyncError {
  return value instanceof SyncError && (code === undefined || value.code === code)
}
