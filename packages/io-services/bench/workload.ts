/**
 * Benchmark workload: a realistic editing mix (pen drags, object moves, viewport pans, shape and
 * path creation with style), about 200-300 bytes of JSON per event as the seed describes.
 */
import { createEvent, type DraftEvent } from '@wiretuner/event-schema'

/**
 * `n` valid draft events for `documentId`, in the proportions of an editing session; event ids
 * from `newId` (default the factory's time-ordered UUIDv7).
 */
export function editingMix(
  documentId: string,
  n: number,
  newId?: () => string,
  session = 'bench-session',
): DraftEvent[] {
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
    out.push(createEvent(init as never, { newId }))
  }
  return out
}

/**
 * A document's serialized JSON as replay snapshots it: `objects` objects (60% paths of 2-5
 * anchors with handles, 40% shapes), each with an id, layer, transform and style, plus the
 * layer/artboard structure and undo history metadata. 1,000 objects give about 375 kB.
 */
export function documentJson(objects: number): Uint8Array {
  const items: unknown[] = []
  for (let i = 0; i < objects; i++) {
    const transform = { a: 1, b: 0, c: 0, d: 1, e: Math.round(i * 13.37) / 4, f: Math.round(i * 7.1) / 8 }
    const style =
      i % 2 === 0
        ? { stroke: '#222222', strokeWidth: 1.5 }
        : { fill: '#3366FF', stroke: '#000000', strokeWidth: 2, opacity: 0.9 }
    if (i % 5 < 3) {
      const anchors = Array.from({ length: 1 + (i % 3) }, (_, k) => ({
        position: { x: 100.25 + ((i * 31 + k * 17) % 800), y: 220.5 - ((i * 7 + k * 29) % 600) / 3 },
        handleIn: k === 0 ? null : { x: -12.5, y: 3.25 },
        handleOut: { x: 12.5, y: -3.25 },
        type: 'smooth',
      }))
      items.push({
        id: `path-${i}`,
        kind: 'path',
        layerId: `layer-${i % 4}`,
        transform,
        style,
        anchors,
        closed: i % 2 === 0,
      })
    } else {
      items.push({
        id: `shape-${i}`,
        kind: 'shape',
        layerId: `layer-${i % 4}`,
        transform,
        style,
        shapeType: 'rectangle',
        parameters: {
          centerX: (i * 37) % 1000,
          centerY: (i * 53) % 800,
          width: 120,
          height: 80,
          cornerRadius: 8,
        },
      })
    }
  }
  const history = Array.from({ length: Math.ceil(objects / 20) }, (_, g) => ({
    groupId: `g-${g}`,
    label: g % 2 ? 'Move' : 'Create Path',
    from: g * 20,
    to: g * 20 + 19,
  }))
  const document = {
    id: '99999999-9999-4999-8999-999999999999',
    title: 'bench',
    artboards: [
      {
        id: 'artboard-1',
        name: 'Artboard 1',
        bounds: { x: 0, y: 0, width: 1920, height: 1080 },
        layers: [0, 1, 2, 3].map((l) => ({
          id: `layer-${l}`,
          name: `Layer ${l}`,
          visible: true,
          locked: false,
        })),
      },
    ],
    objects: items,
    selection: ['path-0'],
    viewport: { panX: 0, panY: 0, zoom: 1 },
    history: { groups: history, cursor: history.length },
  }
  return new TextEncoder().encode(JSON.stringify(document))
}
