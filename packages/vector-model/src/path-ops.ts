/**
 * Path operations: create a path (one corner anchor), append, modify and delete anchors, finish
 * (open or closed). Anchor positions and handles are in the path's local coordinates; handles are
 * offsets relative to their anchor.
 */
import { IDENTITY } from './affine.js'
import { VectorModelError } from './errors.js'
import { DEFAULT_STYLE, insertObject, normalizeStyle, pt, targetLayer } from './object-ops.js'
import { makeAnchor, makePath, withAnchors } from './records.js'
import { type EditTarget, edit, layerAt, requireObject, updateObject, type Work } from './store.js'
import type { Anchor, AnchorType, PathObject, Point, Style, VectorObject } from './types.js'
import { checkId, checkPoint, checkStyle } from './validate.js'
import { anchorDeleted } from './view-ops.js'

function asPath(obj: VectorObject, where: string): PathObject {
  if (obj.kind !== 'path') {
    throw new VectorModelError(
      'invalid-argument',
      `${where}: object "${obj.id}" is a ${obj.shapeType}, not a path`,
    )
  }
  return obj
}

/** Replaces path `id` by `fn(path)` in one map traversal (refusing shapes and unknown ids first). */
function updatePath(w: Work, id: string, where: string, fn: (p: PathObject) => PathObject): void {
  updateObject(w, id, where, (o) => fn(asPath(o, where)))
}

function requirePath(w: Work, id: string, where: string): PathObject {
  const obj = requireObject(w, id, where)
  if (obj.kind !== 'path')
    throw new VectorModelError(
      'invalid-argument',
      `${where}: object "${id}" is a ${obj.shapeType}, not a path`,
    )
  return obj
}

/** Parameters of {@link createPath} (same names as `CreatePathEvent`). */
export interface CreatePathParams {
  readonly pathId: string
  readonly layerId?: string
  readonly startAnchor: Point
  readonly style?: Style
}

/** Creates an open path with one corner anchor, on top of its layer (default layer rule). */
export function createPath<T extends EditTarget>(target: T, params: CreatePathParams): T {
  return edit(target, (w) => {
    checkId(params.pathId, 'createPath', 'pathId')
    checkPoint(params.startAnchor, 'createPath', 'startAnchor')
    if (params.style !== undefined) checkStyle(params.style, 'createPath')
    const loc = targetLayer(w, params.layerId, 'createPath')
    const layerId = layerAt(w, loc).id
    const style = params.style === undefined ? DEFAULT_STYLE : normalizeStyle(params.style)
    const anchors: Anchor[] = [{ position: pt(params.startAnchor), anchorType: 'corner' }]
    const path = makePath(params.pathId, layerId, style, IDENTITY, anchors, false)
    insertObject(w, loc, path, 'createPath')
  })
}

/** Parameters of {@link addAnchor} (same names as `AddAnchorEvent`). */
export interface AddAnchorParams {
  readonly pathId: string
  readonly position: Point
  /** `line`: no handles, model type `corner`; `bezier`: handles as given, model type `smooth`. */
  readonly anchorType: 'line' | 'bezier'
  readonly handleIn?: Point
  readonly handleOut?: Point
}

/** Appends an anchor to a path. */
export function addAnchor<T extends EditTarget>(target: T, params: AddAnchorParams): T {
  return edit(target, (w) => {
    checkPoint(params.position, 'addAnchor', 'position')
    let anchor: Anchor
    if (params.anchorType === 'line') {
      anchor = { position: pt(params.position), anchorType: 'corner' }
    } else if (params.anchorType === 'bezier') {
      if (params.handleIn !== undefined) checkPoint(params.handleIn, 'addAnchor', 'handleIn')
      if (params.handleOut !== undefined) checkPoint(params.handleOut, 'addAnchor', 'handleOut')
      anchor = makeAnchor(
        pt(params.position),
        params.handleIn === undefined ? undefined : pt(params.handleIn),
        params.handleOut === undefined ? undefined : pt(params.handleOut),
        'smooth',
      )
    } else {
      throw new VectorModelError(
        'invalid-argument',
        `addAnchor: anchorType must be line or bezier (got "${String(params.anchorType)}")`,
      )
    }
    const added = anchor
    updatePath(w, params.pathId, 'addAnchor', (path) => withAnchors(path, [...path.anchors, added]))
  })
}

/** Parameters of {@link modifyAnchor} (same names as `ModifyAnchorEvent`); `null` clears a handle. */
export interface ModifyAnchorParams {
  readonly pathId: string
  readonly anchorIndex: number
  readonly position?: Point
  readonly handleIn?: Point | null
  readonly handleOut?: Point | null
  readonly anchorType?: AnchorType
}

function checkIndex(path: PathObject, index: number, where: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= path.anchors.length) {
    throw new VectorModelError(
      'out-of-range',
      `${where}: anchorIndex ${index} of path "${path.id}" is outside 0..${path.anchors.length - 1}`,
    )
  }
}

function mirror(given: Point, other: Point | undefined, type: AnchorType): Point | undefined {
  if (type === 'symmetric') return { x: -given.x, y: -given.y }
  if (type === 'smooth' && other !== undefined) {
    const len = Math.hypot(given.x, given.y)
    if (len === 0) return other
    const k = Math.hypot(other.x, other.y) / len
    return { x: -given.x * k, y: -given.y * k }
  }
  return other
}

/**
 * Partially updates an anchor. When exactly one handle is set, the other follows the anchor type:
 * `symmetric` mirrors it (same length), `smooth` keeps the other's length on the opposite
 * direction, `corner` leaves it alone.
 */
export function modifyAnchor<T extends EditTarget>(target: T, params: ModifyAnchorParams): T {
  return edit(target, (w) => {
    if (params.position !== undefined) checkPoint(params.position, 'modifyAnchor', 'position')
    if (params.handleIn != null) checkPoint(params.handleIn, 'modifyAnchor', 'handleIn')
    if (params.handleOut != null) checkPoint(params.handleOut, 'modifyAnchor', 'handleOut')
    const t = params.anchorType
    if (t !== undefined && t !== 'corner' && t !== 'smooth' && t !== 'symmetric') {
      throw new VectorModelError('invalid-argument', `modifyAnchor: unknown anchorType "${String(t)}"`)
    }
    updatePath(w, params.pathId, 'modifyAnchor', (path) => {
      checkIndex(path, params.anchorIndex, 'modifyAnchor')
      const old = path.anchors[params.anchorIndex] as Anchor
      const type = t ?? old.anchorType
      let hIn =
        params.handleIn === undefined
          ? old.handleIn
          : params.handleIn === null
            ? undefined
            : pt(params.handleIn)
      let hOut =
        params.handleOut === undefined
          ? old.handleOut
          : params.handleOut === null
            ? undefined
            : pt(params.handleOut)
      if (params.handleIn != null && params.handleOut === undefined)
        hOut = mirror(params.handleIn, hOut, type)
      else if (params.handleOut != null && params.handleIn === undefined)
        hIn = mirror(params.handleOut, hIn, type)
      const position = params.position === undefined ? old.position : pt(params.position)
      const anchor = makeAnchor(position, hIn, hOut, type)
      const anchors = path.anchors.slice()
      anchors[params.anchorIndex] = anchor
      return withAnchors(path, anchors)
    })
  })
}

/** Removes an anchor (selected anchor indices after it shift down). */
export function deleteAnchor<T extends EditTarget>(target: T, pathId: string, anchorIndex: number): T {
  return edit(target, (w) => {
    const path = requirePath(w, pathId, 'deleteAnchor')
    checkIndex(path, anchorIndex, 'deleteAnchor')
    const anchors = path.anchors.slice()
    anchors.splice(anchorIndex, 1)
    w.objects = w.objects.set(path.id, withAnchors(path, anchors))
    anchorDeleted(w, path.id, anchorIndex)
  })
}

/** Ends drawing: sets whether the path is closed (one implicit closing segment). */
export function finishPath<T extends EditTarget>(target: T, pathId: string, closed: boolean): T {
  return edit(target, (w) => {
    const path = requirePath(w, pathId, 'finishPath')
    if (typeof closed !== 'boolean')
      throw new VectorModelError('invalid-argument', 'finishPath: closed must be a boolean')
    if (path.closed !== closed) w.objects = w.objects.set(path.id, withAnchors(path, path.anchors, closed))
  })
}
