/**
 * Append throughput against raw better-sqlite3 inserts of the SAME rows, five cases measured
 * round-robin in one run (each on its own file, so WAL checkpoints are charged to their writer),
 * 1,000 rows per transaction, synchronous=FULL, WAL, foreign keys on, files on disk:
 *  - raw insert on the seed schema alone (migration 1: the seed's tables and two indexes);
 *  - raw insert + the unique eventId expression index (migration 2), with v4 and with v7 ids;
 *  - `append` (current format) with v4 and with v7 ids.
 * What each side does. Raw, untimed: the rows (document id, sequence, eventType, the canonical
 * JSON payload from `serializeEvent`, timestamp, userId) are computed beforehand; timed: one
 * transaction (BEGIN … COMMIT) of 1,000 `run` calls of one prepared single-row INSERT (six bound
 * values each). `append`, untimed: the 1,000 draft events are made (`createEvent`); timed: one
 * `append(documentId, drafts, { expectedSequence })` call, i.e. argument checks, event-schema
 * validation of every draft, the in-batch duplicate-id check, canonical serialization, then one
 * BEGIN IMMEDIATE transaction: document exists, sequence check (MAX), the rows through multi-row
 * INSERTs (7 × 128 + 3 × 32 + 1 × 8 rows; the document id and first sequence bound once per
 * statement, 4 values per row), the cached count and modified_at updates, COMMIT.
 * The target is append (v7) / raw seed-schema >= 0.7.
 */

import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { report, type Stats, target } from '@wiretuner/bench-kit'
import { type DraftEvent, newEventId, serializeEvent } from '@wiretuner/event-schema'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { MIGRATIONS } from '../src/migrations.js'
import { openWireTunerFile } from '../src/node.js'
import { interleavedAll, type Side } from './interleave.js'
import { editingMix } from './workload.js'

const BATCH = 1_000
const DOC = '99999999-9999-4999-8999-999999999999'
const INSERT =
  'INSERT INTO events (document_id, event_sequence, event_type, event_payload, timestamp, user_id) VALUES (?, ?, ?, ?, ?, ?)'

/** A raw connection on a file holding the first `migrations` migrations (1 = the seed schema). */
async function rawFile(path: string, migrations: number): Promise<Database.Database> {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) })
  for (const migration of Object.values(MIGRATIONS).slice(0, migrations)) await migration.up(kysely)
  db.prepare('INSERT INTO metadata VALUES (?, ?, 1, 1, 1, NULL)').run(DOC, path)
  return db
}

/** A raw side: one prepared INSERT per row in one transaction, rows serialized beforehand. */
function rawSide(name: string, db: Database.Database, batch: () => readonly DraftEvent[]): Side {
  const insert = db.prepare(INSERT)
  const tx = db.transaction((rows: readonly (readonly unknown[])[]) => {
    for (const row of rows) insert.run(...row)
  })
  let next = 0
  let rows: (readonly unknown[])[] = []
  return {
    name,
    setup: () => {
      rows = batch().map((e, i) => [
        DOC,
        next + i,
        e.eventType,
        serializeEvent(e, next + i),
        e.timestamp,
        e.userId ?? 'local-user',
      ])
    },
    run: () => {
      tx(rows)
      next += rows.length
    },
  }
}

/** Runs the five cases; prints every line, the ratios and the PASS/MISS line. */
export async function benchAppendVsRaw(dir: string, samples = 41): Promise<void> {
  console.log(`\nappend vs raw inserts: ${BATCH} rows per transaction, synchronous=FULL, WAL, on disk`)
  // One v4 and one v7 batch per round, shared by every case of that id kind (each case has its
  // own file, so the same ids are stored once per file).
  let v4: DraftEvent[] = []
  let v7: DraftEvent[] = []
  const seed = await rawFile(join(dir, 'raw-seed.db'), 1)
  const index4 = await rawFile(join(dir, 'raw-index-v4.db'), 2)
  const index7 = await rawFile(join(dir, 'raw-index-v7.db'), 2)
  const ours4 = await openWireTunerFile(join(dir, 'append-v4.wiretuner'))
  const ours7 = await openWireTunerFile(join(dir, 'append-v7.wiretuner'))
  for (const file of [ours4, ours7]) file.createDocument({ documentId: DOC, title: 'bench' })
  const appendSide = (name: string, file: typeof ours4, batch: () => readonly DraftEvent[]): Side => {
    let next = 0
    let events: readonly DraftEvent[] = []
    return {
      name,
      setup: () => {
        events = batch()
      },
      run: () => {
        file.append(DOC, events, { expectedSequence: next })
        next += events.length
      },
    }
  }
  const seedSide = rawSide('raw insert, seed schema alone (v7 ids)', seed, () => v7)
  const sides: Side[] = [
    {
      ...seedSide,
      // The first case of a round makes that round's batches (untimed).
      setup: () => {
        v4 = editingMix(DOC, BATCH, randomUUID)
        v7 = editingMix(DOC, BATCH, () => newEventId())
        seedSide.setup?.()
      },
    },
    rawSide('raw insert + eventId expression index, v4 ids', index4, () => v4),
    rawSide('raw insert + eventId expression index, v7 ids', index7, () => v7),
    appendSide('append (validate + serialize + tx), v4 ids', ours4, () => v4),
    appendSide('append (validate + serialize + tx), v7 ids', ours7, () => v7),
  ]
  const stats = interleavedAll(sides, BATCH, samples)
  for (const s of stats) report(s, 'events')
  const [rawSeed, rawIndex4, rawIndex7, append4, append7] = stats as [Stats, Stats, Stats, Stats, Stats]
  const line = (label: string, a: Stats) =>
    console.log(
      `      ${label.padEnd(44)} ${(rawSeed.medianMs / a.medianMs).toFixed(3)} (fastest samples: ${(rawSeed.minMs / a.minMs).toFixed(3)})`,
    )
  console.log('      throughput ratios to raw seed-schema inserts (medians):')
  line('raw + expression index, v4 ids', rawIndex4)
  line('raw + expression index, v7 ids', rawIndex7)
  line('append, v4 ids', append4)
  line('append, v7 ids', append7)
  console.log(
    `      append (v7) / raw + expression index (v7): ${(rawIndex7.medianMs / append7.medianMs).toFixed(3)}`,
  )
  target('append (v7) / raw seed-schema throughput, medians', rawSeed.medianMs / append7.medianMs, {
    atLeast: 0.7,
  })
  for (const db of [seed, index4, index7]) db.close()
  for (const file of [ours4, ours7]) file.close()
}
