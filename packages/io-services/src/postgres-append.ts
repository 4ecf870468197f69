/**
 * The append of the PostgreSQL store, inside one transaction: lock the document's metadata row
 * (appends to one document queue there, across every process), check `expectedSequence`, insert
 * the rows in statements of {@link POSTGRES_INSERT_ROWS}, keep the count, touch `modified_at`,
 * and NOTIFY (delivered at commit, see postgres-notifications.ts). A failed transaction is mapped
 * to the storage's errors: the eventId index to `duplicate-event-id`, the
 * UNIQUE(document_id, event_sequence) backstop to `conflict`.
 */
import { sql, type Transaction } from 'kysely'
import { duplicateEventId, sequenceConflict } from './checks.js'
import { StorageError } from './errors.js'
import type { PreparedAppend } from './event-codec.js'
import { eventIdOf, type PostgresDb } from './postgres-db.js'
import { lockDocument, nextSequenceOf } from './postgres-documents.js'
import {
  isDuplicateEventIdViolation,
  isSequenceViolation,
  toPostgresStorageError,
} from './postgres-errors.js'
import { APPEND_CHANNEL, appendPayload } from './postgres-notifications.js'
import type { WireTunerDatabase } from './schema.js'

/** Rows per INSERT statement of an append (6 parameters a row; PostgreSQL allows 65,535). */
export const POSTGRES_INSERT_ROWS = 1000

/**
 * Runs `body` in a transaction of `db`, mapping its failures: a violated eventId index becomes
 * `duplicate-event-id` naming the stored eventId, a violated sequence constraint `conflict`, the
 * rest goes through postgres-errors.
 */
export async function runAppendTransaction<T>(
  db: PostgresDb,
  operation: string,
  documentId: string,
  prepared: PreparedAppend | undefined,
  body: (trx: Transaction<WireTunerDatabase>) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction().execute(body)
  } catch (error) {
    if (isDuplicateEventIdViolation(error) && prepared !== undefined) {
      const ids = prepared.events.map((e) => e.eventId)
      const stored = await db
        .selectFrom('events')
        .select(eventIdOf('event_payload').as('id'))
        .where(eventIdOf('event_payload'), '=', sql<string>`any(${ids})`)
        .limit(1)
        .executeTakeFirst()
        .catch(() => undefined)
      throw duplicateEventId(stored?.id ?? '(unknown)', 'is already stored')
    }
    if (isSequenceViolation(error) && prepared !== undefined) {
      // a writer outside this code's lock stored the sequence first: the same conflict
      const actual = await nextSequenceOf(db, documentId).catch(() => -1)
      const conflict = sequenceConflict(documentId, prepared.first, actual)
      throw new StorageError('conflict', conflict.message, { cause: error, details: conflict.details })
    }
    throw toPostgresStorageError(operation, error, documentId)
  }
}

/** The append inside `trx` (see the module comment); `now` is the new `modified_at` at least. */
export async function appendInTransaction(
  trx: Transaction<WireTunerDatabase>,
  documentId: string,
  expected: number,
  prepared: PreparedAppend,
  now: () => number,
): Promise<void> {
  await lockDocument(trx, documentId)
  const actual = await nextSequenceOf(trx, documentId)
  if (actual !== expected) throw sequenceConflict(documentId, expected, actual)
  const { events, payloads, first } = prepared
  if (events.length === 0) return
  for (let start = 0; start < events.length; start += POSTGRES_INSERT_ROWS) {
    const rows = events.slice(start, start + POSTGRES_INSERT_ROWS).map((event, k) => ({
      document_id: documentId,
      event_sequence: first + start + k,
      event_type: event.eventType,
      event_payload: payloads[start + k] as string,
      timestamp: event.timestamp,
      user_id: event.userId ?? 'local-user',
    }))
    await trx.insertInto('events').values(rows).execute()
  }
  // the count, modified_at and the NOTIFY in ONE statement (one round trip, not three)
  const next = first + events.length
  const after = await trx
    .with('bumped', (db) =>
      db
        .updateTable('event_counts')
        .set({ event_count: sql<number>`event_count + ${events.length}` })
        .where('document_id', '=', documentId)
        .returning('document_id'),
    )
    .with('touched', (db) =>
      db
        .updateTable('metadata')
        .set({ modified_at: sql<number>`greatest(modified_at, ${now()})` })
        .where('document_id', '=', documentId)
        .returning('document_id'),
    )
    .selectNoFrom((eb) => [
      eb.selectFrom('bumped').select(eb.fn.countAll<number>().as('n')).as('bumped'),
      eb.selectFrom('touched').select(eb.fn.countAll<number>().as('n')).as('touched'),
      sql<string>`pg_notify(${APPEND_CHANNEL}, ${appendPayload(documentId, next)})`.as('notified'),
    ])
    .executeTakeFirstOrThrow()
  if (after.bumped === 0) {
    // no count row (a document of an older writer, or dropped by a re-key): count the rows
    await trx
      .insertInto('event_counts')
      .columns(['document_id', 'event_count'])
      .expression((eb) =>
        eb
          .selectFrom('events')
          .select([sql<string>`${documentId}`.as('document_id'), eb.fn.countAll<number>().as('event_count')])
          .where('document_id', '=', documentId),
      )
      .onConflict((oc) =>
        oc.column('document_id').doUpdateSet((eb) => ({ event_count: eb.ref('excluded.event_count') })),
      )
      .execute()
  }
}
