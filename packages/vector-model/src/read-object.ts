/**
 * Reading one serialized object (path or shape) of a document or a recorded change: validation
 * and construction in one pass, every record built once with its canonical hidden class. The
 * object's path, for error messages, is built only when a value is wrong: each value is tested
 * with a fast predicate and, when it fails, the precise check of `validate.ts` runs with the full
 * path and throws the same error as ever.
 */
import { VectorModelError } from './errors.js'
import { arr, bool, isRecord, rec, W } from './json-read.js'
import { makePath, makeShape } from './records.js'
import { anchor, parameters, style, transform } from './serialize.js'
import type { Anchor, ShapeSpec, Style, Transform, VectorObject } from './types.js'
import {
  checkId,
  checkNumber,
  checkPoint,
  fail,
  isId,
  isPoint,
  shapeProblem,
  styleProblem,
} from './validate.js'

/** The path of the object being read (called only to report an error). */
type At = () => string

/**
 * Reads object `index` of the `objects` array at `container` (its path is
 * `${container}.objects[${index}]`), held by layer `layerId`; throws `invalid-document`, or
 * `invalid-argument` for a bad field value, with the path.
 */
export function readObject(v: unknown, layerId: string, container: string, index: number): VectorObject {
  const at: At = () => `${container}.objects[${index}]`
  const r = isRecord(v) ? v : rec(v, at())
  const id = r.id
  if (!isId(id)) checkId(id, W, `${at()}.id`)
  const st = readStyle(r.style, at)
  const tf = readTransform(r.transform, at)
  if (r.kind === 'path') {
    const anchors = readAnchors(r.anchors, at)
    const closed = typeof r.closed === 'boolean' ? r.closed : bool(r.closed, `${at()}.closed`)
    return makePath(id, layerId, st, tf, anchors, closed)
  }
  if (r.kind === 'shape') {
    if (!isRecord(r.parameters)) rec(r.parameters, `${at()}.parameters`)
    const spec = r as unknown as ShapeSpec
    const problem = shapeProblem(spec)
    if (problem !== undefined) fail(`${W} ${at()}`, problem)
    return makeShape(id, layerId, st, tf, {
      shapeType: spec.shapeType,
      parameters: parameters(spec),
    } as ShapeSpec)
  }
  throw new VectorModelError('invalid-document', `${W}: ${at()}.kind must be path or shape`)
}

function readStyle(v: unknown, at: At): Style {
  // validated after the copy, as ever: the copy drops unknown fields and adds 0 to the numbers
  // (so -0 becomes 0, and also a null or boolean strokeWidth or opacity passes as 0 or 1)
  const s = style((isRecord(v) ? v : rec(v, `${at()}.style`)) as Style)
  const problem = styleProblem(s)
  if (problem !== undefined) fail(`${W} ${at()}.style`, problem)
  return s
}

const TRANSFORM_FIELDS = ['a', 'b', 'c', 'd', 'e', 'f'] as const

function readTransform(v: unknown, at: At): Transform {
  const t = isRecord(v) ? v : rec(v, `${at()}.transform`)
  const { a, b, c, d, e, f } = t
  // Number.isFinite is false for anything but a finite number
  const finite =
    Number.isFinite(a) &&
    Number.isFinite(b) &&
    Number.isFinite(c) &&
    Number.isFinite(d) &&
    Number.isFinite(e) &&
    Number.isFinite(f)
  if (!finite) for (const k of TRANSFORM_FIELDS) checkNumber(t[k], W, `${at()}.transform.${k}`)
  return transform(t as unknown as Transform)
}

function readAnchors(v: unknown, at: At): Anchor[] {
  const list = Array.isArray(v) ? v : arr(v, `${at()}.anchors`)
  const anchors: Anchor[] = []
  for (let i = 0; i < list.length; i++) anchors.push(readAnchor(list[i], at, i))
  return anchors
}

function readAnchor(v: unknown, at: At, i: number): Anchor {
  const r = isRecord(v) ? v : rec(v, anchorPath(at, i))
  const { position, handleIn, handleOut, anchorType } = r
  if (!isPoint(position)) checkPoint(position, W, `${anchorPath(at, i)}.position`)
  if (handleIn !== undefined && !isPoint(handleIn)) checkPoint(handleIn, W, `${anchorPath(at, i)}.handleIn`)
  if (handleOut !== undefined && !isPoint(handleOut)) {
    checkPoint(handleOut, W, `${anchorPath(at, i)}.handleOut`)
  }
  if (anchorType !== 'corner' && anchorType !== 'smooth' && anchorType !== 'symmetric') {
    throw new VectorModelError(
      'invalid-document',
      `${W}: ${anchorPath(at, i)}.anchorType must be corner, smooth or symmetric`,
    )
  }
  return anchor(r as unknown as Anchor)
}

function anchorPath(at: At, i: number): string {
  return `${at()}.anchors[${i}]`
}
