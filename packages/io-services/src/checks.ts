/**
 * Argument checks and error constructors shared by both storage implementations, so that the
 * SQLite and in-memory stores refuse the same inputs with the same codes and messages.
 */
import { isUuidV4 } from '@wiretuner/event-schema'
import { StorageError } from './errors.js'
import type { LoadSnapshotOptions, MetadataPatch, NewDocument, ReadRange } from './types.js'

/** Default number of snapshots {@link pruneSnapshots} keeps. */
export const DEFAULT_SNAPSHOT_RETENTION = 10

/** Throws `invalid-argument` unless `value` is a non-negative safe integer. */
export function checkSequence(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new StorageError('invalid-argument', `${name} must be a non-negative integer, got ${String(value)}`)
  }
  return value
}

/**
 * Throws `invalid-argument` unless `value` is a lower-case UUID v4: the seed's document id rule,
 * checked by event-schema's own test (a document whose id its events could not carry is refused).
 */
export function checkDocumentId(value: unknown): string {
  if (typeof value !== 'string' || !isUuidV4(value)) {
    throw new StorageError(
      'invalid-argument',
      `documentId must be a lower-case UUID v4, got ${JSON.stringify(value)}`,
    )
  }
  return value
}

/** Throws `invalid-argument` unless `value` is a finite positive integer time in ms. */
export function checkTime(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new StorageError(
      'invalid-argument',
      `${name} must be a positive integer (Unix ms), got ${String(value)}`,
    )
  }
  return value
}

/** Throws `invalid-argument` unless `keep` is a non-negative integer. */
export function checkKeep(keep: unknown): number {
  if (typeof keep !== 'number' || !Number.isSafeInteger(keep) || keep < 0) {
    throw new StorageError('invalid-argument', `keep must be a non-negative integer, got ${String(keep)}`)
  }
  return keep
}

/** The `unknown-document` error. */
export function unknownDocument(documentId: string): StorageError {
  return new StorageError('unknown-document', `document ${documentId} does not exist in this storage`, {
    details: { documentId },
  })
}

/** The `conflict` error of a stale expectedSequence. */
export function sequenceConflict(documentId: string, expected: number, actual: number): StorageError {
  return new StorageError(
    'conflict',
    `append to document ${documentId} expected next sequence ${expected}, but it is ${actual} (another writer appended first)`,
    { details: { documentId, expectedSequence: expected, actualSequence: actual } },
  )
}

/** The `read-only` error. */
export function readOnlyError(operation: string): StorageError {
  return new StorageError('read-only', `${operation} refused: the storage is open read-only`)
}

/** The `snapshot-too-large` error raised on write. */
export function snapshotTooLarge(documentId: string, bytes: number, limit: number): StorageError {
  return new StorageError(
    'snapshot-too-large',
    `snapshot of document ${documentId} is ${bytes} bytes, above the limit of ${limit}`,
    { details: { documentId, bytes, limit } },
  )
}

/** The `invalid-argument` error of a snapshot sequence that is not a stored event. */
export function snapshotSequenceOutOfRange(documentId: string, sequence: number, next: number): StorageError {
  return new StorageError(
    'invalid-argument',
    `snapshot of document ${documentId} at sequence ${sequence}: the document has events 0..${next - 1} (a snapshot must follow a stored event)`,
    { details: { documentId, eventSequence: sequence, nextSequence: next } },
  )
}

/** The `duplicate-event-id` error. */
export function duplicateEventId(eventId: string, where: string): StorageError {
  return new StorageError('duplicate-event-id', `eventId ${eventId} ${where}`, { details: { eventId } })
}

/** A checked {@link NewDocument}: every field present. */
export interface NewDocumentRow {
  readonly documentId: string
  readonly title: string
  readonly createdAt: number
  readonly author: string | null
}

/** Checks a `createDocument` input and fills its defaults (v4 id, clock time, null author). */
export function checkNewDocument(input: NewDocument, clock: () => number): NewDocumentRow {
  const documentId = checkDocumentId(input.documentId ?? crypto.randomUUID())
  if (typeof input.title !== 'string') throw new StorageError('invalid-argument', 'title must be a string')
  const createdAt = checkTime('createdAt', input.createdAt ?? clock())
  return { documentId, title: input.title, createdAt, author: input.author ?? null }
}

/** Checks a `setMetadata` patch; returns its `modifiedAt` (clock time by default). */
export function checkPatch(patch: MetadataPatch, clock: () => number): number {
  if (patch.title !== undefined && typeof patch.title !== 'string') {
    throw new StorageError('invalid-argument', 'title must be a string')
  }
  return checkTime('modifiedAt', patch.modifiedAt ?? clock())
}

/** Checks a read range; both bounds inclusive, `to` unbounded by default. */
export function checkRange(range: ReadRange): { readonly from: number; readonly to: number } {
  const from = checkSequence('from', range.from ?? 0)
  const to = range.to === undefined ? Number.MAX_SAFE_INTEGER : checkSequence('to', range.to)
  return { from, to }
}

/** Checks `loadLatestSnapshot`'s bound; unbounded by default. */
export function checkAtOrBefore(options: LoadSnapshotOptions): number {
  return options.atOrBefore === undefined
    ? Number.MAX_SAFE_INTEGER
    : checkSequence('atOrBefore', options.atOrBefore)
}
