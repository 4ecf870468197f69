/**
 * Files of an older format (1 = seed schema, 2 = + unique eventId index) written as an earlier
 * engine wrote them: a read-only open and validateFile read them as they are (every event,
 * counts, snapshots, metadata) without changing a byte; a read-write open migrates them to the
 * current format; a newer format is still refused either way.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { serializeEvent, type WireTunerEvent } from '@wiretuner/event-schema'
import Database from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { crc32 } from '../src/crc32.js'
import {
  FORMAT_VERSION,
  LEGACY_SNAPSHOT_REASON,
  type ReadItem,
  StorageError,
  type ValidationReport,
  WIRETUNER_APPLICATION_ID,
} from '../src/index.js'
import { MIGRATIONS } from '../src/migrations.js'
import { openWireTunerFile, validateFile } from '../src/node.js'
import { SqliteStorage } from '../src/sqlite-storage.js'
import { draft, drafts, expectStorageError, tempDir } from './helpers.js'

const DOC = '66666666-6666-4666-8666-666666666666'
const EMPTY = '77777777-7777-4777-8777-777777777777'
const EVENTS = 1200
/** Snapshot rows as earlier engines wrote them: a legacy WTSS frame around JSON, or around WTRS. */
const SNAPSHOTS = [999, 1199] as const
const WTRS_AT = 1199

let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir()
})
afterEach(() => tmp.cleanup())

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')
const state = (seq: number) => new TextEncoder().encode(`{"state after":${seq}}`)

/** The legacy 20-byte WTSS frame (formats 1-3) around `data`, built from its layout. */
function legacyFrame(data: Uint8Array, compression: 'gzip' | 'none'): Uint8Array {
  const payload = compression === 'gzip' ? new Uint8Array(gzipSync(data)) : data
  const out = new Uint8Array(20 + payload.length)
  const view = new DataView(out.buffer)
  out.set([0x57, 0x54, 0x53, 0x53, 1, compression === 'gzip' ? 1 : 0], 0)
  view.setUint32(8, data.length)
  view.setUint32(12, crc32(data))
  view.setUint32(16, payload.length)
  out.set(payload, 20)
  return out
}

/** What a legacy row of `seq` holds: JSON, except replay's private binary payload at WTRS_AT. */
const legacyContent = (seq: number): Uint8Array =>
  seq === WTRS_AT
    ? Uint8Array.from([0x57, 0x54, 0x52, 0x53, 2, 0, 0, 0, 1, 0, 0, 0, 2, 9, 123, 125])
    : state(seq)

/** The events every built file holds: current form, with their sequences, as JSON stores them. */
function storedEvents(documentId: string, n: number): WireTunerEvent[] {
  return drafts(documentId, n).map((d, i) => JSON.parse(serializeEvent(d, i)) as WireTunerEvent)
}

/**
 * Builds a file of format `version` the way an earlier engine did: migrations 1..version on a
 * WAL database, its identity, then rows inserted with raw SQL. Returns the stored events.
 */
async function buildFile(
  path: string,
  version: number,
  options: { readonly keepOpen?: boolean } = {},
): Promise<{ readonly events: WireTunerEvent[]; readonly db: Database.Database }> {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  const subset = Object.fromEntries(Object.entries(MIGRATIONS).slice(0, version))
  expect(Object.keys(subset)).toHaveLength(version)
  const { error } = await new Migrator({
    db: new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) }),
    provider: { getMigrations: async () => subset },
  }).migrateToLatest()
  if (error) throw error
  db.pragma(`application_id = ${WIRETUNER_APPLICATION_ID}`)
  db.pragma(`user_version = ${version}`)
  const meta = db.prepare('INSERT INTO metadata VALUES (?, ?, 1, ?, ?, ?)')
  meta.run(DOC, `format ${version}`, 1_700_000_000_000, 1_700_000_500_000, 'ann')
  meta.run(EMPTY, 'empty', 1_700_000_000_001, 1_700_000_000_001, null)
  const events = storedEvents(DOC, EVENTS)
  const insert = db.prepare(
    'INSERT INTO events (document_id, event_sequence, event_type, event_payload, timestamp, user_id) VALUES (?, ?, ?, ?, ?, ?)',
  )
  db.transaction(() => {
    for (const e of events)
      insert.run(DOC, e.eventSequence, e.eventType, serializeEvent(e), e.timestamp, 'local-user')
    for (const seq of SNAPSHOTS)
      db.prepare(
        'INSERT INTO snapshots (document_id, event_sequence, snapshot_data, created_at, compression) VALUES (?, ?, ?, ?, ?)',
      ).run(DOC, seq, legacyFrame(legacyContent(seq), 'gzip'), 1_700_000_100_000 + seq, 'gzip')
  })()
  if (!options.keepOpen) db.close()
  return { events, db }
}

function readAll(file: { readEvents(id: string): Iterable<ReadItem> }, documentId: string): ReadItem[] {
  return [...file.readEvents(documentId)]
}

const status = (report: ValidationReport, id: string) => report.checks.find((c) => c.id === id)?.status

/** No -wal with content next to `path` (a read-only SQLite reader may leave an empty one). */
function expectNoWalContent(path: string): void {
  if (existsSync(`${path}-wal`)) expect(statSync(`${path}-wal`).size).toBe(0)
}

describe.each([1, 2])('a format-%i file', (version) => {
  it('opens read-only and reads everything as it is, writing nothing', async () => {
    const path = join(tmp.dir, `v${version}.wiretuner`)
    const { events } = await buildFile(path, version)
    expect(existsSync(`${path}-wal`)).toBe(false)
    const before = digest(path)

    const file = await openWireTunerFile(path, { readOnly: true })
    expect(file.readOnly).toBe(true)
    expect(file.formatVersion).toBe(version)
    expect(file.olderFormat).toBe(true)
    expect(file.connectionSettings().formatVersion).toBe(version)
    expect(file.listDocuments()).toEqual([
      {
        documentId: DOC,
        title: `format ${version}`,
        formatVersion: 1,
        createdAt: 1_700_000_000_000,
        modifiedAt: 1_700_000_500_000,
        author: 'ann',
      },
      {
        documentId: EMPTY,
        title: 'empty',
        formatVersion: 1,
        createdAt: 1_700_000_000_001,
        modifiedAt: 1_700_000_000_001,
        author: null,
      },
    ])
    const items = readAll(file, DOC)
    expect(items.every((i) => i.kind === 'event')).toBe(true)
    expect(items.map((i) => (i.kind === 'event' ? i.event : undefined))).toEqual(events)
    expect(readAll(file, DOC).length).toBe(EVENTS)
    expect(
      [...file.readEvents(DOC, { from: 1000, to: 1004 })].map((i) => i.kind === 'event' && i.sequence),
    ).toEqual([1000, 1001, 1002, 1003, 1004])
    expect(file.eventCount(DOC)).toBe(EVENTS)
    expect(file.nextSequence(DOC)).toBe(EVENTS)
    expect(file.eventCount(EMPTY)).toBe(0)
    expect(file.nextSequence(EMPTY)).toBe(0)
    expect(readAll(file, EMPTY)).toEqual([])
    // Legacy frames are not readable without migrating: skipped with a clear reason (replay
    // then falls back to a full replay).
    const latest = file.loadLatestSnapshot(DOC)
    expect(latest.snapshot).toBeUndefined()
    expect(latest.skipped.map((p) => [p.eventSequence, p.code, p.reason])).toEqual([
      [1199, 'corrupt-snapshot', LEGACY_SNAPSHOT_REASON],
      [999, 'corrupt-snapshot', LEGACY_SNAPSHOT_REASON],
    ])
    expect(file.listSnapshots(DOC).map((s) => s.eventSequence)).toEqual([1199, 999])
    expect(file.verifySnapshots(DOC)).toHaveLength(2)
    expectStorageError(() => file.append(DOC, [draft(DOC)], { expectedSequence: EVENTS }), 'read-only')
    expectStorageError(() => file.createDocument({ title: 'x' }), 'read-only')
    expectStorageError(() => file.writeSnapshot(DOC, 0, state(0)), 'read-only')

    const report = file.validate()
    expect(report.ok).toBe(true)
    expect(report.olderFormat).toBe(true)
    file.close()

    expect(digest(path)).toBe(before)
    expectNoWalContent(path)
  })

  it('validateFile: no failure, an older-format warning, format-3 checks skipped with a note', async () => {
    const path = join(tmp.dir, `v${version}.wiretuner`)
    await buildFile(path, version)
    const before = digest(path)
    const report = validateFile(path)
    expect(digest(path)).toBe(before)
    expectNoWalContent(path)
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.formatVersion).toBe(version)
    expect(report.olderFormat).toBe(true)
    expect(report.documents).toEqual([
      {
        documentId: DOC,
        eventCount: EVENTS,
        snapshotCount: 2,
        historyEntries: 0,
        renderCacheRows: { rows: 0, fresh: 0, older: 0, stale: 0, damaged: 0, mark: 'none' },
      },
      {
        documentId: EMPTY,
        eventCount: 0,
        snapshotCount: 0,
        historyEntries: 0,
        renderCacheRows: { rows: 0, fresh: 0, older: 0, stale: 0, damaged: 0, mark: 'none' },
      },
    ])
    expect(status(report, 'file.identity')).toBe('pass')
    const format = report.checks.find((c) => c.id === 'file.format-current')
    expect(format?.status).toBe('warn')
    expect(format?.findings).toEqual([
      `format ${version} (older than the current ${FORMAT_VERSION}; readable as it is, upgraded on the next read-write open)`,
    ])
    const cache = report.checks.find((c) => c.id === 'events.count-cache')
    expect(cache?.status).toBe('skip')
    expect(cache?.findings[0]).toContain(`not part of format ${version}`)
    expect(status(report, 'index.idx_events_event_id.exists')).toBe(version >= 2 ? 'pass' : 'skip')
    // Everything else is checked as usual.
    for (const id of [
      'sqlite.integrity-check',
      'sqlite.foreign-key-check',
      'events.payload-valid',
      'events.sequence-gap-free',
      'events.event-id-unique',
      'snapshots.decompress',
      'snapshots.event-reference',
      'index.idx_events_document_sequence.used',
      'index.idx_snapshots_document.used',
      'sqlite.wal',
    ])
      expect([id, status(report, id)]).toEqual([id, 'pass'])
    expect(
      report.checks
        .filter((c) => c.status === 'warn' || c.status === 'skip')
        .map((c) => c.id)
        .sort(),
    ).toEqual(
      [
        'file.format-current',
        'events.count-cache',
        'history-index',
        'render-caches',
        'snapshots.seed-form',
        ...(version < 2 ? ['index.idx_events_event_id.exists'] : []),
      ].sort(),
    )
  })

  it('a read-write open migrates it to the current format in one step, with its counts', async () => {
    const path = join(tmp.dir, `v${version}.wiretuner`)
    const { events } = await buildFile(path, version)
    const file = await openWireTunerFile(path)
    expect(file.formatVersion).toBe(FORMAT_VERSION)
    expect(file.olderFormat).toBe(false)
    expect(file.eventCount(DOC)).toBe(EVENTS)
    // Migration 4: the JSON snapshot is rewritten in the seed's form, the WTRS one dropped.
    expect(file.listSnapshots(DOC).map((i) => [i.eventSequence, i.compression])).toEqual([[999, 'gzip']])
    expect(file.loadLatestSnapshot(DOC)).toMatchObject({ skipped: [], snapshot: { data: state(999) } })
    const items = readAll(file, DOC)
    expect(items.map((i) => (i.kind === 'event' ? i.event : undefined))).toEqual(events)
    file.append(DOC, drafts(DOC, 3), { expectedSequence: EVENTS })
    expect(file.eventCount(DOC)).toBe(EVENTS + 3)
    file.close()
    const report = validateFile(path)
    expect(report.olderFormat).toBe(false)
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([])
    const db = new Database(path, { readonly: true })
    expect(
      db.prepare('SELECT document_id, event_count FROM event_counts ORDER BY event_count').all(),
    ).toEqual([
      { document_id: EMPTY, event_count: 0 },
      { document_id: DOC, event_count: EVENTS + 3 },
    ])
    db.close()
  })

  it('a pending write-ahead log of the older writer is read, and left as it was', async () => {
    const path = join(tmp.dir, `v${version}-wal.wiretuner`)
    const { db: writer, events } = await buildFile(path, version, { keepOpen: true })
    writer.pragma('wal_autocheckpoint = 0')
    writer.pragma('wal_checkpoint(TRUNCATE)')
    const extra = JSON.parse(serializeEvent(draft(DOC), EVENTS)) as WireTunerEvent
    writer
      .prepare(
        'INSERT INTO events (document_id, event_sequence, event_type, event_payload, timestamp) VALUES (?, ?, ?, ?, ?)',
      )
      .run(DOC, EVENTS, extra.eventType, serializeEvent(extra), extra.timestamp)
    const before = { main: digest(path), wal: digest(`${path}-wal`) }
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0)

    const reader = await openWireTunerFile(path, { readOnly: true })
    expect(reader.formatVersion).toBe(version)
    expect(reader.eventCount(DOC)).toBe(EVENTS + 1)
    expect(readAll(reader, DOC).map((i) => (i.kind === 'event' ? i.event : undefined))).toEqual([
      ...events,
      extra,
    ])
    reader.close()
    const report = validateFile(path)
    expect(report.ok).toBe(true)
    expect(report.documents[0]?.eventCount).toBe(EVENTS + 1)
    expect({ main: digest(path), wal: digest(`${path}-wal`) }).toEqual(before)
    writer.close()
  })

  it('a reader of the older format stays correct while another connection migrates and appends', async () => {
    const path = join(tmp.dir, `v${version}-live.wiretuner`)
    await buildFile(path, version)
    const reader = await openWireTunerFile(path, { readOnly: true })
    expect(reader.eventCount(DOC)).toBe(EVENTS)
    const writer = await openWireTunerFile(path)
    expect(writer.formatVersion).toBe(FORMAT_VERSION)
    writer.append(DOC, drafts(DOC, 5), { expectedSequence: EVENTS })
    expect(reader.formatVersion).toBe(version) // as opened
    expect(reader.eventCount(DOC)).toBe(EVENTS + 5)
    expect(reader.nextSequence(DOC)).toBe(EVENTS + 5)
    expect(readAll(reader, DOC)).toHaveLength(EVENTS + 5)
    reader.close()
    writer.close()
  })
})

describe('a format-3 file with legacy WTSS snapshots', () => {
  async function buildFormat3(path: string): Promise<void> {
    await buildFile(path, 3)
    const db = new Database(path)
    db.prepare(
      'INSERT INTO snapshots (document_id, event_sequence, snapshot_data, created_at, compression) VALUES (?, ?, ?, ?, ?)',
    ).run(DOC, 1099, legacyFrame(state(1099), 'none'), 1_700_000_200_000, 'none')
    // A damaged frame (CRC mismatch) is dropped too.
    const damaged = legacyFrame(state(1149), 'gzip')
    damaged[12] = (damaged[12] as number) ^ 0xff
    db.prepare(
      'INSERT INTO snapshots (document_id, event_sequence, snapshot_data, created_at, compression) VALUES (?, ?, ?, ?, ?)',
    ).run(DOC, 1149, damaged, 1_700_000_200_001, 'gzip')
    db.close()
  }

  it('opens read-only: every legacy snapshot is skipped with a clear reason, the log reads whole', async () => {
    const path = join(tmp.dir, 'v3.wiretuner')
    await buildFormat3(path)
    const before = digest(path)
    const file = await openWireTunerFile(path, { readOnly: true })
    expect(file.formatVersion).toBe(3)
    const latest = file.loadLatestSnapshot(DOC)
    expect(latest.snapshot).toBeUndefined()
    expect(latest.skipped.map((p) => [p.eventSequence, p.reason])).toEqual(
      [1199, 1149, 1099, 999].map((seq) => [seq, LEGACY_SNAPSHOT_REASON]),
    )
    expect(readAll(file, DOC).filter((i) => i.kind === 'event')).toHaveLength(EVENTS)
    const report = file.validate()
    expect(report.ok).toBe(true)
    expect(report.checks.find((c) => c.id === 'snapshots.seed-form')).toMatchObject({ status: 'warn' })
    file.close()
    expect(digest(path)).toBe(before)
  })

  it('a read-write open rewrites the JSON snapshots in the seed form and drops the others, in one step', async () => {
    const path = join(tmp.dir, 'v3.wiretuner')
    await buildFormat3(path)
    const file = await openWireTunerFile(path)
    expect(file.formatVersion).toBe(FORMAT_VERSION)
    expect(file.listSnapshots(DOC).map((i) => [i.eventSequence, i.compression])).toEqual([
      [1099, 'none'],
      [999, 'gzip'],
    ])
    expect(file.verifySnapshots(DOC)).toEqual([])
    expect(file.loadLatestSnapshot(DOC).snapshot?.data).toEqual(state(1099))
    file.close()
    const db = new Database(path, { readonly: true })
    const rows = db
      .prepare('SELECT event_sequence, snapshot_data FROM snapshots ORDER BY event_sequence')
      .all() as { event_sequence: number; snapshot_data: Buffer }[]
    const [gzipped, plain] = rows.map((r) => r.snapshot_data)
    if (gzipped === undefined || plain === undefined) throw new Error('expected two snapshot rows')
    expect(JSON.parse(gunzipSync(gzipped).toString())).toEqual({ 'state after': 999 })
    expect(JSON.parse(plain.toString())).toEqual({ 'state after': 1099 })
    db.close()
    const report = validateFile(path)
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([])
  })
})

describe('format edges', () => {
  it('SqliteStorage refuses to write an older schema it has not migrated', async () => {
    const path = join(tmp.dir, 'raw.wiretuner')
    await buildFile(path, 2)
    const db = new Database(path)
    const error = expectStorageError(() => new SqliteStorage(db), 'invalid-argument')
    expect(error.message).toContain('older format version 2')
    const reader = new SqliteStorage(db, { readOnly: true })
    expect(reader.olderFormat).toBe(true)
    expect(reader.eventCount(DOC)).toBe(EVENTS)
    db.close()
  })

  it('a newer format is refused read-only and read-write, writing nothing', async () => {
    const path = join(tmp.dir, 'newer.wiretuner')
    await buildFile(path, 3)
    const db = new Database(path)
    db.pragma(`user_version = ${FORMAT_VERSION + 1}`)
    db.close()
    const before = digest(path)
    for (const readOnly of [true, false]) {
      const error = await openWireTunerFile(path, { readOnly }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(StorageError)
      expect((error as StorageError).code).toBe('newer-format')
    }
    expect(() => validateFile(path)).toThrow(StorageError)
    expect(digest(path)).toBe(before)
    expect(existsSync(`${path}-wal`)).toBe(false)
  })

  it('a format-1 file with a duplicate eventId: read-only reads it, validation fails it, migration changes nothing', async () => {
    const path = join(tmp.dir, 'dup.wiretuner')
    await buildFile(path, 1)
    const db = new Database(path)
    const first = db.prepare('SELECT event_payload FROM events WHERE event_sequence = 0').get() as {
      event_payload: string
    }
    const copy = {
      ...(JSON.parse(first.event_payload) as WireTunerEvent),
      documentId: EMPTY,
      eventSequence: 0,
    }
    db.prepare(
      'INSERT INTO events (document_id, event_sequence, event_type, event_payload, timestamp) VALUES (?, 0, ?, ?, ?)',
    ).run(EMPTY, copy.eventType, serializeEvent(copy), copy.timestamp)
    db.close()
    const before = digest(path)
    const reader = await openWireTunerFile(path, { readOnly: true })
    expect(reader.eventCount(EMPTY)).toBe(1)
    expect(readAll(reader, EMPTY)[0]).toMatchObject({ kind: 'event', event: copy })
    reader.close()
    const report = validateFile(path)
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([
      'events.event-id-unique',
    ])
    expect(report.checks.find((c) => c.id === 'events.event-id-unique')?.findings).toEqual([
      `eventId ${JSON.stringify(copy.eventId)} is stored 2 times`,
    ])
    const error = await openWireTunerFile(path).catch((e: unknown) => e)
    expect((error as StorageError).code).toBe('migration-failed')
    expect(digest(path)).toBe(before)
    expectNoWalContent(path)
  })

  it('a WireTuner file without any schema (format 0) is not readable read-only', async () => {
    const path = join(tmp.dir, 'zero.wiretuner')
    const db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.pragma(`application_id = ${WIRETUNER_APPLICATION_ID}`)
    db.close()
    const error = await openWireTunerFile(path, { readOnly: true }).catch((e: unknown) => e)
    expect((error as StorageError).code).toBe('read-only')
    const report = validateFile(path)
    expect(report.ok).toBe(false)
    expect(status(report, 'file.identity')).toBe('fail')
  })
})
