/**
 * The history index queries of the PostgreSQL store (`history_index_cache`): entries with the
 * log's eventId at their sequence (from the same expression as the unique index), the newest
 * trusted one chosen by the file's rule (history-index.ts), its blob read only for an entry the
 * log agrees with.
 */
import { sql } from 'kysely'
import type { SnapshotCodec } from './gzip-codecs.js'
import { isStale, newestTrustedEntry, type StoredHistoryEntry } from './history-index.js'
import { bytes, eventIdOf, type PostgresDb } from './postgres-db.js'
import type { HistoryEntryInfo, HistoryEntryLoadResult, HistoryEntryProblem } from './types.js'

/** The eventId of the log's event at `eventSequence` (undefined: no such event, or not JSON). */
export async function logEventIdAt(
  db: PostgresDb,
  documentId: string,
  eventSequence: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('events')
    .select(eventIdOf('event_payload').as('event_id'))
    .where('document_id', '=', documentId)
    .where('event_sequence', '=', eventSequence)
    .executeTakeFirst()
  return typeof row?.event_id === 'string' ? row.event_id : undefined
}

/** Stores (or replaces) the entry at `eventSequence`. */
export async function upsertHistoryEntry(
  db: PostgresDb,
  documentId: string,
  eventSequence: number,
  values: { readonly event_id: string; readonly state_data: Uint8Array; readonly created_at: number },
): Promise<void> {
  await db
    .insertInto('history_index_cache')
    .values({ document_id: documentId, event_sequence: eventSequence, ...values })
    .onConflict((oc) => oc.columns(['document_id', 'event_sequence']).doUpdateSet(values))
    .execute()
}

/** The document's entries (no blob) with the log's eventId at each sequence. */
function entries(db: PostgresDb, documentId: string) {
  return db
    .selectFrom('history_index_cache as h')
    .select(['h.event_sequence', 'h.event_id', 'h.created_at'])
    .select(sql<number>`octet_length(h.state_data)`.as('stored_bytes'))
    .select((eb) =>
      eb
        .selectFrom('events as e')
        .select(eventIdOf('e.event_payload').as('id'))
        .whereRef('e.document_id', '=', 'h.document_id')
        .whereRef('e.event_sequence', '=', 'h.event_sequence')
        .as('log_event_id'),
    )
    .where('h.document_id', '=', documentId)
}

async function entryBlob(
  db: PostgresDb,
  documentId: string,
  eventSequence: number,
): Promise<Uint8Array | undefined> {
  const row = await db
    .selectFrom('history_index_cache')
    .select('state_data')
    .where('document_id', '=', documentId)
    .where('event_sequence', '=', eventSequence)
    .executeTakeFirst()
  return row === undefined ? undefined : bytes(row.state_data)
}

/** The newest entry in (after, atOrBefore] that the log agrees with and that inflates; the others met. */
export async function loadTrustedEntry(
  db: PostgresDb,
  documentId: string,
  window: readonly [after: number, atOrBefore: number],
  maxBytes: number,
  codec: SnapshotCodec,
): Promise<HistoryEntryLoadResult> {
  const [after, atOrBefore] = window
  const skipped: HistoryEntryProblem[] = []
  if (atOrBefore <= after) return { skipped }
  const rows = await entries(db, documentId)
    .where('h.event_sequence', '>', after)
    .where('h.event_sequence', '<=', atOrBefore)
    .orderBy('h.event_sequence', 'desc')
    .execute()
  for (const row of rows) {
    const logEventId = row.log_event_id ?? undefined
    // the blob is read only for an entry the log agrees with
    const blob = isStale(row.event_id, logEventId)
      ? undefined
      : await entryBlob(db, documentId, row.event_sequence)
    const candidate: StoredHistoryEntry = {
      info: {
        documentId,
        eventSequence: row.event_sequence,
        eventId: row.event_id,
        createdAt: row.created_at,
      },
      logEventId,
      blob: () => blob,
    }
    const result = newestTrustedEntry([candidate], maxBytes, codec)
    skipped.push(...result.skipped)
    if (result.entry !== undefined) return { entry: result.entry, skipped }
  }
  return { skipped }
}

/** Every entry of the document (no bytes), ascending, each marked stale or not. */
export async function listEntryRows(db: PostgresDb, documentId: string): Promise<HistoryEntryInfo[]> {
  const rows = await entries(db, documentId).orderBy('h.event_sequence', 'asc').execute()
  return rows.map((row) => ({
    documentId,
    eventSequence: row.event_sequence,
    eventId: row.event_id,
    createdAt: row.created_at,
    storedBytes: row.stored_bytes,
    stale: isStale(row.event_id, row.log_event_id),
  }))
}

/** Deletes the entries at `sequences` (all of the document's when absent); returns the count. */
export async function deleteEntryRows(
  db: PostgresDb,
  documentId: string,
  sequences: readonly number[] | undefined,
): Promise<number> {
  if (sequences !== undefined && sequences.length === 0) return 0
  let query = db.deleteFrom('history_index_cache').where('document_id', '=', documentId)
  if (sequences !== undefined) query = query.where('event_sequence', 'in', [...sequences])
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Replaces an entry's stored blob as it is (damage, for tests). */
export async function replaceEntryBlob(
  db: PostgresDb,
  documentId: string,
  eventSequence: number,
  blob: Uint8Array,
): Promise<void> {
  await db
    .updateTable('history_index_cache')
    .set({ state_data: blob })
    .where('document_id', '=', documentId)
    .where('event_sequence', '=', eventSequence)
    .execute()
}
