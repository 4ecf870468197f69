/**
 * Reading one serialized object (path or shape) of a document or a recorded change: validation
 * and construction in one pass, every record built once with its canonical hidden class. Opening
 * a document reads every object once, usually in a fresh process where this code runs
 * interpreted, so the common case is straight-line code: no closure per object, the style, the
 * transform and the shape parameters checked and copied inline, and the object's path (for error
 * messages) built only when a value is wrong. On a wrong value the precise check of
 * `validate.ts` runs with the full path and throws the same error as ever.
 */
import { VectorModelError } from './errors.js'
import { arr, bool, isRecord, rec, W } from './json-read.js'
import { makePath, makeShapeOf } from './records.js'
import { anchor, parameters } from './serialize.js'
import type { Anchor, ShapeSpec, Style, Transform, VectorObject } from './types.js'
import {
  checkId,
  checkNumber,
  checkPoint,
  fail,
  isColour,
  isId,
  isPoint,
  shapeProblem,
  styleProblem,
} from './validate.js'

/**
 * Reads object `index` of the `objects` array at `container` (its path is
 * `${container}.objects[${index}]`), held by layer `layerId`; throws `invalid-document`, or
 * `invalid-argument` for a bad field value, with the path.
 */
export function readObject(v: unknown, layerId: string, container: string, index: number): VectorObject {
  const r = isRecord(v) ? v : rec(v, objectPath(container, index))
  const id = r.id
  if (!isId(id)) checkId(id, W, `${objectPath(container, index)}.id`)
  const st = readStyle(r.style, container, index)
  const tf = readTransform(r.transform, container, index)
  const kind = r.kind
  if (kind === 'shape') {
    const spec = r as unknown as ShapeSpec
    if (!isRecord(spec.parameters)) rec(spec.parameters, `${objectPath(container, index)}.parameters`)
    const problem = shapeProblem(spec)
    if (problem !== undefined) fail(`${W} ${objectPath(container, index)}`, problem)
    return makeShapeOf(id, layerId, st, tf, spec.shapeType, parameters(spec))
  }
  if (kind === 'path') {
    const anchors = readAnchors(r.anchors, container, index)
    const closed =
      typeof r.closed === 'boolean' ? r.closed : bool(r.closed, `${objectPath(container, index)}.closed`)
    return makePath(id, layerId, st, tf, anchors, closed)
  }
  throw new VectorModelError(
    'invalid-document',
    `${W}: ${objectPath(container, index)}.kind must be path or shape`,
  )
}

/** The path of object `index` of `container` (built only to report an error). */
function objectPath(container: string, index: number): string {
  return `${container}.objects[${index}]`
}

/**
 * The style copied with only its defined fields in canonical order, numbers plus 0 (-0 becomes 0,
 * a null or boolean strokeWidth or opacity passes as 0 or 1: the copy comes first, as ever),
 * checked inline; anything unusual goes through `styleProblem` for the precise message.
 */
function readStyle(v: unknown, container: string, index: number): Style {
  const s = (isRecord(v) ? v : rec(v, `${objectPath(container, index)}.style`)) as Style
  const out: { fill?: string; stroke?: string; strokeWidth?: number; opacity?: number } = {}
  let ok = true
  const { fill, stroke, strokeWidth, opacity } = s
  if (fill !== undefined) {
    out.fill = fill
    ok = isColour(fill)
  }
  if (stroke !== undefined) {
    out.stroke = stroke
    ok &&= isColour(stroke)
  }
  if (strokeWidth !== undefined) {
    const w = strokeWidth + 0
    out.strokeWidth = w
    ok &&= Number.isFinite(w) && w >= 0
  }
  if (opacity !== undefined) {
    const o = opacity + 0
    out.opacity = o
    ok &&= Number.isFinite(o) && o >= 0 && o <= 1
  }
  if (!ok) {
    const problem = styleProblem(out)
    if (problem !== undefined) fail(`${W} ${objectPath(container, index)}.style`, problem)
  }
  return out
}

const TRANSFORM_FIELDS = ['a', 'b', 'c', 'd', 'e', 'f'] as const

function readTransform(v: unknown, container: string, index: number): Transform {
  const t = isRecord(v) ? v : rec(v, `${objectPath(container, index)}.transform`)
  const { a, b, c, d, e, f } = t
  // Number.isFinite is false for anything but a finite number
  const finite =
    Number.isFinite(a) &&
    Number.isFinite(b) &&
    Number.isFinite(c) &&
    Number.isFinite(d) &&
    Number.isFinite(e) &&
    Number.isFinite(f)
  if (!finite) {
    for (const k of TRANSFORM_FIELDS) checkNumber(t[k], W, `${objectPath(container, index)}.transform.${k}`)
  }
  // -0 written as 0
  return {
    a: (a as number) + 0,
    b: (b as number) + 0,
    c: (c as number) + 0,
    d: (d as number) + 0,
    e: (e as number) + 0,
    f: (f as number) + 0,
  }
}

function readAnchors(v: unknown, container: string, index: number): Anchor[] {
  const list = Array.isArray(v) ? v : arr(v, `${objectPath(container, index)}.anchors`)
  const anchors: Anchor[] = []
  for (let i = 0; i < list.length; i++) anchors.push(readAnchor(list[i], container, index, i))
  return anchors
}

function readAnchor(v: unknown, container: string, index: number, i: number): Anchor {
  const r = isRecord(v) ? v : rec(v, anchorPath(container, index, i))
  const { position, handleIn, handleOut, anchorType } = r
  if (!isPoint(position)) checkPoint(position, W, `${anchorPath(container, index, i)}.position`)
  if (handleIn !== undefined && !isPoint(handleIn)) {
    checkPoint(handleIn, W, `${anchorPath(container, index, i)}.handleIn`)
  }
  if (handleOut !== undefined && !isPoint(handleOut)) {
    checkPoint(handleOut, W, `${anchorPath(container, index, i)}.handleOut`)
  }
  if (anchorType !== 'corner' && anchorType !== 'smooth' && anchorType !== 'symmetric') {
    throw new VectorModelError(
      'invalid-document',
      `${W}: ${anchorPath(container, index, i)}.anchorType must be corner, smooth or symmetric`,
    )
  }
  return anchor(r as unknown as Anchor)
}

/** The path of anchor `i` of object `index` of `container` (built only to report an error). */
function anchorPath(container: string, index: number, i: number): string {
  return `${objectPath(container, index)}.anchors[${i}]`
}
