/**
 * Object operations: create shapes, move, rotate and scale (they change the affine transform,
 * never the anchors), set style, delete; plus the helpers path creation shares. Shape parameters
 * are in the object's local coordinates. Path and anchor operations are in `path-ops.ts`.
 */
import { compose, IDENTITY, rotation, scaling } from './affine.js'
import { VectorModelError } from './errors.js'
import { objectBounds, unionBounds } from './geometry.js'
import { makeShape, withStyle, withTransform } from './records.js'
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
import type { Bounds, Point, ShapeSpec, Style, Transform, VectorObject } from './types.js'
import {
  checkFiniteResult,
  checkId,
  checkNumber,
  checkPoint,
  checkPositive,
  checkShape,
  checkStyle,
} from './validate.js'
import { dropFromSelection } from './view-ops.js'

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

/** A copy of a point (drops any extra fields of a payload). */
export function pt(p: Point): Point {
  return { x: p.x, y: p.y }
}

/** The layer a create goes to: the given one, or the default layer rule. */
export function targetLayer(w: Work, layerId: string | undefined, where: string): LayerLoc {
  return layerId === undefined ? defaultLayerLoc(w, where) : requireLayerLoc(w, layerId, where)
}

/** Adds a new object on top of a layer (`duplicate-id` when the id is taken). */
export function insertObject(w: Work, loc: LayerLoc, obj: VectorObject, where: string): void {
  if (w.objects.has(obj.id))
    throw new VectorModelError('duplicate-id', `${where}: object "${obj.id}" already exists`)
  w.objects = w.objects.set(obj.id, obj)
  const layer = writableLayer(w, loc)
  layer.objectIds = layer.objectIds.append(obj.id)
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
  if (ids.length <= 8) {
    // small lists (the common multi-object edit): a quadratic duplicate check allocates no Set
    const out: VectorObject[] = []
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as string
      let dup = false
      for (let j = 0; j < i; j++) if (ids[j] === id) dup = true
      if (!dup) out.push(requireObject(w, id, where))
    }
    return out
  }
  const seen = new Set<string>()
  const out: VectorObject[] = []
  for (const id of ids) {
    if (seen.has(id)) continue
    seen.add(id)
    out.push(requireObject(w, id, where))
  }
  return out
}

function setTransforms(w: Work, objs: readonly VectorObject[], m: Transform, where: string): void {
  let objects = w.objects
  for (const o of objs) {
    const t = compose(m, o.transform)
    checkFiniteResult([t.a, t.b, t.c, t.d, t.e, t.f], where, `transform of ${o.id}`)
    objects = objects.set(o.id, withTransform(o, t))
  }
  w.objects = objects
}

/** The object moved by `delta` (its transform's translation changes). */
function translated(o: VectorObject, delta: Point): VectorObject {
  const t = o.transform
  const e = t.e + delta.x
  const f = t.f + delta.y
  checkFiniteResult([e, f], 'moveObjects', `translation of ${o.id}`)
  return withTransform(o, { a: t.a, b: t.b, c: t.c, d: t.d, e, f })
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
    setTransforms(w, objs, rotation(angle, pivot ?? objectsCenter(objs)), 'rotateObjects')
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
    setTransforms(w, objs, scaling(sx, sy, pivot ?? objectsCenter(objs)), 'scaleObjects')
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
