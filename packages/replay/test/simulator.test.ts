/**
 * The one simulator (`@wiretuner/replay/testing`): logs of exactly the asked length that fold
 * without a problem and validate, the same for the same seed (a shorter log a prefix of a longer
 * one), streamed and collected alike, the
 * same events through a real session as through the storage-free recorder, and a realistic mix
 * (undo/redo, group markers, sampled gestures, nearly the whole catalog) in a long log.
 */
import { EVENT_TYPES, validateEvent, type WireTunerEvent } from '@wiretuner/event-schema'
import { createMemoryStorage } from '@wiretuner/io-services'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createManualScheduler } from '../src/clock.js'
import { foldEvents } from '../src/fold.js'
import { createSession } from '../src/open-session.js'
import { initialState } from '../src/state.js'
import {
  createRandom,
  createRecordingEditor,
  SessionScript,
  SIMULATION_EPOCH_MS,
  simulatedLog,
  simulatedStream,
} from '../src/testing.js'
import { fakeUuid, fullFold, RUNS } from './support/helpers.js'

const typesOf = (events: readonly WireTunerEvent[]): Set<string> => new Set(events.map((e) => e.eventType))

describe('simulatedLog', () => {
  it('gives exactly `count` valid events, numbered from 0, that fold without a problem', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 400 }), (seed, count) => {
        const events = simulatedLog(seed, count)
        expect(events).toHaveLength(count)
        expect(events[0]?.eventType).toBe('CreateDocumentEvent')
        events.forEach((event, i) => {
          expect(event.eventSequence).toBe(i)
          expect(event.documentId).toBe(events[0]?.documentId)
          expect(validateEvent(event).ok).toBe(true)
        })
        expect(new Set(events.map((e) => e.eventId)).size).toBe(count)
        const { state, problems } = foldEvents(initialState(events[0]?.documentId ?? ''), events)
        expect(problems).toEqual([])
        expect(state.sequence).toBe(count - 1)
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    )
  })

  it('is deterministic for a seed, differs between seeds, and streams what it collects', () => {
    const a = simulatedLog('same', 900)
    expect(simulatedLog('same', 900)).toEqual(a)
    expect([...simulatedStream('same', 900)]).toEqual(a)
    expect(simulatedLog('same', 300)).toEqual(a.slice(0, 300))
    expect(simulatedLog('other', 900)).not.toEqual(a)
    expect(simulatedLog(7, 10)).toEqual(simulatedLog('7', 10))
  })

  it('takes the document id and start time asked for, and gives other event ids per document', () => {
    const documentId = fakeUuid(3, 0x51)
    const events = simulatedLog(1, 200, { documentId, startTime: 1_000 })
    expect(events.every((e) => e.documentId === documentId)).toBe(true)
    expect(events[0]?.timestamp).toBeGreaterThanOrEqual(1_000)
    expect(events[0]?.timestamp).toBeLessThan(SIMULATION_EPOCH_MS)
    const other = simulatedLog(1, 200, { documentId: fakeUuid(4, 0x51) })
    const ids = new Set(events.map((e) => e.eventId))
    expect(other.some((e) => ids.has(e.eventId))).toBe(false)
  })

  it('refuses a count that is not a non-negative integer, and gives nothing for 0', () => {
    expect(simulatedLog(1, 0)).toEqual([])
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => simulatedLog(1, bad)).toThrow(expect.objectContaining({ code: 'invalid-argument' }))
  })

  it('plays a realistic mix: undo and redo, group markers, sampled gestures, most of the catalog', () => {
    const events = simulatedLog('coverage', 6_000)
    const types = typesOf(events)
    for (const type of [
      'UndoEvent',
      'RedoEvent',
      'StartGroupEvent',
      'EndGroupEvent',
      'CreatePathEvent',
      'AddAnchorEvent',
      'ModifyAnchorEvent',
      'FinishPathEvent',
      'CreateShapeEvent',
      'MoveObjectEvent',
      'RotateObjectEvent',
      'ScaleObjectEvent',
      'ModifyStyleEvent',
      'DeleteObjectEvent',
      'SelectObjectsEvent',
      'ViewportPanEvent',
      'ViewportZoomEvent',
      'CreateLayerEvent',
      'ModifyLayerEvent',
      'CreateArtboardEvent',
      'SaveDocumentEvent',
    ])
      expect(types, type).toContain(type)
    expect(types.size).toBeGreaterThanOrEqual(EVENT_TYPES.length - 6)
    const sampled = events.filter((e) => (e as { samplingIntervalMs?: number }).samplingIntervalMs === 50)
    expect(sampled.length).toBeGreaterThan(events.length / 4)
    const state = fullFold(events)
    expect(state.document.objects.size).toBeGreaterThan(10)
    expect(state.history.undoStack.length).toBeGreaterThan(0)
  })
})

describe('the recording editor', () => {
  it('records the same events through a real session as the storage-free recorder', () => {
    const seed = 'both-ways'
    const documentId = fakeUuid(9, 0x5e5)
    const expected = simulatedLog(seed, 1_500, { documentId })
    const ids = createRandom(`${seed}/ids/${documentId}`)
    const newId = (): string => ids.uuid()
    const scheduler = createManualScheduler(SIMULATION_EPOCH_MS)
    const storage = createMemoryStorage()
    const session = createSession(
      storage,
      { documentId, title: `Simulated design (seed ${seed})` },
      { now: () => scheduler.now(), newId, snapshotScheduling: 'sync' },
    )
    const editor = createRecordingEditor(session, scheduler, newId)
    const script = new SessionScript(editor.port, createRandom(seed))
    while (editor.port.eventCount() < 1_500) script.step(Number.POSITIVE_INFINITY)
    editor.dispose()
    session.close()
    const stored: WireTunerEvent[] = []
    for (const item of storage.readEvents(documentId)) if (item.kind === 'event') stored.push(item.event)
    expect(editor.stats.refused).toBe(0)
    // the storage keeps JSON: compare as stored (a -0 coordinate reads back as 0)
    expect(stored.slice(0, 1_500)).toEqual(JSON.parse(JSON.stringify(expected)))
  })

  it('counts what the target refuses and goes on (the refused event is dropped)', () => {
    const scheduler = createManualScheduler(1_000)
    const session = createSession(createMemoryStorage(), {}, { now: () => scheduler.now() })
    const editor = createRecordingEditor(session, scheduler, () => crypto.randomUUID())
    editor.port.discrete({ eventType: 'MoveObjectEvent', objectIds: ['missing'], delta: { x: 1, y: 0 } })
    editor.port.discrete({ eventType: 'ClearSelectionEvent' })
    expect(editor.port.undo()).toBe(false)
    editor.dispose()
    expect(editor.stats.refused).toBe(1)
    expect(editor.stats.refusals[0]).toMatch(/MoveObjectEvent/)
    expect(session.sequence).toBe(1)
    session.close()
    expect(() => editor.port.discrete({ eventType: 'ClearSelectionEvent' })).toThrow()
  })
})
