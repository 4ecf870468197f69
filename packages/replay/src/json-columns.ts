/**
 * "JSON columns": a lossless split of any JSON value into its STRUCTURE (the JSON text with every
 * number replaced by `0`) and its NUMBERS (binary columns, number-columns.ts), so that a
 * general-purpose compressor (gzip) sees two homogeneous streams instead of text in which every
 * number breaks the repetitions. Used by the snapshot format (version 2); model-agnostic.
 *
 * Walk order: depth-first, object properties in `Object.keys` order, array items in order. The
 * structure is written with `JSON.stringify` and read with `JSON.parse`, which rebuilds every
 * object with the same key order (integer-like keys first, then insertion order), so the encoding
 * walk and the decoding walk meet the numbers in the same order.
 *
 * Columns: a number belongs to the column named by the two nearest property names above it
 * (arrays are transparent), e.g. `position.x` or `transform.e`, so each column holds values of
 * one kind; columns are numbered in order of first appearance (no names are stored).
 *
 * JSON semantics are kept: -0 is stored as 0, and a non-finite number stays in the structure,
 * where `JSON.stringify` writes `null` (as `JSON.stringify(value)` would).
 */
import { decodeNumberColumns, encodeNumberColumns } from './number-columns.js'

/** A JSON value split by {@link encodeJsonColumns}. */
export interface JsonColumns {
  /** `JSON.stringify` of the value with every finite number replaced by 0. */
  readonly structure: string
  /** The numbers, in the binary column layout of number-columns.ts. */
  readonly columns: Uint8Array
}

/** Result of {@link decodeJsonColumns}: the JSON value, or why the input is unusable. */
export type DecodeJsonColumnsResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string }

/**
 * Columns by (outer property, property) without building key strings: a walk looks up the map of
 * an object's property names once per object, then each number's column by its property name.
 */
class ColumnIndex<T> {
  readonly #byOuter = new Map<string, Map<string, T>>()
  /** The columns in order of first appearance. */
  readonly list: T[] = []

  /** The columns of the properties of objects found under property `outer`. */
  inner(outer: string): Map<string, T> {
    let inner = this.#byOuter.get(outer)
    if (inner === undefined) {
      inner = new Map()
      this.#byOuter.set(outer, inner)
    }
    return inner
  }

  add(inner: Map<string, T>, key: string, column: T): void {
    inner.set(key, column)
    this.list.push(column)
  }
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  } else target[key] = value
}

/** The column of numbers found at `key` in objects (or arrays) under `outer`. */
function columnOf(index: ColumnIndex<number[]>, inner: Map<string, number[]>, key: string): number[] {
  let column = inner.get(key)
  if (column === undefined) {
    column = []
    index.add(inner, key, column)
  }
  return column
}

/** A copy of `value` with finite numbers replaced by 0; the numbers go to their columns. */
function zeroed(value: unknown, outer: string, key: string, index: ColumnIndex<number[]>): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return value
    columnOf(index, index.inner(outer), key).push(value + 0) // -0 is written as 0
    return 0
  }
  if (typeof value !== 'object' || value === null) return value
  let v: object = value
  const toJson = (v as { toJSON?: unknown }).toJSON
  if (typeof toJson === 'function') {
    const replaced: unknown = toJson.call(v, key)
    if (typeof replaced !== 'object' || replaced === null) return zeroed(replaced, outer, key, index)
    v = replaced
  }
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length)
    for (let i = 0; i < v.length; i++) out[i] = zeroed(v[i], outer, key, index)
    return out
  }
  const source = v as Record<string, unknown>
  const out: Record<string, unknown> = {}
  const inner = index.inner(key)
  for (const k of Object.keys(source)) {
    const item = source[k]
    if (typeof item === 'number' && Number.isFinite(item)) {
      columnOf(index, inner, k).push(item + 0)
      setOwn(out, k, 0)
    } else setOwn(out, k, zeroed(item, key, k, index))
  }
  return out
}

/**
 * Splits a JSON value (plain data: objects, arrays, strings, numbers, booleans, null) into its
 * structure and its numbers. Deterministic: equal values (same key order) give equal output.
 */
export function encodeJsonColumns(value: unknown): JsonColumns {
  const index = new ColumnIndex<number[]>()
  const structure = JSON.stringify(zeroed(value, '', '', index)) ?? 'null'
  return { structure, columns: encodeNumberColumns(index.list) }
}

/** A decoded column and how many of its values the walk has taken. */
interface ColumnCursor {
  readonly values: Float64Array
  next: number
}

/** Puts the column values back in place of the structure's zeros (in place). */
class Filler {
  readonly #columns: readonly ColumnCursor[]
  readonly #index = new ColumnIndex<ColumnCursor>()
  problem: string | undefined

  constructor(columns: readonly ColumnCursor[]) {
    this.#columns = columns
  }

  get used(): number {
    return this.#index.list.length
  }

  /** The next stored value for a number of the structure, or undefined (with `problem`). */
  #take(
    placeholder: number,
    inner: Map<string, ColumnCursor>,
    outer: string,
    key: string,
  ): number | undefined {
    let column = inner.get(key)
    if (column === undefined) {
      column = this.#columns[this.#index.list.length]
      if (column === undefined) {
        this.problem = `the structure has more number columns than the ${this.#columns.length} stored (new column "${outer}.${key}")`
        return undefined
      }
      this.#index.add(inner, key, column)
    }
    if (placeholder !== 0) {
      this.problem = `the structure holds the number ${placeholder} at "${outer}.${key}" (placeholders are 0)`
      return undefined
    }
    if (column.next >= column.values.length) {
      this.problem = `column "${outer}.${key}" holds ${column.values.length} numbers, the structure has more`
      return undefined
    }
    return column.values[column.next++]
  }

  /** Fills numbers below `value`; false on a problem. */
  fill(value: unknown, outer: string, key: string): boolean {
    if (typeof value !== 'object' || value === null) return true
    if (Array.isArray(value)) {
      let inner: Map<string, ColumnCursor> | undefined
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i]
        if (typeof item === 'number') {
          inner ??= this.#index.inner(outer)
          const v = this.#take(item, inner, outer, key)
          if (v === undefined) return false
          value[i] = v
        } else if (!this.fill(item, outer, key)) return false
      }
      return true
    }
    const record = value as Record<string, unknown>
    const inner = this.#index.inner(key)
    for (const k of Object.keys(record)) {
      const item = record[k]
      if (typeof item === 'number') {
        const v = this.#take(item, inner, key, k)
        if (v === undefined) return false
        record[k] = v
      } else if (!this.fill(item, key, k)) return false
    }
    return true
  }
}

/**
 * Rebuilds the JSON value from {@link encodeJsonColumns} output. Every stored number must be used
 * exactly once; never throws (bad JSON, truncated or inconsistent columns give `ok: false`).
 */
export function decodeJsonColumns(structure: string, columns: Uint8Array): DecodeJsonColumnsResult {
  // every number takes at least one character of the structure: bounds the declared counts
  const decoded = decodeNumberColumns(columns, structure.length)
  if (!decoded.ok) return decoded
  const cursors = decoded.columns.map((values): ColumnCursor => ({ values, next: 0 }))
  let value: unknown
  try {
    value = JSON.parse(structure)
  } catch (error) {
    return { ok: false, reason: `structure JSON does not parse: ${(error as Error).message}` }
  }
  const root: unknown[] = [value] // a bare number at the root is in column ("", "") too
  const filler = new Filler(cursors)
  let filled: boolean
  try {
    filled = filler.fill(root, '', '')
  } catch (error) {
    // JSON.parse accepts nesting deeper than a recursive walk can follow
    return { ok: false, reason: `structure cannot be walked: ${(error as Error).message}` }
  }
  if (!filled) return { ok: false, reason: filler.problem ?? 'number columns do not match' }
  return finish(filler, cursors, root[0])
}

function finish(filler: Filler, cursors: readonly ColumnCursor[], value: unknown): DecodeJsonColumnsResult {
  if (filler.used !== cursors.length) {
    return { ok: false, reason: `${cursors.length} number columns stored, the structure uses ${filler.used}` }
  }
  for (let c = 0; c < cursors.length; c++) {
    const cursor = cursors[c] as ColumnCursor
    if (cursor.next !== cursor.values.length) {
      return {
        ok: false,
        reason: `column ${c} holds ${cursor.values.length} numbers, the structure uses ${cursor.next}`,
      }
    }
  }
  return { ok: true, value }
}
