/**
 * 2-D affine transforms (SVG matrix order) and their algebra: compose, invert, apply, and the
 * translate/rotate/scale constructors used by the object operations.
 */
import { VectorModelError } from './errors.js'
import type { Point, Transform } from './types.js'

/** The identity transform. */
export const IDENTITY: Transform = Object.freeze({ a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 })

/** True when `t` is exactly the identity. */
export function isIdentity(t: Transform): boolean {
  return t.a === 1 && t.b === 0 && t.c === 0 && t.d === 1 && t.e === 0 && t.f === 0
}

/** `outer ∘ inner`: applies `inner` first, then `outer`. */
export function compose(outer: Transform, inner: Transform): Transform {
  return {
    a: outer.a * inner.a + outer.c * inner.b,
    b: outer.b * inner.a + outer.d * inner.b,
    c: outer.a * inner.c + outer.c * inner.d,
    d: outer.b * inner.c + outer.d * inner.d,
    e: outer.a * inner.e + outer.c * inner.f + outer.e,
    f: outer.b * inner.e + outer.d * inner.f + outer.f,
  }
}

/** The inverse of `t`; throws `invalid-argument` when `t` is singular. */
export function invert(t: Transform): Transform {
  const det = t.a * t.d - t.b * t.c
  if (det === 0 || !Number.isFinite(det)) {
    throw new VectorModelError('invalid-argument', `invert: transform ${JSON.stringify(t)} is singular`)
  }
  return {
    a: t.d / det,
    b: -t.b / det,
    c: -t.c / det,
    d: t.a / det,
    e: (t.c * t.f - t.d * t.e) / det,
    f: (t.b * t.e - t.a * t.f) / det,
  }
}

/** Applies `t` to a point. */
export function applyToPoint(t: Transform, p: Point): Point {
  return { x: t.a * p.x + t.c * p.y + t.e, y: t.b * p.x + t.d * p.y + t.f }
}

/** Applies the linear part of `t` to an offset (no translation). */
export function applyToVector(t: Transform, v: Point): Point {
  return { x: t.a * v.x + t.c * v.y, y: t.b * v.x + t.d * v.y }
}

/** A translation by `(dx, dy)`. */
export function translation(dx: number, dy: number): Transform {
  return { a: 1, b: 0, c: 0, d: 1, e: dx, f: dy }
}

/** A rotation by `angle` radians about `pivot` (positive = clockwise on screen, y down). */
export function rotation(angle: number, pivot: Point = { x: 0, y: 0 }): Transform {
  const cos = Math.cos(angle)
  const sin = Math.sin(angle)
  return {
    a: cos,
    b: sin,
    c: -sin,
    d: cos,
    e: pivot.x - cos * pivot.x + sin * pivot.y,
    f: pivot.y - sin * pivot.x - cos * pivot.y,
  }
}

/** A scale by `(sx, sy)` about `pivot`. */
export function scaling(sx: number, sy: number, pivot: Point = { x: 0, y: 0 }): Transform {
  return { a: sx, b: 0, c: 0, d: sy, e: pivot.x - sx * pivot.x, f: pivot.y - sy * pivot.y }
}
