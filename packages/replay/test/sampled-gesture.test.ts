/**
 * Acceptance property (5): a gesture recorded through the 50 ms sampler ends in exactly the
 * document of the unsampled gesture. Byte-equal for the summed/merged kinds on values whose sums
 * are exact in floating point (moves, pans, anchor edits, style); within 1e-9 for rotations,
 * scales and zooms, whose composed matrices round differently from the step-by-step ones.
 */
import type { WireTunerEvent } from '@wiretuner/event-schema'
import { documentsEqual, serializeDocument } from '@wiretuner/vector-model'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createManualScheduler } from '../src/clock.js'
import { foldEvents } from '../src/fold.js'
import { createSampler } from '../src/sampler.js'
import { initialState, type ReplayState } from '../src/state.js'
import { RUNS } from './support/helpers.js'

const documentId = '00000000-0000-4000-8000-00000000d0c5'
let ids = 0
const eventId = () => `00000000-0000-4000-8000-${(++ids).toString(16).padStart(12, '0')}`

type Sample = Record<string, unknown> & { readonly eventType: string }

function withEnvelope(
  samples: readonly Sample[],
  first: number,
  start: number,
  gaps: readonly number[],
): WireTunerEvent[] {
  let t = start
  return samples.map((s, i) => {
    t += gaps[i % gaps.length] ?? 10
    return {
      ...s,
      eventId: eventId(),
      documentId,
      timestamp: t,
      eventSequence: first + i,
    } as unknown as WireTunerEvent
  })
}

/** A document with a rectangle `r`, an ellipse `e` and an open corner path `p` of four anchors. */
function base(): ReplayState {
  const setup: Sample[] = [
    { eventType: 'CreateDocumentEvent', title: 'Gestures' },
    { eventType: 'CreateArtboardEvent', artboardId: 'ab', bounds: { x: 0, y: 0, width: 800, height: 600 } },
    { eventType: 'CreateLayerEvent', layerId: 'l', artboardId: 'ab' },
    {
      eventType: 'CreateShapeEvent',
      schemaVersion: 2,
      shapeId: 'r',
      shapeType: 'rectangle',
      parameters: { centerX: 100, centerY: 80, width: 40, height: 30 },
    },
    {
      eventType: 'CreateShapeEvent',
      schemaVersion: 2,
      shapeId: 'e',
      shapeType: 'ellipse',
      parameters: { centerX: 300, centerY: 200, radiusX: 20, radiusY: 10 },
    },
    { eventType: 'CreatePathEvent', pathId: 'p', startAnchor: { x: 0, y: 0 } },
    { eventType: 'AddAnchorEvent', pathId: 'p', position: { x: 10, y: 0 }, anchorType: 'line' },
    { eventType: 'AddAnchorEvent', pathId: 'p', position: { x: 10, y: 10 }, anchorType: 'line' },
    { eventType: 'AddAnchorEvent', pathId: 'p', position: { x: 0, y: 10 }, anchorType: 'line' },
  ]
  const r = foldEvents(initialState(documentId), withEnvelope(setup, 0, 1_000_000, [1]))
  expect(r.problems).toEqual([])
  return r.state
}

const quarter = fc.integer({ min: -400, max: 400 }).map((n) => n / 4)
const point = fc.record({ x: quarter, y: quarter })

/** Samples of the exact kinds. */
const exactSample: fc.Arbitrary<Sample> = fc.oneof(
  fc.record({
    eventType: fc.constant('MoveObjectEvent'),
    objectIds: fc.constantFrom(['r'], ['e'], ['r', 'e'], ['p']),
    delta: point,
  }),
  fc.record({ eventType: fc.constant('ViewportPanEvent'), delta: point }),
  fc
    .record(
      {
        anchorIndex: fc.integer({ min: 0, max: 3 }),
        position: point,
        handleIn: fc.option(point, { nil: null }),
        handleOut: fc.option(point, { nil: null }),
        anchorType: fc.constantFrom('corner', 'symmetric'),
      },
      { requiredKeys: ['anchorIndex'] },
    )
    .map((f) => ({ eventType: 'ModifyAnchorEvent', pathId: 'p', ...f })),
  fc
    .record(
      {
        fill: fc.constantFrom('#FF0000', '#00FF00', '#0000FF'),
        strokeWidth: fc.integer({ min: 0, max: 8 }),
        opacity: fc.constantFrom(0, 0.25, 0.5, 1),
      },
      { requiredKeys: [] },
    )
    .map((f) => ({ eventType: 'ModifyStyleEvent', objectIds: ['e'], ...f })),
)

/** Samples of the kinds that compose exactly only in real arithmetic. */
const roundedSample: fc.Arbitrary<Sample> = fc.oneof(
  fc.record({
    eventType: fc.constant('RotateObjectEvent'),
    objectIds: fc.constant(['r']),
    angle: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
    pivot: fc.constant({ x: 100, y: 80 }),
  }),
  fc.record({
    eventType: fc.constant('ScaleObjectEvent'),
    objectIds: fc.constant(['e']),
    scaleX: fc.double({ min: 0.9, max: 1.1, noNaN: true }),
    scaleY: fc.double({ min: 0.9, max: 1.1, noNaN: true }),
    pivot: fc.constant({ x: 300, y: 200 }),
  }),
  fc.record({
    eventType: fc.constant('ViewportZoomEvent'),
    factor: fc.double({ min: 0.95, max: 1.05, noNaN: true }),
    focalPoint: fc.constant({ x: 400, y: 300 }),
  }),
)

function runBoth(samples: readonly Sample[], gaps: readonly number[]) {
  const start = base()
  const events = withEnvelope(samples, start.sequence + 1, 2_000_000, gaps)
  const unsampled = foldEvents(start, events)
  const scheduler = createManualScheduler(2_000_000)
  const emitted: WireTunerEvent[] = []
  const sampler = createSampler<WireTunerEvent>({ scheduler, emit: (e) => emitted.push(e) })
  for (const e of events) {
    scheduler.advanceTo(e.timestamp)
    sampler.push(e)
  }
  sampler.endGesture()
  const renumbered = emitted.map(
    (e, i) => ({ ...e, eventSequence: start.sequence + 1 + i }) as WireTunerEvent,
  )
  const sampled = foldEvents(start, renumbered)
  return { events, emitted, unsampled, sampled }
}

describe('(5) a sampled gesture ends in exactly the document of the unsampled gesture', () => {
  it('byte-equal for moves, pans, anchor edits and style changes', () => {
    fc.assert(
      fc.property(
        fc.array(exactSample, { minLength: 1, maxLength: 120 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 8 }),
        (samples, gaps) => {
          const { unsampled, sampled, emitted, events } = runBoth(samples, gaps)
          expect(unsampled.problems).toEqual([])
          expect(sampled.problems).toEqual([])
          expect(emitted.length).toBeLessThanOrEqual(events.length)
          expect(serializeDocument(sampled.state.document)).toBe(serializeDocument(unsampled.state.document))
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('within 1e-9 for rotations, scales and zooms about a fixed point', () => {
    fc.assert(
      fc.property(
        fc.array(roundedSample, { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 8 }),
        (samples, gaps) => {
          const { unsampled, sampled } = runBoth(samples, gaps)
          expect(sampled.problems).toEqual([])
          expect(documentsEqual(sampled.state.document, unsampled.state.document, { tolerance: 1e-9 })).toBe(
            true,
          )
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('records a 2 s drag at 100 Hz as about 40 events ending where the drag ends', () => {
    const samples: Sample[] = Array.from({ length: 200 }, (_, i) => ({
      eventType: 'MoveObjectEvent',
      objectIds: ['r'],
      delta: { x: (i % 7) - 3, y: 0.5 },
    }))
    const { emitted, unsampled, sampled } = runBoth(samples, [10])
    expect(emitted.length).toBeGreaterThanOrEqual(38)
    expect(emitted.length).toBeLessThanOrEqual(42)
    expect(emitted.every((e) => e.samplingIntervalMs === 50)).toBe(true)
    expect(serializeDocument(sampled.state.document)).toBe(serializeDocument(unsampled.state.document))
  })
})
