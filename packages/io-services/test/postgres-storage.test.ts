/**
 * What the PostgreSQL storage adds to the shared contract: the file's schema (tables,
 * constraints, indexes, cascading foreign keys) through five recorded migrations, typed open
 * failures (newer format, read-only, unreachable server), keyset-paged reads, the count cache's
 * triggers, damaged rows reported, the history index, and the two guards of an append (the
 * document lock and the unique constraint behind it) against writers outside this code.
 */
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { FORMAT_VERSION, isStorageError } from '../src/index.js'
import {
  openPostgresStorage,
  POSTGRES_MIGRATION_TABLE,
  POSTGRES_READ_PAGE_ROWS,
  type PostgresStorage,
} from '../src/postgres.js'
import { corruptHistoryEntry } from '../src/testing.js'
import { collect, draft, drafts, rejectsWith } from './helpers.js'
import { freshSchema, openFreshPostgres } from './postgres-helpers.js'

const DOC = '44444444-4444-4444-8444-444444444444'

describe('postgresql storage', () => {
  const cleanups: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function fresh(): Promise<{ storage: PostgresStorage; url: string; sql: pg.Client }> {
    const opened = await openFreshPostgres()
    cleanups.push(opened.close)
    const sql = new pg.Client({ connectionString: opened.url })
    await sql.connect()
    cleanups.push(() => sql.end())
    return { storage: opened.storage, url: opened.url, sql }
  }

  it('creates the file schema: tables, unique constraints, indexes, cascading foreign keys', async () => {
    const { sql } = await fresh()
    const tables = await sql.query(
      'select table_name from information_schema.tables where table_schema = current_schema() order by 1',
    )
    expect(tables.rows.map((r) => r.table_name)).toEqual([
      'event_counts',
      'events',
      'history_index_cache',
      'metadata',
      'snapshots',
      'wiretuner_migration',
      'wiretuner_migration_lock',
    ])
    const indexes = await sql.query(
      "select indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename in ('events', 'snapshots')",
    )
    const defs = Object.fromEntries(indexes.rows.map((r) => [r.indexname, r.indexdef]))
    expect(defs.idx_events_document_sequence).toMatch(
      /ON \S*events USING btree \(document_id, event_sequence\)/,
    )
    expect(defs.idx_snapshots_document).toMatch(/\(document_id, event_sequence DESC\)/)
    expect(defs.idx_events_event_id).toMatch(/CREATE UNIQUE INDEX .*wiretuner_event_id\(event_payload\)/)
    expect(defs.events_document_sequence_unique).toMatch(/UNIQUE INDEX .*\(document_id, event_sequence\)/)
    const fks = await sql.query(
      `select conrelid::regclass::text as child, confdeltype from pg_constraint
       where contype = 'f' and connamespace = current_schema()::regnamespace order by 1`,
    )
    expect(fks.rows).toEqual(
      ['event_counts', 'events', 'history_index_cache', 'snapshots'].map((child) => ({
        child,
        confdeltype: 'c',
      })),
    )
    const migrations = await sql.query(`select name from ${POSTGRES_MIGRATION_TABLE} order by name`)
    expect(migrations.rows.map((r) => r.name)).toEqual([
      '0001_seed_schema',
      '0002_unique_event_id',
      '0003_event_counts',
      '0004_seed_snapshots',
      '0005_history_index',
      '0006_render_caches',
      '0007_render_cache_marks',
    ])
  })

  it('concurrent opens of an empty database migrate once; a newer format is refused', async () => {
    const schema = await freshSchema()
    cleanups.push(schema.drop)
    const opened = await Promise.all(
      [1, 2, 3].map(() => openPostgresStorage({ connectionString: schema.url, listen: false })),
    )
    for (const s of opened) cleanups.push(() => s.close())
    await opened[0]?.createDocument({ documentId: DOC, title: 'x' })
    expect((await opened[2]?.listDocuments())?.map((d) => d.documentId)).toEqual([DOC])
    const sql = new pg.Client({ connectionString: schema.url })
    await sql.connect()
    await sql.query(
      `insert into ${POSTGRES_MIGRATION_TABLE} (name, timestamp) values ('0099_future', now()::text)`,
    )
    await sql.end()
    await rejectsWith(
      () => openPostgresStorage({ connectionString: schema.url, listen: false }),
      'newer-format',
    )
  })

  it('read-only: an unmigrated database is refused, a migrated one reads and refuses writes', async () => {
    const schema = await freshSchema()
    cleanups.push(schema.drop)
    const e = await rejectsWith(
      () => openPostgresStorage({ connectionString: schema.url, readOnly: true, listen: false }),
      'read-only',
    )
    expect(e.message).toMatch(new RegExp(`format 0, not ${FORMAT_VERSION}`))
    const writer = await openPostgresStorage({ connectionString: schema.url, listen: false })
    await writer.createDocument({ documentId: DOC, title: 'x' })
    await writer.close()
    const reader = await openPostgresStorage({ connectionString: schema.url, readOnly: true, listen: false })
    cleanups.push(() => reader.close())
    expect(reader.readOnly).toBe(true)
    expect(await reader.nextSequence(DOC)).toBe(0)
    await rejectsWith(() => reader.append(DOC, drafts(DOC, 1), { expectedSequence: 0 }), 'read-only')
    await rejectsWith(() => reader.createDocument({ title: 'y' }), 'read-only')
    expect(() => reader.onAppend(() => {})).toThrow(/listen: false/)
  })

  it('bad options, an unreachable server and a closed storage are typed errors', async () => {
    await rejectsWith(() => openPostgresStorage({ connectionString: '' }), 'invalid-argument')
    await rejectsWith(
      () => openPostgresStorage({ connectionString: 'postgres://x@127.0.0.1/db', maxConnections: 0 }),
      'invalid-argument',
    )
    const down = await rejectsWith(
      () => openPostgresStorage({ connectionString: 'postgres://wt:secret@127.0.0.1:1/none' }),
      'io',
    )
    expect(down.message).not.toMatch(/secret/)
    const { storage } = await fresh()
    await storage.close()
    expect(storage.open).toBe(false)
    await rejectsWith(() => storage.listDocuments(), 'closed')
    await rejectsWith(() => collect(storage.readEvents(DOC)), 'closed')
    await storage.close() // idempotent
  })

  it('reads in keyset pages: long logs, writes during a read, gaps and damaged rows reported', async () => {
    const { storage, sql } = await fresh()
    await storage.createDocument({ documentId: DOC, title: 'x' })
    const total = 2 * POSTGRES_READ_PAGE_ROWS + 37
    await storage.append(DOC, drafts(DOC, total), { expectedSequence: 0 })
    let seen = 0
    for await (const item of storage.readEvents(DOC, { to: total - 1 })) {
      expect(item).toMatchObject({ kind: 'event', sequence: seen })
      // a pooled storage holds no lock between pages: a write in the middle of a read succeeds
      if (seen === 10) await storage.append(DOC, drafts(DOC, 1), { expectedSequence: total })
      seen++
    }
    expect(seen).toBe(total)
    // damage behind the engine's back: a deleted row (a gap) and a payload that is not JSON
    await sql.query('delete from events where document_id = $1 and event_sequence = $2', [DOC, 1500])
    await sql.query(
      "update events set event_payload = 'not json' where document_id = $1 and event_sequence = $2",
      [DOC, 7],
    )
    const items = await collect(storage.readEvents(DOC, { from: 5, to: 1501 }))
    expect(items.filter((i) => i.kind !== 'event')).toEqual([
      expect.objectContaining({ kind: 'invalid', sequence: 7, payload: 'not json' }),
      { kind: 'gap', from: 1500, to: 1500 },
    ])
    expect(items).toHaveLength(1501 - 5 + 1 - 1 + 1)
    // the damaged row indexes as NULL: it never blocks an append
    await storage.append(DOC, drafts(DOC, 2), { expectedSequence: total + 1 })
    expect(await storage.logBytes(DOC, { from: 7, to: 7 })).toBe('not json'.length)
  })

  it('keeps event_counts exact through external deletes and falls back to counting', async () => {
    const { storage, sql } = await fresh()
    await storage.createDocument({ documentId: DOC, title: 'x' })
    await storage.append(DOC, drafts(DOC, 10), { expectedSequence: 0 })
    const cached = async () =>
      (await sql.query('select event_count from event_counts where document_id = $1', [DOC])).rows[0]
        ?.event_count
    expect(await cached()).toBe('10')
    await sql.query('delete from events where document_id = $1 and event_sequence >= 8', [DOC])
    expect(await cached()).toBe('8')
    expect(await storage.eventCount(DOC)).toBe(8)
    // an external insert is not tracked: the span check notices and the rows are counted
    const row = (await sql.query('select * from events where document_id = $1 and event_sequence = 7', [DOC]))
      .rows[0]
    const payload = JSON.parse(row.event_payload)
    await sql.query(
      'insert into events (document_id, event_sequence, event_type, event_payload, timestamp, user_id) values ($1, 20, $2, $3, $4, $5)',
      [
        DOC,
        row.event_type,
        JSON.stringify({ ...payload, eventId: crypto.randomUUID(), eventSequence: 20 }),
        row.timestamp,
        row.user_id,
      ],
    )
    expect(await cached()).toBe('8')
    expect(await storage.eventCount(DOC)).toBe(9)
    // re-keying a row drops the cache row; the next append rebuilds it from the rows
    await sql.query('update events set event_sequence = 8 where document_id = $1 and event_sequence = 20', [
      DOC,
    ])
    expect(await cached()).toBeUndefined()
    await storage.append(DOC, drafts(DOC, 1), { expectedSequence: 9 })
    expect(await cached()).toBe('10')
    expect(await storage.eventCount(DOC)).toBe(10)
  })

  it('stores the history index: entries checked against the log, stale and corrupt ones skipped', async () => {
    const { storage, sql } = await fresh()
    expect(storage.historyIndexAvailable).toBe(true)
    await storage.createDocument({ documentId: DOC, title: 'x' })
    const written = await storage.append(DOC, drafts(DOC, 10), { expectedSequence: 0 })
    const state = (n: number) => new TextEncoder().encode(`{"state":${n}}`)
    for (const at of [2, 5, 8]) await storage.writeHistoryEntry(DOC, at, state(at))
    const replaced = await storage.writeHistoryEntry(DOC, 8, state(88))
    expect(replaced).toMatchObject({ eventSequence: 8, eventId: written.events[8]?.eventId, stale: false })
    const latest = await storage.loadHistoryEntry(DOC)
    expect(new TextDecoder().decode(latest.entry?.data)).toBe('{"state":88}')
    expect((await storage.loadHistoryEntry(DOC, { atOrBefore: 7, after: 2 })).entry?.eventSequence).toBe(5)
    expect(await storage.loadHistoryEntry(DOC, { atOrBefore: 2, after: 2 })).toEqual({ skipped: [] })
    // the log's event at 8 replaced behind the engine's back: the entry is stale, never used
    await sql.query(
      `update events set event_payload = jsonb_set(event_payload::jsonb, '{eventId}', to_jsonb($2::text))::text
       where document_id = $1 and event_sequence = 8`,
      [DOC, crypto.randomUUID()],
    )
    await corruptHistoryEntry(storage, DOC, 5, new Uint8Array([1, 2, 3]))
    const fallback = await storage.loadHistoryEntry(DOC)
    expect(fallback.entry?.eventSequence).toBe(2)
    expect(fallback.skipped.map((p) => [p.eventSequence, p.code])).toEqual([
      [8, 'stale-history-entry'],
      [5, 'corrupt-history-entry'],
    ])
    expect((await storage.listHistoryEntries(DOC)).map((e) => [e.eventSequence, e.stale])).toEqual([
      [2, false],
      [5, false],
      [8, true],
    ])
    await rejectsWith(() => storage.writeHistoryEntry(DOC, 10, state(10)), 'invalid-argument')
    expect(await storage.deleteHistoryEntries(DOC, [5, 99])).toBe(1)
    expect(await storage.deleteHistoryEntries(DOC)).toBe(2)
    expect(await storage.listHistoryEntries(DOC)).toEqual([])
  })

  it('an append waits for an outside writer holding the document lock, then sees its events', async () => {
    const { storage, sql } = await fresh()
    await storage.createDocument({ documentId: DOC, title: 'x' })
    await storage.append(DOC, drafts(DOC, 2), { expectedSequence: 0 })
    const [row] = (
      await sql.query('select * from events where document_id = $1 and event_sequence = 1', [DOC])
    ).rows
    const copy = (seq: number) => [
      DOC,
      seq,
      row.event_type,
      JSON.stringify({ ...JSON.parse(row.event_payload), eventId: crypto.randomUUID(), eventSequence: seq }),
      row.timestamp,
    ]
    const insert =
      'insert into events (document_id, event_sequence, event_type, event_payload, timestamp) values ($1, $2, $3, $4, $5)'
    // 1. an outside transaction holding the metadata row lock: the append queues behind it
    await sql.query('begin')
    await sql.query('select 1 from metadata where document_id = $1 for no key update', [DOC])
    await sql.query(insert, copy(2))
    const queued = storage.append(DOC, [draft(DOC)], { expectedSequence: 2 })
    await new Promise((r) => setTimeout(r, 200))
    await sql.query('commit')
    const locked = await queued.catch((e: unknown) => e)
    expect(isStorageError(locked, 'conflict')).toBe(true)
    expect((locked as Error).cause).toBeUndefined()
    // 2. an outside writer that skips the lock: the unique constraint refuses the second row
    await sql.query('begin')
    await sql.query(insert, copy(3))
    const racing = storage.append(DOC, [draft(DOC)], { expectedSequence: 3 })
    await new Promise((r) => setTimeout(r, 200))
    await sql.query('commit')
    const constrained = await racing.catch((e: unknown) => e)
    expect(isStorageError(constrained, 'conflict')).toBe(true)
    expect(((constrained as Error).cause as { constraint?: string }).constraint).toBe(
      'events_document_sequence_unique',
    )
    expect((constrained as { details: object }).details).toMatchObject({
      expectedSequence: 3,
      actualSequence: 4,
    })
    expect(await storage.nextSequence(DOC)).toBe(4)
  })
})
