/**
 * Time travel: checkpoints stay spread over the whole log when the cache is full, and the
 * background preparation (slices on an injectable scheduler) gives exact documents everywhere,
 * including for seeks made while it runs.
 */
import { createMemoryStorage } from '@wiretuner/io-services'
import { describe, expect, it } from 'vitest'
import { createManualScheduler } from '../src/clock.js'
import { openSession } from '../src/open-session.js'
import { initialState } from '../src/state.js'
import { simulatedLog } from '../src/testing.js'
import { TimeTravel } from '../src/time-travel.js'
import { docBytes, fullFold, storeLog } from './support/helpers.js'

const events = simulatedLog(11, 3_000, { comfortableObjects: 40 })
const documentId = events[0]?.documentId as string

function stored() {
  const storage = createMemoryStorage()
  storeLog(storage, events)
  return storage
}

describe('checkpoint cache', () => {
  it('keeps checkpoints spread over the whole log when full (not only the recent ones)', () => {
    const tt = new TimeTravel(stored(), documentId, { checkpointEvery: 100, maxCheckpoints: 8 })
    tt.foldFrom(initialState(documentId))
    const early = tt.baseAtOrBefore(450)
    expect(early.source).toBe('checkpoint')
    expect(early.state.sequence).toBeLessThanOrEqual(450)
    // 3,000 events over 8 checkpoints: no base is further than one widest gap away
    expect(450 - early.state.sequence).toBeLessThan(1_000)
    const late = tt.baseAtOrBefore(2_950)
    expect(late.state.sequence).toBeGreaterThanOrEqual(2_000)
    expect(docBytes(tt.stateAt(450))).toBe(docBytes(fullFold(events.slice(0, 451))))
  })
})

describe('background preparation', () => {
  it('folds the log in slices on the scheduler; seeks before, during and after are exact', async () => {
    const scheduler = createManualScheduler()
    const session = openSession(stored(), documentId, {
      snapshotScheduling: 'sync',
      checkpointEvery: 200,
    })
    const prep = session.prepareTimeTravelInBackground({ scheduler, sliceEvents: 500 })
    expect(prep.progress).toBe(0)
    expect(docBytes({ document: session.documentAt(1_234) })).toBe(docBytes(fullFold(events.slice(0, 1_235))))
    scheduler.advance(1)
    expect(prep.progress).toBeGreaterThan(0)
    expect(prep.progress).toBeLessThan(1)
    expect(docBytes({ document: session.documentAt(2_500) })).toBe(docBytes(fullFold(events.slice(0, 2_501))))
    for (let i = 0; i < 10 && scheduler.pending > 0; i++) scheduler.advance(1)
    expect(await prep.done).toEqual([])
    expect(prep.progress).toBe(1)
    for (const k of [0, 7, 499, 500, 1_999, 2_998]) {
      expect(docBytes({ document: session.documentAt(k) })).toBe(docBytes(fullFold(events.slice(0, k + 1))))
    }
    session.close()
  })

  it('leaves the checkpoints of prepareTimeTravel() (same distance and positions), whatever the slice size', () => {
    // 3,000 events, at most 20 checkpoints: prepare() spaces them ceil(3000 / 12) = 250 apart
    const options = { snapshotScheduling: 'sync', checkpointEvery: 100, maxCheckpoints: 20 } as const
    const blocking = openSession(stored(), documentId, options)
    expect(blocking.prepareTimeTravel()).toEqual([])
    const expected = blocking.checkpointSequences
    expect(expected.length).toBeGreaterThan(5)
    expect(expected.length).toBeLessThanOrEqual(20)
    blocking.close()
    for (const sliceEvents of [333, 250, 7, 7_000]) {
      const scheduler = createManualScheduler()
      const session = openSession(stored(), documentId, options)
      const prep = session.prepareTimeTravelInBackground({ scheduler, sliceEvents })
      for (let i = 0; i < 4_000 && scheduler.pending > 0; i++) scheduler.advance(1)
      expect(prep.progress).toBe(1)
      expect(session.checkpointSequences).toEqual(expected)
      for (const k of [0, 1_234, 2_999]) {
        expect(docBytes({ document: session.documentAt(k) })).toBe(docBytes(fullFold(events.slice(0, k + 1))))
      }
      session.close()
    }
  })

  it('stops when cancelled or when the session closes', async () => {
    const scheduler = createManualScheduler()
    const session = openSession(stored(), documentId, { snapshotScheduling: 'sync' })
    const prep = session.prepareTimeTravelInBackground({ scheduler, sliceEvents: 100 })
    scheduler.advance(1)
    session.close()
    expect(scheduler.pending).toBe(0)
    await prep.done
    expect(prep.progress).toBeLessThan(1)
  })
})
