/**
 * Cubic Bézier geometry: evaluation, de Casteljau splitting, tight bounds from the curve's
 * extrema, and adaptive flattening to a polyline within a distance tolerance.
 */
import type { Bounds, Point } from './types.js'

/** A cubic Bézier: start, two control points, end. */
export interface Cubic {
  readonly p0: Point
  readonly p1: Point
  readonly p2: Point
  readonly p3: Point
}

/** Point of the cubic at parameter `t` in [0, 1]. */
export function evaluateCubic(c: Cubic, t: number): Point {
  const mt = 1 - t
  const a = mt * mt * mt
  const b = 3 * mt * mt * t
  const d = 3 * mt * t * t
  const e = t * t * t
  return {
    x: a * c.p0.x + b * c.p1.x + d * c.p2.x + e * c.p3.x,
    y: a * c.p0.y + b * c.p1.y + d * c.p2.y + e * c.p3.y,
  }
}

function lerp(p: Point, q: Point, t: number): Point {
  return { x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t }
}

/** Splits the cubic at `t` into two cubics that together trace the same curve. */
export function splitCubic(c: Cubic, t: number): readonly [Cubic, Cubic] {
  const p01 = lerp(c.p0, c.p1, t)
  const p12 = lerp(c.p1, c.p2, t)
  const p23 = lerp(c.p2, c.p3, t)
  const p012 = lerp(p01, p12, t)
  const p123 = lerp(p12, p23, t)
  const mid = lerp(p012, p123, t)
  return [
    { p0: c.p0, p1: p01, p2: p012, p3: mid },
    { p0: mid, p1: p123, p2: p23, p3: c.p3 },
  ]
}

/** Parameters in (0,1) where one coordinate of the cubic has a derivative of zero. */
function extremaParams(a0: number, a1: number, a2: number, a3: number, out: number[]): void {
  // derivative / 3 = A t² + B t + C
  const A = -a0 + 3 * a1 - 3 * a2 + a3
  const B = 2 * (a0 - 2 * a1 + a2)
  const C = a1 - a0
  const eps = 1e-12
  if (Math.abs(A) < eps) {
    if (Math.abs(B) > eps) {
      const t = -C / B
      if (t > 0 && t < 1) out.push(t)
    }
    return
  }
  const disc = B * B - 4 * A * C
  if (disc < 0) return
  // numerically stable roots (no cancellation between -B and √disc)
  const q = -0.5 * (B + (B < 0 ? -1 : 1) * Math.sqrt(disc))
  const t1 = q / A
  const t2 = q === 0 ? t1 : C / q
  if (t1 > 0 && t1 < 1) out.push(t1)
  if (t2 > 0 && t2 < 1) out.push(t2)
}

/** Mutable accumulator of a bounding box. */
export interface BoxAccumulator {
  minX: number
  minY: number
  maxX: number
  maxY: number
}

/** A fresh, empty accumulator. */
export function emptyBox(): BoxAccumulator {
  return { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity }
}

/** Grows `box` to contain `p`. */
export function addPoint(box: BoxAccumulator, p: Point): void {
  if (p.x < box.minX) box.minX = p.x
  if (p.x > box.maxX) box.maxX = p.x
  if (p.y < box.minY) box.minY = p.y
  if (p.y > box.maxY) box.maxY = p.y
}

/** Grows `box` to contain the whole cubic (tight: end points plus interior extrema). */
export function addCubic(box: BoxAccumulator, c: Cubic): void {
  addPoint(box, c.p0)
  addPoint(box, c.p3)
  const ts: number[] = []
  extremaParams(c.p0.x, c.p1.x, c.p2.x, c.p3.x, ts)
  extremaParams(c.p0.y, c.p1.y, c.p2.y, c.p3.y, ts)
  for (const t of ts) addPoint(box, evaluateCubic(c, t))
}

/** The box as Bounds, or `undefined` when nothing was added. */
export function boxToBounds(box: BoxAccumulator): Bounds | undefined {
  if (box.minX > box.maxX) return undefined
  return { x: box.minX, y: box.minY, width: box.maxX - box.minX, height: box.maxY - box.minY }
}

/** Tight bounds of one cubic. */
export function cubicBounds(c: Cubic): Bounds {
  const box = emptyBox()
  addCubic(box, c)
  return boxToBounds(box) as Bounds
}

/** Distance from `p` to the segment a–b. */
export function distToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x
  const dy = b.y - a.y
  const len2 = dx * dx + dy * dy
  if (len2 === 0) return Math.hypot(p.x - a.x, p.y - a.y)
  let t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2
  t = Math.max(0, Math.min(1, t))
  return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy)
}

/**
 * Appends to `out` the points after `c.p0` of a polyline that stays within `tolerance` of the
 * cubic (every output point lies on the curve). The caller pushes `c.p0` first.
 */
export function flattenCubicInto(c: Cubic, tolerance: number, out: Point[], depth = 0): void {
  const flat = distToSegment(c.p1, c.p0, c.p3) <= tolerance && distToSegment(c.p2, c.p0, c.p3) <= tolerance
  if (flat || depth >= 18) {
    out.push(c.p3)
    return
  }
  const [l, r] = splitCubic(c, 0.5)
  flattenCubicInto(l, tolerance, out, depth + 1)
  flattenCubicInto(r, tolerance, out, depth + 1)
}

/** A polyline (start point included) within `tolerance` of the cubic. */
export function flattenCubic(c: Cubic, tolerance: number): Point[] {
  const out: Point[] = [c.p0]
  flattenCubicInto(c, tolerance, out)
  return out
}
