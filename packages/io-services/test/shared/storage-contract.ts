/**
 * The storage contract, as a suite module parametrized by backends and by the test functions, so
 * the SAME assertions run under vitest on Node (in-memory, SQLite `:memory:`, SQLite file,
 * `asAsyncStorage(memory)`, PostgreSQL: see storage-contract.test.ts) and inside a Worker of
 * headless Chromium on the OPFS storage (see browser/contract-suite.ts). Whatever replay and the
 * sync server rely on is asserted here once. Every call is awaited and every read is consumed
 * with `for await`, so the suite runs unchanged on synchronous and asynchronous storages.
 */
import type { TestApi } from '@wiretuner/browser-kit/runner'
import { isUuidV4, serializeEvent } from '@wiretuner/event-schema'
import fc from 'fast-check'
import {
  type DocumentStorage,
  encodeSnapshot,
  type ReadItem,
  type RenderCacheStore,
  type RenderedPathRow,
  type SnapshotInfo,
} from '../../src/index.js'
import { corruptRenderCache, corruptSnapshot } from '../../src/testing.js'
import {
  type Backend,
  type ContractStorage,
  collect,
  draft,
  drafts,
  PROPERTY_RUNS,
  rejectsWith,
} from './events.js'

const DOC_A = '11111111-1111-4111-8111-111111111111'
const DOC_B = '22222222-2222-4222-8222-222222222222'

/** The events of a read (sync or async), failing on any other item. */
async function events(items: Iterable<ReadItem> | AsyncIterable<ReadItem>) {
  return (await collect(items)).map((item) => {
    if (item.kind !== 'event') throw new Error(`unexpected ${item.kind} item: ${JSON.stringify(item)}`)
    return item.event
  })
}

/** Declares the contract suite once per backend, with `t`'s describe/it/expect/afterEach. */
export function storageContract(t: TestApi, backends: readonly Backend[]): void {
  const { describe, it, expect, afterEach } = t
  for (const backend of backends) describe(`storage contract: ${backend.name}`, () => contractOn(backend))

  function contractOn(backend: Backend): void {
    let close: () => unknown = () => {}
    let now = 1_800_000_000_000
    async function open(options: { maxSnapshotBytes?: number } = {}): Promise<ContractStorage> {
      const opened = await backend.open({ clock: () => ++now, ...options })
      let closing: unknown
      let closed = false
      // idempotent: a test may close early, afterEach closes again
      close = () => {
        if (!closed) {
          closed = true
          closing = opened.close()
        }
        return closing
      }
      return opened.storage
    }
    afterEach(() => close())

    it('creates documents with ms metadata, lists, updates and refuses duplicates', async () => {
      const s = await open()
      const a = await s.createDocument({
        documentId: DOC_A,
        title: 'A',
        author: 'ann',
        createdAt: 1_700_000_000_123,
      })
      expect(a).toEqual({
        documentId: DOC_A,
        title: 'A',
        formatVersion: 1,
        createdAt: 1_700_000_000_123,
        modifiedAt: 1_700_000_000_123,
        author: 'ann',
      })
      const b = await s.createDocument({ title: 'B' })
      expect(b.documentId).toMatch(/^[0-9a-f-]{36}$/)
      expect(b.author).toBeNull()
      expect(b.createdAt).toBe(now)
      const early = await s.createDocument({ title: 'C', createdAt: 1_600_000_000_000 })
      expect((await s.listDocuments()).map((d) => d.documentId)).toEqual([
        DOC_A,
        b.documentId,
        early.documentId,
      ])
      expect(await s.getMetadata(DOC_A)).toEqual(a)
      expect(await s.getMetadata(DOC_B)).toBeUndefined()
      const updated = await s.setMetadata(DOC_A, { title: 'A2', author: null, modifiedAt: 1_700_000_000_999 })
      expect(updated).toMatchObject({
        title: 'A2',
        author: null,
        modifiedAt: 1_700_000_000_999,
        createdAt: 1_700_000_000_123,
      })
      expect(await s.getMetadata(DOC_A)).toEqual(updated)
      await rejectsWith(() => s.createDocument({ documentId: DOC_A, title: 'again' }), 'duplicate-document')
      await rejectsWith(() => s.createDocument({ documentId: 'not-a-uuid', title: 'x' }), 'invalid-argument')
      // event-schema's rule (lower case only): an id whose events event-schema would refuse
      const upper = 'ABCDEF12-3456-4ABC-8DEF-0123456789AB'
      expect(isUuidV4(upper.toLowerCase())).toBe(true)
      await rejectsWith(() => s.createDocument({ documentId: upper, title: 'x' }), 'invalid-argument')
      await rejectsWith(() => s.setMetadata(DOC_B, { title: 'x' }), 'unknown-document')
    })

    it('an empty document has next sequence 0, no events, and reads nothing', async () => {
      const s = await open()
      await s.createDocument({ documentId: DOC_A, title: 'A' })
      expect(await s.nextSequence(DOC_A)).toBe(0)
      expect(await s.eventCount(DOC_A)).toBe(0)
      expect(await collect(s.readEvents(DOC_A))).toEqual([])
      expect(await s.loadLatestSnapshot(DOC_A)).toEqual({ skipped: [] })
      expect(await s.listSnapshots(DOC_A)).toEqual([])
    })

    it('appends with gap-free sequences and reads back the canonical events', async () => {
      const s = await open()
      await s.createDocument({ documentId: DOC_A, title: 'A', createdAt: 1_700_000_000_000 })
      const first = drafts(DOC_A, 3)
      const r1 = await s.append(DOC_A, first, { expectedSequence: 0 })
      expect(r1.firstSequence).toBe(0)
      expect(r1.nextSequence).toBe(3)
      expect(r1.events.map((e) => e.eventSequence)).toEqual([0, 1, 2])
      // An event may carry exactly the sequence it will get.
      const carried = { ...draft(DOC_A), eventSequence: 3 }
      const r2 = await s.append(DOC_A, [carried, draft(DOC_A)], { expectedSequence: 3 })
      expect(r2.events.map((e) => e.eventSequence)).toEqual([3, 4])
      expect(await s.nextSequence(DOC_A)).toBe(5)
      expect(await s.eventCount(DOC_A)).toBe(5)
      const read = await events(s.readEvents(DOC_A))
      expect(read).toEqual([...r1.events, ...r2.events])
      expect(read.map((e) => e.eventId)).toEqual([...first, carried, r2.events[1]].map((e) => e?.eventId))
      for (const e of read) expect(JSON.parse(serializeEvent(e))).toEqual(e)
      expect((await s.getMetadata(DOC_A))?.modifiedAt).toBeGreaterThan(1_700_000_000_000)
    })

    it('reads inclusive ranges and may stop early', async () => {
      const s = await open()
      await s.createDocument({ documentId: DOC_A, title: 'A' })
      await s.append(DOC_A, drafts(DOC_A, 10), { expectedSequence: 0 })
      expect((await events(s.readEvents(DOC_A, { from: 3, to: 6 }))).map((e) => e.eventSequence)).toEqual([
        3, 4, 5, 6,
      ])
      expect((await events(s.readEvents(DOC_A, { from: 8 }))).map((e) => e.eventSequence)).toEqual([8, 9])
      expect((await events(s.readEvents(DOC_A, { to: 1 }))).map((e) => e.eventSequence)).toEqual([0, 1])
      expect(await collect(s.readEvents(DOC_A, { from: 10 }))).toEqual([])
      for await (const item of s.readEvents(DOC_A)) {
        // While a read iteration is open: reads work; on one connection (the synchronous
        // storages) writes are refused, a pooled storage reads in pages and holds no lock.
        expect(await s.eventCount(DOC_A)).toBe(10)
        if (backend.readsBlockWrites) {
          await rejectsWith(() => s.append(DOC_A, drafts(DOC_A, 1), { expectedSequence: 10 }), 'busy')
          await rejectsWith(() => s.createDocument({ title: 'during read' }), 'busy')
        }
        if (item.kind === 'event' && item.sequence === 2) break
      }
      // Stopping early releases the reader: writing works again.
      await s.append(DOC_A, drafts(DOC_A, 1), { expectedSequence: 10 })
      expect(await s.nextSequence(DOC_A)).toBe(11)
      await rejectsWith(() => collect(s.readEvents(DOC_A, { from: -1 })), 'invalid-argument')
    })

    it("reads one event's userId from its payload (eventUserId)", async () => {
      const s = await open()
      await s.createDocument({ documentId: DOC_A, title: 'A' })
      await s.append(
        DOC_A,
        [
          draft(DOC_A),
          draft(DOC_A, undefined, { userId: 'u-1' }),
          draft(DOC_A, undefined, { userId: 'local-user' }),
        ],
        { expectedSequence: 0 },
      )
      expect(await s.eventUserId(DOC_A, 0)).toBeUndefined()
      expect(await s.eventUserId(DOC_A, 1)).toBe('u-1')
      expect(await s.eventUserId(DOC_A, 2)).toBe('local-user')
      // what readEvents gives, for every stored event
      for (const e of await events(s.readEvents(DOC_A)))
        expect(await s.eventUserId(DOC_A, e.eventSequence)).toBe(e.userId)
      expect(await s.eventUserId(DOC_A, 3)).toBeUndefined() // no such row
      expect(await s.eventUserId(DOC_B, 1)).toBeUndefined() // no such document
      await rejectsWith(async () => s.eventUserId(DOC_A, -1), 'invalid-argument')
      await rejectsWith(async () => s.eventUserId(DOC_A, 1.5), 'invalid-argument')
    })

    it('a stale expectedSequence is a conflict and writes nothing', async () => {
      const s = await open()
      await s.createDocument({ documentId: DOC_A, title: 'A' })
      await s.append(DOC_A, drafts(DOC_A, 2), { expectedSequence: 0 })
      const before = await s.getMetadata(DOC_A)
      for (const expectedSequence of [0, 1, 3, 100]) {
        const e = await rejectsWith(() => s.append(DOC_A, drafts(DOC_A, 2), { expectedSequence }), 'conflict')
        expect(e.details).toMatchObject({ expectedSequence, actualSequence: 2 })
      }
      expect(await s.eventCount(DOC_A)).toBe(2)
      expect(await s.getMetadata(DOC_A)).toEqual(before)
      await rejectsWith(() => s.append(DOC_A, [], { expectedSequence: 1 }), 'conflict')
      expect(await s.append(DOC_A, [], { expectedSequence: 2 })).toEqual({
        firstSequence: 2,
        nextSequence: 2,
        events: [],
      })
    })

    it('rejects invalid events before writing anything', async () => {
      const s = await open()
      await s.createDocument({ documentId: DOC_A, title: 'A' })
      await s.createDocument({ documentId: DOC_B, title: 'B' })
      const good = draft(DOC_A)
      const cases: [string, unknown][] = [
        ['payload breaks a rule', { ...draft(DOC_A, 0), delta: { x: 'left', y: 0 } }],
        ['type/payload mismatch', { ...draft(DOC_A, 0), eventType: 'CreateLayerEvent' }],
        ['unknown type', { ...draft(DOC_A, 0), eventType: 'ExplodeEvent' }],
        ['unknown key', { ...draft(DOC_A, 0), surprise: true }],
        ['other document', draft(DOC_B)],
        ['wrong carried sequence', { ...draft(DOC_A), eventSequence: 7 }],
        ['not an object', 42],
      ]
      for (const [label, bad] of cases) {
        const e = await rejectsWith(
          () => s.append(DOC_A, [good, bad as never], { expectedSequence: 0 }),
          'invalid-event',
        )
        expect(e.details.index, label).toBe(1)
        expect(await s.eventCount(DOC_A), label).toBe(0)
      }
      await rejectsWith(() => s.append(DOC_A, [good], { expectedSequence: -1 }), 'invalid-argument')
      await rejectsWith(() => s.append(DOC_B, [draft(DOC_B)], { expectedSequence: 0.5 }), 'invalid-argument')
    })

    it('never stores the same eventId twice (batch, log, other documents)', async () => {
      const s = await open()
      await s.createDocument({ documentId: DOC_A, title: 'A' })
      await s.createDocument({ documentId: DOC_B, title: 'B' })
      const e = draft(DOC_A)
      await rejectsWith(
        () => s.append(DOC_A, [e, draft(DOC_A), e], { expectedSequence: 0 }),
        'duplicate-event-id',
      )
      expect(await s.eventCount(DOC_A)).toBe(0)
      await s.append(DOC_A, [e], { expectedSequence: 0 })
      const again = await rejectsWith(
        () => s.append(DOC_A, [draft(DOC_A), e], { expectedSequence: 1 }),
        'duplicate-event-id',
      )
      expect(again.details.eventId).toBe(e.eventId)
      expect(await s.eventCount(DOC_A)).toBe(1)
      await rejectsWith(
        () => s.append(DOC_B, [{ ...e, documentId: DOC_B }], { expectedSequence: 0 }),
        'duplicate-event-id',
      )
      expect(await s.eventCount(DOC_B)).toBe(0)
    })

    it('stores batches of every size around the insert chunks (128/32/8/1 rows) exactly', async () => {
      const s = await open()
      await s.createDocument({ documentId: DOC_A, title: 'A' })
      const all = []
      for (const n of [1, 7, 8, 9, 31, 32, 33, 127, 128, 129, 300, 1000]) {
        const batch = drafts(DOC_A, n)
        const first = all.length
        const result = await s.append(DOC_A, batch, { expectedSequence: first })
        expect(result.nextSequence).toBe(first + n)
        all.push(...batch)
      }
      expect(await s.eventCount(DOC_A)).toBe(all.length)
      expect(await s.nextSequence(DOC_A)).toBe(all.length)
      const stored = await events(s.readEvents(DOC_A))
      expect(stored.map((e) => e.eventSequence)).toEqual(all.map((_, i) => i))
      expect(stored.map((e) => serializeEvent(e))).toEqual(all.map((d, i) => serializeEvent({ ...d }, i)))
    })

    it('refuses a stored eventId deep inside a large batch and writes none of it', async () => {
      const s = await open()
      await s.createDocument({ documentId: DOC_A, title: 'A' })
      const e = draft(DOC_A)
      await s.append(DOC_A, [e], { expectedSequence: 0 })
      const batch = drafts(DOC_A, 300)
      batch[200] = e
      const refused = await rejectsWith(
        () => s.append(DOC_A, batch, { expectedSequence: 1 }),
        'duplicate-event-id',
      )
      expect(refused.details.eventId).toBe(e.eventId)
      expect(await s.eventCount(DOC_A)).toBe(1)
      expect(await s.nextSequence(DOC_A)).toBe(1)
    })

    it('unknown documents are a typed error everywhere', async () => {
      const s = await open()
      await rejectsWith(() => s.nextSequence(DOC_A), 'unknown-document')
      await rejectsWith(() => s.eventCount(DOC_A), 'unknown-document')
      await rejectsWith(() => s.append(DOC_A, [draft(DOC_A)], { expectedSequence: 0 }), 'unknown-document')
      await rejectsWith(() => collect(s.readEvents(DOC_A)), 'unknown-document')
      await rejectsWith(() => s.writeSnapshot(DOC_A, 0, new Uint8Array(1)), 'unknown-document')
      await rejectsWith(() => s.loadLatestSnapshot(DOC_A), 'unknown-document')
      await rejectsWith(() => s.listSnapshots(DOC_A), 'unknown-document')
      await rejectsWith(() => s.pruneSnapshots(DOC_A), 'unknown-document')
      expect(await s.deleteDocument(DOC_A)).toBe(false)
    })

    it('stores, finds, lists and prunes snapshots; gzip and none round-trip', async () => {
      const s = await open()
      await s.createDocument({ documentId: DOC_A, title: 'A' })
      await s.append(DOC_A, drafts(DOC_A, 30), { expectedSequence: 0 })
      const bytes = (n: number) => new TextEncoder().encode(`{"state":${n},"pad":"${'x'.repeat(200)}"}`)
      const infos: SnapshotInfo[] = []
      for (const [i, seq] of [4, 9, 14, 19, 24, 29].entries()) {
        infos.push(
          await s.writeSnapshot(DOC_A, seq, bytes(seq), { compression: i % 2 === 0 ? 'gzip' : 'none' }),
        )
      }
      expect(infos[0]?.storedBytes).toBeLessThan(infos[1]?.storedBytes ?? 0)
      const latest = await s.loadLatestSnapshot(DOC_A)
      expect(latest.skipped).toEqual([])
      expect(latest.snapshot?.eventSequence).toBe(29)
      expect(latest.snapshot?.compression).toBe('none')
      expect(new TextDecoder().decode(latest.snapshot?.data)).toBe(new TextDecoder().decode(bytes(29)))
      expect((await s.loadLatestSnapshot(DOC_A, { atOrBefore: 23 })).snapshot?.eventSequence).toBe(19)
      expect((await s.loadLatestSnapshot(DOC_A, { atOrBefore: 14 })).snapshot?.data).toEqual(bytes(14))
      expect(await s.loadLatestSnapshot(DOC_A, { atOrBefore: 3 })).toEqual({ skipped: [] })
      expect((await s.listSnapshots(DOC_A)).map((i) => i.eventSequence)).toEqual([29, 24, 19, 14, 9, 4])
      expect((await s.listSnapshots(DOC_A))[0]).toEqual(infos[5])
      expect(await s.pruneSnapshots(DOC_A, 4)).toBe(2)
      expect((await s.listSnapshots(DOC_A)).map((i) => i.eventSequence)).toEqual([29, 24, 19, 14])
      expect(await s.pruneSnapshots(DOC_A)).toBe(0)
      expect(await s.eventCount(DOC_A)).toBe(30)
      expect(await s.verifySnapshots(DOC_A)).toEqual([])
      await rejectsWith(() => s.writeSnapshot(DOC_A, 30, bytes(1)), 'invalid-argument')
      await rejectsWith(() => s.pruneSnapshots(DOC_A, -1), 'invalid-argument')
    })

    it('default retention keeps the 10 newest snapshots', async () => {
      const s = await open()
      await s.createDocument({ documentId: DOC_A, title: 'A' })
      await s.append(DOC_A, drafts(DOC_A, 15), { expectedSequence: 0 })
      for (let i = 0; i < 15; i++) await s.writeSnapshot(DOC_A, i, new Uint8Array([i]))
      expect(await s.pruneSnapshots(DOC_A)).toBe(5)
      expect((await s.listSnapshots(DOC_A)).map((i) => i.eventSequence)).toEqual([
        14, 13, 12, 11, 10, 9, 8, 7, 6, 5,
      ])
    })

    it('skips and reports corrupt snapshots, falling back to an older one', async () => {
      const s = await open()
      await s.createDocument({ documentId: DOC_A, title: 'A' })
      await s.append(DOC_A, drafts(DOC_A, 10), { expectedSequence: 0 })
      await s.writeSnapshot(DOC_A, 3, new TextEncoder().encode('three'))
      const bad = await s.writeSnapshot(DOC_A, 7, new TextEncoder().encode('seven'))
      const worse = await s.writeSnapshot(DOC_A, 9, new TextEncoder().encode('nine'), { compression: 'none' })
      const flipped = encodeSnapshot(new TextEncoder().encode('seven'))
      flipped[flipped.length - 5] = (flipped[flipped.length - 5] ?? 0) ^ 0xff
      await corruptSnapshot(s, DOC_A, bad.snapshotId, flipped)
      // A `none` row holds plain bytes (checked by the reader's parser); a gzip stream there is damage.
      await corruptSnapshot(s, DOC_A, worse.snapshotId, encodeSnapshot(new TextEncoder().encode('nine')))
      const result = await s.loadLatestSnapshot(DOC_A)
      expect(new TextDecoder().decode(result.snapshot?.data)).toBe('three')
      expect(result.skipped.map((p) => [p.snapshotId, p.code])).toEqual([
        [worse.snapshotId, 'corrupt-snapshot'],
        [bad.snapshotId, 'corrupt-snapshot'],
      ])
      expect((await s.verifySnapshots(DOC_A)).map((p) => p.snapshotId)).toEqual([
        worse.snapshotId,
        bad.snapshotId,
      ])
      expect(result.skipped[1]?.reason).toMatch(/CRC mismatch/)
      await corruptSnapshot(s, DOC_A, worse.snapshotId, new Uint8Array([1, 2, 3]))
      expect([...((await s.loadLatestSnapshot(DOC_A)).snapshot?.data ?? [])]).toEqual([1, 2, 3])
    })

    it('corruptSnapshot (testing entry) damages only its own storages, as a write', async () => {
      const s = await open()
      await s.createDocument({ documentId: DOC_A, title: 'A' })
      await s.append(DOC_A, drafts(DOC_A, 2), { expectedSequence: 0 })
      const snap = await s.writeSnapshot(DOC_A, 1, new TextEncoder().encode('one'))
      await rejectsWith(
        () => corruptSnapshot({ ...s } as ContractStorage, DOC_A, snap.snapshotId, new Uint8Array(3)),
        'invalid-argument',
      )
      await rejectsWith(
        () => corruptSnapshot(s, 'no-such-document', snap.snapshotId, new Uint8Array(3)),
        'unknown-document',
      )
      expect(new TextDecoder().decode((await s.loadLatestSnapshot(DOC_A)).snapshot?.data)).toBe('one')
      await corruptSnapshot(s, DOC_A, snap.snapshotId, new Uint8Array(3))
      expect((await s.loadLatestSnapshot(DOC_A)).skipped.map((p) => p.code)).toEqual(['corrupt-snapshot'])
    })

    it('refuses snapshots above the size limit, on write and on read', async () => {
      const s = await open({ maxSnapshotBytes: 1000 })
      await s.createDocument({ documentId: DOC_A, title: 'A' })
      await s.append(DOC_A, drafts(DOC_A, 2), { expectedSequence: 0 })
      await rejectsWith(() => s.writeSnapshot(DOC_A, 0, new Uint8Array(1001)), 'snapshot-too-large')
      expect(await s.listSnapshots(DOC_A)).toEqual([])
      const ok = await s.writeSnapshot(DOC_A, 1, new Uint8Array(1000))
      await corruptSnapshot(s, DOC_A, ok.snapshotId, encodeSnapshot(new Uint8Array(5000)))
      const result = await s.loadLatestSnapshot(DOC_A)
      expect(result.snapshot).toBeUndefined()
      expect(result.skipped[0]?.code).toBe('snapshot-too-large')
    })

    it('deleting a document cascades to its events and snapshots only', async () => {
      const s = await open()
      await s.createDocument({ documentId: DOC_A, title: 'A' })
      await s.createDocument({ documentId: DOC_B, title: 'B' })
      const a = drafts(DOC_A, 3)
      await s.append(DOC_A, a, { expectedSequence: 0 })
      await s.append(DOC_B, drafts(DOC_B, 2), { expectedSequence: 0 })
      await s.writeSnapshot(DOC_A, 2, new Uint8Array([1]))
      expect(await s.deleteDocument(DOC_A)).toBe(true)
      expect(await s.getMetadata(DOC_A)).toBeUndefined()
      await rejectsWith(() => s.eventCount(DOC_A), 'unknown-document')
      expect(await s.eventCount(DOC_B)).toBe(2)
      // The deleted events' ids are free again (a re-created document may reuse them).
      await s.createDocument({ documentId: DOC_A, title: 'A again' })
      await s.append(DOC_A, a, { expectedSequence: 0 })
      expect(await s.listSnapshots(DOC_A)).toEqual([])
    })

    it('render caches, where the storage has them: whole-document reads equal row reads byte for byte, damage shows, R*Tree answers', async () => {
      const s = await open()
      const cache = (s as { readonly renderCache?: RenderCacheStore }).renderCache
      if (cache === undefined) {
        // an optional capability: the in-memory storage, its async adapter and PostgreSQL have none
        expect(backend.name).toMatch(/memory|postgres/i)
        return
      }
      await s.createDocument({ documentId: DOC_A, title: 'A' })
      await s.createDocument({ documentId: DOC_B, title: 'B' })
      await s.append(DOC_A, drafts(DOC_A, 2), { expectedSequence: 0 })
      // rows of uneven lengths (one empty, one of 3,001 bytes), another document's rows between
      const lengths = [5, 0, 3_001, 1, 64]
      const ids = lengths.map((_, i) => `o${i}`)
      for (const [i, n] of lengths.entries()) {
        const bytes = Uint8Array.from({ length: n }, (_, k) => (k * 31 + i) & 0xff)
        const box = { minX: i * 10, minY: 0, maxX: i * 10 + 5, maxY: 5 }
        cache.writeObjects(DOC_A, [
          {
            objectId: ids[i] as string,
            eventSequence: 1,
            contentHash: `h${i}`,
            tessellation: bytes,
            bounds: box,
          },
        ])
        if (i === 2)
          cache.writeObjects(DOC_B, [
            {
              objectId: 'x',
              eventSequence: 0,
              contentHash: 'hx',
              tessellation: new Uint8Array(9),
              bounds: box,
            },
          ])
      }
      const plain = (rows: readonly RenderedPathRow[]) =>
        rows
          .map((r) => ({ ...r, data: Array.from(r.data) }))
          .sort((a, b) => a.objectId.localeCompare(b.objectId))
      const whole = cache.readRenderedPaths(DOC_A)
      expect(whole.map((r) => r.data.length).sort((a, b) => a - b)).toEqual(
        [...lengths].sort((a, b) => a - b),
      )
      expect(plain(whole)).toEqual(plain(cache.readRenderedPaths(DOC_A, ids)))
      expect(whole.every((r) => r.intact)).toBe(true)
      corruptRenderCache(s as DocumentStorage, DOC_A, 'o2', { kind: 'path-byte', byteIndex: 1_500 })
      const damaged = cache.readRenderedPaths(DOC_A)
      expect(damaged.filter((r) => !r.intact).map((r) => r.objectId)).toEqual(['o2'])
      expect(plain(damaged)).toEqual(plain(cache.readRenderedPaths(DOC_A, ids)))
      const hits = cache.querySpatial(DOC_A, { minX: 12, minY: 1, maxX: 31, maxY: 2 })
      expect(hits.map((r) => r.objectId).sort()).toEqual(['o1', 'o2', 'o3'])
    })

    it('keeps documents independent (property: random interleaved batches, stale writers)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              doc: fc.boolean(),
              size: fc.integer({ min: 0, max: 6 }),
              skew: fc.integer({ min: -2, max: 2 }),
            }),
            {
              maxLength: 12,
            },
          ),
          async (steps) => {
            const s = await open()
            try {
              await s.createDocument({ documentId: DOC_A, title: 'A' })
              await s.createDocument({ documentId: DOC_B, title: 'B' })
              const model = new Map<string, string[]>([
                [DOC_A, []],
                [DOC_B, []],
              ])
              for (const { doc, size, skew } of steps) {
                const id = doc ? DOC_A : DOC_B
                const log = model.get(id) as string[]
                const batch = drafts(id, size)
                const expected = Math.max(0, log.length + skew)
                if (expected === log.length) {
                  await s.append(id, batch, { expectedSequence: expected })
                  log.push(...batch.map((e) => e.eventId))
                } else {
                  await rejectsWith(() => s.append(id, batch, { expectedSequence: expected }), 'conflict')
                }
              }
              for (const [id, ids] of model) {
                expect(await s.nextSequence(id)).toBe(ids.length)
                const read = await events(s.readEvents(id))
                expect(read.map((e) => e.eventId)).toEqual(ids)
                expect(read.map((e) => e.eventSequence)).toEqual(ids.map((_, i) => i))
              }
            } finally {
              await close()
            }
          },
        ),
        { numRuns: Math.max(10, Math.round(PROPERTY_RUNS / 5)) },
      )
    })

    it('range reads and snapshot lookups match a brute-force model (property)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 40 }),
          fc.array(fc.nat(), { maxLength: 12 }),
          fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
          fc.array(fc.tuple(fc.nat(45), fc.nat(45)), { minLength: 1, maxLength: 6 }),
          async (count, snapshotAt, keep, probes) => {
            const s = await open()
            try {
              await s.createDocument({ documentId: DOC_A, title: 'A' })
              if (count > 0) await s.append(DOC_A, drafts(DOC_A, count), { expectedSequence: 0 })
              // Model: snapshots newest first (sequence descending, later write first on ties).
              let model: { seq: number; n: number }[] = []
              if (count > 0) {
                for (const [n, at] of snapshotAt.entries()) {
                  const seq = at % count
                  await s.writeSnapshot(DOC_A, seq, new Uint8Array([n]))
                  model.push({ seq, n })
                }
              }
              model.sort((a, b) => b.seq - a.seq || b.n - a.n)
              if (keep !== undefined) {
                expect(await s.pruneSnapshots(DOC_A, keep)).toBe(Math.max(0, model.length - keep))
                model = model.slice(0, keep)
              }
              expect((await s.listSnapshots(DOC_A)).map((i) => i.eventSequence)).toEqual(
                model.map((m) => m.seq),
              )
              for (const [a, b] of probes) {
                const expected = model.find((m) => m.seq <= a)
                const loaded = (await s.loadLatestSnapshot(DOC_A, { atOrBefore: a })).snapshot
                expect(loaded === undefined ? undefined : [loaded.eventSequence, loaded.data[0]]).toEqual(
                  expected === undefined ? undefined : [expected.seq, expected.n],
                )
                const from = Math.min(a, b)
                const to = Math.max(a, b)
                const want: number[] = []
                for (let q = from; q <= Math.min(to, count - 1); q++) want.push(q)
                expect((await events(s.readEvents(DOC_A, { from, to }))).map((e) => e.eventSequence)).toEqual(
                  want,
                )
                const tail = Array.from({ length: Math.max(0, count - from) }, (_, i) => from + i)
                expect((await events(s.readEvents(DOC_A, { from }))).map((e) => e.eventSequence)).toEqual(
                  tail,
                )
              }
              expect(await s.eventCount(DOC_A)).toBe(count)
              expect(await s.nextSequence(DOC_A)).toBe(count)
            } finally {
              await close()
            }
          },
        ),
        { numRuns: Math.max(10, Math.round(PROPERTY_RUNS / 5)) },
      )
    })
  }
}
