/**
 * The rows of an appended batch, inserted with multi-row INSERT statements (`insertEventsSql`):
 * a batch is covered greedily by statements of 128, 32, 8 and 1 rows (1,000 rows = 7 + 3 + 1
 * statements), each prepared on first use and kept for the connection. The document id and the
 * first sequence are bound once per statement, then four values per row. Same rows, same columns,
 * same constraints as one `insertEvent` per row (a violated constraint fails the statement with
 * the same error); SQLite's per-statement work and the binding's per-call and per-value cost are
 * paid per chunk instead of per row.
 */
import type { PreparedAppend } from './event-codec.js'
import { insertEventsSql } from './queries.js'
import type { SqliteConnection, SqliteStatement } from './sqlite-connection.js'

/** Rows per statement, largest first; the last is 1 so that every batch size is covered. */
export const INSERT_CHUNK_ROWS: readonly number[] = [128, 32, 8, 1]

/** Values bound per row (eventType, payload, timestamp, userId); two more per statement. */
const ROW_VALUES = 4

/** Inserts the rows of prepared batches on one connection (inside the caller's transaction). */
export class EventInserter {
  readonly #db: SqliteConnection
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
      if (total - i < rows) continue
      const statement = this.#statement(rows)
      const params: unknown[] = new Array(2 + rows * ROW_VALUES)
      params[0] = documentId
      while (total - i >= rows) {
        params[1] = first + i
        let p = 2
        for (const end = i + rows; i < end; i++) {
          const event = events[i] as (typeof events)[number]
          params[p++] = event.eventType
          params[p++] = payloads[i]
          params[p++] = event.timestamp
          params[p++] = event.userId ?? 'local-user'
        }
        // as arguments, not one array: better-sqlite3 then reads each value from the call's
        // arguments instead of one element lookup per value through V8's API (~3% of the insert)
        statement.run(...params)
      }
    }
  }

  #statement(rows: number): SqliteStatement {
    let statement = this.#statements.get(rows)
    if (statement === undefined) {
      statement = this.#db.prepare(insertEventsSql(rows))
      this.#statements.set(rows, statement)
    }
    return statement
  }
}
