/**
 * The log reads of the PostgreSQL store: a range in keyset pages of
 * {@link POSTGRES_READ_PAGE_ROWS} rows (no connection held between pages), each decoded like the
 * file's rows (gaps and damaged rows reported, log-decoding.ts), and a range's payload bytes.
 */
import { sql } from 'kysely'
import { decodeRows, payloadUserId } from './log-decoding.js'
import type { PostgresDb } from './postgres-db.js'
import { requireDocument } from './postgres-documents.js'
import { toPostgresStorageError } from './postgres-errors.js'
import type { ReadItem } from './types.js'

/** Rows fetched per query of a `readEvents` iteration (keyset pages: no connection held between them). */
export const POSTGRES_READ_PAGE_ROWS = 1000

/**
 * The events `from`..`to` of the document, page by page; `alive` runs before each page (it
 * throws once the storage is closed). Failures are the storage's errors.
 */
export async function* readEventPages(
  db: PostgresDb,
  documentId: string,
  from: number,
  to: number,
  alive: () => void,
): AsyncGenerator<ReadItem> {
  const operation = `readEvents of document ${documentId}`
  const run = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn()
    } catch (error) {
      throw toPostgresStorageError(operation, error, documentId)
    }
  }
  await run(() => requireDocument(db, documentId))
  let next = from
  for (;;) {
    alive()
    const start = next
    const rows = await run(() =>
      db
        .selectFrom('events')
        .select(['event_sequence', 'event_type', 'event_payload'])
        .where('document_id', '=', documentId)
        .where('event_sequence', '>=', start)
        .where('event_sequence', '<=', to)
        .orderBy('event_sequence')
        .limit(POSTGRES_READ_PAGE_ROWS)
        .execute(),
    )
    const last = rows.at(-1)
    if (last === undefined) return
    yield* decodeRows(documentId, rows, start)
    if (rows.length < POSTGRES_READ_PAGE_ROWS) return
    next = last.event_sequence + 1
  }
}

/** Payload bytes of the events `from`..`to` of an existing document (0 for none). */
export async function payloadBytes(
  db: PostgresDb,
  documentId: string,
  from: number,
  to: number,
): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select(sql<number | null>`sum(octet_length(event_payload))`.as('bytes'))
    .where('document_id', '=', documentId)
    .where('event_sequence', '>=', from)
    .where('event_sequence', '<=', to)
    .executeTakeFirst()
  return row?.bytes ?? 0
}

/** The payload's `userId` of the event at `sequence` (see `EventStore.eventUserId`). */
export async function payloadUserIdAt(
  db: PostgresDb,
  documentId: string,
  sequence: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('events')
    .select('event_payload')
    .where('document_id', '=', documentId)
    .where('event_sequence', '=', sequence)
    .executeTakeFirst()
  return row === undefined ? undefined : payloadUserId(row.event_payload)
}
