/**
 * Object operations: create paths and shapes, add/modify/delete anchors, finish paths, move,
 * rotate and scale (they change the affine transform, never the anchors), set style, delete.
 * Anchors and shape parameters are in the object's local coordinates.
 */
import { compose, IDENTITY, rotation, scaling } from './affine.js'
import { VectorModelError } from './errors.js'
import { objectBounds, unionBounds } from './geometry.js'
import { makeAnchor, makePath, makeShape, withAnchors, withStyle, withTransform } from './records.js'
import {
  defaultLayerLoc,
  type EditTarget,
  edit,
  type LayerLoc,
  layerAt,
  requireLayerLoc,
  requireObject,
  updateObject,
  type Work,
  writableLayer,
} from './store.js'
import type {
  Anchor,
  AnchorType,
  Bounds,
  PathObject,
  Point,
  ShapeSpec,
  Style,
  Transform,
  VectorObject,
} from './types.js'
import { checkId, checkNumber, checkPoint, checkPositive, checkShape, checkStyle } from './validate.js'
import { anchorDeleted, dropFromSelection } from './view-ops.js'

/** Style given to objects created without one: a 1-unit black stroke, no fill. */
export const DEFAULT_STYLE: Style = Object.freeze({ stroke: '#000000', strokeWidth: 1 })

/** A style with only the defined fields, in canonical key order. */
export function normalizeStyle(s: Style): Style {
  const out: { fill?: string; stroke?: string; strokeWidth?: number; opacity?: number } = {}
  if (s.fill !== undefined) out.fill = s.fill
  if (s.stroke !== undefined) out.stroke = s.stroke
  if (s.strokeWidth !== undefined) out.strokeWidth = s.strokeWidth
  if (s.opacity !== undefined) out.opacity = s.opacity
  return out
}

function pt(p: Point): Point {
  return { x: p.x, y: p.y }
}

function targetLayer(w: Work, layerId: string | undefined, where: string): LayerLoc {
  return layerId === undefined ? defaultLayerLoc(w, where) : requireLayerLoc(w, layerId, where)
}

function insertObject(w: Work, loc: LayerLoc, obj: VectorObject, where: string): void {
  if (w.objects.has(obj.id))
    throw new VectorModelError('duplicate-id', `${where}: object "${obj.id}" already exists`)
  w.objects = w.objects.set(obj.id, obj)
  const layer = writableLayer(w, loc)
  layer.objectIds = layer.objectIds.add(obj.id)
}

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

/** Parameters of {@link createShape} (same names as `CreateShapeEvent` v2). */
export type CreateShapeParams = {
  readonly shapeId: string
  readonly layerId?: string
  readonly style?: Style
} & ShapeSpec

function normalizeShape(spec: ShapeSpec): ShapeSpec {
  switch (spec.shapeType) {
    case 'rectangle': {
      const p = spec.parameters
      return {
        shapeType: 'rectangle',
        parameters: {
          centerX: p.centerX,
          centerY: p.centerY,
          width: p.width,
          height: p.height,
          ...(p.cornerRadius === undefined ? {} : { cornerRadius: p.cornerRadius }),
        },
      }
    }
    case 'ellipse': {
      const p = spec.parameters
      return {
        shapeType: 'ellipse',
        parameters: { centerX: p.centerX, centerY: p.centerY, radiusX: p.radiusX, radiusY: p.radiusY },
      }
    }
    case 'polygon': {
      const p = spec.parameters
      return {
        shapeType: 'polygon',
        parameters: {
          centerX: p.centerX,
          centerY: p.centerY,
          radius: p.radius,
          sides: p.sides,
          ...(p.rotation === undefined ? {} : { rotation: p.rotation }),
        },
      }
    }
    case 'star': {
      const p = spec.parameters
      return {
        shapeType: 'star',
        parameters: {
          centerX: p.centerX,
          centerY: p.centerY,
          outerRadius: p.outerRadius,
          innerRadius: p.innerRadius,
          points: p.points,
          ...(p.rotation === undefined ? {} : { rotation: p.rotation }),
        },
      }
    }
  }
}

/** Creates a parametric shape on top of its layer (default layer rule). */
export function createShape<T extends EditTarget>(target: T, params: CreateShapeParams): T {
  return edit(target, (w) => {
    checkId(params.shapeId, 'createShape', 'shapeId')
    checkShape(params, 'createShape')
    if (params.style !== undefined) checkStyle(params.style, 'createShape')
    const loc = targetLayer(w, params.layerId, 'createShape')
    const layerId = layerAt(w, loc).id
    const style = params.style === undefined ? DEFAULT_STYLE : normalizeStyle(params.style)
    const shape = makeShape(params.shapeId, layerId, style, IDENTITY, normalizeShape(params))
    insertObject(w, loc, shape, 'createShape')
  })
}

function uniqueObjects(w: Work, ids: readonly string[], where: string): VectorObject[] {
  if (!Array.isArray(ids))
    throw new VectorModelError('invalid-argument', `${where}: objectIds must be an array`)
  if (ids.length === 1) return [requireObject(w, ids[0] as string, where)]
  const seen = new Set<string>()
  const out: VectorObject[] = []
  for (const id of ids) {
    if (seen.has(id)) continue
    seen.add(id)
    out.push(requireObject(w, id, where))
  }
  return out
}

function setTransforms(w: Work, objs: readonly VectorObject[], m: Transform): void {
  let objects = w.objects
  for (const o of objs) objects = objects.set(o.id, withTransform(o, compose(m, o.transform)))
  w.objects = objects
}

/** The object moved by `delta` (its transform's translation changes). */
function translated(o: VectorObject, delta: Point): VectorObject {
  const t = o.transform
  return withTransform(o, { a: t.a, b: t.b, c: t.c, d: t.d, e: t.e + delta.x, f: t.f + delta.y })
}

/** Translates objects by an incremental world `delta`. */
export function moveObjects<T extends EditTarget>(target: T, ids: readonly string[], delta: Point): T {
  return edit(target, (w) => {
    checkPoint(delta, 'moveObjects', 'delta')
    if (Array.isArray(ids) && ids.length === 1) {
      updateObject(w, ids[0] as string, 'moveObjects', (o) => translated(o, delta))
      return
    }
    const objs = uniqueObjects(w, ids, 'moveObjects')
    let objects = w.objects
    for (const o of objs) objects = objects.set(o.id, translated(o, delta))
    w.objects = objects
  })
}

/** Centre of the union of the objects' world bounds (origin of the first transform if none have bounds). */
export function objectsCenter(objs: readonly VectorObject[]): Point {
  let u: Bounds | undefined
  for (const o of objs) {
    const b = objectBounds(o)
    if (b !== undefined) u = u === undefined ? b : unionBounds(u, b)
  }
  if (u === undefined) {
    const t = objs[0]?.transform ?? IDENTITY
    return { x: t.e, y: t.f }
  }
  return { x: u.x + u.width / 2, y: u.y + u.height / 2 }
}

/** Rotates objects by `angle` radians (clockwise on screen) about `pivot` (default: their centre). */
export function rotateObjects<T extends EditTarget>(
  target: T,
  ids: readonly string[],
  angle: number,
  pivot?: Point,
): T {
  return edit(target, (w) => {
    checkNumber(angle, 'rotateObjects', 'angle')
    if (pivot !== undefined) checkPoint(pivot, 'rotateObjects', 'pivot')
    const objs = uniqueObjects(w, ids, 'rotateObjects')
    setTransforms(w, objs, rotation(angle, pivot ?? objectsCenter(objs)))
  })
}

/** Scales objects by `(sx, sy)` (> 0) about `pivot` (default: their centre). */
export function scaleObjects<T extends EditTarget>(
  target: T,
  ids: readonly string[],
  sx: number,
  sy: number,
  pivot?: Point,
): T {
  return edit(target, (w) => {
    checkPositive(sx, 'scaleObjects', 'scaleX')
    checkPositive(sy, 'scaleObjects', 'scaleY')
    if (pivot !== undefined) checkPoint(pivot, 'scaleObjects', 'pivot')
    const objs = uniqueObjects(w, ids, 'scaleObjects')
    setTransforms(w, objs, scaling(sx, sy, pivot ?? objectsCenter(objs)))
  })
}

/** Sets an object's transform outright (not an event effect; for tools and tests). */
export function setTransform<T extends EditTarget>(target: T, id: string, transform: Transform): T {
  return edit(target, (w) => {
    const o = requireObject(w, id, 'setTransform')
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f'] as const) checkNumber(transform[k], 'setTransform', k)
    const { a, b, c, d, e, f } = transform
    w.objects = w.objects.set(id, withTransform(o, { a, b, c, d, e, f }))
  })
}

/** A style change (`ModifyStyleEvent`): fields given replace the object's; `null` removes fill or stroke. */
export interface StyleChange {
  readonly fill?: string | null
  readonly stroke?: string | null
  readonly strokeWidth?: number
  readonly opacity?: number
}

function applyStyleChange(s: Style, c: StyleChange): Style {
  const out: { fill?: string; stroke?: string; strokeWidth?: number; opacity?: number } = {}
  const fill = c.fill === undefined ? s.fill : (c.fill ?? undefined)
  const stroke = c.stroke === undefined ? s.stroke : (c.stroke ?? undefined)
  const strokeWidth = c.strokeWidth ?? s.strokeWidth
  const opacity = c.opacity ?? s.opacity
  if (fill !== undefined) out.fill = fill
  if (stroke !== undefined) out.stroke = stroke
  if (strokeWidth !== undefined) out.strokeWidth = strokeWidth
  if (opacity !== undefined) out.opacity = opacity
  return out
}

/** Merges a style change into each object's style (`null` fill/stroke removes it). */
export function setStyle<T extends EditTarget>(target: T, ids: readonly string[], change: StyleChange): T {
  return edit(target, (w) => {
    checkStyle(
      {
        ...(change.fill == null ? {} : { fill: change.fill }),
        ...(change.stroke == null ? {} : { stroke: change.stroke }),
        ...(change.strokeWidth === undefined ? {} : { strokeWidth: change.strokeWidth }),
        ...(change.opacity === undefined ? {} : { opacity: change.opacity }),
      },
      'setStyle',
    )
    if (Array.isArray(ids) && ids.length === 1) {
      updateObject(w, ids[0] as string, 'setStyle', (o) => withStyle(o, applyStyleChange(o.style, change)))
      return
    }
    const objs = uniqueObjects(w, ids, 'setStyle')
    let objects = w.objects
    for (const o of objs) objects = objects.set(o.id, withStyle(o, applyStyleChange(o.style, change)))
    w.objects = objects
  })
}

/** Deletes objects (from their layers and from the selection). */
export function deleteObjects<T extends EditTarget>(target: T, ids: readonly string[]): T {
  return edit(target, (w) => {
    const objs = uniqueObjects(w, ids, 'deleteObjects')
    for (const o of objs) {
      const loc = requireLayerLoc(w, o.layerId, 'deleteObjects')
      const layer = writableLayer(w, loc)
      layer.objectIds = layer.objectIds.remove(o.id)
      w.objects = w.objects.remove(o.id)
    }
    const gone = new Set(objs.map((o) => o.id))
    dropFromSelection(w, (id) => gone.has(id))
  })
}
