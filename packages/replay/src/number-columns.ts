/**
 * Binary form of numeric columns (the numbers of "JSON columns", json-columns.ts). Each column
 * picks one power-of-two scale `2^s` (0 <= s <= 31) that minimises its size: the values `v` for
 * which `v * 2^s` is an integer in the int32 range are stored as `v * 2^s - min`, bit-packed at
 * the width of the column's range (frame of reference); the others as float64. Scaling by a power
 * of two is exact, so every value comes back bit for bit. Quarter-pixel coordinates cost their
 * range's bits (about 12 for +-600 px) instead of 15+ in gzipped text; a general compressor
 * (gzip) run over the whole payload then squeezes the low-entropy columns further.
 *
 * Layout (little-endian): u32 column count; per column a 14-byte header (u32 count, u32 float64
 * count, i32 min, u8 scale, u8 width); then per mixed column (some but not all values float64) a
 * bitmap of ceil(count / 8) bytes (bit set = float64); then per column its bit-packed integers
 * (LSB first, each column starting on a byte); then all float64 values.
 */

const HEADER_BYTES = 14
const MAX_SCALE = 31
const INT_MIN = -(2 ** 31)
const INT_MAX = 2 ** 31 - 1
const POW2: readonly number[] = Array.from({ length: 64 }, (_, i) => 2 ** i)

/** Smallest s <= MAX_SCALE with v * 2^s an integer in the int32 range, or -1. */
function minimalScale(v: number): number {
  if (!Number.isInteger(v * (POW2[MAX_SCALE] as number))) return -1
  for (let s = 0; s <= MAX_SCALE; s++) {
    const q = v * (POW2[s] as number)
    if (q < INT_MIN || q > INT_MAX) return -1
    if (Number.isInteger(q)) return s
  }
  return -1
}

const widthOf = (range: number): number => (range === 0 ? 0 : 32 - Math.clz32(range))

interface ColumnPlan {
  readonly values: readonly number[]
  readonly scales: Int8Array
  readonly scale: number
  readonly min: number
  readonly width: number
  readonly doubles: number
}

/** Chooses the scale that minimises the column's size in bits. */
function plan(values: readonly number[]): ColumnPlan {
  const scales = new Int8Array(values.length)
  const count = new Array<number>(MAX_SCALE + 1).fill(0)
  const lo = new Array<number>(MAX_SCALE + 1).fill(Number.POSITIVE_INFINITY)
  const hi = new Array<number>(MAX_SCALE + 1).fill(Number.NEGATIVE_INFINITY)
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number
    const s = minimalScale(v)
    scales[i] = s
    if (s < 0) continue
    count[s] = (count[s] as number) + 1
    if (v < (lo[s] as number)) lo[s] = v
    if (v > (hi[s] as number)) hi[s] = v
  }
  const n = values.length
  let best = { scale: 0, min: 0, width: 0, doubles: n, bits: n * 64 }
  let c = 0
  let mn = Number.POSITIVE_INFINITY
  let mx = Number.NEGATIVE_INFINITY
  for (let s = 0; s <= MAX_SCALE; s++) {
    c += count[s] as number
    mn = Math.min(mn, lo[s] as number)
    mx = Math.max(mx, hi[s] as number)
    if (c === 0) continue
    const qMin = mn * (POW2[s] as number)
    const qMax = mx * (POW2[s] as number)
    if (qMin < INT_MIN || qMax > INT_MAX) break // a larger scale only widens the range
    const width = widthOf(qMax - qMin)
    const doubles = n - c
    const bits = c * width + doubles * 64 + (doubles > 0 ? n : 0)
    if (bits < best.bits) best = { scale: s, min: qMin, width, doubles, bits }
  }
  return { values, scales, scale: best.scale, min: best.min, width: best.width, doubles: best.doubles }
}

/** A growing little-endian byte buffer. */
class ByteWriter {
  #bytes = new Uint8Array(1024)
  #view = new DataView(this.#bytes.buffer)
  length = 0

  #room(n: number): void {
    if (this.length + n <= this.#bytes.length) return
    let size = this.#bytes.length * 2
    while (size < this.length + n) size *= 2
    const next = new Uint8Array(size)
    next.set(this.#bytes.subarray(0, this.length))
    this.#bytes = next
    this.#view = new DataView(next.buffer)
  }

  u8(v: number): void {
    this.#room(1)
    this.#bytes[this.length++] = v
  }

  u32(v: number): void {
    this.#room(4)
    this.#view.setUint32(this.length, v, true)
    this.length += 4
  }

  i32(v: number): void {
    this.#room(4)
    this.#view.setInt32(this.length, v, true)
    this.length += 4
  }

  f64(v: number): void {
    this.#room(8)
    this.#view.setFloat64(this.length, v, true)
    this.length += 8
  }

  /** Reserves `n` zeroed bytes and returns their offset. */
  zeros(n: number): number {
    this.#room(n)
    const at = this.length
    this.#bytes.fill(0, at, at + n)
    this.length += n
    return at
  }

  setBit(offset: number, bit: number): void {
    this.#bytes[offset + (bit >>> 3)] = (this.#bytes[offset + (bit >>> 3)] as number) | (1 << (bit & 7))
  }

  bytes(): Uint8Array {
    return this.#bytes.slice(0, this.length)
  }
}

/**
 * Encodes columns of finite numbers (-0 is written as 0). Deterministic: equal columns give
 * equal bytes.
 */
export function encodeNumberColumns(columns: readonly (readonly number[])[]): Uint8Array {
  const plans = columns.map(plan)
  const w = new ByteWriter()
  w.u32(plans.length)
  for (const p of plans) {
    w.u32(p.values.length)
    w.u32(p.doubles)
    w.i32(p.min)
    w.u8(p.scale)
    w.u8(p.width)
  }
  for (const p of plans) {
    if (p.doubles === 0 || p.doubles === p.values.length) continue
    const at = w.zeros(Math.ceil(p.values.length / 8))
    for (let i = 0; i < p.values.length; i++) {
      const s = p.scales[i] as number
      if (s < 0 || s > p.scale) w.setBit(at, i)
    }
  }
  for (const p of plans) {
    if (p.doubles === p.values.length) continue
    const factor = POW2[p.scale] as number
    const width = p.width
    let acc = 0
    let bits = 0
    for (let i = 0; i < p.values.length; i++) {
      const s = p.scales[i] as number
      if (s < 0 || s > p.scale) continue
      acc += ((p.values[i] as number) * factor - p.min) * (POW2[bits] as number)
      bits += width
      while (bits >= 8) {
        const byte = acc & 0xff
        w.u8(byte)
        acc = (acc - byte) / 256
        bits -= 8
      }
    }
    if (bits > 0) w.u8(acc)
  }
  for (const p of plans) {
    if (p.doubles === 0) continue
    for (let i = 0; i < p.values.length; i++) {
      const s = p.scales[i] as number
      if (s < 0 || s > p.scale) w.f64(p.values[i] as number)
    }
  }
  return w.bytes()
}

/** Result of {@link decodeNumberColumns}: the columns, or why the bytes are unusable. */
export type DecodeNumberColumnsResult =
  | { readonly ok: true; readonly columns: readonly Float64Array[] }
  | { readonly ok: false; readonly reason: string }

const fail = (reason: string): DecodeNumberColumnsResult => ({ ok: false, reason })

/**
 * Decodes {@link encodeNumberColumns} output. `maxNumbers` bounds the total count declared by the
 * headers (checked before anything is allocated); the byte length must match the headers exactly
 * and float64 values must be finite. Never throws.
 */
export function decodeNumberColumns(bytes: Uint8Array, maxNumbers: number): DecodeNumberColumnsResult {
  if (bytes.length < 4) return fail('number columns are truncated (no column count)')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const columns = view.getUint32(0, true)
  if (4 + columns * HEADER_BYTES > bytes.length) {
    return fail(
      `number columns are truncated (${columns} column headers need ${4 + columns * HEADER_BYTES} bytes, ${bytes.length} present)`,
    )
  }
  const heads: { count: number; doubles: number; min: number; scale: number; width: number }[] = []
  let total = 0
  let bitmapBytes = 0
  let packedBytes = 0
  let doubleBytes = 0
  for (let c = 0; c < columns; c++) {
    const at = 4 + c * HEADER_BYTES
    const head = {
      count: view.getUint32(at, true),
      doubles: view.getUint32(at + 4, true),
      min: view.getInt32(at + 8, true),
      scale: view.getUint8(at + 12),
      width: view.getUint8(at + 13),
    }
    if (head.doubles > head.count)
      return fail(`column ${c} declares ${head.doubles} float64 values of ${head.count}`)
    if (head.scale > MAX_SCALE) return fail(`column ${c} has scale ${head.scale} (at most ${MAX_SCALE})`)
    if (head.width > 32) return fail(`column ${c} has width ${head.width} bits (at most 32)`)
    total += head.count
    if (total > maxNumbers) {
      return fail(
        `number columns declare more numbers (${total}+) than the structure can hold (${maxNumbers})`,
      )
    }
    if (head.doubles > 0 && head.doubles < head.count) bitmapBytes += Math.ceil(head.count / 8)
    packedBytes += Math.ceil(((head.count - head.doubles) * head.width) / 8)
    doubleBytes += head.doubles * 8
    heads.push(head)
  }
  let bitmapAt = 4 + columns * HEADER_BYTES
  let packedAt = bitmapAt + bitmapBytes
  let doubleAt = packedAt + packedBytes
  const expected = doubleAt + doubleBytes
  if (expected !== bytes.length) {
    return fail(`number columns hold ${bytes.length} bytes, their headers describe ${expected}`)
  }
  const out: Float64Array[] = []
  for (let c = 0; c < heads.length; c++) {
    const h = heads[c] as (typeof heads)[number]
    const values = new Float64Array(h.count)
    const mixed = h.doubles > 0 && h.doubles < h.count
    const allDoubles = h.doubles === h.count
    const factor = POW2[h.scale] as number
    const modulus = POW2[h.width] as number
    let acc = 0
    let bits = 0
    let bitCount = 0
    for (let i = 0; i < h.count; i++) {
      const isDouble =
        allDoubles || (mixed && ((bytes[bitmapAt + (i >>> 3)] as number) & (1 << (i & 7))) !== 0)
      if (isDouble) {
        bitCount++
        if (bitCount > h.doubles) return fail(`column ${c} marks more than its ${h.doubles} float64 values`)
        const v = view.getFloat64(doubleAt, true)
        doubleAt += 8
        if (!Number.isFinite(v)) return fail(`column ${c} value ${i} is not a finite number (${v})`)
        values[i] = v
        continue
      }
      while (bits < h.width) {
        acc += (bytes[packedAt++] as number) * (POW2[bits] as number)
        bits += 8
      }
      const u = acc % modulus
      acc = (acc - u) / modulus
      bits -= h.width
      values[i] = (h.min + u) / factor
    }
    if (bitCount !== h.doubles)
      return fail(`column ${c} marks ${bitCount} float64 values, header declares ${h.doubles}`)
    if (mixed) bitmapAt += Math.ceil(h.count / 8)
    out.push(values)
  }
  return { ok: true, columns: out }
}
