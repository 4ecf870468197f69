/**
 * A deterministic drawing session for the tests and benchmarks, as replay's session inits: one
 * artboard and layer, `shapes` rectangles, then drag gestures of `GESTURE_MOVES` sampled moves
 * sharing one undo group (one object per gesture, small deltas from a seeded generator).
 */
import type { SessionEventInit } from '@wiretuner/replay'

/** Moves per drag gesture (one undo group). */
export const GESTURE_MOVES = 20

/** A small seeded generator (mulberry32): the same seed gives the same drawing. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The events that set up the drawing: an artboard, a layer and `shapes` rectangles. */
export function drawingSetup(shapes: number): SessionEventInit[] {
  const events: SessionEventInit[] = [
    {
      eventType: 'CreateArtboardEvent',
      artboardId: 'artboard-1',
      bounds: { x: 0, y: 0, width: 4000, height: 4000 },
    },
    { eventType: 'CreateLayerEvent', layerId: 'layer-1', artboardId: 'artboard-1' },
  ]
  for (let i = 0; i < shapes; i++) {
    events.push({
      eventType: 'CreateShapeEvent',
      shapeId: `rect-${i}`,
      shapeType: 'rectangle',
      parameters: {
        centerX: 40 + (i % 40) * 95,
        centerY: 40 + Math.floor(i / 40) * 95,
        width: 60,
        height: 40,
      },
    })
  }
  return events
}

/** `count` moves as drag gestures over `shapes` rectangles (groups named `drag-<first>-<n>`). */
export function dragMoves(shapes: number, count: number, seed = 7, first = 0): SessionEventInit[] {
  const random = seeded(seed)
  const delta = () => Math.round((random() - 0.5) * 16) / 4
  const events: SessionEventInit[] = []
  for (let i = 0; i < count; i++) {
    const gesture = Math.floor(i / GESTURE_MOVES)
    if (i % GESTURE_MOVES === 0) random()
    events.push({
      eventType: 'MoveObjectEvent',
      objectIds: [`rect-${(gesture * 7919 + seed) % shapes}`],
      delta: { x: delta(), y: delta() },
      samplingIntervalMs: 50,
      undoGroupId: `drag-${first}-${gesture}`,
    })
  }
  return events
}

/** The whole drawing: setup and moves, `setup + moves` events. */
export function drawing(shapes: number, moves: number, seed = 7): SessionEventInit[] {
  return [...drawingSetup(shapes), ...dragMoves(shapes, moves, seed)]
}
