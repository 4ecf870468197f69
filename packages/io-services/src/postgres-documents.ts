/**
 * The document queries of the PostgreSQL store (`metadata`, `event_counts`): a document's
 * metadata and existence, its next sequence, the row lock its appends queue on, and its event
 * count (the cached one when provably exact, see count-cache.ts).
 */
import { sql } from 'kysely'
import { type NewDocumentRow, unknownDocument } from './checks.js'
import { exactCachedCount } from './count-cache.js'
import type { PostgresDb } from './postgres-db.js'
import { FORMAT_MAJOR, metadataOf } from './schema.js'
import type { DocumentMetadata, MetadataPatch } from './types.js'

const METADATA_COLUMNS = [
  'document_id',
  'title',
  'format_version',
  'created_at',
  'modified_at',
  'author',
] as const

/** Inserts the metadata row of a new document (format {@link FORMAT_MAJOR}); returns its metadata. */
export async function insertMetadataRow(db: PostgresDb, document: NewDocumentRow): Promise<DocumentMetadata> {
  const { documentId, title, createdAt, author } = document
  await db
    .insertInto('metadata')
    .values({
      document_id: documentId,
      title,
      format_version: FORMAT_MAJOR,
      created_at: createdAt,
      modified_at: createdAt,
      author,
    })
    .execute()
  return { documentId, title, formatVersion: FORMAT_MAJOR, createdAt, modifiedAt: createdAt, author }
}

/** The document's metadata, undefined when there is no such document. */
export async function metadataRow(db: PostgresDb, documentId: string): Promise<DocumentMetadata | undefined> {
  const row = await db
    .selectFrom('metadata')
    .select(METADATA_COLUMNS)
    .where('document_id', '=', documentId)
    .executeTakeFirst()
  return row === undefined ? undefined : metadataOf(row)
}

/** Applies a checked `patch` with its `modifiedAt`; throws `unknown-document`. */
export async function updateMetadataRow(
  db: PostgresDb,
  documentId: string,
  patch: MetadataPatch,
  modifiedAt: number,
): Promise<DocumentMetadata> {
  const row = await db
    .updateTable('metadata')
    .set({
      modified_at: modifiedAt,
      ...(patch.title === undefined ? {} : { title: patch.title }),
      ...(patch.author === undefined ? {} : { author: patch.author }),
    })
    .where('document_id', '=', documentId)
    .returning(METADATA_COLUMNS)
    .executeTakeFirst()
  if (row === undefined) throw unknownDocument(documentId)
  return metadataOf(row)
}

/** Every document's metadata, in creation order. */
export async function listMetadataRows(db: PostgresDb): Promise<readonly DocumentMetadata[]> {
  const rows = await db.selectFrom('metadata').select(METADATA_COLUMNS).orderBy(sql`rowid`).execute()
  return rows.map(metadataOf)
}

/**
 * Throws `unknown-document` when there is no such document. With `lock`, also locks its metadata
 * row for the rest of the transaction `db` (see {@link lockDocument}).
 */
export async function requireDocument(db: PostgresDb, documentId: string, lock = false): Promise<void> {
  const query = db.selectFrom('metadata').select('document_id').where('document_id', '=', documentId)
  const row = await (lock ? query.forNoKeyUpdate() : query).executeTakeFirst()
  if (row === undefined) throw unknownDocument(documentId)
}

/** The document's next sequence (0 for no events); throws `unknown-document`. */
export async function nextSequenceOf(db: PostgresDb, documentId: string): Promise<number> {
  const row = await db
    .selectFrom('metadata as m')
    .select((eb) =>
      eb
        .selectFrom('events')
        .select((e) => e.fn.max('event_sequence').as('max'))
        .whereRef('events.document_id', '=', 'm.document_id')
        .as('max_sequence'),
    )
    .where('m.document_id', '=', documentId)
    .executeTakeFirst()
  if (row === undefined) throw unknownDocument(documentId)
  const max = row.max_sequence ?? null
  return max === null ? 0 : max + 1
}

/**
 * Locks the document's metadata row for the rest of the transaction `trx`: appends to one
 * document queue here, across every process. A statement of its own: under READ COMMITTED the
 * next statement gets a new snapshot, which sees what the previous lock holder committed (a
 * subquery of the locking statement would still see the old state). Throws `unknown-document`.
 */
export function lockDocument(trx: PostgresDb, documentId: string): Promise<void> {
  return requireDocument(trx, documentId, true)
}

/** The document's event count: the cached one when provably exact, else the rows counted. */
export async function countEvents(db: PostgresDb, documentId: string): Promise<number> {
  const row = await db
    .selectFrom('metadata as m')
    .select((eb) => [
      eb
        .selectFrom('event_counts as c')
        .select('c.event_count')
        .whereRef('c.document_id', '=', 'm.document_id')
        .as('cached'),
      eb
        .selectFrom('events as e')
        .select((e) => e.fn.max('e.event_sequence').as('max'))
        .whereRef('e.document_id', '=', 'm.document_id')
        .as('max'),
      eb
        .selectFrom('events as e')
        .select((e) => e.fn.min('e.event_sequence').as('min'))
        .whereRef('e.document_id', '=', 'm.document_id')
        .as('min'),
    ])
    .where('m.document_id', '=', documentId)
    .executeTakeFirst()
  if (row === undefined) throw unknownDocument(documentId)
  const exact = exactCachedCount(row.cached ?? undefined, row.max ?? null, row.min ?? null)
  if (exact !== undefined) return exact
  const counted = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('document_id', '=', documentId)
    .executeTakeFirst()
  return counted?.n ?? 0
}
