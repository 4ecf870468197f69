/**
 * Editing actions of the simulated user: moves, rotations and scales by sampled drags, style
 * changes, selections in every mode, anchor edits, deletions, viewport pans and zooms.
 */
import { round2, round4, type SimulatedUser } from './user.js'

/** Drags the selection (or a clicked object) by an eased path; incremental sampled deltas. */
export function moveDrag(u: SimulatedUser): void {
  const ids = u.pickTargets()
  if (!ids) return
  const total = { x: u.rnd.gaussian(0, 120), y: u.rnd.gaussian(0, 90) }
  const label = ids.length === 1 ? 'Move Object' : `Move ${ids.length} Objects`
  u.group(label, () => {
    let done = { x: 0, y: 0 }
    u.drag(u.rnd.range(250, 1500), (t) => {
      const eased = t * t * (3 - 2 * t)
      const next = { x: round2(total.x * eased), y: round2(total.y * eased) }
      const delta = { x: round2(next.x - done.x), y: round2(next.y - done.y) }
      done = next
      if (delta.x !== 0 || delta.y !== 0)
        u.port.sample({ eventType: 'MoveObjectEvent', objectIds: ids, delta })
    })
  })
}

/** Rotates the selection about its centre by a sampled drag. */
export function rotateDrag(u: SimulatedUser): void {
  const ids = u.pickTargets()
  if (!ids) return
  const pivot = u.pivotOf(ids)
  if (!pivot) return
  const total = u.rnd.gaussian(0, 0.8)
  u.group('Rotate', () => {
    let done = 0
    u.drag(u.rnd.range(300, 1200), (t) => {
      const next = total * t
      const angle = round4(next - done)
      done += angle
      if (angle !== 0) u.port.sample({ eventType: 'RotateObjectEvent', objectIds: ids, angle, pivot })
    })
  })
}

/** Scales the selection about its centre by a sampled drag (uniform or not). */
export function scaleDrag(u: SimulatedUser): void {
  const ids = u.pickTargets()
  if (!ids) return
  const pivot = u.pivotOf(ids)
  if (!pivot) return
  const uniform = u.rnd.chance(0.6)
  const fx = Math.exp(u.rnd.gaussian(0, 0.3))
  const fy = uniform ? fx : Math.exp(u.rnd.gaussian(0, 0.3))
  u.group('Scale', () => {
    let doneX = 1
    let doneY = 1
    u.drag(u.rnd.range(300, 1200), (t) => {
      const nx = 1 + (fx - 1) * t
      const ny = 1 + (fy - 1) * t
      const scaleX = round4(nx / doneX)
      const scaleY = round4(ny / doneY)
      doneX *= scaleX
      doneY *= scaleY
      if (scaleX > 0 && scaleY > 0 && (scaleX !== 1 || scaleY !== 1))
        u.port.sample({ eventType: 'ScaleObjectEvent', objectIds: ids, scaleX, scaleY, pivot })
    })
  })
}

/** Changes fill, stroke, stroke width or opacity; debounced, so one settled event. */
export function changeStyle(u: SimulatedUser): void {
  const ids = u.pickTargets()
  if (!ids) return
  const what = u.rnd.weighted({ fill: 5, stroke: 3, strokeWidth: 2, opacity: 1.5 })
  u.group('Change Style', () => {
    // A colour picker or slider is debounced: only the settled value is recorded.
    u.port.wait(Math.round(u.rnd.range(300, 1500)))
    switch (what) {
      case 'fill':
        u.discrete({
          eventType: 'ModifyStyleEvent',
          objectIds: ids,
          fill: u.colour(),
        })
        return
      case 'stroke':
        u.discrete({
          eventType: 'ModifyStyleEvent',
          objectIds: ids,
          stroke: u.colour(),
          strokeWidth: u.rnd.pick([1, 2, 3, 4]),
        })
        return
      case 'strokeWidth':
        u.discrete({
          eventType: 'ModifyStyleEvent',
          objectIds: ids,
          strokeWidth: u.rnd.pick([0.5, 1, 1.5, 2, 3, 5, 8]),
        })
        return
      case 'opacity':
        u.discrete({
          eventType: 'ModifyStyleEvent',
          objectIds: ids,
          opacity: round2(u.rnd.range(0.2, 1)),
        })
        return
    }
  })
}

/** Clicks objects with a selection mode (replace, add, toggle, subtract). */
export function select(u: SimulatedUser): void {
  const objs = u.editableObjects()
  if (objs.length === 0) return
  const mode = u.rnd.weighted({ replace: 6, add: 2, toggle: 1.5, subtract: 1 })
  const count = mode === 'replace' && u.rnd.chance(0.2) ? u.rnd.int(2, 5) : 1
  const ids = [...new Set(Array.from({ length: count }, () => u.rnd.pick(objs)))]
  u.discrete({ eventType: 'SelectObjectsEvent', objectIds: ids, mode })
}

/** Removes one object from the selection, or clears it. */
export function deselect(u: SimulatedUser): void {
  const selection = u.live().selection
  if (selection.length > 0 && u.rnd.chance(0.4)) {
    u.discrete({ eventType: 'DeselectObjectsEvent', objectIds: [u.rnd.pick(selection)] })
  } else {
    u.discrete({ eventType: 'ClearSelectionEvent' })
  }
}

/** Drags one anchor of a path to a new position (sampled). */
export function editAnchor(u: SimulatedUser): void {
  const path = u.randomPath()
  if (!path) return
  const anchorIndex = u.rnd.int(0, path.anchors - 1)
  const total = { x: u.rnd.gaussian(0, 30), y: u.rnd.gaussian(0, 30) }
  const start = u.port.objectCenter(path.pathId) ?? { x: 0, y: 0 }
  u.group('Move Anchor', () => {
    u.drag(u.rnd.range(200, 900), (t) => {
      u.port.sample({
        eventType: 'ModifyAnchorEvent',
        pathId: path.pathId,
        anchorIndex,
        position: { x: round2(start.x + total.x * t), y: round2(start.y + total.y * t) },
      })
    })
  })
}

/** Deletes one anchor of a path with at least three. */
export function deleteAnchor(u: SimulatedUser): void {
  const path = u.randomPath()
  if (!path || path.anchors < 3) return
  u.group('Delete Anchor', () =>
    u.discrete({
      eventType: 'DeleteAnchorEvent',
      pathId: path.pathId,
      anchorIndex: u.rnd.int(0, path.anchors - 1),
    }),
  )
}

/** Deletes the selection or a clicked object. */
export function deleteObjects(u: SimulatedUser): void {
  const ids = u.pickTargets()
  if (!ids) return
  u.group(ids.length === 1 ? 'Delete Object' : `Delete ${ids.length} Objects`, () =>
    u.discrete({ eventType: 'DeleteObjectEvent', objectIds: ids }),
  )
}

/** Pans the view by a sampled drag. */
export function pan(u: SimulatedUser): void {
  const total = { x: u.rnd.gaussian(0, 300), y: u.rnd.gaussian(0, 200) }
  let done = { x: 0, y: 0 }
  u.drag(u.rnd.range(200, 1200), (t) => {
    const next = { x: round2(total.x * t), y: round2(total.y * t) }
    const delta = { x: round2(next.x - done.x), y: round2(next.y - done.y) }
    done = next
    u.port.sample({ eventType: 'ViewportPanEvent', delta })
  })
}

/** Zooms about a fixed focal point with 3–14 wheel ticks (sampled). */
export function zoom(u: SimulatedUser): void {
  const focalPoint = { x: round2(u.rnd.range(100, 1100)), y: round2(u.rnd.range(100, 700)) }
  const zoomIn = u.rnd.chance(0.5)
  const ticks = u.rnd.int(3, 14)
  for (let i = 0; i < ticks; i++) {
    // Wheel ticks arrive every ~30 ms.
    u.port.wait(u.rnd.int(20, 45))
    u.port.sample({
      eventType: 'ViewportZoomEvent',
      factor: zoomIn ? 1.1 : round4(1 / 1.1),
      focalPoint,
    })
  }
  u.port.endGesture()
}
