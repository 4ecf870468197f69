/**
 * The freshness marks of the rendered rows (format 7): a session that knows a row for every
 * object marks them at close, and a new session at the same sequence reads them on the mark's
 * word; a mark for another state (later events, another event id, another sequence) or rows
 * changed since (damage of any kind) is never used, and what the readers see stays exact.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DocumentStorage, RenderCacheStore } from '@wiretuner/io-services'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { corruptRenderCache } from '@wiretuner/io-services/testing'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { openSession } from '../src/open-session.js'
import { simulatedLog } from '../src/testing.js'
import { fakeUuid, RUNS, storeLog } from './support/helpers.js'
import { expectRenderedExact } from './support/render-checks.js'

const dir = mkdtempSync(join(tmpdir(), 'wt-render-marks-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let unique = 0
const quiet = { historyIndex: { mode: 'off' } } as const

/**
 * Opens a session, checks that `renderedPaths()` is exact and that it read every row on the
 * document's mark (`all`) or none (`none`), and closes it (marking the rows when it can).
 */
function expectReadOnMark(storage: DocumentStorage, documentId: string, rows: 'all' | 'none'): void {
  const session = openSession(storage, documentId, quiet)
  try {
    expectRenderedExact(session, session.document)
    expect(session.renderCaches.rowsFromMark).toBe(rows === 'all' ? session.document.objects.size : 0)
  } finally {
    session.close()
  }
}

/**
 * The next session checks every row (none read on a mark) and marks them at close, so the one
 * after it reads every row on the mark; closes the storage.
 */
function expectCheckedThenMarked(storage: DocumentStorage & { close(): void }, documentId: string): void {
  try {
    expectReadOnMark(storage, documentId, 'none')
    expectReadOnMark(storage, documentId, 'all')
  } finally {
    storage.close()
  }
}

/** A stored log of `length` simulated events whose rows were rebuilt and marked (at close). */
async function markedFile(seed: number, length: number) {
  const storage = await openWireTunerFile(join(dir, `doc-${++unique}.wiretuner`))
  const events = simulatedLog(seed, length, { documentId: fakeUuid(unique, 0x1a) })
  storeLog(storage, events)
  const documentId = events[0]?.documentId as string
  const builder = openSession(storage, documentId, quiet)
  builder.rebuildRenderCaches()
  expect(builder.renderCaches.marked).toBe(false)
  builder.close()
  return { storage, documentId, events, cache: storage.renderCache as RenderCacheStore }
}

describe('render cache marks', () => {
  it('a rebuild marks the rows at close; the next session reads every row on the mark', async () => {
    const { storage, documentId } = await markedFile(3, 140)
    const session = openSession(storage, documentId, quiet)
    expectRenderedExact(session, session.document)
    expect(session.renderCaches).toMatchObject({
      rowsFromMark: session.document.objects.size,
      rowsRepaired: 0,
      marked: true,
    })
    session.close()
    storage.close()
  })

  it('a mark binds the sequence and its event: another sequence or event id is not used', async () => {
    const { storage, documentId, cache } = await markedFile(5, 120)
    const head = storage.nextSequence(documentId) - 1
    expect(cache.readMarkedRenderedPaths(documentId, head)).toBeDefined()
    expect(cache.readMarkedRenderedPaths(documentId, head - 1)).toBeUndefined()
    // a mark rewritten for the event id of another event (its own checksum made to match)
    corruptRenderCache(storage, documentId, '', { kind: 'mark', eventId: 1 })
    expect(cache.readMarkedRenderedPaths(documentId, head)).toBeUndefined()
    expectReadOnMark(storage, documentId, 'none') // every row checked: marked again at close
    expect(cache.readMarkedRenderedPaths(documentId, head)).toBeDefined()
    // a mark moved to an earlier sequence is not the head's
    corruptRenderCache(storage, documentId, '', { kind: 'mark', eventSequence: head - 1 })
    expect(cache.readMarkedRenderedPaths(documentId, head)).toBeUndefined()
    expect(cache.readMarkedRenderedPaths(documentId, head - 1)).toBeUndefined()
    storage.close()
  })

  it('a stale mark (events appended by a session without caches) is not used; the rows are repaired', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1e6 }), async (seed) => {
        const storage = await openWireTunerFile(join(dir, `doc-${++unique}.wiretuner`))
        const events = simulatedLog(seed, 140, { documentId: fakeUuid(unique, 0x1b) })
        const documentId = events[0]?.documentId as string
        storeLog(storage, events.slice(0, 70))
        const builder = openSession(storage, documentId, quiet)
        builder.rebuildRenderCaches()
        builder.close()
        const editor = openSession(storage, documentId, { ...quiet, renderCaches: { mode: 'off' } })
        for (const event of events.slice(70)) editor.dispatch(event)
        editor.close()
        expectCheckedThenMarked(storage, documentId)
      }),
      { numRuns: Math.max(3, Math.floor(RUNS / 6)) },
    )
  })

  it('a marked row damaged behind the store (bytes, sequence, hash) voids the mark; readers stay exact', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1e6 }),
        fc.oneof(
          fc.record({ kind: fc.constant('path-byte' as const), byteIndex: fc.nat(4000) }),
          fc.record({ kind: fc.constant('validity' as const), eventSequence: fc.constantFrom(0, 1) }),
          fc.record({ kind: fc.constant('validity' as const), contentHash: fc.constant('1'.repeat(14)) }),
        ),
        async (seed, damage) => {
          const { storage, documentId, cache } = await markedFile(seed, 120)
          const ids = cache.readRenderedPaths(documentId).map((r) => r.objectId)
          if (ids.length === 0) {
            storage.close()
            return
          }
          corruptRenderCache(storage, documentId, ids[seed % ids.length] as string, damage)
          const head = storage.nextSequence(documentId) - 1
          expect(cache.readMarkedRenderedPaths(documentId, head)).toBeUndefined()
          expectCheckedThenMarked(storage, documentId) // repaired, then marked again at close
        },
      ),
      { numRuns: Math.max(4, Math.floor(RUNS / 4)) },
    )
  })

  it('edits after a marked read: rows written, the mark dropped, and marked again at close', async () => {
    const { storage, documentId, events, cache } = await markedFile(13, 100)
    const session = openSession(storage, documentId, quiet)
    expectRenderedExact(session, session.document)
    expect(session.renderCaches.marked).toBe(true)
    const more = simulatedLog(13, 160, { documentId }).slice(events.length)
    for (const event of more) session.dispatch(event)
    session.flushRenderCaches()
    const head = storage.nextSequence(documentId) - 1
    if (session.renderCaches.rowsWritten > 0) {
      expect(cache.readMarkedRenderedPaths(documentId, head)).toBeUndefined()
    }
    expect(session.renderCaches.marked).toBe(false)
    expectRenderedExact(session, session.document)
    session.close()
    expect(cache.readMarkedRenderedPaths(documentId, head)).toBeDefined()
    expectReadOnMark(storage, documentId, 'all')
    storage.close()
  })

  it('a session that read only some rows, or none, writes no mark', async () => {
    const { storage, documentId, cache } = await markedFile(17, 120)
    const head = storage.nextSequence(documentId) - 1
    const ids = cache.readRenderedPaths(documentId).map((r) => r.objectId)
    if (ids.length < 2) throw new Error('the simulated log has two objects')
    // a row deleted through the store: the mark goes with it
    cache.deleteObjects(documentId, [ids[0] as string])
    expect(cache.readMarkedRenderedPaths(documentId, head)).toBeUndefined()
    const none = openSession(storage, documentId, quiet)
    none.close()
    const some = openSession(storage, documentId, quiet)
    some.renderedPaths([ids[1] as string])
    some.close()
    expect(cache.readMarkedRenderedPaths(documentId, head)).toBeUndefined()
    // a whole-document read repairs the missing row and marks them all
    const all = openSession(storage, documentId, quiet)
    expectRenderedExact(all, all.document)
    expect(all.renderCaches.rowsRepaired).toBe(1)
    all.close()
    expect(cache.readMarkedRenderedPaths(documentId, head)?.objectIds.length).toBe(ids.length)
    storage.close()
  })

  it('a session that only edits keeps none of its writes, so it marks nothing; the next full reader does', async () => {
    const storage = await openWireTunerFile(join(dir, `doc-${++unique}.wiretuner`))
    const events = simulatedLog(19, 120, { documentId: fakeUuid(unique, 0x1b) })
    const documentId = events[0]?.documentId as string
    storeLog(storage, events.slice(0, 1))
    const editor = openSession(storage, documentId, quiet)
    for (const event of events.slice(1)) editor.dispatch(event)
    editor.flushRenderCaches()
    expect(editor.renderCaches.rowsWritten).toBeGreaterThan(0)
    editor.close()
    const cache = storage.renderCache as RenderCacheStore
    const head = storage.nextSequence(documentId) - 1
    expect(cache.readMarkedRenderedPaths(documentId, head)).toBeUndefined()
    expectCheckedThenMarked(storage, documentId)
  })
})
