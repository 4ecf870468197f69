/**
 * The render caches kept by sessions (issue 16): after any random log, every row equals a
 * from-scratch recomputation for the document at its recorded sequence; damaged rows (byte
 * flips, moved boxes, wrong sequence or hash) are detected and repaired, and the readers
 * (`hitTest`, `objectsIn`, `renderedPaths`) answer exactly what the linear computations answer,
 * damaged or not.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DocumentStorage, RenderCacheStore } from '@wiretuner/io-services'
import { createMemoryStorage } from '@wiretuner/io-services'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { corruptRenderCache } from '@wiretuner/io-services/testing'
import { type Document, hitTest, objectPaintBounds } from '@wiretuner/vector-model'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { createManualScheduler } from '../src/clock.js'
import { openSession } from '../src/open-session.js'
import { objectCacheEntry } from '../src/render-cache-rows.js'
import { objectsInScan } from '../src/render-fallbacks.js'
import type { DocumentSession } from '../src/session.js'
import { simulatedLog } from '../src/testing.js'
import { fakeUuid, RUNS, storeLog } from './support/helpers.js'
import { expectRenderedExact } from './support/render-checks.js'

const dir = mkdtempSync(join(tmpdir(), 'wt-render-caches-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let unique = 0

/** Every row of the document equals the recomputation at its recorded sequence; returns the row count. */
function expectRowsRecomputable(session: DocumentSession, cache: RenderCacheStore): number {
  const documentId = session.documentId
  const spatial = new Map(cache.listSpatialRows(documentId).map((r) => [r.objectId, r]))
  const paths = cache.readRenderedPaths(documentId)
  for (const row of paths) {
    expect(row.intact).toBe(true)
    const obj = session.documentAt(row.eventSequence).objects.get(row.objectId)
    if (obj === undefined)
      throw new Error(`row of ${row.objectId} at ${row.eventSequence}: no such object then`)
    const fresh = objectCacheEntry(obj, row.eventSequence)
    expect(row.contentHash).toBe(fresh.contentHash)
    expect([...row.data]).toEqual([...fresh.tessellation])
    const box = spatial.get(row.objectId)
    if (fresh.bounds === undefined) expect(box).toBeUndefined()
    else {
      expect(box?.intact).toBe(true)
      expect(box?.contentHash).toBe(fresh.contentHash)
      expect(box?.eventSequence).toBe(row.eventSequence)
      expect(Math.fround(fresh.bounds.minX)).toBeGreaterThanOrEqual(box?.box.minX as number)
      expect(Math.fround(fresh.bounds.maxX)).toBeLessThanOrEqual(box?.box.maxX as number)
      expect(Math.fround(fresh.bounds.minY)).toBeGreaterThanOrEqual(box?.box.minY as number)
      expect(Math.fround(fresh.bounds.maxY)).toBeLessThanOrEqual(box?.box.maxY as number)
      expect((box?.box.maxX as number) - fresh.bounds.maxX).toBeLessThan(
        1e-3 * Math.max(1, Math.abs(fresh.bounds.maxX)),
      )
    }
  }
  expect(spatial.size).toBeLessThanOrEqual(paths.length)
  return paths.length
}

/** The readers agree with the linear computations over the document at probe points and rects. */
function expectReadersExact(
  session: DocumentSession,
  doc: Document,
  probes: readonly { x: number; y: number }[],
) {
  for (const p of probes) {
    expect(session.hitTest(p, 3)).toEqual(hitTest(doc, p, { tolerance: 3 }))
    const rect = { x: p.x - 40, y: p.y - 30, width: 80, height: 60 }
    expect(session.objectsIn(rect)).toEqual(objectsInScan(doc, rect))
  }
  expectRenderedExact(session, doc)
}

/** Points around the objects of the document (centres, corners) plus one far away. */
function probesOf(doc: Document): { x: number; y: number }[] {
  const out = [{ x: -5000, y: -5000 }]
  for (const obj of [...doc.objects.values()].slice(0, 12)) {
    const b = objectPaintBounds(obj)
    if (b === undefined) continue
    out.push({ x: b.x + b.width / 2, y: b.y + b.height / 2 }, { x: b.x, y: b.y + b.height })
  }
  return out
}

async function keptLog(seed: number, length: number, split: number) {
  const storage = await openWireTunerFile(join(dir, `doc-${++unique}.wiretuner`))
  const events = simulatedLog(seed, length, { documentId: fakeUuid(unique, 0x16) })
  const head = Math.max(1, Math.min(events.length, Math.floor(events.length * split)))
  storeLog(storage, events.slice(0, head))
  const documentId = events[0]?.documentId as string
  const scheduler = createManualScheduler()
  const session = openSession(storage, documentId, {
    renderCaches: { scheduler, flushDelayMs: 20 },
    historyIndex: { mode: 'off' },
  })
  session.rebuildRenderCaches()
  // the rest is dispatched: the session keeps the rows, in delayed batches
  for (const event of events.slice(head)) {
    session.dispatch(event)
    scheduler.advance(7)
  }
  return { storage, session, documentId, scheduler }
}

describe('render caches (property)', () => {
  it('every row equals a recomputation at its recorded sequence, after any random log', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 30, max: 160 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (seed, length, split) => {
          const { storage, session } = await keptLog(seed, length, split)
          try {
            session.flushRenderCaches()
            const cache = storage.renderCache as RenderCacheStore
            const rows = expectRowsRecomputable(session, cache)
            // complete: one rendered row per object of the current document
            expect(rows).toBeGreaterThanOrEqual(session.document.objects.size)
            expectReadersExact(session, session.document, probesOf(session.document))
          } finally {
            session.close()
            storage.close()
          }
        },
      ),
      { numRuns: Math.max(4, Math.floor(RUNS / 4)) },
    )
  })

  it('a log whose drafts hold -0 (a handle at x: -0) gives the rows a replay of the stored log gives', async () => {
    // fast-check's counterexample of 2026-12-07 (seed 314348, 61 events, split 0): the live session
    // folded -0 while the stored JSON holds 0, so rows and recomputation disagreed
    const { storage, session } = await keptLog(314348, 61, 0)
    try {
      session.flushRenderCaches()
      expect(expectRowsRecomputable(session, storage.renderCache as RenderCacheStore)).toBeGreaterThan(0)
    } finally {
      session.close()
      storage.close()
    }
  })

  it('damaged rows are detected and repaired, and never change what a reader sees', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1e6 }),
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('path-byte' as const), byteIndex: fc.nat(4000) }),
            fc.record({ kind: fc.constant('spatial-box' as const), dx: fc.constantFrom(-500, 0.5, 300) }),
            fc.record({
              kind: fc.constant('validity' as const),
              eventSequence: fc.constantFrom(10_000_000, -1),
            }),
            fc.record({ kind: fc.constant('validity' as const), contentHash: fc.constant('0'.repeat(28)) }),
            // a hash of today's length and format that is not the object's
            fc.record({ kind: fc.constant('validity' as const), contentHash: fc.constant('1'.repeat(14)) }),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        async (seed, damages) => {
          const { storage, session, documentId } = await keptLog(seed, 120, 0.7)
          session.close()
          const ids = (storage.renderCache as RenderCacheStore)
            .readRenderedPaths(documentId)
            .map((r) => r.objectId)
          if (ids.length === 0) {
            storage.close()
            return
          }
          damages.forEach((damage, i) => {
            corruptRenderCache(storage, documentId, ids[(i * 7919) % ids.length] as string, damage)
          })
          const reopened = openSession(storage, documentId, { historyIndex: { mode: 'off' } })
          try {
            const doc = reopened.document
            expectReadersExact(reopened, doc, probesOf(doc))
            reopened.flushRenderCaches()
            expect(reopened.renderCaches.errors).toEqual([])
            expectRowsRecomputable(reopened, storage.renderCache as RenderCacheStore)
          } finally {
            reopened.close()
            storage.close()
          }
        },
      ),
      { numRuns: Math.max(4, Math.floor(RUNS / 4)) },
    )
  })
})

describe('render caches (session)', () => {
  it('renderedPaths first in a new session never uses a stale row (edits made with the caches off)', async () => {
    // the rows keep intact bytes, sequences within the log and the hashes of older object values:
    // only the content-hash check tells them from current ones (no verify runs before this read)
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1e6 }), async (seed) => {
        const storage = await openWireTunerFile(join(dir, `doc-${++unique}.wiretuner`))
        const events = simulatedLog(seed, 120, { documentId: fakeUuid(unique, 0x16) })
        const documentId = events[0]?.documentId as string
        storeLog(storage, events.slice(0, 60))
        const builder = openSession(storage, documentId, { historyIndex: { mode: 'off' } })
        builder.rebuildRenderCaches()
        builder.close()
        const editor = openSession(storage, documentId, {
          historyIndex: { mode: 'off' },
          renderCaches: { mode: 'off' },
        })
        for (const event of events.slice(60)) editor.dispatch(event)
        editor.close()
        const reopened = openSession(storage, documentId, { historyIndex: { mode: 'off' } })
        try {
          expectRenderedExact(reopened, reopened.document)
        } finally {
          reopened.close()
          storage.close()
        }
      }),
      { numRuns: Math.max(4, Math.floor(RUNS / 4)) },
    )
  })

  it('a file without rows opens without touching them; the first read builds them', async () => {
    const { storage, session, documentId } = await keptLog(7, 80, 1)
    session.close()
    ;(storage.renderCache as RenderCacheStore).deleteObjects(documentId)
    const reopened = openSession(storage, documentId, { historyIndex: { mode: 'off' } })
    expect(reopened.renderCaches).toMatchObject({ available: true, verified: false, rowsWritten: 0 })
    const p = probesOf(reopened.document)[1] ?? { x: 0, y: 0 }
    expect(reopened.hitTest(p)).toEqual(hitTest(reopened.document, p))
    expect(reopened.renderCaches.verified).toBe(true)
    expect(reopened.renderCaches.rowsWritten).toBeGreaterThan(0)
    reopened.close()
    storage.close()
  })

  it('stays exact when row ids far outgrow its rows (another document holds the low ids)', async () => {
    const { storage, session, documentId } = await keptLog(29, 120, 1)
    session.close()
    const cache = storage.renderCache as RenderCacheStore
    cache.deleteObjects(documentId)
    // 6,000 rows of another document of the file take the low ids
    const other = fakeUuid(++unique, 0x18)
    storage.createDocument({ documentId: other, title: 'other' })
    const obj = [...session.document.objects.values()].find((o) => objectPaintBounds(o) !== undefined)
    if (obj === undefined) throw new Error('the simulated log has a visible object')
    const entry = objectCacheEntry(obj, 0)
    cache.writeObjects(
      other,
      Array.from({ length: 6_000 }, (_, i) => ({ ...entry, objectId: `other-${i}` })),
    )
    // the first read rebuilds this document's rows above them; the next session verifies them
    const rebuilt = openSession(storage, documentId, { historyIndex: { mode: 'off' } })
    rebuilt.renderedPaths()
    rebuilt.close()
    const ids = cache.listSpatialRows(documentId).map((r) => r.cacheId)
    expect(Math.min(...ids)).toBeGreaterThan(6_000)
    expect(Math.max(...ids)).toBeGreaterThan(4 * ids.length + 4096)
    const reopened = openSession(storage, documentId, { historyIndex: { mode: 'off' } })
    expectReadersExact(reopened, reopened.document, probesOf(reopened.document))
    expect(reopened.renderCaches.rowsRepaired).toBe(0)
    reopened.close()
    storage.close()
  })

  it('keeps the rows of a restyled object (same render hash), and its readers stay exact', async () => {
    const { storage, session, documentId } = await keptLog(23, 120, 1)
    const cache = storage.renderCache as RenderCacheStore
    const obj = [...session.document.objects.values()].find((o) => o.style.fill !== undefined)
    if (obj === undefined) throw new Error('the simulated log has a filled object')
    const before = cache.readRenderedPaths(documentId, [obj.id])
    const written = session.renderCaches.rowsWritten
    session.dispatch(
      session.createEvent({
        eventType: 'ModifyStyleEvent',
        objectIds: [obj.id],
        fill: '#0A0B0C',
        opacity: 0.5,
      }),
    )
    session.flushRenderCaches()
    expect(session.renderCaches.rowsWritten).toBe(written)
    expect(cache.readRenderedPaths(documentId, [obj.id])).toEqual(before)
    expectReadersExact(session, session.document, probesOf(session.document))
    expectRowsRecomputable(session, cache)
    // a stroke width changes the paint bounds: rewritten
    session.dispatch(
      session.createEvent({ eventType: 'ModifyStyleEvent', objectIds: [obj.id], strokeWidth: 9 }),
    )
    session.flushRenderCaches()
    expect(session.renderCaches.rowsWritten).toBe(written + 1)
    expectReadersExact(session, session.document, probesOf(session.document))
    expectRowsRecomputable(session, cache)
    session.close()
    storage.close()
  })

  it('answers the same without render caches (in-memory storage), and refuses to rebuild them', () => {
    const storage: DocumentStorage = createMemoryStorage()
    const events = simulatedLog(11, 80, { documentId: fakeUuid(++unique, 0x17) })
    storeLog(storage, events)
    const session = openSession(storage, events[0]?.documentId as string)
    expect(session.renderCaches.available).toBe(false)
    expectReadersExact(session, session.document, probesOf(session.document))
    expect(() => session.rebuildRenderCaches()).toThrow(/no writable render caches/)
    session.close()
  })

  it("is left alone with renderCaches.mode 'off'", async () => {
    const storage = await openWireTunerFile(join(dir, `off-${++unique}.wiretuner`))
    const events = simulatedLog(5, 60, { documentId: fakeUuid(unique, 0x18) })
    storeLog(storage, events)
    const session = openSession(storage, events[0]?.documentId as string, { renderCaches: { mode: 'off' } })
    const p = probesOf(session.document)[1] ?? { x: 0, y: 0 }
    expect(session.hitTest(p)).toEqual(hitTest(session.document, p))
    session.close()
    expect(storage.renderCache?.readRenderedPaths(events[0]?.documentId as string)).toEqual([])
    storage.close()
  })
})
