/**
 * The rows of an appended batch, inserted with multi-row INSERT statements (`insertEventsSql`):
 * a batch is covered greedily by statements of 128, 32, 8 and 1 rows (1,000 rows = 7 + 3 + 1
 * statements), each prepared on first use and kept for the connection. The document id and the
 * first sequence are bound once per statement, then four values per row; a chunk whose rows all
 * carry the same user id (the usual case: one session's batch) binds it once too, and three
 * values per row. Same rows, same columns, same constraints as one `insertEvent` per row (a
 * violated constraint fails the statement with the same error); SQLite's per-statement work and
 * the binding's per-call and per-value cost are paid per chunk instead of per row.
 */
import type { DraftEvent } from '@wiretuner/event-schema'
import type { PreparedAppend } from './event-codec.js'
import { insertEventsSql } from './queries.js'
import type { SqliteConnection, SqliteStatement } from './sqlite-connection.js'

/** Rows per statement, largest first; the last is 1 so that every batch size is covered. */
export const INSERT_CHUNK_ROWS: readonly number[] = [128, 32, 8, 1]

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

  constructor(db: SqliteConnection) {
    this.#db = db
  }

  /** Inserts `prepared`'s rows of `documentId`: event `i` at sequence `prepared.first + i`. */
  insert(documentId: string, prepared: PreparedAppend): void {
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
