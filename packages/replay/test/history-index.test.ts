/**
 * The persistent history index (issue 10): sessions write entries at cadence points; seeking with
 * the index, without it, and with a damaged or stale entry gives byte-identical documents; a
 * dropped or stale index is reported, never used, and rebuilt.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { createMemoryStorage, type DocumentStorage } from '@wiretuner/io-services'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { corruptHistoryEntry } from '@wiretuner/io-services/testing'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { createManualScheduler } from '../src/clock.js'
import { historyIndexEvery } from '../src/history-index.js'
import { openSession } from '../src/open-session.js'
import { simulatedLog } from '../src/testing.js'
import { TimeTravel } from '../src/time-travel.js'
import { docBytes, fakeUuid, fullFold, RUNS, storeLog } from './support/helpers.js'

/** Replays a failing run when WT_FC_SEED / WT_FC_PATH are set (fast-check's seed and path). */
const REPLAY_SEED =
  process.env.WT_FC_SEED === undefined
    ? {}
    : {
        seed: Number(process.env.WT_FC_SEED),
        ...(process.env.WT_FC_PATH ? { path: process.env.WT_FC_PATH } : {}),
      }

const dir = mkdtempSync(join(tmpdir(), 'wt-history-index-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let unique = 0
const EVERY = 50

/** A stored random log with its history index built by a session (one entry every EVERY events). */
function indexedLog(storage: DocumentStorage, seed: number, length: number) {
  const events = simulatedLog(seed, length, { documentId: fakeUuid(++unique, 0x1dc) })
  storeLog(storage, events)
  const documentId = events[0]?.documentId as string
  const session = openSession(storage, documentId, {
    snapshotEvery: EVERY,
    historyIndex: { mode: 'off' },
  })
  const scheduler = createManualScheduler()
  const builder = openSession(storage, documentId, {
    snapshotEvery: EVERY,
    historyIndex: { scheduler, maxShare: 1, every: EVERY },
  })
  const report = builder.rebuildHistoryIndex()
  builder.close()
  session.close()
  return { events, documentId, report }
}

const cadencePoints = (length: number) =>
  Array.from({ length: Math.floor(length / EVERY) }, (_, i) => (i + 1) * EVERY - 1)

/**
 * A session editing a random log of 420 events in batches of 37 (snapshots every 100, written
 * synchronously), its history index on a manual scheduler.
 */
function editingSession(seed: number, historyIndex: { readonly every?: number } = {}) {
  const storage = createMemoryStorage()
  const events = simulatedLog(seed, 420, { documentId: fakeUuid(++unique, 0x1dc) })
  const documentId = events[0]?.documentId as string
  storage.createDocument({ documentId, title: 't' })
  const scheduler = createManualScheduler()
  const session = openSession(storage, documentId, {
    snapshotEvery: 100,
    snapshotScheduling: 'sync',
    historyIndex: { scheduler, maxShare: 1, ...historyIndex },
  })
  for (let i = 0; i < events.length; i += 37) session.dispatch(events.slice(i, i + 37))
  return { storage, events, documentId, scheduler, session }
}

/** Every entry after the first was paid for by the log since the one before it. */
function expectPaidFor(storage: DocumentStorage, documentId: string, share: number): void {
  const entries = storage.listHistoryEntries(documentId)
  for (let i = 1; i < entries.length; i++) {
    const prev = entries[i - 1] as (typeof entries)[number]
    const bytes = storage.logBytes(documentId, {
      from: prev.eventSequence + 1,
      to: entries[i]?.eventSequence ?? 0,
    })
    expect(bytes * share).toBeGreaterThanOrEqual(prev.storedBytes)
  }
}

describe('the history index', () => {
  it('a session writes an entry at each cadence point in the background, and seeks use them', async () => {
    const { storage, events, documentId, scheduler, session } = editingSession(3, { every: 100 })
    expect(session.historyIndex.pending).toBe(true)
    for (let i = 0; i < 20 && scheduler.pending > 0; i++) scheduler.advance(10)
    expect(storage.listHistoryEntries(documentId).map((e) => e.eventSequence)).toEqual([99, 199, 299, 399])
    expect(session.historyIndex).toMatchObject({ entries: 4, written: 4, pending: false })
    session.close()
    // the seed keeps the newest snapshots only; past them, a fresh time travel (no checkpoint)
    // starts from the entry below the target
    storage.pruneSnapshots(documentId, 1)
    const travel = new TimeTravel(storage, documentId)
    const base = travel.baseAtOrBefore(250)
    expect(base.source).toBe('history-index')
    expect(base.state.sequence).toBe(199)
    expect(docBytes(travel.stateAt(250))).toBe(docBytes(fullFold(events.slice(0, 251))))
  })

  it('by default entries sit at quarter cadence points, filled in the background between cadence snapshots', () => {
    expect([
      historyIndexEvery(1000, undefined),
      historyIndexEvery(1000, 300),
      historyIndexEvery(1000, 1000),
    ]).toEqual([250, 250, 1000])
    expect([historyIndexEvery(10, undefined), historyIndexEvery(7, undefined)]).toEqual([2, 1])
    const { storage, events, documentId, scheduler, session } = editingSession(5)
    for (let i = 0; i < 40 && scheduler.pending > 0; i++) scheduler.advance(10)
    const quarters = Array.from(
      { length: Math.floor((session.sequence + 1) / 25) },
      (_, i) => (i + 1) * 25 - 1,
    )
    expect(storage.listHistoryEntries(documentId).map((e) => e.eventSequence)).toEqual(quarters)
    session.close()
    // a budget that pays for one entry per ~cadence: no quarter point squeezed before an entry
    // whose own log would then no longer pay for it
    const sparse = createMemoryStorage()
    storeLog(sparse, events)
    const tight = openSession(sparse, documentId, { snapshotEvery: 100, historyIndex: { maxShare: 0.05 } })
    tight.rebuildHistoryIndex()
    tight.close()
    expect(sparse.listHistoryEntries(documentId).length).toBeGreaterThan(0)
    expectPaidFor(sparse, documentId, 0.05)
  })

  it('keeps the index under its share of the log: a large document with a short log gets sparser entries', () => {
    const storage = createMemoryStorage()
    const { documentId } = indexedLog(storage, 11, 400)
    const dense = storage.listHistoryEntries(documentId).length
    const sparseStorage = createMemoryStorage()
    const events = simulatedLog(11, 400, { documentId: fakeUuid(++unique, 0x1dc) })
    storeLog(sparseStorage, events)
    const id = events[0]?.documentId as string
    const session = openSession(sparseStorage, id, {
      snapshotEvery: EVERY,
      historyIndex: { maxShare: 0.02, every: EVERY },
    })
    session.rebuildHistoryIndex()
    session.close()
    const entries = sparseStorage.listHistoryEntries(id)
    const stored = entries.reduce((n, e) => n + e.storedBytes, 0)
    expect(dense).toBe(cadencePoints(400).length)
    expect(entries.length).toBeLessThan(dense)
    expectPaidFor(sparseStorage, id, 0.02)
    expect(stored).toBeGreaterThan(0)
  })

  it('seeking with the index, without it, and with a damaged entry gives byte-identical documents', () => {
    const damage = fc.constantFrom('flip-byte', 'truncate', 'garbage', 'foreign-state')
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 120, max: 420 }),
        fc.nat(),
        fc.nat(),
        damage,
        (seed, length, kr, er, how) => {
          const storage = createMemoryStorage()
          const { events, documentId } = indexedLog(storage, seed, length)
          const k = kr % length
          const expected = docBytes(fullFold(events.slice(0, k + 1)))
          // with the index
          const withIndex = new TimeTravel(storage, documentId)
          expect(docBytes(withIndex.stateAt(k))).toBe(expected)
          // without it (no entries, no snapshots: a fold from the start)
          const bare = createMemoryStorage()
          storeLog(bare, events)
          expect(docBytes(new TimeTravel(bare, documentId).stateAt(k))).toBe(expected)
          // with one entry damaged
          const entries = storage.listHistoryEntries(documentId)
          const victim = entries[er % entries.length]
          if (victim === undefined) return
          const at = victim.eventSequence
          const good = storage.loadHistoryEntry(documentId, { atOrBefore: at, after: at - 1 }).entry?.data
          if (good === undefined) throw new Error('entry missing')
          const blob =
            how === 'flip-byte'
              ? flip(gzipOf(good), 20)
              : how === 'truncate'
                ? gzipOf(good).subarray(0, 30)
                : how === 'garbage'
                  ? new Uint8Array([1, 2, 3, 4, 5])
                  : gzipOf(
                      storage.loadHistoryEntry(documentId, { atOrBefore: at - EVERY }).entry?.data ??
                        new TextEncoder().encode('{}'),
                    )
          corruptHistoryEntry(storage, documentId, at, blob)
          const damaged = new TimeTravel(storage, documentId)
          const state = damaged.stateAt(k)
          expect(docBytes(state)).toBe(expected)
          // a snapshot between the entry and k (the builder session's head snapshot) is a newer
          // base: the damaged entry is then never reached
          const newerSnapshot = storage
            .listSnapshots(documentId)
            .some((s) => s.eventSequence > at && s.eventSequence <= k)
          if (k >= at && k < at + EVERY && !newerSnapshot) {
            const base = new TimeTravel(storage, documentId).baseAtOrBefore(k)
            expect(base.state.sequence).toBeLessThan(at)
            expect(base.skippedHistoryEntries.map((s) => s.eventSequence)).toEqual([at])
          }
        },
      ),
      { numRuns: Math.max(10, Math.floor(RUNS / 4)), ...REPLAY_SEED },
    )
  })

  it('an entry that disagrees with the log is reported, never used, and rebuilt', async () => {
    const path = join(dir, 'stale.wiretuner')
    const file = await openWireTunerFile(path)
    const { events, documentId } = indexedLog(file, 5, 300)
    file.close()
    // behind the engine's back: the entry at 149 now claims another event
    sqlite(
      path,
      `UPDATE history_index_cache SET event_id = '${fakeUuid(1, 0xdead)}' WHERE event_sequence = 149`,
    )
    const reopened = await openWireTunerFile(path)
    expect(reopened.listHistoryEntries(documentId).find((e) => e.eventSequence === 149)?.stale).toBe(true)
    const travel = new TimeTravel(reopened, documentId)
    const base = travel.baseAtOrBefore(160)
    expect(base.state.sequence).toBe(99)
    expect(base.skippedHistoryEntries).toMatchObject([{ eventSequence: 149, code: 'stale-history-entry' }])
    expect(docBytes(travel.stateAt(160))).toBe(docBytes(fullFold(events.slice(0, 161))))
    const scheduler = createManualScheduler()
    const session = openSession(reopened, documentId, {
      snapshotEvery: EVERY,
      historyIndex: { scheduler, maxShare: 1, every: EVERY },
    })
    for (let i = 0; i < 20 && scheduler.pending > 0; i++) scheduler.advance(10)
    expect(session.historyIndex.staleRemoved).toEqual([149])
    expect(session.historyIndex.written).toBe(1)
    const rebuilt = reopened.listHistoryEntries(documentId)
    expect(rebuilt.map((e) => [e.eventSequence, e.stale])).toEqual(cadencePoints(300).map((s) => [s, false]))
    session.close()
    reopened.close()
  })

  it('a dropped index table is recreated on a read-write open, reported, and rebuilt in the background', async () => {
    const path = join(dir, 'dropped.wiretuner')
    const file = await openWireTunerFile(path)
    const { events, documentId } = indexedLog(file, 8, 260)
    file.close()
    sqlite(path, 'DROP TABLE history_index_cache')
    const readOnly = await openWireTunerFile(path, { readOnly: true })
    expect(readOnly.historyIndexAvailable).toBe(false)
    // read-only: nothing to use, nothing written, still exact
    expect(docBytes({ document: openSession(readOnly, documentId).documentAt(201) })).toBe(
      docBytes(fullFold(events.slice(0, 202))),
    )
    readOnly.close()
    const reopened = await openWireTunerFile(path)
    expect(reopened.historyIndexRecreated).toBe(true)
    expect(reopened.listHistoryEntries(documentId)).toEqual([])
    const scheduler = createManualScheduler()
    const session = openSession(reopened, documentId, {
      snapshotEvery: EVERY,
      historyIndex: { scheduler, maxShare: 1, every: EVERY },
    })
    for (let i = 0; i < 20 && scheduler.pending > 0; i++) scheduler.advance(10)
    expect(session.historyIndex).toMatchObject({ written: cadencePoints(260).length, pending: false })
    expect(reopened.listHistoryEntries(documentId).map((e) => e.eventSequence)).toEqual(cadencePoints(260))
    session.close()
    reopened.close()
  })

  it('a damaged entry met by a seek is rebuilt by the session', () => {
    const storage = createMemoryStorage()
    const { events, documentId } = indexedLog(storage, 21, 300)
    corruptHistoryEntry(storage, documentId, 199, new Uint8Array([0x1f, 0x8b, 8, 0, 9, 9, 9]))
    const scheduler = createManualScheduler()
    const session = openSession(storage, documentId, {
      snapshotEvery: EVERY,
      historyIndex: { scheduler, maxShare: 1, every: EVERY },
      maxCheckpoints: 0,
    })
    for (let i = 0; i < 20 && scheduler.pending > 0; i++) scheduler.advance(10)
    expect(docBytes({ document: session.documentAt(210) })).toBe(docBytes(fullFold(events.slice(0, 211))))
    for (let i = 0; i < 20 && scheduler.pending > 0; i++) scheduler.advance(10)
    expect(session.historyIndex.damagedRebuilt).toEqual([199])
    expect(storage.loadHistoryEntry(documentId, { atOrBefore: 199, after: 198 }).entry).toBeDefined()
    session.close()
  })
})

/** Runs SQL on the file with the system sqlite3 shell: a change behind the engine's back. */
function sqlite(path: string, statement: string): void {
  execFileSync('sqlite3', [path, statement])
}

function gzipOf(data: Uint8Array): Uint8Array {
  return new Uint8Array(gzipSync(data))
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const out = bytes.slice()
  const i = Math.min(at, out.length - 1)
  out[i] = (out[i] as number) ^ 0xff
  return out
}
