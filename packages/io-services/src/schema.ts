/**
 * The .wiretuner file's identity and its tables as Kysely types. The columns follow the seed and
 * `file-format.md` exactly; this module is the single place that names them.
 */
import type { Generated } from 'kysely'
import type { DocumentMetadata } from './types.js'

/** `PRAGMA application_id` of every .wiretuner file: ASCII "WTNR" (0x57544E52). */
export const WIRETUNER_APPLICATION_ID = 0x57544e52

/**
 * File-format version kept in `PRAGMA user_version`: the number of migrations applied.
 * 1 = the seed schema; 2 = adds the unique eventId index; 3 = adds the `event_counts` table
 * and its triggers (cheap, exact event counts); 4 = snapshot blobs are exactly the seed's form
 * (one gzip member of the JSON, or the plain JSON: legacy `WTSS` frames migrated or dropped).
 * 5 = adds the `history_index_cache` table (the
 * persistent history index of time travel). 6 = adds the seed's cache tables
 * (`rendered_paths_cache`, the `spatial_index_cache` R*Tree, `thumbnails_cache`). 7 = adds
 * `render_cache_marks` (a session's mark that every rendered row of a document is fresh).
 */
export const FORMAT_VERSION = 7

/**
 * The oldest format a read-only open (and `validateFile`) can read without migrating: format 1
 * already has every table and index that reading uses. Older formats than
 * {@link FORMAT_VERSION} are read as they are (nothing written); a read-write open upgrades them.
 */
export const MIN_READABLE_FORMAT_VERSION = 1

/** First format with the unique eventId index (`idx_events_event_id`, migration 2). */
export const FORMAT_WITH_EVENT_ID_INDEX = 2

/** First format with the `event_counts` cache and its triggers (migration 3). */
export const FORMAT_WITH_EVENT_COUNTS = 3

/** First format whose snapshot blobs are all in the seed's form, no legacy `WTSS` frame (migration 4). */
export const FORMAT_WITH_SEED_SNAPSHOTS = 4
/** First format with the history index table `history_index_cache` (migration 5). */
export const FORMAT_WITH_HISTORY_INDEX = 5
/** First format with the render caches (`rendered_paths_cache`, `spatial_index_cache`, `thumbnails_cache`; migration 6). */
export const FORMAT_WITH_RENDER_CACHES = 6
/** First format with the freshness marks of the rendered rows (`render_cache_marks`; migration 7). */
export const FORMAT_WITH_RENDER_CACHE_MARKS = 7

/** File-format MAJOR version written into `metadata.format_version` of each document. */
export const FORMAT_MAJOR = 1

/** Default PRAGMA busy_timeout in milliseconds. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000

/** `metadata`: one row per document. Times are Unix milliseconds. */
export interface MetadataTable {
  document_id: string
  title: string
  format_version: number
  created_at: number
  modified_at: number
  author: string | null
}

/** A `metadata` row as the storages hand it out (both stores read the same columns). */
export function metadataOf(row: MetadataTable): DocumentMetadata {
  return {
    documentId: row.document_id,
    title: row.title,
    formatVersion: row.format_version,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    author: row.author,
  }
}

/** `events`: the append-only log; `event_payload` is the JSON of the whole event. */
export interface EventsTable {
  event_id: Generated<number>
  document_id: string
  event_sequence: number
  event_type: string
  event_payload: string
  timestamp: number
  user_id: string | null
}

/** `snapshots`: document states as one gzip member of their JSON, or the JSON (see snapshot-codec). */
export interface SnapshotsTable {
  snapshot_id: Generated<number>
  document_id: string
  event_sequence: number
  snapshot_data: Uint8Array
  created_at: number
  compression: string
}

/**
 * `event_counts` (format 3): each document's number of stored events, kept by `append` in the
 * same transaction as the rows, and by triggers on external DELETE/UPDATE of `events`.
 * A cache: a row may be missing (then the store counts), and it is only trusted when it equals
 * the span of stored sequences (see `SqliteStorage.eventCount`).
 */
export interface EventCountsTable {
  document_id: string
  event_count: number
}

/**
 * `history_index_cache`: the persistent history index of time travel. Each row is the state after
 * `event_sequence` (gzip of replay's state JSON, like a snapshot), valid only while the log's
 * event at that sequence has `event_id`. Derived from the log; deleting rows loses nothing.
 */
export interface HistoryIndexCacheTable {
  document_id: string
  event_sequence: number
  event_id: string
  state_data: Uint8Array
  created_at: number
}

/** The Kysely database type of a .wiretuner file. */
export interface WireTunerDatabase {
  metadata: MetadataTable
  events: EventsTable
  snapshots: SnapshotsTable
  event_counts: EventCountsTable
  history_index_cache: HistoryIndexCacheTable
}

/** Names of the seed's indexes (exact). */
export const INDEX_EVENTS_DOCUMENT_SEQUENCE = 'idx_events_document_sequence'
/** The seed's UNIQUE (document_id, event_sequence) constraint on `events`. */
export const EVENTS_SEQUENCE_CONSTRAINT = 'events_document_sequence_unique'
/** Index used for the latest-snapshot lookup. */
export const INDEX_SNAPSHOTS_DOCUMENT = 'idx_snapshots_document'
/** Unique expression index on the payload's eventId (migration 2). */
export const INDEX_EVENTS_EVENT_ID = 'idx_events_event_id'
/** Trigger keeping `event_counts` exact when rows of `events` are deleted (migration 3). */
export const TRIGGER_EVENT_COUNTS_DELETE = 'trg_event_counts_delete'
/** Trigger dropping a document's `event_counts` row when an event row is re-keyed (migration 3). */
export const TRIGGER_EVENT_COUNTS_UPDATE = 'trg_event_counts_update'
