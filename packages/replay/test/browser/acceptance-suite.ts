/**
 * Browser suite: replay's acceptance properties on the OPFS storage (SQLite WASM), inside a
 * Worker of Chromium: (1) snapshot + tail equals full replay, through an OPFS file; (4) undo
 * survives reopen, where reopen is a NEW Worker on the same OPFS file (reopen-helper.ts).
 */
import { browserTestApi, serveSuiteInWorker, startHelperWorker } from '@wiretuner/browser-kit/runner'
import { createMemoryStorage } from '@wiretuner/io-services'
import { deleteOpfsFile, openOpfsFile } from '@wiretuner/io-services/browser'
import fc from 'fast-check'
import { openSession } from '../../src/open-session.js'
import { encodeReplayState } from '../../src/snapshot-format.js'
import { simulatedLog } from '../../src/testing.js'
import { docBytes, fakeUuid, fullFold, historyShape, RUNS, storeLog } from '../support/helpers.js'
import type { ReopenAnswer } from './reopen-helper.js'

const { describe, it, expect } = browserTestApi
const logArb = fc.record({ seed: fc.integer(), length: fc.integer({ min: 3, max: 260 }) })
const sync = { snapshotScheduling: 'sync' } as const
let unique = 0
const freshLog = (seed: number, length: number) =>
  simulatedLog(seed, length, { documentId: fakeUuid(++unique, 0xb0b) })
const fileName = (what: string) => `acceptance-${what}-${Date.now()}-${++unique}.wiretuner`

describe('(1) snapshot + tail equals full replay, on an OPFS file', () => {
  it('openSession from random snapshots gives the full replay', async () => {
    const name = fileName('snapshots')
    const file = await openOpfsFile(name)
    try {
      fc.assert(
        fc.property(logArb, fc.array(fc.nat(), { maxLength: 4 }), ({ seed, length }, ks) => {
          const events = freshLog(seed, length)
          const documentId = events[0]?.documentId as string
          storeLog(file, events)
          for (const k of [...new Set(ks.map((k) => k % events.length))].sort((a, b) => a - b)) {
            file.writeSnapshot(documentId, k, encodeReplayState(fullFold(events.slice(0, k + 1))))
          }
          const session = openSession(file, documentId, sync)
          const full = fullFold(events)
          expect(session.loadReport.problems).toEqual([])
          expect(session.loadReport.fullReplay).toBe(ks.length === 0)
          expect(docBytes(session)).toBe(docBytes(full))
          expect(historyShape(session.state)).toEqual(historyShape(full))
        }),
        { numRuns: Math.max(10, Math.round(RUNS / 4)) },
      )
    } finally {
      file.close()
      await deleteOpfsFile(name)
    }
  })
})

describe('(4) close and reopen in a new Worker on the same OPFS file', () => {
  it('gives the same document, undo/redo availability, labels and history; undo and redo go on', async () => {
    await fc.assert(
      fc.asyncProperty(
        logArb,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 20 }),
        async ({ seed, length }, chunk, every, minTail) => {
          const events = freshLog(seed, length)
          const documentId = events[0]?.documentId as string
          const name = fileName('reopen')
          const file = await openOpfsFile(name)
          const options = { ...sync, snapshotEvery: every, closeSnapshotMinTail: minTail }
          file.createDocument({ documentId, title: 'Simulated' })
          const s = openSession(file, documentId, options)
          for (let i = 0; i < events.length; i += chunk) s.dispatch(events.slice(i, i + chunk))
          const before = {
            bytes: docBytes(s),
            availability: [s.canUndo, s.canRedo, s.undoLabel, s.redoLabel],
            shape: historyShape(s.state),
          }
          const stored = [...file.readEvents(documentId)].flatMap((i) =>
            i.kind === 'event' ? [i.event] : [],
          )
          s.close()
          file.close()
          // the expected undo/redo: a session rebuilt by a full replay, in memory
          const plain = createMemoryStorage()
          storeLog(plain, stored)
          const p = openSession(plain, documentId, sync)
          const undone: string[] = []
          for (let i = 0; i < 3 && p.canUndo; i++) {
            p.undo()
            undone.push(docBytes(p))
          }
          let redone: string | null = null
          if (p.canRedo) {
            p.redo()
            redone = docBytes(p)
          }
          const tab = startHelperWorker('reopen-helper')
          try {
            const answer = (await tab.request({
              name,
              documentId,
              snapshotEvery: every,
              closeSnapshotMinTail: minTail,
            })) as ReopenAnswer
            expect(answer).toEqual({ ...before, undone, redone })
          } finally {
            tab.terminate()
          }
          await deleteOpfsFile(name)
        },
      ),
      { numRuns: Math.max(5, Math.round(RUNS / 10)) },
    )
  }, 150_000)
})

serveSuiteInWorker()
