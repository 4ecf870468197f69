/**
 * The .wiretuner file itself: identity (application_id, format version), the exact seed schema,
 * pragmas on every connection, reopen, read-only opens, backup / Save As, and migration of an
 * older format inside one transaction.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { serializeEvent, type WireTunerEvent } from '@wiretuner/event-schema'
import Database from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FORMAT_VERSION, StorageError, WIRETUNER_APPLICATION_ID } from '../src/index.js'
import { MIGRATIONS } from '../src/migrations.js'
import { openWireTunerFile, validateFile } from '../src/node.js'
import { draft, drafts, expectStorageError, tempDir } from './helpers.js'

const DOC = '33333333-3333-4333-8333-333333333333'
let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir()
})
afterEach(() => tmp.cleanup())

async function rejection(promise: Promise<unknown>): Promise<StorageError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof StorageError) return error
    throw error
  }
  throw new Error('expected a rejection')
}

describe('a new .wiretuner file', () => {
  it('identifies itself and has exactly the seed schema', async () => {
    const path = join(tmp.dir, 'new.wiretuner')
    const file = await openWireTunerFile(path)
    expect(file.formatVersion).toBe(FORMAT_VERSION)
    file.close()
    const db = new Database(path, { readonly: true })
    try {
      expect(db.pragma('application_id', { simple: true })).toBe(WIRETUNER_APPLICATION_ID)
      expect(db.pragma('user_version', { simple: true })).toBe(FORMAT_VERSION)
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      const cols = (table: string) =>
        (
          db.pragma(`table_info(${table})`) as { name: string; type: string; notnull: number; pk: number }[]
        ).map((c) => `${c.name} ${c.type.toLowerCase()}${c.notnull ? ' NOT NULL' : ''}${c.pk ? ' PK' : ''}`)
      expect(cols('metadata')).toEqual([
        'document_id text PK',
        'title text NOT NULL',
        'format_version integer NOT NULL',
        'created_at integer NOT NULL',
        'modified_at integer NOT NULL',
        'author text',
      ])
      expect(cols('events')).toEqual([
        'event_id integer PK',
        'document_id text NOT NULL',
        'event_sequence integer NOT NULL',
        'event_type text NOT NULL',
        'event_payload text NOT NULL',
        'timestamp integer NOT NULL',
        'user_id text',
      ])
      expect(cols('snapshots')).toEqual([
        'snapshot_id integer PK',
        'document_id text NOT NULL',
        'event_sequence integer NOT NULL',
        'snapshot_data blob NOT NULL',
        'created_at integer NOT NULL',
        'compression text NOT NULL',
      ])
      const sqlOf = (name: string) =>
        (db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(name) as { sql: string }).sql
      expect(sqlOf('events')).toMatch(/"event_id" integer primary key autoincrement/)
      expect(sqlOf('events')).toMatch(/unique \("document_id", "event_sequence"\)/)
      for (const t of ['events', 'snapshots']) {
        expect(sqlOf(t)).toMatch(
          /"document_id" text not null references "metadata" \("document_id"\) on delete cascade/,
        )
      }
      expect(sqlOf('idx_events_document_sequence')).toBe(
        'CREATE INDEX "idx_events_document_sequence" on "events" ("document_id", "event_sequence")',
      )
      expect(sqlOf('idx_snapshots_document')).toBe(
        'CREATE INDEX "idx_snapshots_document" on "snapshots" ("document_id", "event_sequence" desc)',
      )
    } finally {
      db.close()
    }
  })

  it('applies the pragmas on every connection (FULL by default, NORMAL on request)', async () => {
    const path = join(tmp.dir, 'p.wiretuner')
    const a = await openWireTunerFile(path)
    expect(a.connectionSettings()).toEqual({
      journalMode: 'wal',
      foreignKeys: true,
      synchronous: 'full',
      busyTimeoutMs: 5000,
      applicationId: WIRETUNER_APPLICATION_ID,
      formatVersion: FORMAT_VERSION,
    })
    const b = await openWireTunerFile(path, { synchronous: 'normal', busyTimeoutMs: 250 })
    expect(b.connectionSettings()).toMatchObject({
      synchronous: 'normal',
      busyTimeoutMs: 250,
      foreignKeys: true,
    })
    const c = await openWireTunerFile(path, { readOnly: true })
    expect(c.connectionSettings()).toMatchObject({ journalMode: 'wal', foreignKeys: true })
    for (const f of [a, b, c]) f.close()
  })

  it('keeps everything across close and reopen, and leaves no temporary files', async () => {
    const path = join(tmp.dir, 'r.wiretuner')
    const a = await openWireTunerFile(path)
    a.createDocument({ documentId: DOC, title: 'T', author: 'me' })
    const written = a.append(DOC, drafts(DOC, 5), { expectedSequence: 0 })
    a.writeSnapshot(DOC, 4, new Uint8Array([9, 9]))
    a.close()
    a.close()
    expect(existsSync(`${path}-wal`)).toBe(false)
    const b = await openWireTunerFile(path, { create: false })
    expect(b.getMetadata(DOC)?.author).toBe('me')
    expect([...b.readEvents(DOC)].map((i) => (i.kind === 'event' ? i.event : i))).toEqual(written.events)
    expect(b.loadLatestSnapshot(DOC).snapshot?.data).toEqual(new Uint8Array([9, 9]))
    b.close()
    expectStorageError(() => b.eventCount(DOC), 'closed')
  })

  it('reports a missing file as not-found when creation is off or read-only', async () => {
    const path = join(tmp.dir, 'missing.wiretuner')
    expect((await rejection(openWireTunerFile(path, { create: false }))).code).toBe('not-found')
    expect((await rejection(openWireTunerFile(path, { readOnly: true }))).code).toBe('not-found')
    expect(existsSync(path)).toBe(false)
    expect(() => validateFile(path)).toThrow(StorageError)
    const nowhere = join(tmp.dir, 'no', 'such', 'dir', 'x.wiretuner')
    expect((await rejection(openWireTunerFile(nowhere))).code).toBe('io')
  })
})

describe('stored rows', () => {
  it('hold the canonical payload (with eventSequence) and the envelope columns', async () => {
    const path = join(tmp.dir, 'rows.wiretuner')
    const file = await openWireTunerFile(path)
    file.createDocument({ documentId: DOC, title: 'T' })
    const withUser = { ...draft(DOC), userId: 'ann' }
    const batch = [draft(DOC), withUser]
    file.append(DOC, batch, { expectedSequence: 0 })
    file.close()
    const db = new Database(path, { readonly: true })
    const rows = db
      .prepare(
        'SELECT event_sequence, event_type, event_payload, timestamp, user_id FROM events ORDER BY event_id',
      )
      .all() as {
      event_sequence: number
      event_type: string
      event_payload: string
      timestamp: number
      user_id: string
    }[]
    db.close()
    expect(rows).toEqual(
      batch.map((e, i) => ({
        event_sequence: i,
        event_type: e.eventType,
        event_payload: serializeEvent({ ...e, eventSequence: i } as WireTunerEvent),
        timestamp: e.timestamp,
        user_id: i === 1 ? 'ann' : 'local-user',
      })),
    )
  })

  it('keep each event’s user id in chunks with one user and in chunks with several', async () => {
    const path = join(tmp.dir, 'users.wiretuner')
    const file = await openWireTunerFile(path)
    file.createDocument({ documentId: DOC, title: 'T' })
    // 300 rows = 128 + 128 + 32 + 8 + 4 × 1: one user, mixed, the default, mixed, singles
    const user = (i: number): string | undefined =>
      i < 128
        ? 'ann'
        : i < 256
          ? i % 2 === 0
            ? 'bob'
            : undefined
          : i < 288
            ? undefined
            : i % 3 === 0
              ? 'cy'
              : 'ann'
    const batch = drafts(DOC, 300).map((e, i) => {
      const u = user(i)
      return u === undefined ? e : { ...e, userId: u }
    })
    file.append(DOC, batch, { expectedSequence: 0 })
    file.close()
    const db = new Database(path, { readonly: true })
    const stored = db.prepare('SELECT user_id FROM events ORDER BY event_sequence').pluck().all()
    db.close()
    expect(stored).toEqual(batch.map((_, i) => user(i) ?? 'local-user'))
    expect(new Set(stored)).toEqual(new Set(['ann', 'bob', 'local-user', 'cy']))
  })
})

describe('read-only opens', () => {
  it('read everything and refuse every write', async () => {
    const path = join(tmp.dir, 'ro.wiretuner')
    const w = await openWireTunerFile(path)
    w.createDocument({ documentId: DOC, title: 'T' })
    w.append(DOC, drafts(DOC, 3), { expectedSequence: 0 })
    w.writeSnapshot(DOC, 2, new Uint8Array([1]))
    const r = await openWireTunerFile(path, { readOnly: true })
    expect(r.readOnly).toBe(true)
    expect(r.eventCount(DOC)).toBe(3)
    expect(r.loadLatestSnapshot(DOC).snapshot?.eventSequence).toBe(2)
    expectStorageError(() => r.append(DOC, [draft(DOC)], { expectedSequence: 3 }), 'read-only')
    expectStorageError(() => r.createDocument({ title: 'x' }), 'read-only')
    expectStorageError(() => r.setMetadata(DOC, { title: 'x' }), 'read-only')
    expectStorageError(() => r.writeSnapshot(DOC, 0, new Uint8Array(1)), 'read-only')
    expectStorageError(() => r.pruneSnapshots(DOC, 0), 'read-only')
    expectStorageError(() => r.deleteDocument(DOC), 'read-only')
    // The reader sees what the writer commits later.
    w.append(DOC, drafts(DOC, 2), { expectedSequence: 3 })
    expect(r.nextSequence(DOC)).toBe(5)
    r.close()
    w.close()
  })
})

describe('backup and Save As', () => {
  it('copy a live database with the online backup API', async () => {
    const path = join(tmp.dir, 'live.wiretuner')
    const live = await openWireTunerFile(path)
    live.createDocument({ documentId: DOC, title: 'T' })
    live.append(DOC, drafts(DOC, 50), { expectedSequence: 0 })
    live.writeSnapshot(DOC, 49, new TextEncoder().encode('state'))
    const copyPath = join(tmp.dir, 'copy.wiretuner')
    const result = await live.backup(copyPath)
    expect(result.totalPages).toBeGreaterThan(1)
    live.append(DOC, drafts(DOC, 5), { expectedSequence: 50 })
    const copy = await openWireTunerFile(copyPath, { create: false })
    expect(copy.eventCount(DOC)).toBe(50)
    expect(copy.validate().ok).toBe(true)
    copy.close()
    const saved = await live.saveAs(join(tmp.dir, 'saved.wiretuner'))
    expect(saved.eventCount(DOC)).toBe(55)
    expect(saved.loadLatestSnapshot(DOC).snapshot?.data).toEqual(new TextEncoder().encode('state'))
    saved.append(DOC, drafts(DOC, 1), { expectedSequence: 55 })
    expect(live.eventCount(DOC)).toBe(55)
    saved.close()
    live.close()
    expect(validateFile(join(tmp.dir, 'saved.wiretuner')).ok).toBe(true)
  })
})

describe('migrations', () => {
  async function makeVersion1(
    path: string,
    payloads: { doc: string; seq: number; eventId: string }[],
  ): Promise<void> {
    const db = new Database(path)
    db.pragma('journal_mode = WAL')
    const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) })
    const first = MIGRATIONS['0001_seed_schema']
    if (first === undefined) throw new Error('migration 1 missing')
    const { error } = await new Migrator({
      db: kysely,
      provider: { getMigrations: async () => ({ '0001_seed_schema': first }) },
    }).migrateToLatest()
    if (error) throw error
    db.pragma(`application_id = ${WIRETUNER_APPLICATION_ID}`)
    db.pragma('user_version = 1')
    const docs = new Set(payloads.map((p) => p.doc))
    for (const d of docs) db.prepare('INSERT INTO metadata VALUES (?, ?, 1, 1, 1, NULL)').run(d, 'old')
    for (const p of payloads) {
      const event = { ...draft(p.doc, 0), eventId: p.eventId, eventSequence: p.seq }
      db.prepare(
        'INSERT INTO events (document_id, event_sequence, event_type, event_payload, timestamp) VALUES (?, ?, ?, ?, ?)',
      ).run(p.doc, p.seq, event.eventType, JSON.stringify(event), event.timestamp)
    }
    db.close()
  }
  const other = '44444444-4444-4444-8444-444444444444'

  it('upgrades an older format in one transaction', async () => {
    const path = join(tmp.dir, 'v1.wiretuner')
    await makeVersion1(path, [
      { doc: DOC, seq: 0, eventId: '00000000-0000-4000-8000-000000000001' },
      { doc: DOC, seq: 1, eventId: '00000000-0000-4000-8000-000000000002' },
    ])
    const file = await openWireTunerFile(path)
    expect(file.formatVersion).toBe(FORMAT_VERSION)
    expect(file.eventCount(DOC)).toBe(2)
    expectStorageError(
      () =>
        file.append(DOC, [{ ...draft(DOC), eventId: '00000000-0000-4000-8000-000000000001' }], {
          expectedSequence: 2,
        }),
      'duplicate-event-id',
    )
    file.close()
    expect(validateFile(path).ok).toBe(true)
  })

  it('reads an older format read-only as it is, and a failed migration changes nothing', async () => {
    const path = join(tmp.dir, 'v1bad.wiretuner')
    // Two stored events share an eventId: migration 2's unique index cannot be built.
    await makeVersion1(path, [
      { doc: DOC, seq: 0, eventId: '00000000-0000-4000-8000-000000000009' },
      { doc: other, seq: 0, eventId: '00000000-0000-4000-8000-000000000009' },
    ])
    const reader = await openWireTunerFile(path, { readOnly: true })
    expect([reader.formatVersion, reader.olderFormat, reader.eventCount(DOC)]).toEqual([1, true, 1])
    reader.close()
    expect((await rejection(openWireTunerFile(path))).code).toBe('migration-failed')
    const db = new Database(path, { readonly: true })
    expect(db.pragma('user_version', { simple: true })).toBe(1)
    expect(
      db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'idx_events_event_id'").get(),
    ).toEqual({ n: 0 })
    expect(db.prepare('SELECT count(*) AS n FROM kysely_migration').get()).toEqual({ n: 1 })
    db.close()
  })
})
