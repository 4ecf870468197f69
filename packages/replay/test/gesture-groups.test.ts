/**
 * Automatic gesture undo grouping: a pointer gesture recorded through the real 50 ms sampler into
 * a real session (in-memory storage) is ONE undo group without any `undoGroupId` from the caller;
 * gestures end at `endGesture`, `flush` and discrete events; explicit `undoGroupId`s are kept.
 */
import type { DraftEvent } from '@wiretuner/event-schema'
import { createMemoryStorage } from '@wiretuner/io-services'
import { getObject } from '@wiretuner/vector-model'
import { describe, expect, it } from 'vitest'
import { createManualScheduler } from '../src/clock.js'
import { createSession } from '../src/open-session.js'
import { createSampler } from '../src/sampler.js'
import type { DocumentSession } from '../src/session.js'
import { collectUndoGroups } from '../src/undo-groups.js'

const START = 1_800_000_000_000

function setup() {
  const scheduler = createManualScheduler(START)
  const s = createSession(
    createMemoryStorage(),
    { title: 'Gestures' },
    { snapshotScheduling: 'sync', now: () => scheduler.now() },
  )
  s.dispatch([
    s.createEvent({
      eventType: 'CreateArtboardEvent',
      artboardId: 'ab',
      bounds: { x: 0, y: 0, width: 800, height: 600 },
    }),
    s.createEvent({ eventType: 'CreateLayerEvent', layerId: 'l1', artboardId: 'ab' }),
    s.createEvent({
      eventType: 'CreateShapeEvent',
      shapeId: 'r1',
      shapeType: 'rectangle',
      parameters: { centerX: 100, centerY: 100, width: 20, height: 10 },
    }),
  ])
  const sampler = createSampler<DraftEvent>({ emit: (e) => s.dispatch(e), scheduler })
  return { s, scheduler, sampler }
}

/** Pointer moves of `ms` milliseconds at `hz`, each 1 unit right, pushed as MoveObjectEvents. */
function drag(
  s: DocumentSession,
  scheduler: ReturnType<typeof createManualScheduler>,
  push: (e: DraftEvent) => void,
  ms: number,
  hz: number,
  extra: Record<string, unknown> = {},
): number {
  const steps = Math.round((ms * hz) / 1000)
  const t0 = scheduler.now()
  for (let i = 1; i <= steps; i++) {
    scheduler.advanceTo(t0 + Math.round((i * 1000) / hz))
    push(s.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['r1'], delta: { x: 1, y: 0 }, ...extra }))
  }
  return steps
}

const moves = (s: DocumentSession) =>
  [...s.storage.readEvents(s.documentId)].flatMap((r) =>
    r.kind === 'event' && r.event.eventType === 'MoveObjectEvent' ? [r.event] : [],
  )

const x = (s: DocumentSession): number => {
  const o = getObject(s.document, 'r1')
  if (o === undefined) throw new Error('r1 missing')
  return o.transform.e
}

describe('automatic gesture undo grouping', () => {
  it('records a 2 s drag at 120 Hz as ~40 sampled moves in ONE undo group that one undo removes', () => {
    const { s, scheduler, sampler } = setup()
    const groupsBefore = s.undoGroups.length
    const steps = drag(s, scheduler, (e) => sampler.push(e), 2000, 120)
    sampler.endGesture()
    expect(steps).toBe(240)
    const recorded = moves(s)
    expect(recorded.length).toBeGreaterThanOrEqual(38)
    expect(recorded.length).toBeLessThanOrEqual(42)
    const groupIds = new Set(recorded.map((e) => e.undoGroupId))
    expect(groupIds.size).toBe(1)
    expect([...groupIds][0]).toBe(recorded[0]?.eventId)
    expect(s.undoGroups.length).toBe(groupsBefore + 1)
    expect(x(s)).toBe(240)
    const logged = [...s.storage.readEvents(s.documentId)].flatMap((r) =>
      r.kind === 'event' ? [{ sequence: r.event.eventSequence, event: r.event }] : [],
    )
    const moveGroups = collectUndoGroups(logged).filter((g) => g.label === s.undoLabel)
    expect(moveGroups).toHaveLength(1)
    expect(moveGroups[0]?.eventCount).toBe(recorded.length)
    s.undo()
    expect(x(s)).toBe(0)
    expect(getObject(s.document, 'r1')).toBeDefined()
    s.redo()
    expect(x(s)).toBe(240)
  })

  it('starts a new group after endGesture, flush and a discrete event', () => {
    const { s, scheduler, sampler } = setup()
    const before = s.undoGroups.length
    drag(s, scheduler, (e) => sampler.push(e), 300, 120)
    sampler.endGesture()
    drag(s, scheduler, (e) => sampler.push(e), 300, 120)
    sampler.flush()
    drag(s, scheduler, (e) => sampler.push(e), 300, 120)
    sampler.push(s.createEvent({ eventType: 'SelectObjectsEvent', objectIds: ['r1'], mode: 'replace' }))
    drag(s, scheduler, (e) => sampler.push(e), 300, 120)
    sampler.endGesture()
    expect(new Set(moves(s).map((e) => e.undoGroupId)).size).toBe(4)
    expect(s.undoGroups.length - before).toBe(4)
    expect(x(s)).toBe(144)
    s.undo()
    s.undo()
    expect(x(s)).toBe(72)
  })

  it('keeps an explicit undoGroupId', () => {
    const { s, scheduler, sampler } = setup()
    const group = '0190a000-0000-7000-8000-000000000001'
    drag(s, scheduler, (e) => sampler.push(e), 500, 120, { undoGroupId: group })
    sampler.endGesture()
    drag(s, scheduler, (e) => sampler.push(e), 500, 120, { undoGroupId: group })
    sampler.endGesture()
    expect(new Set(moves(s).map((e) => e.undoGroupId))).toEqual(new Set([group]))
    s.undo()
    expect(x(s)).toBe(0)
  })
})
