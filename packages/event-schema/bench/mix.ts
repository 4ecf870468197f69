/**
 * A realistic mix of events for the benchmarks: a drawing session as the application writes it
 * (mostly sampled gesture events: moves, anchors, pans and zooms; then creates, styles,
 * selections and markers), generated deterministically from a seed.
 */
import { randomUUID } from 'node:crypto'
import { createRandom } from '@wiretuner/replay/testing'
import type { DraftEvent, EventInit, WireTunerEvent } from '../src/index.ts'
import { createEventFactory } from '../src/index.ts'

/** `count` valid stored events of one document, in sequence order. */
export function realisticMix(count: number, seed = 42): WireTunerEvent[] {
  const random = createRandom(seed)
  const rand = (): number => random.next()
  const documentId = randomUUID()
  let clock = 1_763_000_000_000
  const create = createEventFactory({ now: () => (clock += Math.floor(rand() * 60)) })
  const coord = () => Math.round(rand() * 200000) / 100
  const point = () => ({ x: coord(), y: coord() })
  const ids = Array.from({ length: 40 }, (_, i) => `obj-${i}`)
  const someIds = () => ids.slice(0, 1 + Math.floor(rand() * 3))
  const base = { documentId, userId: 'local-user', sessionId: 'session-1' }
  const sampled = { samplingIntervalMs: 50 }
  const makers: readonly [weight: number, make: () => EventInit][] = [
    [30, () => ({ eventType: 'MoveObjectEvent', ...base, ...sampled, objectIds: someIds(), delta: point() })],
    [
      15,
      () => ({
        eventType: 'AddAnchorEvent',
        ...base,
        ...sampled,
        pathId: 'path-1',
        position: point(),
        anchorType: 'bezier',
        handleIn: point(),
        handleOut: point(),
      }),
    ],
    [
      10,
      () => ({
        eventType: 'ModifyAnchorEvent',
        ...base,
        ...sampled,
        pathId: 'path-1',
        anchorIndex: 3,
        position: point(),
        handleOut: null,
      }),
    ],
    [10, () => ({ eventType: 'ViewportPanEvent', ...base, ...sampled, delta: point() })],
    [5, () => ({ eventType: 'ViewportZoomEvent', ...base, ...sampled, factor: 1.1, focalPoint: point() })],
    [5, () => ({ eventType: 'RotateObjectEvent', ...base, ...sampled, objectIds: someIds(), angle: rand() })],
    [
      5,
      () => ({
        eventType: 'CreatePathEvent',
        ...base,
        undoGroupId: 'g1',
        pathId: `path-${Math.floor(rand() * 1e6)}`,
        layerId: 'layer-1',
        startAnchor: point(),
        style: { stroke: '#1a2b3c', strokeWidth: 2 },
      }),
    ],
    [
      5,
      () => ({
        eventType: 'CreateShapeEvent',
        ...base,
        shapeId: `shape-${Math.floor(rand() * 1e6)}`,
        layerId: 'layer-1',
        shapeType: 'rectangle',
        parameters: { centerX: coord(), centerY: coord(), width: 40, height: 30, cornerRadius: 4 },
        style: { fill: '#ffcc00', stroke: '#000000', strokeWidth: 1, opacity: 1 },
      }),
    ],
    [
      5,
      () => ({ eventType: 'ModifyStyleEvent', ...base, objectIds: someIds(), fill: '#00ff00', opacity: 0.8 }),
    ],
    [5, () => ({ eventType: 'SelectObjectsEvent', ...base, objectIds: someIds(), mode: 'replace' })],
    [3, () => ({ eventType: 'FinishPathEvent', ...base, pathId: 'path-1', closed: rand() < 0.5 })],
    [2, () => ({ eventType: 'UndoEvent', ...base, groupId: 'g1' })],
  ]
  const total = makers.reduce((s, [w]) => s + w, 0)
  const events: WireTunerEvent[] = []
  for (let i = 0; i < count; i++) {
    let pick = rand() * total
    let chosen = makers[0]
    for (const m of makers) {
      pick -= m[0]
      if (pick < 0) {
        chosen = m
        break
      }
    }
    const draft: DraftEvent = create(chosen?.[1]() as EventInit)
    events.push({ ...draft, eventSequence: i } as WireTunerEvent)
  }
  return events
}
