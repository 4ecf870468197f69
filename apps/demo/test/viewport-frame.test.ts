/**
 * The editor's viewport events in the stored document's frame (viewer/src/editor/viewport-frame.ts):
 * pan and zoom gestures applied on the page's canvas and, as recorded, on the stored document's
 * default 800×600 canvas give the same pan and zoom, for any page canvas size.
 */
import type { SessionEventInit } from '@wiretuner/replay'
import {
  createDocument,
  type Document,
  panViewport,
  setCanvasSize,
  zoomViewport,
} from '@wiretuner/vector-model'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { inStoredFrame } from '../viewer/src/editor/viewport-frame.ts'

type Gesture =
  | { readonly kind: 'pan'; readonly x: number; readonly y: number }
  | { readonly kind: 'zoom'; readonly factor: number; readonly x: number; readonly y: number }

function apply(doc: Document, event: SessionEventInit): Document {
  const e = event as unknown as {
    delta?: { x: number; y: number }
    factor?: number
    focalPoint?: { x: number; y: number }
  }
  if (event.eventType === 'ViewportPanEvent' && e.delta !== undefined) return panViewport(doc, e.delta)
  if (event.eventType === 'ViewportZoomEvent' && e.factor !== undefined && e.focalPoint !== undefined)
    return zoomViewport(doc, e.factor, e.focalPoint)
  return doc
}

const toEvent = (g: Gesture): SessionEventInit =>
  (g.kind === 'pan'
    ? { eventType: 'ViewportPanEvent', delta: { x: g.x, y: g.y } }
    : {
        eventType: 'ViewportZoomEvent',
        factor: g.factor,
        focalPoint: { x: g.x, y: g.y },
      }) as unknown as SessionEventInit

/** Page and stored pan/zoom after `gestures`, recorded with or without the frame shift. */
function run(page: { width: number; height: number }, gestures: readonly Gesture[], shift: boolean) {
  let shown = setCanvasSize(createDocument({ id: 'page' }), page)
  let stored = createDocument({ id: 'stored' })
  for (const g of gestures) {
    const event = toEvent(g)
    shown = apply(shown, event)
    stored = apply(stored, shift ? inStoredFrame(event, page, stored.viewport.canvasSize) : event)
  }
  return { shown: shown.viewport, stored: stored.viewport }
}

const gesture: fc.Arbitrary<Gesture> = fc.oneof(
  fc.record({
    kind: fc.constant('pan' as const),
    x: fc.integer({ min: -300, max: 300 }),
    y: fc.integer({ min: -300, max: 300 }),
  }),
  fc.record({
    kind: fc.constant('zoom' as const),
    factor: fc.double({ min: 0.5, max: 2, noNaN: true }),
    x: fc.integer({ min: 0, max: 2000 }),
    y: fc.integer({ min: 0, max: 1200 }),
  }),
)

describe('viewport events in the stored frame', () => {
  it('records pan and zoom that give the page pan and zoom on the 800×600 stored canvas (property)', () => {
    fc.assert(
      fc.property(
        fc.record({ width: fc.integer({ min: 1, max: 2500 }), height: fc.integer({ min: 1, max: 1500 }) }),
        fc.array(gesture, { minLength: 1, maxLength: 30 }),
        (page, gestures) => {
          const { shown, stored } = run(page, gestures, true)
          expect(stored.zoom).toBeCloseTo(shown.zoom, 9)
          const scale = Math.max(1, Math.abs(shown.pan.x), Math.abs(shown.pan.y))
          expect(Math.abs(stored.pan.x - shown.pan.x) / scale).toBeLessThan(1e-9)
          expect(Math.abs(stored.pan.y - shown.pan.y) / scale).toBeLessThan(1e-9)
          expect(stored.canvasSize).toEqual({ width: 800, height: 600 })
        },
      ),
    )
  })

  it('is needed: a zoom about the page pointer recorded as is lands elsewhere on a bigger canvas', () => {
    const page = { width: 1400, height: 900 }
    const zoom: Gesture = { kind: 'zoom', factor: 2, x: 1000, y: 200 }
    const raw = run(page, [zoom], false)
    expect(raw.stored.pan).not.toEqual(raw.shown.pan)
    const fixed = run(page, [zoom], true)
    expect(fixed.stored.pan).toEqual(fixed.shown.pan)
    const pan = inStoredFrame(toEvent({ kind: 'pan', x: 5, y: 6 }), page, { width: 800, height: 600 })
    expect(pan).toEqual(toEvent({ kind: 'pan', x: 5, y: 6 }))
  })
})
