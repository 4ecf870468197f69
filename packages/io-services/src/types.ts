/**
 * The storage contract replay depends on: an event log and a snapshot store for many documents,
 * one synchronous object ({@link DocumentStorage}). Both implementations (SQLite and in-memory)
 * satisfy it identically; a shared contract test suite runs on each.
 */
import type { DraftEvent, WireTunerEvent } from '@wiretuner/event-schema'
import type { SnapshotCodec } from './gzip-codecs.js'
import type { SnapshotCompression } from './snapshot-codec.js'

export type { SnapshotCompression }

/** One row of `metadata`: a document's title, author and times (Unix milliseconds). */
export interface DocumentMetadata {
  readonly documentId: string
  readonly title: string
  /** File-format major version the document was written with. */
  readonly formatVersion: number
  readonly createdAt: number
  readonly modifiedAt: number
  readonly author: string | null
}

/** Input of {@link DocumentStorage.createDocument}. */
export interface NewDocument {
  /** UUID of the document; a v4 UUID is generated when absent. */
  readonly documentId?: string
  readonly title: string
  readonly author?: string | null
  /** Creation time (ms); defaults to the storage clock. */
  readonly createdAt?: number
  /**
   * Events stored at sequences 0, 1, … in the same transaction as the metadata row (all or
   * nothing), e.g. the `CreateDocumentEvent`: a document is never left without them.
   */
  readonly firstEvents?: readonly DraftEvent[]
}

/** Changes accepted by {@link DocumentStorage.setMetadata}; `modifiedAt` defaults to now. */
export interface MetadataPatch {
  readonly title?: string
  readonly author?: string | null
  readonly modifiedAt?: number
}

/** Options of {@link EventStore.append}. */
export interface AppendOptions {
  /** The sequence the first new event will get: must equal the document's current next sequence. */
  readonly expectedSequence: number
}

/** What {@link EventStore.append} stored. */
export interface AppendResult {
  /** Sequence of the first appended event (= `expectedSequence`). */
  readonly firstSequence: number
  /** The document's next sequence after the append. */
  readonly nextSequence: number
  /** The events exactly as stored (validated, with their `eventSequence`). */
  readonly events: readonly WireTunerEvent[]
}

/** A sequence range; both bounds INCLUSIVE. `from` defaults to 0, `to` to the last event. */
export interface ReadRange {
  readonly from?: number
  readonly to?: number
}

/** A stored event that read back valid (upcast to the current schema version). */
export interface ReadEventItem {
  readonly kind: 'event'
  readonly sequence: number
  readonly event: WireTunerEvent
}

/** A stored row that cannot be used: unparsable JSON, unknown type, failed validation, mismatch. */
export interface ReadInvalidItem {
  readonly kind: 'invalid'
  readonly sequence: number
  /** The row's `event_type` column. */
  readonly eventType: string
  /** What is wrong, precisely (one line). */
  readonly reason: string
  /** The stored `event_payload` text, for diagnostics. */
  readonly payload: string
}

/** Sequences missing from the log between two stored rows (`from`..`to` inclusive). */
export interface ReadGapItem {
  readonly kind: 'gap'
  readonly from: number
  readonly to: number
}

/** One item of a log read: a damaged row or a gap never stops the stream. */
export type ReadItem = ReadEventItem | ReadInvalidItem | ReadGapItem

/** Options of {@link SnapshotStore.writeSnapshot}. */
export interface WriteSnapshotOptions {
  /** `gzip` (default) or `none`. */
  readonly compression?: SnapshotCompression
  /** Creation time (ms); defaults to the storage clock. */
  readonly createdAt?: number
  /**
   * Events stored at sequences 0, 1, … in the same transaction as the metadata row (all or
   * nothing), e.g. the `CreateDocumentEvent`: a document is never left without them.
   */
  readonly firstEvents?: readonly DraftEvent[]
}

/** A stored snapshot's row facts (without its bytes). */
export interface SnapshotInfo {
  readonly snapshotId: number
  readonly documentId: string
  /** The document state AFTER applying this event (inclusive). */
  readonly eventSequence: number
  readonly createdAt: number
  readonly compression: SnapshotCompression
  /** Size of the stored blob (the gzip member, or the plain bytes for `none`). */
  readonly storedBytes: number
}

/** A snapshot whose bytes passed every check. */
export interface LoadedSnapshot extends SnapshotInfo {
  /** The uncompressed bytes exactly as given to `writeSnapshot`. */
  readonly data: Uint8Array
}

/** Why a stored snapshot was not used. */
export interface SnapshotProblem {
  readonly snapshotId: number
  readonly eventSequence: number
  readonly code: 'corrupt-snapshot' | 'snapshot-too-large'
  readonly reason: string
}

/** Result of {@link SnapshotStore.loadLatestSnapshot}: the newest good snapshot and the bad ones skipped. */
export interface SnapshotLoadResult {
  /** Absent when no usable snapshot exists (replay from the start). */
  readonly snapshot?: LoadedSnapshot
  /** Newer snapshots that failed their checks, newest first. */
  readonly skipped: readonly SnapshotProblem[]
}

/** Options of {@link SnapshotStore.loadLatestSnapshot}. */
export interface LoadSnapshotOptions {
  /** Only consider snapshots with `eventSequence <= atOrBefore`. */
  readonly atOrBefore?: number
}

/** The append-only event log of every document in a storage. */
export interface EventStore {
  /** The sequence the next appended event gets; 0 for an empty document. */
  nextSequence(documentId: string): number
  /** Number of stored events (equals `nextSequence` for a gap-free log). */
  eventCount(documentId: string): number
  /**
   * Validates `events`, assigns sequences `expectedSequence, +1, ...` and stores them all or none.
   * An event may omit `eventSequence` or carry exactly the one it will get; its `documentId` must
   * be `documentId`. Throws `conflict` (stale expectedSequence), `invalid-event`,
   * `duplicate-event-id`, `unknown-document`, `busy`, `read-only`.
   */
  append(documentId: string, events: readonly DraftEvent[], options: AppendOptions): AppendResult
  /** Streams the range in sequence order; rows are parsed lazily, one at a time. */
  readEvents(documentId: string, range?: ReadRange): Iterable<ReadItem>
  /** Bytes of the stored event payloads (UTF-8 JSON) in the range: what that part of the log weighs. */
  logBytes(documentId: string, range?: ReadRange): number
  /**
   * The `userId` of the stored event at `sequence`, read from its payload without decoding or
   * validating the event (replay's open asks it of one event to tell a single-user history from a
   * multi-user log). `undefined` when the document or the row is missing, the payload is not
   * JSON, or its `userId` is absent or not a string.
   */
  eventUserId(documentId: string, sequence: number): string | undefined
}

/** Checked snapshots of documents, stored in the seed's form (a cache: never the source of truth). */
export interface SnapshotStore {
  /**
   * Stores `data` (the uncompressed document bytes) for the state after `eventSequence`, which
   * must be a stored event of the document. Throws `snapshot-too-large` above the limit.
   */
  writeSnapshot(
    documentId: string,
    eventSequence: number,
    data: Uint8Array,
    options?: WriteSnapshotOptions,
  ): SnapshotInfo
  /** The newest snapshot (at or before a sequence) that passes its checks; bad ones are reported. */
  loadLatestSnapshot(documentId: string, options?: LoadSnapshotOptions): SnapshotLoadResult
  /** Every snapshot of the document, newest (highest sequence) first. */
  listSnapshots(documentId: string): readonly SnapshotInfo[]
  /** Checks every snapshot of the document; returns the ones that fail. */
  verifySnapshots(documentId: string): readonly SnapshotProblem[]
  /** Deletes all but the `keep` (default 10) newest snapshots; never touches events. Returns the count deleted. */
  pruneSnapshots(documentId: string, keep?: number): number
  /** Deletes the listed snapshots of the document (ids not found are ignored); returns the count deleted. */
  deleteSnapshots(documentId: string, snapshotIds: readonly number[]): number
}

/**
 * A history index entry's row facts (without its bytes): the state after `eventSequence`, stored
 * in the `history_index_cache` table (a derived cache: droppable, rebuilt from the log).
 */
export interface HistoryEntryInfo {
  readonly documentId: string
  /** The state AFTER applying this event (inclusive). */
  readonly eventSequence: number
  /** The `eventId` of the log's event at `eventSequence` when the entry was written. */
  readonly eventId: string
  readonly createdAt: number
  /** Size of the stored (gzip) blob. */
  readonly storedBytes: number
  /**
   * True when the log disagrees with the entry: its event at `eventSequence` is missing or has
   * another `eventId`. A stale entry is never used.
   */
  readonly stale: boolean
}

/** A history index entry whose bytes passed every check (gzip CRC and length, size limit). */
export interface LoadedHistoryEntry extends HistoryEntryInfo {
  /** The uncompressed bytes exactly as given to `writeHistoryEntry`. */
  readonly data: Uint8Array
}

/** Why a history index entry was not used. */
export interface HistoryEntryProblem {
  readonly eventSequence: number
  readonly code: 'stale-history-entry' | 'corrupt-history-entry' | 'history-entry-too-large'
  readonly reason: string
}

/** Options of {@link HistoryIndexStore.loadHistoryEntry}: the window of sequences considered. */
export interface LoadHistoryEntryOptions {
  /** Only entries with `eventSequence <= atOrBefore` (default: any). */
  readonly atOrBefore?: number
  /** Only entries with `eventSequence > after` (default -1: any). */
  readonly after?: number
}

/** Result of {@link HistoryIndexStore.loadHistoryEntry}: the newest trusted entry and the ones skipped. */
export interface HistoryEntryLoadResult {
  /** Absent when no entry of the window is trusted. */
  readonly entry?: LoadedHistoryEntry
  /** Newer entries of the window that were stale or failed their checks, newest first. */
  readonly skipped: readonly HistoryEntryProblem[]
}

/**
 * The persistent history index of time travel (`history_index_cache`): states at chosen
 * sequences, derived from the log, checked against it on every read (the entry's `eventId` must
 * be the log's at its sequence), never the source of truth. Entries hold the caller's bytes,
 * gzip-compressed like snapshots.
 */
export interface HistoryIndexStore {
  /**
   * False when the storage has no history index table (an older format read as it is): entries
   * are then never found and writes throw `read-only`.
   */
  readonly historyIndexAvailable: boolean
  /**
   * Stores `data` (uncompressed bytes) as the entry for the state after `eventSequence`, which
   * must be a stored event (its `eventId` is recorded); replaces an entry at the same sequence.
   */
  writeHistoryEntry(documentId: string, eventSequence: number, data: Uint8Array): HistoryEntryInfo
  /** The newest entry of the window that agrees with the log and passes its checks. */
  loadHistoryEntry(documentId: string, options?: LoadHistoryEntryOptions): HistoryEntryLoadResult
  /** Every entry of the document (no bytes), by ascending sequence, each marked stale or not. */
  listHistoryEntries(documentId: string): readonly HistoryEntryInfo[]
  /** Deletes the entries at `sequences` (all of the document's when absent). Returns the count deleted. */
  deleteHistoryEntries(documentId: string, sequences?: readonly number[]): number
}

/** An axis-aligned box in world units (min/max corners), as the spatial index stores it. */
export interface CacheBox {
  readonly minX: number
  readonly minY: number
  readonly maxX: number
  readonly maxY: number
}

/**
 * What a cache row is valid for: the log's sequence it was computed at and the caller's hash of
 * the input it was computed from (an object, an SVG export). A reader trusts a row only when its
 * hash equals the hash of the current input and `intact` is true.
 */
export interface CacheValidity {
  readonly eventSequence: number
  readonly contentHash: string
}

/** One object's derived rows, written together by {@link RenderCacheStore.writeObjects}. */
export interface ObjectCacheEntry extends CacheValidity {
  readonly objectId: string
  /** The object's tessellation buffer (vector-model's layout), stored in `rendered_paths_cache`. */
  readonly tessellation: Uint8Array
  /** Tight paint bounds for `spatial_index_cache`; `undefined` (no row) for an empty object. */
  readonly bounds: CacheBox | undefined
}

/** A `rendered_paths_cache` row as read; `intact` is false when its checksum disagrees with its bytes. */
export interface RenderedPathRow extends CacheValidity {
  readonly objectId: string
  readonly data: Uint8Array
  readonly intact: boolean
}

/**
 * The rows of a document read on its freshness mark's word
 * ({@link RenderCacheStore.readMarkedRenderedPaths}), in columns: row `i` is the object
 * `objectIds[i]`, valid for `contentHashes[i]`, its tessellation the bytes
 * `bytes[offsets[i]]` to `bytes[offsets[i + 1]]` (exclusive).
 */
export interface MarkedRenderedPaths {
  readonly objectIds: readonly string[]
  readonly contentHashes: readonly string[]
  readonly bytes: Uint8Array
  readonly offsets: Uint32Array
}

/**
 * A `spatial_index_cache` row as read: its box as stored (float32, rounded outwards) and whether
 * its checksum (over id, validity and box) agrees.
 */
export interface SpatialRow extends CacheValidity {
  /** The R*Tree row id (the rendered row's `cache_id`), what {@link RenderCacheStore.querySpatialIds} returns. */
  readonly cacheId: number
  readonly objectId: string
  readonly box: CacheBox
  readonly intact: boolean
}

/** A thumbnail to store: the PNG of one artboard (or of the whole document: `artboardId` absent). */
export interface ThumbnailInput extends CacheValidity {
  readonly artboardId?: string
  readonly width: number
  readonly height: number
  readonly png: Uint8Array
}

/** A `thumbnails_cache` row as read; `intact` is false when its checksum disagrees with its bytes. */
export interface ThumbnailRow extends ThumbnailInput {
  readonly createdAt: number
  readonly intact: boolean
}

/**
 * The render caches of the format-6 file (`rendered_paths_cache`, `spatial_index_cache` (an
 * SQLite R*Tree), `thumbnails_cache`): derived from the log, droppable, never the source of
 * truth. The store checks each row's bytes (checksum) and hands over its validity; the reader
 * (replay) compares it with the document and repairs disagreeing rows.
 */
export interface RenderCacheStore {
  /**
   * Replaces the rows of the listed objects (both tables) and deletes those of `removed`, all in
   * one transaction; returns the cache ids of `entries`, in order.
   */
  writeObjects(
    documentId: string,
    entries: readonly ObjectCacheEntry[],
    removed?: readonly string[],
  ): readonly number[]
  /** Deletes the rows of `objectIds` (every object of the document when absent); returns the count. */
  deleteObjects(documentId: string, objectIds?: readonly string[]): number
  /**
   * The `rendered_paths_cache` rows of `objectIds`, in that order (every row of the document when
   * absent, in table order; their `data` may be views into one buffer holding all of them).
   */
  readRenderedPaths(documentId: string, objectIds?: readonly string[]): readonly RenderedPathRow[]
  /**
   * Every row of the document as {@link readRenderedPaths} reads them, when the document's
   * freshness mark holds for the document at `eventSequence` (written by {@link markRenderedPaths}
   * for that sequence, the log's event there unchanged, and the rows exactly those it vouched for:
   * their count, heads and bytes); `undefined` otherwise (no mark, another sequence, any row
   * changed since, a format-6 file). The rows are then fresh for the document at that sequence,
   * one per object, without a check of their own; they come in columns (no object per row).
   */
  readMarkedRenderedPaths(documentId: string, eventSequence: number): MarkedRenderedPaths | undefined
  /**
   * In one write transaction: reads every row of the document (each checked against its
   * checksum) and, when `accept` (the caller's check of the rows against the document at
   * `eventSequence`) returns true, writes the document's freshness mark for them. Returns whether
   * it was written. Any later write or delete of the document's rows deletes the mark.
   */
  markRenderedPaths(
    documentId: string,
    eventSequence: number,
    accept: (rows: readonly RenderedPathRow[]) => boolean,
  ): boolean
  /** Every `spatial_index_cache` row of the document. */
  listSpatialRows(documentId: string): readonly SpatialRow[]
  /** The `spatial_index_cache` rows of the document whose box intersects `box` (an R*Tree query). */
  querySpatial(documentId: string, box: CacheBox): readonly SpatialRow[]
  /**
   * Only the cache ids of the R*Tree rows (of any document) whose box intersects `box`: about 5×
   * faster than {@link querySpatial} (no auxiliary columns read, no checksum); for readers that
   * checked the rows already ({@link listSpatialRows}) and map ids to objects themselves.
   */
  querySpatialIds(box: CacheBox): readonly number[]
  /** Replaces the thumbnail of the artboard (or of the whole document). */
  writeThumbnail(documentId: string, thumbnail: ThumbnailInput): void
  /** The stored thumbnail of the artboard (or the whole document), or `undefined`. */
  readThumbnail(documentId: string, artboardId?: string): ThumbnailRow | undefined
  /** Every thumbnail row of the document (the whole document's first). */
  listThumbnails(documentId: string): readonly ThumbnailRow[]
  /** Deletes the document's thumbnails; returns the count. */
  deleteThumbnails(documentId: string): number
}

/** Documents, their event logs, snapshots and history index: what replay needs from storage. All synchronous. */
export interface DocumentStorage extends EventStore, SnapshotStore, HistoryIndexStore {
  /**
   * The render caches (format 6), an optional capability: absent where the storage has none
   * (the in-memory storage, an older format read as it is, other drivers).
   */
  readonly renderCache?: RenderCacheStore
  /** True when writes are refused (`read-only`). */
  readonly readOnly: boolean
  /** Creates a document (metadata row). Throws `duplicate-document` for an existing id. */
  createDocument(input: NewDocument): DocumentMetadata
  /** The document's metadata, or `undefined` when it does not exist. */
  getMetadata(documentId: string): DocumentMetadata | undefined
  /** Updates title/author/modifiedAt; returns the new metadata. */
  setMetadata(documentId: string, patch: MetadataPatch): DocumentMetadata
  /** Every document, in creation order. */
  listDocuments(): readonly DocumentMetadata[]
  /** Deletes a document with its events and snapshots (cascade). Returns false when absent. */
  deleteDocument(documentId: string): boolean
}

/** Options shared by both storage implementations. */
export interface StorageOptions {
  /** Clock for created/modified times (ms). Default `Date.now`. */
  readonly clock?: () => number
  /** Limit on a snapshot's uncompressed size in bytes. Default 256 MiB. */
  readonly maxSnapshotBytes?: number
  /**
   * The gzip implementation for snapshots: `nodeZlibCodec` (default on Node, native) or
   * `pakoCodec` (portable; the default where Node's built-ins are absent). The stored format is
   * the same gzip either way: each reads what the other wrote.
   */
  readonly snapshotCodec?: SnapshotCodec
}
