/**
 * Every SQL statement the SQLite store runs, as text, with its types. The store prepares each text
 * once per connection with better-sqlite3 and binds parameters positionally. The texts are what
 * Kysely compiles from the builders of `query-builders.ts` (typed against `WireTunerDatabase`;
 * `test/queries.test.ts` checks text and parameter order), and the types come from those builders
 * too: {@link SqlParams} is a statement's bind tuple, {@link SqlRow} its Kysely result row. Kysely
 * gives the types, prepared statements give the speed, and plain texts keep Kysely (hundreds of
 * modules) out of the import of a process that only opens and reads files: this module imports
 * the builders as types only.
 */
import type { InferResult } from 'kysely'
import type { HISTORY_QUERIES, QUERIES } from './query-builders.js'

type Builders = typeof QUERIES & typeof HISTORY_QUERIES

/** The name of a statement of {@link SQL} or {@link HISTORY_SQL}. */
export type SqlKey = keyof Builders

/** The positional parameters of statement `K`: its builder's parameter list. */
export type SqlParams<K extends SqlKey> = Parameters<Builders[K]>

/** A result row of statement `K`: what Kysely infers for its builder. */
export type SqlRow<K extends SqlKey> = InferResult<ReturnType<Builders[K]>>[number]

/** The SQL texts, keyed by purpose; comments give the positional parameters. */
export const SQL = {
  /** (documentId) → { document_id } */
  documentExists: 'select "document_id" from "metadata" where "document_id" = ?',
  /** (documentId) → metadata row */
  getMetadata: 'select * from "metadata" where "document_id" = ?',
  /** () → metadata rows in creation (insertion) order */
  listDocuments: 'select * from "metadata" order by rowid',
  /** (documentId, title, formatVersion, createdAt, modifiedAt, author) */
  insertMetadata:
    'insert into "metadata" ("document_id", "title", "format_version", "created_at", "modified_at", "author") values (?, ?, ?, ?, ?, ?)',
  /** (title, author, modifiedAt, documentId) */
  updateMetadata:
    'update "metadata" set "title" = ?, "author" = ?, "modified_at" = ? where "document_id" = ?',
  /** (now, documentId): modified_at = max(modified_at, now) */
  touchMetadata: 'update "metadata" set "modified_at" = max(modified_at, ?) where "document_id" = ?',
  /** (documentId) */
  deleteDocument: 'delete from "metadata" where "document_id" = ?',
  /** (documentId) → { max_sequence: number | null } */
  maxSequence: 'select max("event_sequence") as "max_sequence" from "events" where "document_id" = ?',
  /**
   * (documentId) → { max_sequence: number | null }: the largest INTEGER sequence, for a log whose
   * largest stored value is not one (a row edited to 2998.5 or to text behind the engine's back)
   */
  maxIntegerSequence:
    'select max("event_sequence") as "max_sequence" from "events" where "document_id" = ? and typeof(event_sequence) = \'integer\'',
  /** (documentId) → { min_sequence: number | null } (one index seek) */
  minSequence: 'select min("event_sequence") as "min_sequence" from "events" where "document_id" = ?',
  /** (documentId) → { event_count } or nothing (the cached count, format 3) */
  cachedCount: 'select "event_count" from "event_counts" where "document_id" = ?',
  /** (added, documentId): adds an appended batch to the cached count */
  bumpCount: 'update "event_counts" set "event_count" = event_count + ? where "document_id" = ?',
  /** (documentId, documentId): (re)builds a document's cached count from its rows */
  rebuildCount:
    'replace into "event_counts" ("document_id", "event_count") select ? as "document_id", count(*) as "event_count" from "events" where "document_id" = ?',
  /** (documentId) → { n } (counts the rows: O(events of the document)) */
  countEvents: 'select count(*) as "n" from "events" where "document_id" = ?',
  /** (documentId, eventSequence, eventType, payload, timestamp, userId) */
  insertEvent:
    'insert into "events" ("document_id", "event_sequence", "event_type", "event_payload", "timestamp", "user_id") values (?, ?, ?, ?, ?, ?)',
  /** (documentId, from, to) → rows in sequence order; uses idx_events_document_sequence */
  readRange:
    'select "event_sequence", "event_type", "event_payload" from "events" where "document_id" = ? and "event_sequence" >= ? and "event_sequence" <= ? order by "event_sequence"',
  /** (eventId) → { event_id } when a stored payload carries that eventId (uses idx_events_event_id) */
  findEventId:
    'select "event_id" from "events" where (CASE WHEN json_valid(event_payload) THEN json_extract(event_payload, \'$.eventId\') END) = ?',
  /** (documentId, eventSequence, data, createdAt, compression) */
  insertSnapshot:
    'insert into "snapshots" ("document_id", "event_sequence", "snapshot_data", "created_at", "compression") values (?, ?, ?, ?, ?)',
  /**
   * (documentId, atOrBefore) → { snapshot_id } newest first, from idx_snapshots_document alone
   * (covering: the tie-break on snapshot_id sorts ids, never blobs); the blobs are then read one
   * at a time by {@link SQL.snapshotById}, so a lookup reads only the blobs it checks.
   */
  snapshotIdsNewestFirst:
    'select "snapshot_id" from "snapshots" where "document_id" = ? and "event_sequence" <= ? order by "event_sequence" desc, "snapshot_id" desc',
  /** (snapshotId) → the full row (one rowid seek) */
  snapshotById: 'select * from "snapshots" where "snapshot_id" = ?',
  /** (documentId) → info rows (no blob) newest first */
  listSnapshots:
    'select "snapshot_id", "document_id", "event_sequence", "created_at", "compression", length(snapshot_data) as "stored_bytes" from "snapshots" where "document_id" = ? order by "event_sequence" desc, "snapshot_id" desc',
  /** (documentId, documentId, keep) → deletes all but the newest `keep` */
  pruneSnapshots:
    'delete from "snapshots" where "document_id" = ? and "snapshot_id" not in (select "snapshot_id" from "snapshots" where "document_id" = ? order by "event_sequence" desc, "snapshot_id" desc limit ?)',
  /** (documentId, eventSequence) → { event_id: string | null }: the log's eventId at a sequence */
  eventIdAt:
    'select CASE WHEN json_valid(event_payload) THEN json_extract(event_payload, \'$.eventId\') END as "event_id" from "events" where "document_id" = ? and "event_sequence" = ?',
  /** (documentId, eventSequence) → { user_id: string | null }: the payload's userId at a sequence when it is a string */
  eventUserId:
    'select CASE WHEN json_valid(event_payload) AND json_type(event_payload, \'$.userId\') = \'text\' THEN json_extract(event_payload, \'$.userId\') END as "user_id" from "events" where "document_id" = ? and "event_sequence" = ?',
  /** (documentId, from, to) → { bytes: number | null }: UTF-8 bytes of the payloads in the range */
  logBytes:
    'select sum(length(CAST(event_payload AS BLOB))) as "bytes" from "events" where "document_id" = ? and "event_sequence" >= ? and "event_sequence" <= ?',
  /** (documentId, snapshotId) → deletes that snapshot */
  deleteSnapshot: 'delete from "snapshots" where "document_id" = ? and "snapshot_id" = ?',
  /** (blob, snapshotId): test hook that damages a stored blob */
  replaceSnapshotBlob: 'update "snapshots" set "snapshot_data" = ? where "snapshot_id" = ?',
} as const satisfies { readonly [K in keyof typeof QUERIES]: string }

/** The columns `insertEvent` and {@link insertEventsSql} fill, in bind order. */
const EVENT_COLUMNS = '"document_id", "event_sequence", "event_type", "event_payload", "timestamp", "user_id"'

/**
 * `insertEvent` for `rows` consecutive events of one document in one statement (`rows` >= 1).
 * Parameters: `(documentId, firstSequence)`, then per row `(eventType, payload, timestamp,
 * userId)`: 2 + 4 × rows. With `oneUser`, every row gets the same user id, bound once:
 * `(documentId, firstSequence, userId)`, then per row `(eventType, payload, timestamp)`: 3 + 3 ×
 * rows. Row `k` (a literal in the text) is stored at `firstSequence + k`, so the document id, the
 * sequences (and the shared user id) cross from JS to SQLite once per statement instead of once
 * per row; otherwise the same rows, columns and constraints as `rows` calls of `insertEvent` (a
 * violated constraint fails the statement with the same error; tested against it). Rows are
 * inserted in VALUES order.
 */
export function insertEventsSql(rows: number, oneUser = false): string {
  if (!Number.isSafeInteger(rows) || rows < 1) throw new RangeError(`insertEventsSql: ${rows} rows`)
  const tuple = oneUser ? '?, ?, ?' : '?, ?, ?, ?'
  const tuples = Array.from({ length: rows }, (_, k) => `(${k}, ${tuple})`).join(', ')
  const user = oneUser ? '"h"."u"' : '"v"."column5"'
  const head = oneUser ? 'select ? as "d", ? as "s", ? as "u"' : 'select ? as "d", ? as "s"'
  return (
    `insert into "events" (${EVENT_COLUMNS}) select "h"."d", "h"."s" + "v"."column1", "v"."column2", ` +
    `"v"."column3", "v"."column4", ${user} from (${head}) as "h", (values ${tuples}) as "v"`
  )
}

/** Statements on `history_index_cache`: prepared only where the table exists (format 5 and later). */
export const HISTORY_SQL = {
  /** (documentId, eventSequence, eventId, data, createdAt): insert or replace */
  insertEntry:
    'replace into "history_index_cache" ("document_id", "event_sequence", "event_id", "state_data", "created_at") values (?, ?, ?, ?, ?)',
  /** (documentId, after, atOrBefore) → candidates newest first, with the log's eventId (no blob) */
  candidates:
    'select "h"."event_sequence", "h"."event_id", "h"."created_at", (SELECT CASE WHEN json_valid(e.event_payload) THEN json_extract(e.event_payload, \'$.eventId\') END FROM events e WHERE e.document_id = h.document_id AND e.event_sequence = h.event_sequence) as "log_event_id" from "history_index_cache" as "h" where "h"."document_id" = ? and "h"."event_sequence" > ? and "h"."event_sequence" <= ? order by "h"."event_sequence" desc',
  /** (documentId) → every entry ascending, with the log's eventId (no blob) */
  list: 'select "h"."event_sequence", "h"."event_id", "h"."created_at", length(h.state_data) as "stored_bytes", (SELECT CASE WHEN json_valid(e.event_payload) THEN json_extract(e.event_payload, \'$.eventId\') END FROM events e WHERE e.document_id = h.document_id AND e.event_sequence = h.event_sequence) as "log_event_id" from "history_index_cache" as "h" where "h"."document_id" = ? order by "h"."event_sequence" asc',
  /** (documentId, eventSequence) → { state_data } */
  data: 'select "state_data" from "history_index_cache" where "document_id" = ? and "event_sequence" = ?',
  /** (documentId, eventSequence) */
  deleteOne: 'delete from "history_index_cache" where "document_id" = ? and "event_sequence" = ?',
  /** (documentId) */
  deleteAll: 'delete from "history_index_cache" where "document_id" = ?',
  /** (data, documentId, eventSequence): test hook that damages a stored entry */
  replaceData:
    'update "history_index_cache" set "state_data" = ? where "document_id" = ? and "event_sequence" = ?',
} as const satisfies { readonly [K in keyof typeof HISTORY_QUERIES]: string }

/** The seed's replay query, verbatim (validateFile proves it uses idx_events_document_sequence). */
export const SEED_REPLAY_QUERY =
  'SELECT * FROM events WHERE document_id = ? AND event_sequence >= ? ORDER BY event_sequence'
/** The seed's latest-snapshot query, verbatim (validateFile proves it uses idx_snapshots_document). */
export const SEED_LATEST_SNAPSHOT_QUERY =
  'SELECT * FROM snapshots WHERE document_id = ? ORDER BY event_sequence DESC LIMIT 1'
