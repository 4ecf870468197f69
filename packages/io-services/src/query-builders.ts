/**
 * The Kysely builders behind every SQL text of `queries.ts`, typed against
 * {@link WireTunerDatabase}. Each builder is a function of the statement's parameters, in their
 * positional order, so its parameter list is the statement's bind tuple and its Kysely result is
 * the statement's row: `queries.ts` derives both types from here (`SqlParams`, `SqlRow`), and
 * `test/queries.test.ts` compiles each builder and checks that it gives exactly the stored text,
 * with the arguments bound in the order they are passed.
 *
 * Only types may be imported from this module in `src/` (`import type`): loading it loads Kysely,
 * which a process that only opens and reads files never does.
 */
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql } from 'kysely'
import type { WireTunerDatabase } from './schema.js'

/** A compile-only Kysely instance: builds SQL, never executes. */
const qb = new Kysely<WireTunerDatabase>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
})

/** The builders of `SQL` (`queries.ts`), keyed alike. */
export const QUERIES = {
  documentExists: (documentId: string) =>
    qb.selectFrom('metadata').select('document_id').where('document_id', '=', documentId),
  getMetadata: (documentId: string) =>
    qb.selectFrom('metadata').selectAll().where('document_id', '=', documentId),
  listDocuments: () => qb.selectFrom('metadata').selectAll().orderBy(sql`rowid`),
  insertMetadata: (
    documentId: string,
    title: string,
    formatVersion: number,
    createdAt: number,
    modifiedAt: number,
    author: string | null,
  ) =>
    qb.insertInto('metadata').values({
      document_id: documentId,
      title,
      format_version: formatVersion,
      created_at: createdAt,
      modified_at: modifiedAt,
      author,
    }),
  updateMetadata: (title: string, author: string | null, modifiedAt: number, documentId: string) =>
    qb
      .updateTable('metadata')
      .set({ title, author, modified_at: modifiedAt })
      .where('document_id', '=', documentId),
  touchMetadata: (now: number, documentId: string) =>
    qb
      .updateTable('metadata')
      .set({ modified_at: sql<number>`max(modified_at, ${now})` })
      .where('document_id', '=', documentId),
  deleteDocument: (documentId: string) => qb.deleteFrom('metadata').where('document_id', '=', documentId),
  maxSequence: (documentId: string) =>
    qb
      .selectFrom('events')
      .select((eb) => eb.fn.max<number | null>('event_sequence').as('max_sequence'))
      .where('document_id', '=', documentId),
  maxIntegerSequence: (documentId: string) =>
    qb
      .selectFrom('events')
      .select((eb) => eb.fn.max<number | null>('event_sequence').as('max_sequence'))
      .where('document_id', '=', documentId)
      .where(sql<string>`typeof(event_sequence)`, '=', sql.lit('integer')),
  minSequence: (documentId: string) =>
    qb
      .selectFrom('events')
      .select((eb) => eb.fn.min<number | null>('event_sequence').as('min_sequence'))
      .where('document_id', '=', documentId),
  cachedCount: (documentId: string) =>
    qb.selectFrom('event_counts').select('event_count').where('document_id', '=', documentId),
  bumpCount: (added: number, documentId: string) =>
    qb
      .updateTable('event_counts')
      .set({ event_count: sql<number>`event_count + ${added}` })
      .where('document_id', '=', documentId),
  rebuildCount: (documentId: string, sameDocumentId: string) =>
    qb
      .replaceInto('event_counts')
      .columns(['document_id', 'event_count'])
      .expression((eb) =>
        eb
          .selectFrom('events')
          .select([sql<string>`${documentId}`.as('document_id'), eb.fn.countAll<number>().as('event_count')])
          .where('document_id', '=', sameDocumentId),
      ),
  countEvents: (documentId: string) =>
    qb
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('document_id', '=', documentId),
  insertEvent: (
    documentId: string,
    eventSequence: number,
    eventType: string,
    payload: string,
    timestamp: number,
    userId: string | null,
  ) =>
    qb.insertInto('events').values({
      document_id: documentId,
      event_sequence: eventSequence,
      event_type: eventType,
      event_payload: payload,
      timestamp,
      user_id: userId,
    }),
  readRange: (documentId: string, from: number, to: number) =>
    qb
      .selectFrom('events')
      .select(['event_sequence', 'event_type', 'event_payload'])
      .where('document_id', '=', documentId)
      .where('event_sequence', '>=', from)
      .where('event_sequence', '<=', to)
      .orderBy('event_sequence'),
  findEventId: (eventId: string) =>
    qb
      .selectFrom('events')
      .select('event_id')
      .where(
        sql`(CASE WHEN json_valid(event_payload) THEN json_extract(event_payload, '$.eventId') END)`,
        '=',
        eventId,
      ),
  insertSnapshot: (
    documentId: string,
    eventSequence: number,
    data: Uint8Array,
    createdAt: number,
    compression: string,
  ) =>
    qb.insertInto('snapshots').values({
      document_id: documentId,
      event_sequence: eventSequence,
      snapshot_data: data,
      created_at: createdAt,
      compression,
    }),
  snapshotIdsNewestFirst: (documentId: string, atOrBefore: number) =>
    qb
      .selectFrom('snapshots')
      .select('snapshot_id')
      .where('document_id', '=', documentId)
      .where('event_sequence', '<=', atOrBefore)
      .orderBy('event_sequence', 'desc')
      .orderBy('snapshot_id', 'desc'),
  snapshotById: (snapshotId: number) =>
    qb.selectFrom('snapshots').selectAll().where('snapshot_id', '=', snapshotId),
  listSnapshots: (documentId: string) =>
    qb
      .selectFrom('snapshots')
      .select(['snapshot_id', 'document_id', 'event_sequence', 'created_at', 'compression'])
      .select(sql<number>`length(snapshot_data)`.as('stored_bytes'))
      .where('document_id', '=', documentId)
      .orderBy('event_sequence', 'desc')
      .orderBy('snapshot_id', 'desc'),
  pruneSnapshots: (documentId: string, sameDocumentId: string, keep: number) =>
    qb
      .deleteFrom('snapshots')
      .where('document_id', '=', documentId)
      .where('snapshot_id', 'not in', (eb) =>
        eb
          .selectFrom('snapshots')
          .select('snapshot_id')
          .where('document_id', '=', sameDocumentId)
          .orderBy('event_sequence', 'desc')
          .orderBy('snapshot_id', 'desc')
          .limit(keep),
      ),
  eventIdAt: (documentId: string, eventSequence: number) =>
    qb
      .selectFrom('events')
      .select(
        sql<
          string | null
        >`CASE WHEN json_valid(event_payload) THEN json_extract(event_payload, '$.eventId') END`.as(
          'event_id',
        ),
      )
      .where('document_id', '=', documentId)
      .where('event_sequence', '=', eventSequence),
  eventUserId: (documentId: string, eventSequence: number) =>
    qb
      .selectFrom('events')
      .select(
        sql<
          string | null
        >`CASE WHEN json_valid(event_payload) AND json_type(event_payload, '$.userId') = 'text' THEN json_extract(event_payload, '$.userId') END`.as(
          'user_id',
        ),
      )
      .where('document_id', '=', documentId)
      .where('event_sequence', '=', eventSequence),
  logBytes: (documentId: string, from: number, to: number) =>
    qb
      .selectFrom('events')
      .select(sql<number | null>`sum(length(CAST(event_payload AS BLOB)))`.as('bytes'))
      .where('document_id', '=', documentId)
      .where('event_sequence', '>=', from)
      .where('event_sequence', '<=', to),
  deleteSnapshot: (documentId: string, snapshotId: number) =>
    qb.deleteFrom('snapshots').where('document_id', '=', documentId).where('snapshot_id', '=', snapshotId),
  replaceSnapshotBlob: (blob: Uint8Array, snapshotId: number) =>
    qb.updateTable('snapshots').set({ snapshot_data: blob }).where('snapshot_id', '=', snapshotId),
}

/** The log's eventId at the entry's sequence, as a correlated subquery (for staleness). */
const logEventId = sql<
  string | null
>`(SELECT CASE WHEN json_valid(e.event_payload) THEN json_extract(e.event_payload, '$.eventId') END FROM events e WHERE e.document_id = h.document_id AND e.event_sequence = h.event_sequence)`

/** The builders of `HISTORY_SQL` (`queries.ts`), keyed alike. */
export const HISTORY_QUERIES = {
  insertEntry: (
    documentId: string,
    eventSequence: number,
    eventId: string,
    data: Uint8Array,
    createdAt: number,
  ) =>
    qb.replaceInto('history_index_cache').values({
      document_id: documentId,
      event_sequence: eventSequence,
      event_id: eventId,
      state_data: data,
      created_at: createdAt,
    }),
  candidates: (documentId: string, after: number, atOrBefore: number) =>
    qb
      .selectFrom('history_index_cache as h')
      .select(['h.event_sequence', 'h.event_id', 'h.created_at'])
      .select(logEventId.as('log_event_id'))
      .where('h.document_id', '=', documentId)
      .where('h.event_sequence', '>', after)
      .where('h.event_sequence', '<=', atOrBefore)
      .orderBy('h.event_sequence', 'desc'),
  list: (documentId: string) =>
    qb
      .selectFrom('history_index_cache as h')
      .select(['h.event_sequence', 'h.event_id', 'h.created_at'])
      .select(sql<number>`length(h.state_data)`.as('stored_bytes'))
      .select(logEventId.as('log_event_id'))
      .where('h.document_id', '=', documentId)
      .orderBy('h.event_sequence', 'asc'),
  data: (documentId: string, eventSequence: number) =>
    qb
      .selectFrom('history_index_cache')
      .select('state_data')
      .where('document_id', '=', documentId)
      .where('event_sequence', '=', eventSequence),
  deleteOne: (documentId: string, eventSequence: number) =>
    qb
      .deleteFrom('history_index_cache')
      .where('document_id', '=', documentId)
      .where('event_sequence', '=', eventSequence),
  deleteAll: (documentId: string) =>
    qb.deleteFrom('history_index_cache').where('document_id', '=', documentId),
  replaceData: (data: Uint8Array, documentId: string, eventSequence: number) =>
    qb
      .updateTable('history_index_cache')
      .set({ state_data: data })
      .where('document_id', '=', documentId)
      .where('event_sequence', '=', eventSequence),
}
