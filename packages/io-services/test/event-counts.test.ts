/**
 * Cheap, exact event counts (format 3): `eventCount` and `nextSequence` agree with counting the
 * rows after any mix of appends and changes made by another connection (deletes, inserts,
 * re-keys); old formats migrate with their counts; validateFile checks the cache and triggers.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FORMAT_VERSION, WIRETUNER_APPLICATION_ID } from '../src/index.js'
import { MIGRATIONS } from '../src/migrations.js'
import { openWireTunerFile, validateFile } from '../src/node.js'
import { drafts, PROPERTY_RUNS, tempDir } from './helpers.js'

const DOC = '55555555-5555-4555-8555-555555555555'
const OTHER = '66666666-6666-4666-8666-666666666666'
let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir()
})
afterEach(() => tmp.cleanup())

function truth(db: Database.Database, doc: string): { count: number; next: number } {
  const row = db
    .prepare('SELECT count(*) AS n, max(event_sequence) AS m FROM events WHERE document_id = ?')
    .get(doc) as { n: number; m: number | null }
  return { count: row.n, next: row.m === null ? 0 : row.m + 1 }
}

function cacheStatus(path: string): string | undefined {
  return validateFile(path).checks.find((c) => c.id === 'events.count-cache')?.status
}

type Op =
  | { kind: 'append'; size: number }
  | { kind: 'delete'; pick: number }
  | { kind: 'insert'; offset: number }
  | { kind: 'rekey'; pick: number; offset: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('append' as const), size: fc.integer({ min: 1, max: 5 }) }),
  },
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), offset: fc.integer({ min: -3, max: 6 }) }),
  fc.record({ kind: fc.constant('rekey' as const), pick: fc.nat(), offset: fc.integer({ min: 1, max: 6 }) }),
)

describe('event counts', () => {
  it('eventCount and nextSequence equal the rows after appends and external changes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 14 }), async (ops) => {
        const path = join(tmp.dir, `p-${Math.random()}.wiretuner`)
        const file = await openWireTunerFile(path)
        const other = new Database(path)
        try {
          file.createDocument({ documentId: DOC, title: 'counts' })
          file.createDocument({ documentId: OTHER, title: 'other' })
          file.append(OTHER, drafts(OTHER, 3), { expectedSequence: 0 })
          let externalInsert = false
          for (const o of ops) {
            const seqs = (
              other.prepare('SELECT event_sequence FROM events WHERE document_id = ?').all(DOC) as {
                event_sequence: number
              }[]
            ).map((r) => r.event_sequence)
            const { next } = truth(other, DOC)
            if (o.kind === 'append') {
              file.append(DOC, drafts(DOC, o.size), { expectedSequence: file.nextSequence(DOC) })
            } else if (o.kind === 'delete' && seqs.length > 0) {
              other
                .prepare('DELETE FROM events WHERE document_id = ? AND event_sequence = ?')
                .run(DOC, seqs[o.pick % seqs.length])
            } else if (o.kind === 'insert') {
              const seq = Math.max(0, next + o.offset)
              if (!seqs.includes(seq)) {
                other
                  .prepare(
                    'INSERT INTO events (document_id, event_sequence, event_type, event_payload, timestamp) VALUES (?, ?, ?, ?, 1)',
                  )
                  .run(DOC, seq, 'ViewportResetEvent', 'not json: written by another tool')
                externalInsert = true
              }
            } else if (o.kind === 'rekey' && seqs.length > 0) {
              other
                .prepare('UPDATE events SET event_sequence = ? WHERE document_id = ? AND event_sequence = ?')
                .run(next + o.offset, DOC, seqs[o.pick % seqs.length])
            }
            const t = truth(other, DOC)
            expect(file.eventCount(DOC)).toBe(t.count)
            expect(file.nextSequence(DOC)).toBe(t.next)
            expect(file.eventCount(OTHER)).toBe(3)
          }
          // Appends through the store and external deletes/re-keys keep the cache exact; only
          // rows inserted by another tool leave it stale (detected: a warning, never a failure).
          other.close()
          file.close()
          expect(cacheStatus(path)).toMatch(externalInsert ? /^(pass|warn)$/ : /^pass$/)
        } finally {
          if (other.open) other.close()
          file.close()
        }
      }),
      { numRuns: Math.max(10, Math.round(PROPERTY_RUNS / 5)) },
    )
  })

  it('keeps the count in the same transaction as the rows, and cascades on delete', async () => {
    const path = join(tmp.dir, 'tx.wiretuner')
    const file = await openWireTunerFile(path)
    file.createDocument({ documentId: DOC, title: 'tx' })
    file.append(DOC, drafts(DOC, 4), { expectedSequence: 0 })
    const batch = drafts(DOC, 3)
    // A failing batch (duplicate eventId in it) writes neither rows nor count.
    expect(() => file.append(DOC, [...batch, batch[0] as never], { expectedSequence: 4 })).toThrow()
    const db = new Database(path, { readonly: true })
    const cached = () => db.prepare('SELECT event_count FROM event_counts WHERE document_id = ?').get(DOC)
    expect(cached()).toEqual({ event_count: 4 })
    file.append(DOC, batch, { expectedSequence: 4 })
    expect(cached()).toEqual({ event_count: 7 })
    expect(file.deleteDocument(DOC)).toBe(true)
    expect(cached()).toBeUndefined()
    db.close()
    file.close()
  })

  it('migrates a format-2 file: counts filled from the rows, in the same transaction', async () => {
    const path = join(tmp.dir, 'v2.wiretuner')
    const db = new Database(path)
    db.pragma('journal_mode = WAL')
    const subset = {
      '0001_seed_schema': MIGRATIONS['0001_seed_schema'],
      '0002_unique_event_id': MIGRATIONS['0002_unique_event_id'],
    }
    const { error } = await new Migrator({
      db: new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) }),
      provider: { getMigrations: async () => subset as never },
    }).migrateToLatest()
    if (error) throw error
    db.pragma(`application_id = ${WIRETUNER_APPLICATION_ID}`)
    db.pragma('user_version = 2')
    for (const [doc, n] of [
      [DOC, 5],
      [OTHER, 0],
    ] as const) {
      db.prepare('INSERT INTO metadata VALUES (?, ?, 1, 1, 1, NULL)').run(doc, 'v2')
      for (let i = 0; i < n; i++)
        db.prepare(
          'INSERT INTO events (document_id, event_sequence, event_type, event_payload, timestamp) VALUES (?, ?, ?, ?, 1)',
        ).run(doc, i, 'ViewportResetEvent', `{"n":${i}}`)
    }
    db.close()
    const file = await openWireTunerFile(path)
    expect(file.formatVersion).toBe(FORMAT_VERSION)
    expect(FORMAT_VERSION).toBeGreaterThanOrEqual(3)
    expect(file.eventCount(DOC)).toBe(5)
    expect(file.eventCount(OTHER)).toBe(0)
    file.close()
    const check = new Database(path, { readonly: true })
    expect(
      check.prepare('SELECT document_id, event_count FROM event_counts ORDER BY event_count').all(),
    ).toEqual([
      { document_id: OTHER, event_count: 0 },
      { document_id: DOC, event_count: 5 },
    ])
    check.close()
    expect(cacheStatus(path)).toBe('pass')
  })

  it('validateFile fails when a count trigger is missing and warns on a stale count', async () => {
    const path = join(tmp.dir, 'v.wiretuner')
    const file = await openWireTunerFile(path)
    file.createDocument({ documentId: DOC, title: 'v' })
    file.append(DOC, drafts(DOC, 3), { expectedSequence: 0 })
    file.close()
    expect(cacheStatus(path)).toBe('pass')
    const db = new Database(path)
    db.prepare('UPDATE event_counts SET event_count = 9').run()
    db.close()
    expect(cacheStatus(path)).toBe('warn')
    const reopened = await openWireTunerFile(path)
    expect(reopened.eventCount(DOC)).toBe(3) // 9 is not the span 0..2: the rows are counted
    reopened.close()
    const drop = new Database(path)
    drop.exec('DROP TRIGGER trg_event_counts_delete')
    drop.close()
    const report = validateFile(path)
    expect(report.ok).toBe(false)
    expect(report.checks.find((c) => c.id === 'events.count-cache')).toMatchObject({
      status: 'fail',
      findings: [expect.stringMatching(/trg_event_counts_delete is missing/)],
    })
  })
})
