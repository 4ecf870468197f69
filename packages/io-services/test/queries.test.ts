/**
 * The store's SQL texts (`src/queries.ts`) are exactly what Kysely compiles from these builders,
 * which are typed against {@link WireTunerDatabase}: a renamed column or table fails type-checking
 * here, a changed text fails this test. (The texts are kept as plain strings so that opening and
 * reading a file never loads Kysely.)
 */
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { HISTORY_SQL, SQL } from '../src/queries.ts'
import type { WireTunerDatabase } from '../src/schema.ts'

/** A compile-only Kysely instance: builds SQL, never executes. */
const qb = new Kysely<WireTunerDatabase>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
})

const P = '' // placeholder value: only the position matters
const N = 0

/** The compiled SQL texts, keyed by purpose; comments give the positional parameters. */
const built = {
  /** (documentId) → { document_id } */
  documentExists: qb.selectFrom('metadata').select('document_id').where('document_id', '=', P).compile().sql,
  /** (documentId) → metadata row */
  getMetadata: qb.selectFrom('metadata').selectAll().where('document_id', '=', P).compile().sql,
  /** () → metadata rows in creation (insertion) order */
  listDocuments: qb.selectFrom('metadata').selectAll().orderBy(sql`rowid`).compile().sql,
  /** (documentId, title, formatVersion, createdAt, modifiedAt, author) */
  insertMetadata: qb
    .insertInto('metadata')
    .values({ document_id: P, title: P, format_version: N, created_at: N, modified_at: N, author: P })
    .compile().sql,
  /** (title, author, modifiedAt, documentId) */
  updateMetadata: qb
    .updateTable('metadata')
    .set({ title: P, author: P, modified_at: N })
    .where('document_id', '=', P)
    .compile().sql,
  /** (now, documentId): modified_at = max(modified_at, now) */
  touchMetadata: qb
    .updateTable('metadata')
    .set({ modified_at: sql<number>`max(modified_at, ${N})` })
    .where('document_id', '=', P)
    .compile().sql,
  /** (documentId) */
  deleteDocument: qb.deleteFrom('metadata').where('document_id', '=', P).compile().sql,
  /** (documentId) → { max_sequence: number | null } */
  maxSequence: qb
    .selectFrom('events')
    .select((eb) => eb.fn.max('event_sequence').as('max_sequence'))
    .where('document_id', '=', P)
    .compile().sql,
  /** (documentId) → { max_sequence: number | null }: the largest INTEGER sequence */
  maxIntegerSequence: qb
    .selectFrom('events')
    .select((eb) => eb.fn.max('event_sequence').as('max_sequence'))
    .where('document_id', '=', P)
    .where(sql<string>`typeof(event_sequence)`, '=', sql.lit('integer'))
    .compile().sql,
  /** (documentId) → { min_sequence: number | null } (one index seek) */
  minSequence: qb
    .selectFrom('events')
    .select((eb) => eb.fn.min('event_sequence').as('min_sequence'))
    .where('document_id', '=', P)
    .compile().sql,
  /** (documentId) → { event_count } or nothing (the cached count, format 3) */
  cachedCount: qb.selectFrom('event_counts').select('event_count').where('document_id', '=', P).compile().sql,
  /** (added, documentId): adds an appended batch to the cached count */
  bumpCount: qb
    .updateTable('event_counts')
    .set({ event_count: sql<number>`event_count + ${N}` })
    .where('document_id', '=', P)
    .compile().sql,
  /** (documentId, documentId): (re)builds a document's cached count from its rows */
  rebuildCount: qb
    .replaceInto('event_counts')
    .columns(['document_id', 'event_count'])
    .expression((eb) =>
      eb
        .selectFrom('events')
        .select([sql<string>`${P}`.as('document_id'), eb.fn.countAll<number>().as('event_count')])
        .where('document_id', '=', P),
    )
    .compile().sql,
  /** (documentId) → { n } (counts the rows: O(events of the document)) */
  countEvents: qb
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('document_id', '=', P)
    .compile().sql,
  /** (documentId, eventSequence, eventType, payload, timestamp, userId) */
  insertEvent: qb
    .insertInto('events')
    .values({ document_id: P, event_sequence: N, event_type: P, event_payload: P, timestamp: N, user_id: P })
    .compile().sql,
  /** (documentId, from, to) → rows in sequence order; uses idx_events_document_sequence */
  readRange: qb
    .selectFrom('events')
    .select(['event_sequence', 'event_type', 'event_payload'])
    .where('document_id', '=', P)
    .where('event_sequence', '>=', N)
    .where('event_sequence', '<=', N)
    .orderBy('event_sequence')
    .compile().sql,
  /** (eventId) → { event_id } when a stored payload carries that eventId (uses idx_events_event_id) */
  findEventId: qb
    .selectFrom('events')
    .select('event_id')
    .where(
      sql`(CASE WHEN json_valid(event_payload) THEN json_extract(event_payload, '$.eventId') END)`,
      '=',
      P,
    )
    .compile().sql,
  /** (documentId, eventSequence, data, createdAt, compression) */
  insertSnapshot: qb
    .insertInto('snapshots')
    .values({
      document_id: P,
      event_sequence: N,
      snapshot_data: new Uint8Array(),
      created_at: N,
      compression: P,
    })
    .compile().sql,
  /**
   * (documentId, atOrBefore) → { snapshot_id } newest first, from idx_snapshots_document alone
   * (covering: the tie-break on snapshot_id sorts ids, never blobs); the blobs are then read one
   * at a time by {@link SQL.snapshotById}, so a lookup reads only the blobs it checks.
   */
  snapshotIdsNewestFirst: qb
    .selectFrom('snapshots')
    .select('snapshot_id')
    .where('document_id', '=', P)
    .where('event_sequence', '<=', N)
    .orderBy('event_sequence', 'desc')
    .orderBy('snapshot_id', 'desc')
    .compile().sql,
  /** (snapshotId) → the full row (one rowid seek) */
  snapshotById: qb.selectFrom('snapshots').selectAll().where('snapshot_id', '=', N).compile().sql,
  /** (documentId) → info rows (no blob) newest first */
  listSnapshots: qb
    .selectFrom('snapshots')
    .select(['snapshot_id', 'document_id', 'event_sequence', 'created_at', 'compression'])
    .select(sql<number>`length(snapshot_data)`.as('stored_bytes'))
    .where('document_id', '=', P)
    .orderBy('event_sequence', 'desc')
    .orderBy('snapshot_id', 'desc')
    .compile().sql,
  /** (documentId, documentId, keep) → deletes all but the newest `keep` */
  pruneSnapshots: qb
    .deleteFrom('snapshots')
    .where('document_id', '=', P)
    .where('snapshot_id', 'not in', (eb) =>
      eb
        .selectFrom('snapshots')
        .select('snapshot_id')
        .where('document_id', '=', P)
        .orderBy('event_sequence', 'desc')
        .orderBy('snapshot_id', 'desc')
        .limit(N),
    )
    .compile().sql,
  eventIdAt: qb
    .selectFrom('events')
    .select(
      sql<
        string | null
      >`CASE WHEN json_valid(event_payload) THEN json_extract(event_payload, '$.eventId') END`.as('event_id'),
    )
    .where('document_id', '=', P)
    .where('event_sequence', '=', N)
    .compile().sql,
  logBytes: qb
    .selectFrom('events')
    .select(sql<number | null>`sum(length(CAST(event_payload AS BLOB)))`.as('bytes'))
    .where('document_id', '=', P)
    .where('event_sequence', '>=', N)
    .where('event_sequence', '<=', N)
    .compile().sql,
  deleteSnapshot: qb
    .deleteFrom('snapshots')
    .where('document_id', '=', P)
    .where('snapshot_id', '=', N)
    .compile().sql,
  /** (blob, snapshotId): test hook that damages a stored blob */
  replaceSnapshotBlob: qb
    .updateTable('snapshots')
    .set({ snapshot_data: new Uint8Array() })
    .where('snapshot_id', '=', N)
    .compile().sql,
} as const

/** The log's eventId at the entry's sequence, as a correlated subquery (for staleness). */
const logEventId = sql<
  string | null
>`(SELECT CASE WHEN json_valid(e.event_payload) THEN json_extract(e.event_payload, '$.eventId') END FROM events e WHERE e.document_id = h.document_id AND e.event_sequence = h.event_sequence)`

const builtHistory = {
  insertEntry: qb
    .replaceInto('history_index_cache')
    .values({ document_id: P, event_sequence: N, event_id: P, state_data: new Uint8Array(), created_at: N })
    .compile().sql,
  candidates: qb
    .selectFrom('history_index_cache as h')
    .select(['h.event_sequence', 'h.event_id', 'h.created_at'])
    .select(logEventId.as('log_event_id'))
    .where('h.document_id', '=', P)
    .where('h.event_sequence', '>', N)
    .where('h.event_sequence', '<=', N)
    .orderBy('h.event_sequence', 'desc')
    .compile().sql,
  list: qb
    .selectFrom('history_index_cache as h')
    .select(['h.event_sequence', 'h.event_id', 'h.created_at'])
    .select(sql<number>`length(h.state_data)`.as('stored_bytes'))
    .select(logEventId.as('log_event_id'))
    .where('h.document_id', '=', P)
    .orderBy('h.event_sequence', 'asc')
    .compile().sql,
  data: qb
    .selectFrom('history_index_cache')
    .select('state_data')
    .where('document_id', '=', P)
    .where('event_sequence', '=', N)
    .compile().sql,
  deleteOne: qb
    .deleteFrom('history_index_cache')
    .where('document_id', '=', P)
    .where('event_sequence', '=', N)
    .compile().sql,
  deleteAll: qb.deleteFrom('history_index_cache').where('document_id', '=', P).compile().sql,
  replaceData: qb
    .updateTable('history_index_cache')
    .set({ state_data: new Uint8Array() })
    .where('document_id', '=', P)
    .where('event_sequence', '=', N)
    .compile().sql,
} as const

describe('SQL texts', () => {
  it('are what Kysely compiles from the typed builders', () => {
    expect(SQL).toEqual(built)
    expect(HISTORY_SQL).toEqual(builtHistory)
  })
})
