/**
 * Statement journals of append transactions stay in memory (statement-journals.ts): inside each
 * write transaction of `append` and `createDocument`, `temp_store` is MEMORY and no temporary
 * file is open; outside, the connection's default is back, also after a failed append. The
 * probe (SQLite's temporary files among this process's descriptors, Linux `/proc`) is shown to
 * see a spilled statement journal when the setting is left at its default.
 */
import { randomUUID } from 'node:crypto'
import { readdirSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import type { DraftEvent } from '@wiretuner/event-schema'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openWireTunerFile } from '../src/node.js'
import type { SqliteConnection } from '../src/sqlite-connection.js'
import { SqliteStorage } from '../src/sqlite-storage.js'
import { drafts, expectStorageError, tempDir } from './helpers.js'

const DOC = '77777777-7777-4777-8777-777777777777'
const SECOND = '88888888-8888-4888-8888-888888888888'

/** SQLite temporary files (`etilqs_…`, unlinked at open) open in this process. */
function openTempFiles(): number {
  let n = 0
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).includes('etilqs_')) n++
    } catch {
      // closed between the listing and the read
    }
  }
  return n
}

/** What a write transaction saw just before its COMMIT. */
interface Seen {
  readonly tempStore: unknown
  readonly tempFiles: number
}

/** `db` as a connection whose transactions record {@link Seen} at their end. */
function observed(db: Database.Database, seen: Seen[]): SqliteConnection {
  return {
    prepare: (source) => db.prepare(source) as unknown as ReturnType<SqliteConnection['prepare']>,
    exec: (source) => {
      db.exec(source)
    },
    pragma: (source, options) => db.pragma(source, options),
    transaction: (fn) =>
      db.transaction((...args: Parameters<typeof fn>) => {
        const result = fn(...args)
        seen.push({ tempStore: db.pragma('temp_store', { simple: true }), tempFiles: openTempFiles() })
        return result
      }),
    get inTransaction() {
      return db.inTransaction
    },
    get open() {
      return db.open
    },
    close: () => db.close(),
  }
}

/** `n` drafts of `documentId` with random (v4) event ids: they land all over the eventId index. */
function scattered(documentId: string, n: number): DraftEvent[] {
  return drafts(documentId, n).map((d) => ({ ...d, eventId: randomUUID() }))
}

let tmp: ReturnType<typeof tempDir>
let db: Database.Database
beforeEach(async () => {
  tmp = tempDir()
  const path = join(tmp.dir, 'journals.wiretuner')
  ;(await openWireTunerFile(path)).close()
  db = new Database(path)
  db.pragma('foreign_keys = ON')
  db.pragma('synchronous = FULL')
})
afterEach(() => {
  if (db.open) db.close()
  tmp.cleanup()
})

describe('statement journals of append transactions', () => {
  it('the probe sees a statement journal spilled to a file under the default temp_store', () => {
    const storage = new SqliteStorage(db)
    storage.createDocument({ documentId: DOC, title: 'journals' })
    storage.append(DOC, scattered(DOC, 2_000), { expectedSequence: 0 })
    // one statement changing every row: its journal holds every page of the table (> 64 KiB)
    const update = (mode: string) => {
      db.pragma(`temp_store = ${mode}`)
      return db.transaction(() => {
        db.prepare('UPDATE events SET timestamp = timestamp + 1').run()
        return openTempFiles()
      })()
    }
    expect(update('DEFAULT')).toBeGreaterThan(0)
    expect(update('MEMORY')).toBe(0)
  })

  it('append and createDocument keep them in memory and restore the default temp_store', () => {
    const seen: Seen[] = []
    const storage = new SqliteStorage(observed(db, seen))
    storage.createDocument({ documentId: DOC, title: 'journals' })
    storage.createDocument({ documentId: SECOND, title: 'first events', firstEvents: scattered(SECOND, 600) })
    for (let k = 0; k < 3; k++) storage.append(DOC, scattered(DOC, 1_000), { expectedSequence: k * 1_000 })
    storage.append(DOC, scattered(DOC, 1), { expectedSequence: 3_000 })
    // (createDocument with first events: the append's savepoint, then the outer transaction)
    expect(seen).toHaveLength(7)
    expect(seen).toEqual(seen.map(() => ({ tempStore: 2, tempFiles: 0 })))
    expect(db.pragma('temp_store', { simple: true })).toBe(0)
    // what makes the switch safe: the TEMP database was never opened (it would be listed)
    expect(db.pragma('database_list')).toEqual([expect.objectContaining({ name: 'main' })])
    expect(storage.eventCount(DOC)).toBe(3_001)
    expect(storage.eventCount(SECOND)).toBe(600)
  })

  it('a failed append restores the default temp_store and stores nothing', () => {
    const storage = new SqliteStorage(db)
    storage.createDocument({ documentId: DOC, title: 'journals' })
    const stored = scattered(DOC, 300)
    storage.append(DOC, stored, { expectedSequence: 0 })
    // the 250th event repeats a stored id: the constraint fails inside the second 128-row chunk
    const batch = scattered(DOC, 300)
    batch[250] = { ...(batch[250] as DraftEvent), eventId: (stored[7] as DraftEvent).eventId }
    expectStorageError(() => storage.append(DOC, batch, { expectedSequence: 300 }), 'duplicate-event-id')
    expect(db.pragma('temp_store', { simple: true })).toBe(0)
    expect(db.inTransaction).toBe(false)
    expect(storage.eventCount(DOC)).toBe(300)
    storage.append(DOC, scattered(DOC, 300), { expectedSequence: 300 })
    expect(storage.eventCount(DOC)).toBe(600)
  })
})
