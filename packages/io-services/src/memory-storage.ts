/**
 * The in-memory {@link DocumentStorage}: the same contract as the SQLite store (same checks, same
 * errors, same canonical payloads, same lazy decoding), for tests and for callers that need no
 * file. Events are kept as their stored JSON text, exactly as the SQLite store keeps them.
 */

import type { DraftEvent } from '@wiretuner/event-schema'
import {
  checkAtOrBefore,
  checkKeep,
  checkNewDocument,
  checkPatch,
  checkRange,
  checkSequence,
  checkTime,
  DEFAULT_SNAPSHOT_RETENTION,
  duplicateEventId,
  readOnlyError,
  sequenceConflict,
  snapshotSequenceOutOfRange,
  snapshotTooLarge,
  unknownDocument,
} from './checks.js'
import { registerDamageHook } from './damage-hooks.js'
import { StorageError } from './errors.js'
import { appendResult, prepareAppend } from './event-codec.js'
import { DEFAULT_SNAPSHOT_CODEC, type SnapshotCodec } from './gzip-codecs.js'
import {
  checkEntryWindow,
  entrySequenceOutOfRange,
  isStale,
  newestTrustedEntry,
  type StoredHistoryEntry,
} from './history-index.js'
import { decodeRows, payloadUserId, type StoredRow } from './log-decoding.js'
import { FORMAT_MAJOR } from './schema.js'
import { DEFAULT_MAX_SNAPSHOT_BYTES, encodeSnapshot } from './snapshot-codec.js'
import {
  latestGoodSnapshot,
  type SnapshotDecoding,
  type StoredSnapshot,
  snapshotProblems,
} from './snapshot-selection.js'
import type {
  AppendOptions,
  AppendResult,
  DocumentMetadata,
  DocumentStorage,
  HistoryEntryInfo,
  HistoryEntryLoadResult,
  LoadHistoryEntryOptions,
  LoadSnapshotOptions,
  MetadataPatch,
  NewDocument,
  ReadItem,
  ReadRange,
  SnapshotInfo,
  SnapshotLoadResult,
  SnapshotProblem,
  StorageOptions,
  WriteSnapshotOptions,
} from './types.js'

interface MemoryRow extends StoredRow {
  readonly eventId: string
}

type MemorySnapshot = StoredSnapshot

interface MemoryDocument {
  metadata: DocumentMetadata
  readonly rows: MemoryRow[]
  snapshots: MemorySnapshot[]
  /** History index entries by sequence. */
  readonly history: Map<number, { info: Omit<HistoryEntryInfo, 'stale' | 'storedBytes'>; blob: Uint8Array }>
}

/** Options of {@link createMemoryStorage}. */
export interface MemoryStorageOptions extends StorageOptions {
  /** Refuse every write with `read-only`. */
  readonly readOnly?: boolean
}

/** Index of the first row with `event_sequence >= sequence` (rows ascending), by binary search. */
function firstAtLeast(rows: readonly MemoryRow[], sequence: number): number {
  let lo = 0
  let hi = rows.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((rows[mid] as MemoryRow).event_sequence < sequence) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Index of the first snapshot with `eventSequence <= sequence` (newest first), by binary search. */
function firstAtOrBelow(snapshots: readonly MemorySnapshot[], sequence: number): number {
  let lo = 0
  let hi = snapshots.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((snapshots[mid] as MemorySnapshot).info.eventSequence > sequence) lo = mid + 1
    else hi = mid
  }
  return lo
}

class MemoryStorage implements DocumentStorage {
  readonly readOnly: boolean
  readonly #documents = new Map<string, MemoryDocument>()
  readonly #eventIds = new Set<string>()
  readonly #clock: () => number
  readonly #maxSnapshotBytes: number
  readonly #decoding: SnapshotDecoding
  readonly #codec: SnapshotCodec
  #nextSnapshotId = 1
  #openReaders = 0

  constructor(options: MemoryStorageOptions) {
    this.readOnly = options.readOnly ?? false
    this.#clock = options.clock ?? Date.now
    this.#maxSnapshotBytes = options.maxSnapshotBytes ?? DEFAULT_MAX_SNAPSHOT_BYTES
    this.#codec = options.snapshotCodec ?? DEFAULT_SNAPSHOT_CODEC
    this.#decoding = { maxBytes: this.#maxSnapshotBytes, codec: this.#codec }
    registerDamageHook(this, {
      snapshot: (documentId, snapshotId, blob) => this.#corruptSnapshot(documentId, snapshotId, blob),
      historyEntry: (documentId, sequence, blob) => {
        this.#writable('corruptHistoryEntry')
        const entry = this.#doc(documentId).history.get(sequence)
        if (entry !== undefined) entry.blob = blob
      },
    })
  }

  #doc(documentId: string): MemoryDocument {
    const doc = this.#documents.get(documentId)
    if (doc === undefined) throw unknownDocument(documentId)
    return doc
  }

  #writable(operation: string): void {
    if (this.readOnly) throw readOnlyError(operation)
    if (this.#openReaders > 0) {
      // The same rule as one SQLite connection: no write while a read iteration is open.
      throw new StorageError(
        'busy',
        `${operation}: a readEvents iteration is still open on this connection; finish or break it before writing`,
      )
    }
  }

  createDocument(input: NewDocument): DocumentMetadata {
    this.#writable('createDocument')
    const { documentId, title, createdAt, author } = checkNewDocument(input, this.#clock)
    if (this.#documents.has(documentId)) {
      throw new StorageError('duplicate-document', `document ${documentId} already exists`, {
        details: { documentId },
      })
    }
    const metadata: DocumentMetadata = {
      documentId,
      title,
      formatVersion: FORMAT_MAJOR,
      createdAt,
      modifiedAt: createdAt,
      author,
    }
    this.#documents.set(documentId, { metadata, rows: [], snapshots: [], history: new Map() })
    const first = input.firstEvents ?? []
    if (first.length > 0) {
      // all or nothing, as the SQLite store's one transaction
      try {
        this.append(documentId, first, { expectedSequence: 0 })
      } catch (error) {
        this.#documents.delete(documentId)
        throw error
      }
      return this.#doc(documentId).metadata
    }
    return metadata
  }

  getMetadata(documentId: string): DocumentMetadata | undefined {
    return this.#documents.get(documentId)?.metadata
  }

  setMetadata(documentId: string, patch: MetadataPatch): DocumentMetadata {
    this.#writable('setMetadata')
    const doc = this.#doc(documentId)
    const modifiedAt = checkPatch(patch, this.#clock)
    doc.metadata = {
      ...doc.metadata,
      ...(patch.title === undefined ? {} : { title: patch.title }),
      ...(patch.author === undefined ? {} : { author: patch.author }),
      modifiedAt,
    }
    return doc.metadata
  }

  listDocuments(): readonly DocumentMetadata[] {
    return [...this.#documents.values()].map((d) => d.metadata)
  }

  deleteDocument(documentId: string): boolean {
    this.#writable('deleteDocument')
    const doc = this.#documents.get(documentId)
    if (doc === undefined) return false
    for (const row of doc.rows) this.#eventIds.delete(row.eventId)
    this.#documents.delete(documentId)
    return true
  }

  nextSequence(documentId: string): number {
    const rows = this.#doc(documentId).rows
    const last = rows[rows.length - 1]
    return last === undefined ? 0 : last.event_sequence + 1
  }

  eventCount(documentId: string): number {
    return this.#doc(documentId).rows.length
  }

  append(documentId: string, events: readonly DraftEvent[], options: AppendOptions): AppendResult {
    this.#writable('append')
    const expected = checkSequence('expectedSequence', options.expectedSequence)
    const prepared = prepareAppend(documentId, events, expected)
    const doc = this.#doc(documentId)
    const actual = this.nextSequence(documentId)
    if (actual !== expected) throw sequenceConflict(documentId, expected, actual)
    for (const event of prepared.events) {
      if (this.#eventIds.has(event.eventId)) throw duplicateEventId(event.eventId, 'is already stored')
    }
    prepared.events.forEach((event, i) => {
      this.#eventIds.add(event.eventId)
      doc.rows.push({
        event_sequence: prepared.first + i,
        event_type: event.eventType,
        event_payload: prepared.payloads[i] as string,
        eventId: event.eventId,
      })
    })
    if (prepared.events.length > 0) {
      const now = this.#clock()
      doc.metadata = { ...doc.metadata, modifiedAt: Math.max(doc.metadata.modifiedAt, now) }
    }
    return appendResult(expected, prepared)
  }

  readEvents(documentId: string, range: ReadRange = {}): Iterable<ReadItem> {
    const { from, to } = checkRange(range)
    const rows = this.#doc(documentId).rows
    const readers = (delta: number): void => {
      this.#openReaders += delta
    }
    function* select(): Generator<StoredRow> {
      readers(1)
      try {
        // Rows are in ascending sequence order: start at `from` by binary search (O(log n)),
        // so reading a tail costs the tail, not the log.
        for (let i = firstAtLeast(rows, from); i < rows.length; i++) {
          const row = rows[i] as MemoryRow
          if (row.event_sequence > to) return
          yield row
        }
      } finally {
        readers(-1)
      }
    }
    return decodeRows(documentId, select(), from)
  }

  writeSnapshot(
    documentId: string,
    eventSequence: number,
    data: Uint8Array,
    options: WriteSnapshotOptions = {},
  ): SnapshotInfo {
    this.#writable('writeSnapshot')
    checkSequence('eventSequence', eventSequence)
    const doc = this.#doc(documentId)
    const next = this.nextSequence(documentId)
    if (eventSequence >= next) throw snapshotSequenceOutOfRange(documentId, eventSequence, next)
    if (data.length > this.#maxSnapshotBytes)
      throw snapshotTooLarge(documentId, data.length, this.#maxSnapshotBytes)
    const compression = options.compression ?? 'gzip'
    const createdAt = checkTime('createdAt', options.createdAt ?? this.#clock())
    const blob = encodeSnapshot(data, compression, this.#codec)
    const info: SnapshotInfo = {
      snapshotId: this.#nextSnapshotId++,
      documentId,
      eventSequence,
      createdAt,
      compression,
      storedBytes: blob.length,
    }
    // Kept newest first (sequence descending, then id descending): the new snapshot has the
    // highest id, so it goes before every snapshot at or below its sequence.
    doc.snapshots.splice(firstAtOrBelow(doc.snapshots, eventSequence), 0, { info, blob })
    return info
  }

  #newestFirst(documentId: string): readonly MemorySnapshot[] {
    return this.#doc(documentId).snapshots
  }

  loadLatestSnapshot(documentId: string, options: LoadSnapshotOptions = {}): SnapshotLoadResult {
    const limit = checkAtOrBefore(options)
    const snapshots = this.#newestFirst(documentId)
    function* candidates(): Generator<MemorySnapshot> {
      for (let i = firstAtOrBelow(snapshots, limit); i < snapshots.length; i++)
        yield snapshots[i] as MemorySnapshot
    }
    return latestGoodSnapshot(candidates(), this.#decoding)
  }

  listSnapshots(documentId: string): readonly SnapshotInfo[] {
    return this.#newestFirst(documentId).map((s) => s.info)
  }

  verifySnapshots(documentId: string): readonly SnapshotProblem[] {
    return snapshotProblems(this.#newestFirst(documentId), this.#decoding)
  }

  pruneSnapshots(documentId: string, keep: number = DEFAULT_SNAPSHOT_RETENTION): number {
    this.#writable('pruneSnapshots')
    checkKeep(keep)
    const doc = this.#doc(documentId)
    const before = doc.snapshots.length
    doc.snapshots = doc.snapshots.slice(0, keep)
    return before - doc.snapshots.length
  }

  logBytes(documentId: string, range: ReadRange = {}): number {
    const { from, to } = checkRange(range)
    const rows = this.#doc(documentId).rows
    let bytes = 0
    for (let i = firstAtLeast(rows, from); i < rows.length; i++) {
      const row = rows[i] as MemoryRow
      if (row.event_sequence > to) break
      bytes += utf8Length(row.event_payload)
    }
    return bytes
  }

  eventUserId(documentId: string, sequence: number): string | undefined {
    checkSequence('sequence', sequence)
    const doc = this.#documents.get(documentId)
    const row = doc?.rows[firstAtLeast(doc.rows, sequence)]
    if (row === undefined || row.event_sequence !== sequence) return undefined
    return payloadUserId(row.event_payload)
  }

  readonly historyIndexAvailable = true

  /** The eventId of the stored row at `sequence`, if any. */
  #eventIdAt(doc: MemoryDocument, sequence: number): string | undefined {
    const row = doc.rows[firstAtLeast(doc.rows, sequence)]
    return row !== undefined && row.event_sequence === sequence ? row.eventId : undefined
  }

  writeHistoryEntry(documentId: string, eventSequence: number, data: Uint8Array): HistoryEntryInfo {
    this.#writable('writeHistoryEntry')
    checkSequence('eventSequence', eventSequence)
    const doc = this.#doc(documentId)
    if (data.length > this.#maxSnapshotBytes)
      throw snapshotTooLarge(documentId, data.length, this.#maxSnapshotBytes)
    const eventId = this.#eventIdAt(doc, eventSequence)
    if (eventId === undefined) throw entrySequenceOutOfRange(documentId, eventSequence)
    const blob = encodeSnapshot(data, 'gzip', this.#codec)
    const info = { documentId, eventSequence, eventId, createdAt: this.#clock() }
    doc.history.set(eventSequence, { info, blob })
    return { ...info, storedBytes: blob.length, stale: false }
  }

  #historyCandidates(doc: MemoryDocument, after: number, atOrBefore: number): StoredHistoryEntry[] {
    return [...doc.history.values()]
      .filter((e) => e.info.eventSequence > after && e.info.eventSequence <= atOrBefore)
      .sort((a, b) => b.info.eventSequence - a.info.eventSequence)
      .map((e) => ({
        info: e.info,
        logEventId: this.#eventIdAt(doc, e.info.eventSequence),
        blob: () => e.blob,
      }))
  }

  loadHistoryEntry(documentId: string, options: LoadHistoryEntryOptions = {}): HistoryEntryLoadResult {
    const [after, atOrBefore] = checkEntryWindow(options)
    const doc = this.#doc(documentId)
    return newestTrustedEntry(
      this.#historyCandidates(doc, after, atOrBefore),
      this.#maxSnapshotBytes,
      this.#codec,
    )
  }

  listHistoryEntries(documentId: string): readonly HistoryEntryInfo[] {
    const doc = this.#doc(documentId)
    return this.#historyCandidates(doc, -1, Number.MAX_SAFE_INTEGER)
      .reverse()
      .map((c) => ({
        ...c.info,
        storedBytes: c.blob()?.length ?? 0,
        stale: isStale(c.info.eventId, c.logEventId),
      }))
  }

  deleteHistoryEntries(documentId: string, sequences?: readonly number[]): number {
    this.#writable('deleteHistoryEntries')
    const doc = this.#doc(documentId)
    if (sequences === undefined) {
      const n = doc.history.size
      doc.history.clear()
      return n
    }
    let deleted = 0
    for (const sequence of sequences) if (doc.history.delete(sequence)) deleted++
    return deleted
  }

  deleteSnapshots(documentId: string, snapshotIds: readonly number[]): number {
    this.#writable('deleteSnapshots')
    const doc = this.#doc(documentId)
    const gone = new Set(snapshotIds)
    const before = doc.snapshots.length
    doc.snapshots = doc.snapshots.filter((s) => !gone.has(s.info.snapshotId))
    return before - doc.snapshots.length
  }

  /** Replaces a snapshot's stored blob (on-disk damage, for tests: see `testing.ts`). */
  #corruptSnapshot(documentId: string, snapshotId: number, blob: Uint8Array): void {
    this.#writable('corruptSnapshot')
    const doc = this.#doc(documentId)
    doc.snapshots = doc.snapshots.map((s) => (s.info.snapshotId === snapshotId ? { info: s.info, blob } : s))
  }
}

const utf8 = new TextEncoder()

/** UTF-8 length of a string (what SQLite's `length(CAST(text AS BLOB))` counts). */
function utf8Length(text: string): number {
  let ascii = true
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false
      break
    }
  }
  return ascii ? text.length : utf8.encode(text).length
}

/** Creates an empty in-memory {@link DocumentStorage} that behaves exactly like the SQLite store. */
export function createMemoryStorage(options: MemoryStorageOptions = {}): DocumentStorage {
  return new MemoryStorage(options)
}
