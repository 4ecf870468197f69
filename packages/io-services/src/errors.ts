/**
 * The package's single error class. Every failure io-services reports carries a literal `code`
 * (callers switch on it), a message saying what failed, where and why, and the underlying `cause`.
 */

/** Every failure code io-services can report. */
export type StorageErrorCode =
  /** `append` was given an `expectedSequence` that is no longer the document's next sequence. */
  | 'conflict'
  /** Another connection held the write lock longer than the busy timeout. */
  | 'busy'
  /** The file is not an SQLite database (bad header, random bytes). */
  | 'not-sqlite'
  /** The file exists but is empty (0 bytes): not a .wiretuner file. */
  | 'empty-file'
  /** The file is SQLite but not a WireTuner file (foreign application id or schema). */
  | 'not-wiretuner'
  /** The file was written by a newer WireTuner format than this code understands. */
  | 'newer-format'
  /** SQLite reports the file damaged (truncated, malformed pages, failed integrity). */
  | 'corrupt'
  /** A snapshot blob failed its framing, checksum or decompression. */
  | 'corrupt-snapshot'
  /** A snapshot exceeds the configured size limit (on write, or when inflating). */
  | 'snapshot-too-large'
  /** An event failed event-schema validation or does not belong where it is being appended. */
  | 'invalid-event'
  /** No document with that id exists in this storage. */
  | 'unknown-document'
  /** `createDocument` was given an id that already exists. */
  | 'duplicate-document'
  /** An event with the same eventId is already stored (or appears twice in one batch). */
  | 'duplicate-event-id'
  /**
   * The file is open elsewhere and cannot be shared: in the browser, another Worker or tab holds
   * its OPFS access handles (or this Worker has it open already).
   */
  | 'opened-elsewhere'
  /** A write was attempted on storage opened read-only. */
  | 'read-only'
  /** The storage was used after `close()`. */
  | 'closed'
  /** The file does not exist and creation was not requested. */
  | 'not-found'
  /** An argument is out of range (negative sequence, bad option...). */
  | 'invalid-argument'
  /** A schema migration failed; the file was left as it was. */
  | 'migration-failed'
  /** An operating-system or SQLite I/O failure not covered above. */
  | 'io'

/** Extra machine-readable facts about a failure (e.g. the actual next sequence of a conflict). */
export type StorageErrorDetails = Readonly<Record<string, unknown>>

/** The one error class of io-services: a literal {@link StorageErrorCode}, a precise message and a cause. */
export class StorageError extends Error {
  /** What kind of failure this is. */
  readonly code: StorageErrorCode
  /** Machine-readable facts about the failure, when there are any. */
  readonly details: StorageErrorDetails

  constructor(
    code: StorageErrorCode,
    message: string,
    options: { readonly cause?: unknown; readonly details?: StorageErrorDetails } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'StorageError'
    this.code = code
    this.details = options.details ?? {}
  }
}

/** True when `value` is a {@link StorageError}, optionally with the given code. */
export function isStorageError(value: unknown, code?: StorageErrorCode): value is StorageError {
  return value instanceof StorageError && (code === undefined || value.code === code)
}
