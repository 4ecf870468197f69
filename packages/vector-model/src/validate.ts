/**
 * Argument checks shared by the operations and the parser: ids, finite numbers, points, colours,
 * styles and shape parameters. Each failure throws `invalid-argument` naming the field. The
 * predicates (`is*`) and the problem finders (`*Problem`, the text of the first failure or
 * `undefined`) are what the checks are made of; the parser uses them directly so that it builds a
 * field's path only when the field is wrong.
 */
import { VectorModelError } from './errors.js'
import type { Bounds, Point, ShapeSpec, Style } from './types.js'

const COLOUR = /^#[0-9A-Fa-f]{6}$/

/** Throws `invalid-argument` with the message `where: what`. */
export function fail(where: string, what: string): never {
  throw new VectorModelError('invalid-argument', `${where}: ${what}`)
}

/** Whether `value` is a non-empty string (an id). */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0
}

/** Whether `value` is a finite number. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

/** Whether `value` is a point with finite coordinates. */
export function isPoint(value: unknown): value is Point {
  const p = value as Point
  return typeof p === 'object' && p !== null && Number.isFinite(p.x) && Number.isFinite(p.y)
}

/** A non-empty string id. */
export function checkId(value: unknown, where: string, field: string): asserts value is string {
  if (!isId(value)) fail(where, `${field} must be a non-empty string`)
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
  const problem = numberProblem(value, field)
  if (problem !== undefined) fail(where, problem)
}

function numberProblem(value: unknown, field: string): string | undefined {
  return isFiniteNumber(value) ? undefined : `${field} must be a finite number`
}

/** A finite number > 0. */
export function checkPositive(value: unknown, where: string, field: string): asserts value is number {
  const problem = positiveProblem(value, field)
  if (problem !== undefined) fail(where, problem)
}

function positiveProblem(value: unknown, field: string): string | undefined {
  if (!isFiniteNumber(value)) return `${field} must be a finite number`
  return value > 0 ? undefined : `${field} must be > 0 (got ${value})`
}

/** A point with finite coordinates. */
export function checkPoint(value: unknown, where: string, field: string): asserts value is Point {
  if (!isPoint(value)) fail(where, `${field} must be a point {x, y} of finite numbers`)
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
  if (!isColour(value)) fail(where, `${field} must be a #RRGGBB colour`)
}

/** A (partial) style. */
export function checkStyle(s: Style, where: string): void {
  const problem = styleProblem(s)
  if (problem !== undefined) fail(where, problem)
}

/** What is wrong with a (partial) style (the first problem), or `undefined`. */
export function styleProblem(s: Style): string | undefined {
  if (typeof s !== 'object' || s === null) return 'style must be an object'
  if (s.fill !== undefined && !isColour(s.fill)) return 'fill must be a #RRGGBB colour'
  if (s.stroke !== undefined && !isColour(s.stroke)) return 'stroke must be a #RRGGBB colour'
  const { strokeWidth, opacity } = s
  if (strokeWidth !== undefined) {
    if (!isFiniteNumber(strokeWidth)) return 'strokeWidth must be a finite number'
    if (strokeWidth < 0) return `strokeWidth must be >= 0 (got ${strokeWidth})`
  }
  if (opacity !== undefined) {
    if (!isFiniteNumber(opacity)) return 'opacity must be a finite number'
    if (opacity < 0 || opacity > 1) return `opacity must be within 0..1 (got ${opacity})`
  }
  return undefined
}

/** Whether `value` is a `#RRGGBB` colour. */
export function isColour(value: unknown): value is string {
  return typeof value === 'string' && COLOUR.test(value)
}

function integerProblem(value: unknown, min: number, max: number, field: string): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return undefined
  return `${field} must be an integer within ${min}..${max}`
}

function optionalNumberProblem(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : numberProblem(value, field)
}

/** Shape parameters of the given kind (catalog ranges). */
export function checkShape(spec: ShapeSpec, where: string): void {
  const problem = shapeProblem(spec)
  if (problem !== undefined) fail(where, problem)
}

/** What is wrong with the parameters of a shape kind (the first problem), or `undefined`. */
export function shapeProblem(spec: ShapeSpec): string | undefined {
  // the value may come from untrusted input: check it is an object before reading its fields
  const p: unknown = spec.parameters
  if (typeof p !== 'object' || p === null) return 'parameters must be an object'
  const { centerX, centerY } = spec.parameters
  const centre = numberProblem(centerX, 'parameters.centerX') ?? numberProblem(centerY, 'parameters.centerY')
  if (centre !== undefined) return centre
  switch (spec.shapeType) {
    case 'rectangle': {
      const q = spec.parameters
      const problem =
        positiveProblem(q.width, 'parameters.width') ??
        positiveProblem(q.height, 'parameters.height') ??
        optionalNumberProblem(q.cornerRadius, 'parameters.cornerRadius')
      if (problem !== undefined) return problem
      if (
        q.cornerRadius !== undefined &&
        (q.cornerRadius < 0 || q.cornerRadius > Math.min(q.width, q.height) / 2)
      ) {
        return 'parameters.cornerRadius must be within 0..min(width, height)/2'
      }
      return undefined
    }
    case 'ellipse':
      return (
        positiveProblem(spec.parameters.radiusX, 'parameters.radiusX') ??
        positiveProblem(spec.parameters.radiusY, 'parameters.radiusY')
      )
    case 'polygon':
      return (
        positiveProblem(spec.parameters.radius, 'parameters.radius') ??
        integerProblem(spec.parameters.sides, 3, 20, 'parameters.sides') ??
        optionalNumberProblem(spec.parameters.rotation, 'parameters.rotation')
      )
    case 'star': {
      const q = spec.parameters
      const problem =
        positiveProblem(q.innerRadius, 'parameters.innerRadius') ??
        numberProblem(q.outerRadius, 'parameters.outerRadius')
      if (problem !== undefined) return problem
      if (q.outerRadius <= q.innerRadius) return 'parameters.outerRadius must be > innerRadius'
      return (
        integerProblem(q.points, 3, 1000, 'parameters.points') ??
        optionalNumberProblem(q.rotation, 'parameters.rotation')
      )
    }
    default:
      return `unknown shapeType "${(spec as { shapeType: unknown }).shapeType}"`
  }
}
