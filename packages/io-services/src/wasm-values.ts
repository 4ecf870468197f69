/**
 * The hot path of the WASM adapter on SQLite's C API (`sqlite3.capi`), below the `oo1` wrappers:
 * binding positional parameters, stepping and reading columns. `oo1.Stmt.bind/step/get` check and
 * convert every argument in JavaScript; measured in a Worker, 1,000 single-row inserts took
 * 30-46 ms through them and 3.4 ms through the C API. Values follow better-sqlite3: integers
 * as numbers (int64 read as BigInt, then converted), BLOBs as `Uint8Array` copies, booleans as
 * 0/1; other types are a TypeError, as there. Texts are encoded into one reused WASM buffer (all
 * of one statement's texts in one `encodeInto` call when they are ASCII) and copied by SQLite
 * (`SQLITE_TRANSIENT`).
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

/** The reusable text buffer of a module instance, and a view of it (renewed when the heap grows). */
interface TextBuffer {
  readonly pointer: Pointer
  readonly capacity: number
  view: Uint8Array
}
const textBuffers = new WeakMap<Sqlite3Static, TextBuffer>()

/** The module's text buffer, `needed` bytes at least. */
function textBuffer(sqlite3: Sqlite3Static, needed: number): TextBuffer {
  const { wasm } = sqlite3
  let buffer = textBuffers.get(sqlite3)
  if (buffer === undefined || buffer.capacity < needed) {
    if (buffer !== undefined) wasm.dealloc(buffer.pointer)
    const capacity = Math.max(needed, 64 * 1024)
    const pointer = wasm.alloc(capacity) as Pointer
    buffer = { pointer, capacity, view: wasm.heap8u().subarray(pointer, pointer + capacity) }
    textBuffers.set(sqlite3, buffer)
  } else if (buffer.view.byteLength === 0) {
    // the WASM memory grew: views of its former buffer are detached
    buffer.view = wasm.heap8u().subarray(buffer.pointer, buffer.pointer + buffer.capacity)
  }
  return buffer
}

function bindText(sqlite3: Sqlite3Static, stmt: Pointer, index: number, text: string): number {
  const buffer = textBuffer(sqlite3, text.length * 3) // UTF-16 code unit -> at most 3 UTF-8 bytes
  const { written } = encoder.encodeInto(text, buffer.view)
  return exportsOf(sqlite3).sqlite3_bind_text(stmt, index, buffer.pointer, written, SQLITE_TRANSIENT)
}

/** The text values of one `bindAll` and their parameter numbers (reused: binding never nests). */
const texts: string[] = []
const textIndexes: number[] = []

/**
 * Binds the collected text values. When they are all ASCII (the usual case: JSON, ids, types),
 * they are encoded together, in ONE `encodeInto` call (each call costs far more than the copy of
 * a short string), and each is bound at its offset (one byte per UTF-16 code unit); otherwise
 * each is encoded on its own.
 */
function bindTexts(sqlite3: Sqlite3Static, db: Database, stmt: Pointer): void {
  const joined = texts.length === 1 ? (texts[0] as string) : texts.join('')
  const buffer = textBuffer(sqlite3, joined.length)
  const { read, written } = encoder.encodeInto(joined, buffer.view)
  const x = exportsOf(sqlite3)
  if (read === joined.length && written === joined.length) {
    let pointer = buffer.pointer
    for (let i = 0; i < texts.length; i++) {
      const length = (texts[i] as string).length
      check(
        sqlite3,
        db,
        x.sqlite3_bind_text(stmt, textIndexes[i] as number, pointer, length, SQLITE_TRANSIENT),
      )
      pointer += length
    }
  } else {
    for (let i = 0; i < texts.length; i++)
      check(sqlite3, db, bindText(sqlite3, stmt, textIndexes[i] as number, texts[i] as string))
  }
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
  }
  if (value instanceof Uint8Array) {
    if (value.length === 0) return capi.sqlite3_bind_zeroblob(stmt, index, 0)
    const pointer = wasm.allocFromTypedArray(value)
    return capi.sqlite3_bind_blob(stmt, index, pointer, value.length, capi.SQLITE_WASM_DEALLOC)
  }
  throw new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null')
}

/** Resets `stmt`, clears its bindings and binds `values` to `?1, ?2, …` (texts last: {@link bindTexts}). */
export function bindAll(
  sqlite3: Sqlite3Static,
  db: Database,
  stmt: Pointer,
  values: readonly unknown[],
): void {
  const x = exportsOf(sqlite3)
  x.sqlite3_reset(stmt)
  x.sqlite3_clear_bindings(stmt)
  texts.length = 0
  textIndexes.length = 0
  for (let i = 0; i < values.length; i++) {
    const value = values[i]
    if (typeof value === 'string') {
      texts.push(value)
      textIndexes.push(i + 1)
    } else check(sqlite3, db, bindOne(sqlite3, stmt, i + 1, value))
  }
  if (texts.length === 0) return
  try {
    bindTexts(sqlite3, db, stmt)
  } finally {
    texts.length = 0 // holds no string past the call
  }
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
