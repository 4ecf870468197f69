/**
 * The hot path of the WASM adapter on SQLite's C API (`sqlite3.capi`), below the `oo1` wrappers:
 * binding positional parameters, stepping and reading columns. `oo1.Stmt.bind/step/get` check and
 * convert every argument in JavaScript; measured in a Worker, 1,000 single-row inserts took
 * 30-46 ms through them and 3.4 ms through the C API. Values follow better-sqlite3: integers
 * as numbers (int64 read as BigInt, then converted), BLOBs as `Uint8Array` copies, booleans as
 * 0/1; other types are a TypeError, as there.
 */
import type { Database, SQLite3Error, Sqlite3Static } from '@sqlite.org/sqlite-wasm'

type Pointer = number

/** The raw WASM exports this module calls (numbers in, numbers or BigInt out). */
interface Exports {
  sqlite3_bind_null(stmt: Pointer, index: number): number
  sqlite3_bind_int(stmt: Pointer, index: number, value: number): number
  sqlite3_bind_int64(stmt: Pointer, index: number, value: bigint): number
  sqlite3_bind_double(stmt: Pointer, index: number, value: number): number
  sqlite3_bind_text(stmt: Pointer, index: number, text: Pointer, bytes: number, destructor: number): number
  sqlite3_reset(stmt: Pointer): number
  sqlite3_clear_bindings(stmt: Pointer): number
  sqlite3_step(stmt: Pointer): number
  sqlite3_column_type(stmt: Pointer, index: number): number
  sqlite3_column_int64(stmt: Pointer, index: number): bigint
  sqlite3_column_double(stmt: Pointer, index: number): number
  sqlite3_column_bytes(stmt: Pointer, index: number): number
  sqlite3_column_blob(stmt: Pointer, index: number): Pointer
}

function exportsOf(sqlite3: Sqlite3Static): Exports {
  return sqlite3.wasm.exports as unknown as Exports
}

/** SQLite's "copy the value now" destructor (`SQLITE_TRANSIENT`, -1). */
const SQLITE_TRANSIENT = -1
const encoder = new TextEncoder()
/** The reusable text buffer, per module instance. */
const textBuffers = new WeakMap<Sqlite3Static, { pointer: Pointer; capacity: number }>()

function bindText(sqlite3: Sqlite3Static, stmt: Pointer, index: number, text: string): number {
  const { wasm } = sqlite3
  let buffer = textBuffers.get(sqlite3)
  const needed = text.length * 3 // UTF-16 code unit -> at most 3 UTF-8 bytes
  if (buffer === undefined || buffer.capacity < needed) {
    if (buffer !== undefined) wasm.dealloc(buffer.pointer)
    const capacity = Math.max(needed, 64 * 1024)
    buffer = { pointer: wasm.alloc(capacity) as Pointer, capacity }
    textBuffers.set(sqlite3, buffer)
  }
  const { written } = encoder.encodeInto(
    text,
    wasm.heap8u().subarray(buffer.pointer, buffer.pointer + buffer.capacity),
  )
  return exportsOf(sqlite3).sqlite3_bind_text(stmt, index, buffer.pointer, written, SQLITE_TRANSIENT)
}

const SQLITE_ROW = 100
const SQLITE_DONE = 101
const INT32_MIN = -(2 ** 31)
const INT32_MAX = 2 ** 31 - 1

function check(sqlite3: Sqlite3Static, db: Database, rc: number | undefined): void {
  // sqlite3_bind_null's wrapper returns undefined (its result is not passed on)
  if (rc === 0 || rc === undefined) return
  const capi = sqlite3.capi
  const code = capi.sqlite3_extended_errcode(db)
  const name = capi.sqlite3_js_rc_str(code) ?? `SQLITE_${code}`
  const error = new sqlite3.SQLite3Error(`${name}: ${capi.sqlite3_errmsg(db)}`) as SQLite3Error
  error.resultCode = code
  throw error
}

function bindOne(sqlite3: Sqlite3Static, stmt: Pointer, index: number, value: unknown): number | undefined {
  const { capi, wasm } = sqlite3
  const x = exportsOf(sqlite3)
  if (value === null || value === undefined) return x.sqlite3_bind_null(stmt, index)
  switch (typeof value) {
    case 'number':
      if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX)
        return x.sqlite3_bind_int(stmt, index, value)
      if (Number.isSafeInteger(value)) return x.sqlite3_bind_int64(stmt, index, BigInt(value))
      return x.sqlite3_bind_double(stmt, index, value)
    case 'bigint':
      return x.sqlite3_bind_int64(stmt, index, value)
    case 'boolean':
      return x.sqlite3_bind_int(stmt, index, value ? 1 : 0)
    case 'string':
      return bindText(sqlite3, stmt, index, value)
  }
  if (value instanceof Uint8Array) {
    if (value.length === 0) return capi.sqlite3_bind_zeroblob(stmt, index, 0)
    const pointer = wasm.allocFromTypedArray(value)
    return capi.sqlite3_bind_blob(stmt, index, pointer, value.length, capi.SQLITE_WASM_DEALLOC)
  }
  throw new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null')
}

/** Resets `stmt`, clears its bindings and binds `values` to `?1, ?2, …`. */
export function bindAll(
  sqlite3: Sqlite3Static,
  db: Database,
  stmt: Pointer,
  values: readonly unknown[],
): void {
  const x = exportsOf(sqlite3)
  x.sqlite3_reset(stmt)
  x.sqlite3_clear_bindings(stmt)
  for (let i = 0; i < values.length; i++) check(sqlite3, db, bindOne(sqlite3, stmt, i + 1, values[i]))
}

/** One step: true when a row is ready; an SQLite error is thrown with its `resultCode`. */
export function step(sqlite3: Sqlite3Static, db: Database, stmt: Pointer): boolean {
  const rc = exportsOf(sqlite3).sqlite3_step(stmt)
  if (rc === SQLITE_ROW) return true
  if (rc === SQLITE_DONE) return false
  check(sqlite3, db, rc)
  return false
}

/** Column `index` of the current row as better-sqlite3 returns it. */
export function column(sqlite3: Sqlite3Static, stmt: Pointer, index: number): unknown {
  const { capi, wasm } = sqlite3
  const x = exportsOf(sqlite3)
  switch (x.sqlite3_column_type(stmt, index)) {
    case capi.SQLITE_INTEGER:
      return Number(x.sqlite3_column_int64(stmt, index))
    case capi.SQLITE_FLOAT:
      return x.sqlite3_column_double(stmt, index)
    case capi.SQLITE_TEXT:
      return capi.sqlite3_column_text(stmt, index)
    case capi.SQLITE_BLOB: {
      const pointer = x.sqlite3_column_blob(stmt, index)
      const length = x.sqlite3_column_bytes(stmt, index)
      return length === 0 ? new Uint8Array(0) : wasm.heap8u().slice(pointer, pointer + length)
    }
    default:
      return null
  }
}
