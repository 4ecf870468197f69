/**
 * Argument checks shared by the operations and the parser: ids, finite numbers, points, colours,
 * styles and shape parameters. Each failure throws `invalid-argument` naming the field.
 */
import { VectorModelError } from './errors.js'
import type { Bounds, Point, ShapeSpec, Style } from './types.js'

const COLOUR = /^#[0-9A-Fa-f]{6}$/

function fail(where: string, what: string): never {
  throw new VectorModelError('invalid-argument', `${where}: ${what}`)
}

/** A non-empty string id. */
export function checkId(value: unknown, where: string, field: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) fail(where, `${field} must be a non-empty string`)
}

/**
 * The result of an operation is finite: valid arguments can still overflow (two moves by 1e308
 * give an Infinity translation), and a non-finite document could never be stored or drawn, so
 * the operation is refused (`non-finite`).
 */
export function checkFiniteResult(values: readonly number[], where: string, what: string): void {
  for (const v of values)
    if (!Number.isFinite(v))
      throw new VectorModelError('non-finite', `${where}: the resulting ${what} would not be finite (${v})`)
}

/** A finite number. */
export function checkNumber(value: unknown, where: string, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(where, `${field} must be a finite number`)
}

/** A finite number > 0. */
export function checkPositive(value: unknown, where: string, field: string): asserts value is number {
  checkNumber(value, where, field)
  if (value <= 0) fail(where, `${field} must be > 0 (got ${value})`)
}

/** A point with finite coordinates. */
export function checkPoint(value: unknown, where: string, field: string): asserts value is Point {
  const p = value as Point
  if (typeof p !== 'object' || p === null || !Number.isFinite(p.x) || !Number.isFinite(p.y)) {
    fail(where, `${field} must be a point {x, y} of finite numbers`)
  }
}

/** Bounds with finite position and positive size. */
export function checkBounds(value: unknown, where: string, field: string): asserts value is Bounds {
  const b = value as Bounds
  if (typeof b !== 'object' || b === null) fail(where, `${field} must be {x, y, width, height}`)
  checkNumber(b.x, where, `${field}.x`)
  checkNumber(b.y, where, `${field}.y`)
  checkPositive(b.width, where, `${field}.width`)
  checkPositive(b.height, where, `${field}.height`)
}

/** A `#RRGGBB` colour. */
export function checkColour(value: unknown, where: string, field: string): asserts value is string {
  if (typeof value !== 'string' || !COLOUR.test(value)) fail(where, `${field} must be a #RRGGBB colour`)
}

/** A (partial) style. */
export function checkStyle(s: Style, where: string): void {
  if (typeof s !== 'object' || s === null) fail(where, 'style must be an object')
  if (s.fill !== undefined) checkColour(s.fill, where, 'fill')
  if (s.stroke !== undefined) checkColour(s.stroke, where, 'stroke')
  if (s.strokeWidth !== undefined) {
    checkNumber(s.strokeWidth, where, 'strokeWidth')
    if (s.strokeWidth < 0) fail(where, `strokeWidth must be >= 0 (got ${s.strokeWidth})`)
  }
  if (s.opacity !== undefined) {
    checkNumber(s.opacity, where, 'opacity')
    if (s.opacity < 0 || s.opacity > 1) fail(where, `opacity must be within 0..1 (got ${s.opacity})`)
  }
}

function checkInteger(value: unknown, min: number, max: number, where: string, field: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(where, `${field} must be an integer within ${min}..${max}`)
  }
}

/** Shape parameters of the given kind (catalog ranges). */
export function checkShape(spec: ShapeSpec, where: string): void {
  const p = spec.parameters as unknown as Record<string, unknown>
  if (typeof p !== 'object' || p === null) fail(where, 'parameters must be an object')
  checkNumber(p.centerX, where, 'parameters.centerX')
  checkNumber(p.centerY, where, 'parameters.centerY')
  switch (spec.shapeType) {
    case 'rectangle': {
      const q = spec.parameters
      checkPositive(q.width, where, 'parameters.width')
      checkPositive(q.height, where, 'parameters.height')
      if (q.cornerRadius !== undefined) {
        checkNumber(q.cornerRadius, where, 'parameters.cornerRadius')
        if (q.cornerRadius < 0 || q.cornerRadius > Math.min(q.width, q.height) / 2) {
          fail(where, 'parameters.cornerRadius must be within 0..min(width, height)/2')
        }
      }
      return
    }
    case 'ellipse':
      checkPositive(spec.parameters.radiusX, where, 'parameters.radiusX')
      checkPositive(spec.parameters.radiusY, where, 'parameters.radiusY')
      return
    case 'polygon':
      checkPositive(spec.parameters.radius, where, 'parameters.radius')
      checkInteger(spec.parameters.sides, 3, 20, where, 'parameters.sides')
      if (spec.parameters.rotation !== undefined)
        checkNumber(spec.parameters.rotation, where, 'parameters.rotation')
      return
    case 'star': {
      const q = spec.parameters
      checkPositive(q.innerRadius, where, 'parameters.innerRadius')
      checkNumber(q.outerRadius, where, 'parameters.outerRadius')
      if (q.outerRadius <= q.innerRadius) fail(where, 'parameters.outerRadius must be > innerRadius')
      checkInteger(q.points, 3, 1000, where, 'parameters.points')
      if (q.rotation !== undefined) checkNumber(q.rotation, where, 'parameters.rotation')
      return
    }
    default:
      fail(where, `unknown shapeType "${(spec as { shapeType: unknown }).shapeType}"`)
  }
}
