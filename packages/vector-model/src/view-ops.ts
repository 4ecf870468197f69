/**
 * Selection and viewport operations. Selection is a set of object ids (kept in selection order)
 * plus per-object anchor indices. The viewport is not content: `restoreContent` keeps it.
 * Screen coordinates: screen = (world − pan)·zoom + canvasSize/2, so `pan` is the world point at
 * the canvas centre; pan deltas and zoom focal points are given in SCREEN pixels.
 */
import { VectorModelError } from './errors.js'
import { type EditTarget, edit, requireObject, type Work } from './store.js'
import type { Point, Selection, SelectionMode, Size, Viewport } from './types.js'
import { checkFiniteResult, checkNumber, checkPoint, checkPositive } from './validate.js'

/** Zoom limits. */
export const MIN_ZOOM = 0.05
/** Zoom limits. */
export const MAX_ZOOM = 8
/** Canvas size of a new document. */
export const DEFAULT_CANVAS_SIZE: Size = Object.freeze({ width: 800, height: 600 })

/** The empty selection. */
export const EMPTY_SELECTION: Selection = Object.freeze({
  objectIds: Object.freeze([]),
  anchors: Object.freeze({}),
})

/** The initial viewport: pan (0,0), zoom 1, the given canvas size. */
export function initialViewport(canvasSize: Size = DEFAULT_CANVAS_SIZE): Viewport {
  return { pan: { x: 0, y: 0 }, zoom: 1, canvasSize }
}

/** Whether a record has any own key (without allocating a key list). */
function hasKeys(o: object): boolean {
  for (const _ in o) return true
  return false
}

function withoutAnchors(anchors: Selection['anchors'], drop: (id: string) => boolean): Selection['anchors'] {
  if (!hasKeys(anchors)) return anchors
  const keys = Object.keys(anchors)
  if (!keys.some(drop)) return anchors
  const out: Record<string, readonly number[]> = {}
  for (const k of keys) if (!drop(k)) out[k] = anchors[k] as readonly number[]
  return out
}

/** Removes ids matching `drop` from the selection (internal; used by deletions). */
export function dropFromSelection(w: Work, drop: (id: string) => boolean): void {
  const sel = w.selection
  const anchored = hasKeys(sel.anchors)
  if (sel.objectIds.length === 0 && !anchored) return
  if (!sel.objectIds.some(drop) && !(anchored && Object.keys(sel.anchors).some(drop))) return
  w.selection = {
    objectIds: sel.objectIds.filter((id) => !drop(id)),
    anchors: withoutAnchors(sel.anchors, drop),
  }
}

function checkIds(w: Work, ids: readonly string[], where: string): void {
  if (!Array.isArray(ids))
    throw new VectorModelError('invalid-argument', `${where}: objectIds must be an array`)
  for (const id of ids) requireObject(w, id, where)
}

/**
 * Selects objects. `replace`: exactly `ids`; `add`: union; `toggle`: flips each id;
 * `subtract`: removes them. Unknown ids are refused (`not-found`). Anchor selections of
 * deselected objects are dropped.
 */
export function selectObjects<T extends EditTarget>(
  target: T,
  ids: readonly string[],
  mode: SelectionMode,
): T {
  return edit(target, (w) => {
    checkIds(w, ids, 'selectObjects')
    const cur = w.selection.objectIds
    let next: string[]
    switch (mode) {
      case 'replace':
        next = ids.length === 1 ? [ids[0] as string] : [...new Set(ids)]
        break
      case 'add': {
        const set = new Set(cur)
        next = cur.slice()
        for (const id of ids) {
          if (set.has(id)) continue
          set.add(id)
          next.push(id)
        }
        break
      }
      case 'toggle': {
        const flip = new Set<string>()
        for (const id of ids) flip.has(id) ? flip.delete(id) : flip.add(id)
        next = cur.filter((id) => !flip.has(id))
        const had = new Set(cur)
        for (const id of flip) if (!had.has(id)) next.push(id)
        break
      }
      case 'subtract': {
        const rm = new Set(ids)
        next = cur.filter((id) => !rm.has(id))
        break
      }
      default:
        throw new VectorModelError('invalid-argument', `selectObjects: unknown mode "${String(mode)}"`)
    }
    const anchors = w.selection.anchors
    if (!hasKeys(anchors)) {
      w.selection = { objectIds: next, anchors }
      return
    }
    const keep = new Set(next)
    w.selection = { objectIds: next, anchors: withoutAnchors(anchors, (id) => !keep.has(id)) }
  })
}

/** Removes `ids` from the selection (same as mode `subtract`). */
export function deselectObjects<T extends EditTarget>(target: T, ids: readonly string[]): T {
  return selectObjects(target, ids, 'subtract')
}

/** Empties the selection. */
export function clearSelection<T extends EditTarget>(target: T): T {
  return edit(target, (w) => {
    w.selection = EMPTY_SELECTION
  })
}

/**
 * Selects anchors of one path (the object is added to the selection). `mode` as for objects;
 * indices out of range are refused.
 */
export function selectAnchors<T extends EditTarget>(
  target: T,
  objectId: string,
  indices: readonly number[],
  mode: SelectionMode,
): T {
  return edit(target, (w) => {
    const obj = requireObject(w, objectId, 'selectAnchors')
    if (obj.kind !== 'path')
      throw new VectorModelError('invalid-argument', `selectAnchors: "${objectId}" is not a path`)
    for (const i of indices) {
      if (!Number.isInteger(i) || i < 0 || i >= obj.anchors.length) {
        throw new VectorModelError(
          'out-of-range',
          `selectAnchors: anchor index ${i} of "${objectId}" is outside 0..${obj.anchors.length - 1}`,
        )
      }
    }
    const cur = new Set(w.selection.anchors[objectId] ?? [])
    const set = mode === 'replace' ? new Set<number>() : cur
    for (const i of indices) {
      if (mode === 'subtract') set.delete(i)
      else if (mode === 'toggle') set.has(i) ? set.delete(i) : set.add(i)
      else set.add(i)
    }
    const anchors: Record<string, readonly number[]> = { ...w.selection.anchors }
    if (set.size === 0) delete anchors[objectId]
    else anchors[objectId] = [...set].sort((a, b) => a - b)
    const objectIds = w.selection.objectIds.includes(objectId)
      ? w.selection.objectIds
      : [...w.selection.objectIds, objectId]
    w.selection = { objectIds, anchors }
  })
}

/** Shifts selected anchor indices of `objectId` after anchor `index` was deleted (internal). */
export function anchorDeleted(w: Work, objectId: string, index: number): void {
  const cur = w.selection.anchors[objectId]
  if (cur === undefined) return
  const next = cur.filter((i) => i !== index).map((i) => (i > index ? i - 1 : i))
  const anchors: Record<string, readonly number[]> = { ...w.selection.anchors }
  if (next.length === 0) delete anchors[objectId]
  else anchors[objectId] = next
  w.selection = { objectIds: w.selection.objectIds, anchors }
}

/** Pans by a screen-pixel `delta`: the content follows the pointer, so pan −= delta/zoom. */
export function panViewport<T extends EditTarget>(target: T, delta: Point): T {
  return edit(target, (w) => {
    checkPoint(delta, 'panViewport', 'delta')
    const v = w.viewport
    const x = v.pan.x - delta.x / v.zoom
    const y = v.pan.y - delta.y / v.zoom
    checkFiniteResult([x, y], 'panViewport', 'pan')
    w.viewport = {
      pan: { x, y },
      zoom: v.zoom,
      canvasSize: v.canvasSize,
    }
  })
}

/**
 * Multiplies the zoom by `factor` (result clamped to 0.05..8) keeping the world point under the
 * screen-pixel `focalPoint` fixed on screen.
 */
export function zoomViewport<T extends EditTarget>(target: T, factor: number, focalPoint: Point): T {
  return edit(target, (w) => {
    checkPositive(factor, 'zoomViewport', 'factor')
    checkPoint(focalPoint, 'zoomViewport', 'focalPoint')
    const v = w.viewport
    const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, v.zoom * factor))
    const ox = focalPoint.x - v.canvasSize.width / 2
    const oy = focalPoint.y - v.canvasSize.height / 2
    const wx = v.pan.x + ox / v.zoom
    const wy = v.pan.y + oy / v.zoom
    const pan = { x: wx - ox / zoom, y: wy - oy / zoom }
    checkFiniteResult([pan.x, pan.y], 'zoomViewport', 'pan')
    w.viewport = { pan, zoom, canvasSize: v.canvasSize }
  })
}

/** Back to pan (0,0) and zoom 1; the canvas size is kept. */
export function resetViewport<T extends EditTarget>(target: T): T {
  return edit(target, (w) => {
    w.viewport = initialViewport(w.viewport.canvasSize)
  })
}

/** Sets the canvas size (screen pixels, > 0); pan and zoom are kept. */
export function setCanvasSize<T extends EditTarget>(target: T, size: Size): T {
  return edit(target, (w) => {
    checkPositive(size.width, 'setCanvasSize', 'width')
    checkPositive(size.height, 'setCanvasSize', 'height')
    w.viewport = {
      pan: w.viewport.pan,
      zoom: w.viewport.zoom,
      canvasSize: { width: size.width, height: size.height },
    }
  })
}

/** World → screen under a viewport. */
export function worldToScreen(v: Viewport, p: Point): Point {
  return {
    x: (p.x - v.pan.x) * v.zoom + v.canvasSize.width / 2,
    y: (p.y - v.pan.y) * v.zoom + v.canvasSize.height / 2,
  }
}

/** Screen → world under a viewport. */
export function screenToWorld(v: Viewport, p: Point): Point {
  checkNumber(v.zoom, 'screenToWorld', 'zoom')
  return {
    x: (p.x - v.canvasSize.width / 2) / v.zoom + v.pan.x,
    y: (p.y - v.canvasSize.height / 2) / v.zoom + v.pan.y,
  }
}
