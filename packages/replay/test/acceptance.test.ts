/**
 * Acceptance property tests of issue 5 on random VALID logs (from the simulated editor):
 * (1) snapshot + tail == full replay, (2) memory and SQLite (file and :memory:) agree,
 * (3) documentAt(k) == fold of 0..k, (4) close and reopen keeps document and undo/redo,
 * (6) undo/redo restore the exact documents before/after a group. (5) is in sampled-gesture.test.ts,
 * (7) in two-processes.test.ts. fast-check prints the seed of a failing run.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryStorage, type DocumentStorage } from '@wiretuner/io-services'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { documentsEqual, restoreContent, serializeDocument } from '@wiretuner/vector-model'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { foldEvents } from '../src/fold.js'
import { openSession } from '../src/open-session.js'
import { decodeReplayState, encodeReplayState } from '../src/snapshot-format.js'
import { simulatedLog } from '../src/testing.js'
import { docBytes, fakeUuid, fullFold, historyShape, RUNS, storeLog } from './support/helpers.js'

const logArb = fc.record({ seed: fc.integer(), length: fc.integer({ min: 3, max: 260 }) })
const sync = { snapshotScheduling: 'sync' } as const
let unique = 0
const freshLog = (seed: number, length: number) =>
  simulatedLog(seed, length, { documentId: fakeUuid(++unique, 0xabc) })

/** Writes snapshots (the reducer state after each given sequence) into the storage. */
function writeSnapshots(
  storage: DocumentStorage,
  events: ReturnType<typeof freshLog>,
  at: readonly number[],
): void {
  const documentId = events[0]?.documentId as string
  for (const k of [...new Set(at)].sort((a, b) => a - b)) {
    storage.writeSnapshot(documentId, k, encodeReplayState(fullFold(events.slice(0, k + 1))))
  }
}

describe('(1) snapshot + tail equals full replay', () => {
  it('in the reducer, through the snapshot bytes', () => {
    fc.assert(
      fc.property(logArb, fc.nat(), ({ seed, length }, kr) => {
        const events = freshLog(seed, length)
        const k = kr % events.length
        const full = fullFold(events)
        const decoded = decodeReplayState(encodeReplayState(fullFold(events.slice(0, k + 1))), k)
        if (!decoded.ok) throw new Error(decoded.reason)
        const tail = foldEvents(decoded.state, events.slice(k + 1), {
          resolveDocument: (s) => fullFold(events.slice(0, s + 1)).document,
        })
        expect(tail.problems).toEqual([])
        expect(docBytes(tail.state)).toBe(docBytes(full))
        expect(documentsEqual(tail.state.document, full.document)).toBe(true)
        expect(historyShape(tail.state)).toEqual(historyShape(full))
      }),
      { numRuns: RUNS },
    )
  })

  it('through a storage: openSession from random snapshots', () => {
    fc.assert(
      fc.property(logArb, fc.array(fc.nat(), { maxLength: 4 }), ({ seed, length }, ks) => {
        const events = freshLog(seed, length)
        const storage = createMemoryStorage()
        storeLog(storage, events)
        writeSnapshots(
          storage,
          events,
          ks.map((k) => k % events.length),
        )
        const session = openSession(storage, events[0]?.documentId as string, sync)
        const full = fullFold(events)
        expect(session.loadReport.problems).toEqual([])
        expect(session.loadReport.fullReplay).toBe(ks.length === 0)
        expect(docBytes(session)).toBe(docBytes(full))
        expect(documentsEqual(session.document, full.document)).toBe(true)
        expect(historyShape(session.state)).toEqual(historyShape(full))
      }),
      { numRuns: RUNS },
    )
  })
})

describe('(2) the in-memory store and SQLite give the same documents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wt-replay-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('for a temp file and :memory:', async () => {
    const file = await openWireTunerFile(join(dir, 'same.wiretuner'))
    const mem = await openWireTunerFile(':memory:')
    try {
      await fc.assert(
        fc.asyncProperty(
          logArb,
          fc.array(fc.nat(), { maxLength: 3 }),
          fc.nat(),
          async ({ seed, length }, ks, kr) => {
            const events = freshLog(seed, length)
            const documentId = events[0]?.documentId as string
            const storages = [createMemoryStorage(), file, mem]
            const bytes: string[] = []
            const at = kr % events.length
            const atBytes: string[] = []
            for (const storage of storages) {
              storeLog(storage, events)
              writeSnapshots(
                storage,
                events,
                ks.map((k) => k % events.length),
              )
              const session = openSession(storage, documentId, sync)
              bytes.push(docBytes(session))
              atBytes.push(serializeDocument(session.documentAt(at)))
            }
            expect(bytes[1]).toBe(bytes[0])
            expect(bytes[2]).toBe(bytes[0])
            expect(bytes[0]).toBe(docBytes(fullFold(events)))
            expect(atBytes[1]).toBe(atBytes[0])
            expect(atBytes[2]).toBe(atBytes[0])
          },
        ),
        { numRuns: Math.max(20, Math.floor(RUNS / 2)) },
      )
    } finally {
      file.close()
      mem.close()
    }
  })
})

describe('(3) documentAt(k) equals the fold of events 0..k', () => {
  it('for random k, with snapshots and checkpoints on the way', () => {
    fc.assert(
      fc.property(
        logArb,
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 2, max: 64 }),
        ({ seed, length }, snaps, ks, checkpointEvery) => {
          const events = freshLog(seed, length)
          const storage = createMemoryStorage()
          storeLog(storage, events)
          writeSnapshots(
            storage,
            events,
            snaps.map((k) => k % events.length),
          )
          const session = openSession(storage, events[0]?.documentId as string, { ...sync, checkpointEvery })
          for (const kr of ks) {
            const k = kr % events.length
            expect(serializeDocument(session.documentAt(k))).toBe(docBytes(fullFold(events.slice(0, k + 1))))
          }
        },
      ),
      { numRuns: RUNS },
    )
  })
})

describe('(4) close and reopen', () => {
  it('gives the same document and the same undo/redo availability and labels', () => {
    fc.assert(
      fc.property(
        logArb,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 20 }),
        ({ seed, length }, chunk, every, minTail) => {
          const events = freshLog(seed, length)
          const documentId = events[0]?.documentId as string
          const storage = createMemoryStorage()
          storage.createDocument({ documentId, title: 'Simulated' })
          const options = { ...sync, snapshotEvery: every, closeSnapshotMinTail: minTail }
          const s = openSession(storage, documentId, options)
          for (let i = 0; i < events.length; i += chunk) s.dispatch(events.slice(i, i + chunk))
          const bytes = docBytes(s)
          const shape = historyShape(s.state)
          const availability = [s.canUndo, s.canRedo, s.undoLabel, s.redoLabel]
          s.close()
          const r = openSession(storage, documentId, options)
          expect(docBytes(r)).toBe(bytes)
          expect([r.canUndo, r.canRedo, r.undoLabel, r.redoLabel]).toEqual(availability)
          expect(historyShape(r.state)).toEqual(shape)
          // The reopened stack behaves like one rebuilt by a full replay (no snapshot).
          const plain = createMemoryStorage()
          storeLog(
            plain,
            [...r.storage.readEvents(documentId)].flatMap((i) => (i.kind === 'event' ? [i.event] : [])),
          )
          const p = openSession(plain, documentId, sync)
          expect(p.loadReport.fullReplay).toBe(true)
          for (let i = 0; i < 3 && r.canUndo; i++) {
            r.undo()
            p.undo()
            expect(docBytes(r)).toBe(docBytes(p))
          }
          if (r.canRedo) {
            r.redo()
            p.redo()
            expect(docBytes(r)).toBe(docBytes(p))
          }
        },
      ),
      { numRuns: RUNS },
    )
  })
})

describe('(6) undo and redo', () => {
  it('restore the exact document before and after the group (viewport kept)', () => {
    fc.assert(
      fc.property(
        logArb,
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 8 }),
        ({ seed, length }, snaps, undos, redos) => {
          const events = freshLog(seed, length)
          const storage = createMemoryStorage()
          storeLog(storage, events)
          writeSnapshots(
            storage,
            events,
            snaps.map((k) => k % events.length),
          )
          const s = openSession(storage, events[0]?.documentId as string, sync)
          for (let i = 0; i < undos && s.canUndo; i++) {
            const group = s.state.history.undoStack.at(-1)
            if (group === undefined) break
            const current = s.document
            const before = s.documentAt(group.firstSequence - 1)
            s.undo()
            expect(docBytes(s)).toBe(serializeDocument(restoreContent(current, before)))
            expect(s.document.viewport).toEqual(current.viewport)
          }
          for (let i = 0; i < redos && s.canRedo; i++) {
            const group = s.state.history.redoStack.at(-1)
            if (group === undefined) break
            const current = s.document
            const after = s.documentAt(group.lastSequence)
            s.redo()
            expect(docBytes(s)).toBe(serializeDocument(restoreContent(current, after)))
          }
        },
      ),
      { numRuns: RUNS },
    )
  })
})
