/**
 * Benchmark workload: a realistic editing mix (pen drags, object moves, viewport pans, shape and
 * path creation with style), about 200-300 bytes of JSON per event as the seed describes.
 */
import { createEvent, type DraftEvent } from '@wiretuner/event-schema'

/** `n` valid draft events for `documentId`, in the proportions of an editing session. */
export function editingMix(documentId: string, n: number, session = 'bench-session'): DraftEvent[] {
  const out: DraftEvent[] = []
  for (let i = 0; i < n; i++) {
    const base = {
      documentId,
      sessionId: session,
      userId: 'local-user',
      undoGroupId: `g-${Math.floor(i / 20)}`,
    }
    const pathId = `path-${Math.floor(i / 40)}`
    const k = i % 10
    let init: Record<string, unknown>
    if (k < 4) {
      init = {
        ...base,
        eventType: 'AddAnchorEvent',
        samplingIntervalMs: 50,
        pathId,
        position: { x: 100.25 + i, y: 220.5 - i / 3 },
        anchorType: 'bezier',
        handleIn: { x: -12.5, y: 3.25 },
        handleOut: { x: 12.5, y: -3.25 },
      }
    } else if (k < 6) {
      init = {
        ...base,
        eventType: 'MoveObjectEvent',
        samplingIntervalMs: 50,
        objectIds: [pathId, `shape-${i % 7}`],
        delta: { x: 1.5, y: -0.75 },
      }
    } else if (k < 7) {
      init = {
        ...base,
        eventType: 'ModifyAnchorEvent',
        pathId,
        anchorIndex: i % 5,
        position: { x: i, y: i / 2 },
        handleOut: null,
      }
    } else if (k < 8) {
      init = { ...base, eventType: 'ViewportPanEvent', samplingIntervalMs: 50, delta: { x: -4, y: 2.5 } }
    } else if (k < 9) {
      init = {
        ...base,
        eventType: 'CreateShapeEvent',
        shapeId: `shape-${i}`,
        layerId: 'layer-1',
        shapeType: 'rectangle',
        parameters: { centerX: 320, centerY: 200, width: 120, height: 80, cornerRadius: 8 },
        style: { fill: '#3366FF', stroke: '#000000', strokeWidth: 2, opacity: 0.9 },
      }
    } else {
      init = {
        ...base,
        eventType: 'CreatePathEvent',
        pathId: `path-${i}`,
        layerId: 'layer-1',
        startAnchor: { x: 10, y: 20 },
        style: { stroke: '#222222', strokeWidth: 1.5 },
      }
    }
    out.push(createEvent(init as never))
  }
  return out
}
