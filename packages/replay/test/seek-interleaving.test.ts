/**
 * Property: time travel stays exact whatever runs between the seeks. A session over a stored log
 * takes random `documentAt(k)` seeks (anywhere, and back to the head) interleaved with slices of
 * the background time-travel preparation, slices of the history index builder, dispatches of the
 * log's next events (undos and redos among them) and restarts of the preparation; a tiny
 * checkpoint cache makes evictions frequent. Every answer is compared with a from-scratch fold of
 * the log's prefix, and a fresh session over the same storage (its snapshots and history index
 * entries written meanwhile) must agree too. Single-user simulated logs and multi-user logs.
 */
import type { WireTunerEvent } from '@wiretuner/event-schema'
import { createMemoryStorage, type DocumentStorage } from '@wiretuner/io-services'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createManualScheduler } from '../src/clock.js'
import { foldEvents } from '../src/fold.js'
import { openSession } from '../src/open-session.js'
import { initialState, type ReplayState } from '../src/state.js'
import { simulatedLog } from '../src/testing.js'
import { docBytes, RUNS, storeLog } from './support/helpers.js'
import { actionArb, playActions } from './support/multi-user-log.js'

/** One step between seeks. */
type Step =
  | { readonly kind: 'seek'; readonly at: number }
  | { readonly kind: 'head' }
  | { readonly kind: 'tick'; readonly times: number }
  | { readonly kind: 'dispatch'; readonly count: number }
  | { readonly kind: 'prepare'; readonly slice: number }

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('seek'), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('head') }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('tick'), times: fc.integer({ min: 1, max: 4 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('dispatch'), count: fc.integer({ min: 1, max: 40 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('prepare'), slice: fc.integer({ min: 1, max: 60 }) }),
  },
) as fc.Arbitrary<Step>

const stepsArb = fc.array(stepArb, { minLength: 5, maxLength: 60 })

/** The session's cache and index settings: tiny caches (evictions), sparse or dense stored states. */
interface Settings {
  readonly checkpointEvery: number
  readonly maxCheckpoints: number
  readonly snapshotEvery: number
  /** Granularity of the history index, or undefined for none. */
  readonly indexEvery: number | undefined
}

const settingsArb: fc.Arbitrary<Settings> = fc.record({
  checkpointEvery: fc.integer({ min: 2, max: 60 }),
  maxCheckpoints: fc.integer({ min: 1, max: 12 }),
  snapshotEvery: fc.constantFrom(40, 120, 1_000),
  indexEvery: fc.constantFrom(undefined, 10, 40),
})

/** A draft of a stored event (its sequence is given again by the session's append). */
function draftOf(event: WireTunerEvent): WireTunerEvent {
  const { eventSequence: _, ...draft } = event
  return draft as WireTunerEvent
}

/** Comparable form of a state: the document's bytes and every user's stacks (ids and ranges). */
function shape(state: ReplayState): string {
  const rows = (h: ReplayState['history']) => ({
    undo: h.undoStack.map((g) => `${g.groupId}|${g.label}|${g.firstSequence}|${g.lastSequence}`),
    redo: h.redoStack.map((g) => `${g.groupId}|${g.label}|${g.firstSequence}|${g.lastSequence}`),
    open: h.openGroupId,
  })
  const users = Object.entries(state.history.users ?? {}).map(([id, h]) => [id, rows(h)])
  return JSON.stringify({ doc: docBytes(state), anon: rows(state.history), users, at: state.sequence })
}

/**
 * Runs `steps` against a session over the first `stored` events of `events` and checks every
 * seek against a from-scratch fold; returns how many seeks were checked.
 */
function runSteps(
  events: readonly WireTunerEvent[],
  stored: number,
  settings: Settings,
  steps: readonly Step[],
): number {
  const documentId = (events[0] as WireTunerEvent).documentId
  const expected = new Map<number, string>()
  const truth = (k: number): string => {
    let s = expected.get(k)
    if (s === undefined) {
      s = shape(foldEvents(initialState(documentId), events.slice(0, k + 1)).state)
      expected.set(k, s)
    }
    return s
  }
  const storage: DocumentStorage = createMemoryStorage()
  storeLog(storage, events.slice(0, stored))
  const scheduler = createManualScheduler()
  const session = openSession(storage, documentId, {
    snapshotScheduling: 'sync',
    snapshotEvery: settings.snapshotEvery,
    checkpointEvery: settings.checkpointEvery,
    maxCheckpoints: settings.maxCheckpoints,
    historyIndex:
      settings.indexEvery === undefined
        ? { mode: 'off' }
        : { scheduler, every: settings.indexEvery, maxShare: 100 },
  })
  let checked = 0
  const check = (k: number): void => {
    expect(shape(session.stateAt(k)), `stateAt(${k}) of ${session.sequence}`).toBe(truth(k))
    checked++
  }
  for (const step of steps) {
    const head = session.sequence
    switch (step.kind) {
      case 'seek':
        check(Math.min(head, Math.floor(step.at * (head + 1))))
        break
      case 'head':
        check(head)
        break
      case 'tick':
        for (let i = 0; i < step.times; i++) scheduler.advance(1)
        break
      case 'dispatch': {
        const next = events.slice(head + 1, head + 1 + step.count)
        if (next.length > 0) session.dispatch(next.map(draftOf))
        break
      }
      case 'prepare':
        session.prepareTimeTravelInBackground({ scheduler, sliceEvents: step.slice })
        break
    }
  }
  check(session.sequence)
  for (let i = 0; i < 200 && scheduler.pending > 0; i++) scheduler.advance(1)
  const last = session.sequence
  session.close()
  // a fresh session starts from the snapshots and history index entries written meanwhile
  const reopened = openSession(storage, documentId, { historyIndex: { mode: 'off' } })
  expect(shape(reopened.stateAt(last)), 'head of a fresh session').toBe(truth(last))
  for (const k of [0, Math.floor(last / 3), Math.floor((2 * last) / 3)]) {
    expect(shape(reopened.stateAt(k)), `stateAt(${k}) of a fresh session`).toBe(truth(k))
  }
  reopened.close()
  return checked
}

const singleUserLogs = [3, 17, 41].map((seed) => simulatedLog(seed, 400, { comfortableObjects: 25 }))

const multiDocument = '00000000-0000-4000-8000-0000000000e1'

function multiUserSetup(ev: (fields: Record<string, unknown>) => WireTunerEvent): WireTunerEvent[] {
  return [
    ev({ eventType: 'CreateDocumentEvent', title: 'Seeks' }),
    ev({
      eventType: 'CreateArtboardEvent',
      artboardId: 'ab',
      bounds: { x: 0, y: 0, width: 800, height: 600 },
    }),
    ev({ eventType: 'CreateLayerEvent', layerId: 'l1', artboardId: 'ab' }),
  ]
}

describe('property: documentAt seeks interleaved with background preparation, index slices and dispatches', () => {
  it('single-user simulated logs: every seek equals a from-scratch fold of the prefix', () => {
    let checked = 0
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: singleUserLogs.length - 1 }),
        fc.integer({ min: 1, max: 399 }),
        settingsArb,
        stepsArb,
        (which, stored, settings, steps) => {
          checked += runSteps(singleUserLogs[which] as WireTunerEvent[], stored, settings, steps)
        },
      ),
      { numRuns: RUNS },
    )
    expect(checked).toBeGreaterThan(RUNS)
  })

  it('multi-user logs (per-user undo and redo): every seek equals a from-scratch fold of the prefix', () => {
    fc.assert(
      fc.property(
        fc.array(actionArb, { minLength: 20, maxLength: 120, size: 'max' }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        settingsArb,
        stepsArb,
        (actions, where, settings, steps) => {
          const events = playActions(multiDocument, multiUserSetup, actions)
          runSteps(events, Math.max(1, Math.floor(where * events.length)), settings, steps)
        },
      ),
      { numRuns: RUNS },
    )
  })
})
