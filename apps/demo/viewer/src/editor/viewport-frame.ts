/**
 * Viewport events in the stored document's frame. The catalog's ViewportZoomEvent records its
 * focal point in screen pixels and no event records a canvas size: the fold (the Worker, a
 * replay) zooms about that point on the document's `viewport.canvasSize` (800×600 unless the file
 * says otherwise), while the page zooms on its real canvas. A focal point only matters as an
 * offset from the canvas centre, so the editor records it shifted by the difference of the two
 * centres: the stored pan and zoom are then exactly what the page showed. Pan deltas and resets
 * do not depend on the canvas size and are recorded as they are.
 */
import type { SessionEventInit } from '@wiretuner/replay'
import type { Size } from '@wiretuner/vector-model'

type ZoomInit = SessionEventInit & {
  readonly eventType: 'ViewportZoomEvent'
  readonly focalPoint: { readonly x: number; readonly y: number }
}

const isZoom = (event: SessionEventInit): event is ZoomInit => event.eventType === 'ViewportZoomEvent'

/**
 * `event` as recorded for a document whose canvas is `stored` when the page's canvas is `page`:
 * a zoom's focal point moved by the difference of the centres, any other event unchanged.
 */
export function inStoredFrame(event: SessionEventInit, page: Size, stored: Size): SessionEventInit {
  if (!isZoom(event)) return event
  const dx = (stored.width - page.width) / 2
  const dy = (stored.height - page.height) / 2
  if (dx === 0 && dy === 0) return event
  return { ...event, focalPoint: { x: event.focalPoint.x + dx, y: event.focalPoint.y + dy } }
}
