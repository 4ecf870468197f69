/**
 * The history index (`history_index_cache`), shared by both stores: the table's DDL, the entry
 * blob (gzip of the caller's bytes, bounded on inflation like a snapshot) and the choice of the
 * newest trusted entry. An entry is trusted only when the log agrees with it (the log's event at
 * its sequence has the `eventId` recorded with it) and its gzip checks out; every other entry met
 * on the way is reported, never used.
 */
import { StorageError } from './errors.js'
import type { SnapshotCodec } from './gzip-codecs.js'
import { decodeSnapshot } from './snapshot-codec.js'
import type {
  HistoryEntryInfo,
  HistoryEntryLoadResult,
  HistoryEntryProblem,
  LoadHistoryEntryOptions,
} from './types.js'

/** Name of the history index table (a derived cache, like the seed's planned `*_cache` tables). */
export const HISTORY_INDEX_TABLE = 'history_index_cache'

/**
 * DDL of the history index table (migration 5; re-run by a writable open when the table was
 * dropped). `event_id` is the log's eventId at `event_sequence` when the entry was written.
 */
export const HISTORY_INDEX_DDL = `CREATE TABLE IF NOT EXISTS ${HISTORY_INDEX_TABLE} (
  document_id TEXT NOT NULL REFERENCES metadata (document_id) ON DELETE CASCADE,
  event_sequence INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  state_data BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (document_id, event_sequence)
)`

/** A candidate entry as a store hands it over: row facts, the log's eventId, and its blob on demand. */
export interface StoredHistoryEntry {
  readonly info: Omit<HistoryEntryInfo, 'stale' | 'storedBytes'>
  /** The `eventId` of the log's event at the entry's sequence (undefined: no such event or no id). */
  readonly logEventId: string | undefined
  blob(): Uint8Array | undefined
}

/** Whether an entry recorded for `eventId` disagrees with the log, whose event there is `logEventId`. */
export function isStale(eventId: string, logEventId: string | null | undefined): boolean {
  return logEventId !== eventId
}

function staleProblem(entry: StoredHistoryEntry): HistoryEntryProblem {
  const found =
    entry.logEventId === undefined
      ? 'the log has no event there'
      : `the log's event there is ${entry.logEventId}`
  return {
    eventSequence: entry.info.eventSequence,
    code: 'stale-history-entry',
    reason: `entry written for event ${entry.info.eventId}, but ${found}`,
  }
}

/** The first candidate (newest first) that agrees with the log and inflates; the others before it. */
export function newestTrustedEntry(
  candidates: Iterable<StoredHistoryEntry>,
  maxBytes: number,
  codec: SnapshotCodec,
): HistoryEntryLoadResult {
  const skipped: HistoryEntryProblem[] = []
  for (const candidate of candidates) {
    if (isStale(candidate.info.eventId, candidate.logEventId)) {
      skipped.push(staleProblem(candidate))
      continue
    }
    const blob = candidate.blob()
    if (blob === undefined) continue // deleted in between
    const data = decodeSnapshot(blob, { maxBytes, codec })
    if (data.ok) {
      return {
        entry: { ...candidate.info, storedBytes: blob.length, stale: false, data: data.data },
        skipped,
      }
    }
    skipped.push({
      eventSequence: candidate.info.eventSequence,
      code: data.code === 'snapshot-too-large' ? 'history-entry-too-large' : 'corrupt-history-entry',
      reason: data.reason,
    })
  }
  return { skipped }
}

/** Checks a history-entry load window; returns `[after, atOrBefore]`. */
export function checkEntryWindow(options: LoadHistoryEntryOptions): readonly [number, number] {
  const atOrBefore = options.atOrBefore ?? Number.MAX_SAFE_INTEGER
  const after = options.after ?? -1
  if (!Number.isInteger(atOrBefore) || !Number.isInteger(after) || after < -1) {
    throw new StorageError(
      'invalid-argument',
      `loadHistoryEntry: atOrBefore and after must be integers (after >= -1), got ${atOrBefore} and ${after}`,
    )
  }
  return [after, atOrBefore]
}

/** The error of a write to a storage without the history index table. */
export function noHistoryIndex(operation: string): StorageError {
  return new StorageError(
    'read-only',
    `${operation}: this storage has no history index (an older file format read as it is); open it read-write to migrate it`,
  )
}

/** The error of an entry for a sequence the log does not hold. */
export function entrySequenceOutOfRange(documentId: string, sequence: number): StorageError {
  return new StorageError(
    'invalid-argument',
    `writeHistoryEntry: document ${documentId} has no readable event at sequence ${sequence}`,
    { details: { eventSequence: sequence } },
  )
}
