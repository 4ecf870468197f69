/**
 * The rows of an appended batch, inserted with multi-row INSERT statements (`insertEventsSql`):
 * a batch is covered greedily by statements of 128, 32 and 8 rows (1,000 rows = 7 + 3 + 1
 * statements), each prepared on first use and kept for the connection; the last 0–7 rows go one
 * by one through the plain one-row `insertEvent` (a single undo, redo or edit is one such row:
 * the plain statement is about half as much for SQLite to prepare as a one-row multi-row
 * statement, and its first use runs less code). The document id and the first sequence are bound
 * once per multi-row statement, then four values per row; a chunk whose rows all carry the same
 * user id (the usual case: one session's batch) binds it once too, and three values per row.
 * Same rows, same columns, same constraints as one `insertEvent` per row (a violated constraint
 * fails the statement with the same error); SQLite's per-statement work and the binding's
 * per-call and per-value cost are paid per chunk instead of per row.
 */
import type { DraftEvent } from '@wiretuner/event-schema'
import type { PreparedAppend } from './event-codec.js'
import { insertEventsSql, SQL } from './queries.js'
import type { SqliteConnection, SqliteStatement } from './sqlite-connection.js'

/** Rows per multi-row statement, largest first; fewer rows than the last go one by one. */
export const INSERT_CHUNK_ROWS: readonly number[] = [128, 32, 8]

/** Rows of the smallest multi-row statement. */
const MIN_CHUNK_ROWS = INSERT_CHUNK_ROWS[INSERT_CHUNK_ROWS.length - 1] as number

/** The user id stored for an event (the seed's default for an event without one). */
function userOf(event: DraftEvent): string {
  return event.userId ?? 'local-user'
}

/** True when events `from` to `to - 1` all have the user id `user`. */
function oneUser(events: readonly DraftEvent[], from: number, to: number, user: string): boolean {
  for (let k = from + 1; k < to; k++) if (userOf(events[k] as DraftEvent) !== user) return false
  return true
}

/** Inserts the rows of prepared batches on one connection (inside the caller's transaction). */
export class EventInserter {
  readonly #db: SqliteConnection
  /** By row count; negative for the statements with one shared user id. */
  readonly #statements = new Map<number, SqliteStatement>()
  /** The one-row `insertEvent`, prepared on first use. */
  #single: SqliteStatement | undefined

  constructor(db: SqliteConnection) {
    this.#db = db
  }

  /** Inserts `prepared`'s rows of `documentId`: event `i` at sequence `prepared.first + i`. */
  insert(documentId: string, prepared: PreparedAppend): void {
    const total = prepared.events.length
    const done = total >= MIN_CHUNK_ROWS ? this.#insertChunks(documentId, prepared) : 0
    if (done < total) this.#insertRows(documentId, prepared, done)
  }

  /** Inserts the batch's first rows in multi-row statements; returns how many it inserted. */
  #insertChunks(documentId: string, prepared: PreparedAppend): number {
    const { events, payloads, first } = prepared
    const total = events.length
    let i = 0
    for (const rows of INSERT_CHUNK_ROWS) {
      while (total - i >= rows) {
        const end = i + rows
        const user = userOf(events[i] as DraftEvent)
        const shared = oneUser(events, i, end, user)
        const params: unknown[] = new Array(shared ? 3 + rows * 3 : 2 + rows * 4)
        params[0] = documentId
        params[1] = first + i
        let p = 2
        if (shared) params[p++] = user
        for (; i < end; i++) {
          const event = events[i] as DraftEvent
          params[p++] = event.eventType
          params[p++] = payloads[i]
          params[p++] = event.timestamp
          if (!shared) params[p++] = userOf(event)
        }
        // as arguments, not one array: better-sqlite3 then reads each value from the call's
        // arguments instead of one element lookup per value through V8's API (~3% of the insert)
        this.#statement(rows, shared).run(...params)
      }
    }
    return i
  }

  /** Inserts rows `from`.. of the batch one by one (the plain `insertEvent`). */
  #insertRows(documentId: string, prepared: PreparedAppend, from: number): void {
    const { events, payloads, first } = prepared
    this.#single ??= this.#db.prepare(SQL.insertEvent)
    for (let i = from; i < events.length; i++) {
      const event = events[i] as DraftEvent
      this.#single.run(documentId, first + i, event.eventType, payloads[i], event.timestamp, userOf(event))
    }
  }

  #statement(rows: number, shared: boolean): SqliteStatement {
    const key = shared ? -rows : rows
    let statement = this.#statements.get(key)
    if (statement === undefined) {
      statement = this.#db.prepare(insertEventsSql(rows, shared))
      this.#statements.set(key, statement)
    }
    return statement
  }
}
