/**
 * The render hash of an object: a 64-bit hash of exactly what its tessellation
 * (`tessellateObject`) and its paint bounds (`objectPaintBounds`) are computed from: kind,
 * anchors and `closed` (paths) or shape type and parameters (shapes), the transform, whether
 * there is a fill and a stroke, and the stroke width. Colours, opacity, the id and the layer are
 * left out, so restyling an object keeps its cached rows. Numbers are mixed as their float64 bits
 * (two 32-bit lanes, murmur3's mixing, folded to 53 bits), without serializing anything: about a
 * twentieth of the cost of hashing the object's JSON text, so a reader can check every cached
 * row of a large document against it.
 */
import type { Point, VectorObject } from './types.js'

const F64 = new Float64Array(1)
const F64_WORDS = new Int32Array(F64.buffer)

/** Words of the hash input of one object, mixed in one tight loop; grown for a larger object. */
let scratch = new Int32Array(512)

/** Words one anchor needs at most (position, two handles with markers, anchor type). */
const ANCHOR_WORDS = 32

/** `text` as words (its length, then two UTF-16 units a word) from `at`; returns the next position. */
function putString(buf: Int32Array, at: number, text: string): number {
  const n = text.length
  let w = at
  buf[w++] = n
  let i = 0
  for (; i + 1 < n; i += 2) buf[w++] = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16)
  if (i < n) buf[w++] = text.charCodeAt(i)
  return w
}

/** The float64 bits of `value` as two words from `at`; returns the next position. */
function putNumber(buf: Int32Array, at: number, value: number): number {
  F64[0] = value
  buf[at] = F64_WORDS[0] as number
  buf[at + 1] = F64_WORDS[1] as number
  return at + 2
}

/** A handle: a marker word for "absent", else a marker and its offset. */
function putHandle(buf: Int32Array, at: number, handle: Point | undefined): number {
  if (handle === undefined) {
    buf[at] = 0x5a5a0001
    return at + 1
  }
  buf[at] = 0x5a5a0002
  return putNumber(buf, putNumber(buf, at + 1, handle.x), handle.y)
}

/** A buffer of at least `size` words: the scratch one, grown when needed (the words so far kept). */
function capacity(size: number): Int32Array {
  if (scratch.length < size) {
    const grown = new Int32Array(Math.max(size, scratch.length * 2))
    grown.set(scratch)
    scratch = grown
  }
  return scratch
}

/** Two hex digits of each byte (a double's `toString(16)` costs more than the whole mixing). */
const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** The two 32-bit results of {@link mix} (module scratch: no allocation per hash). */
let lo = 0
let hi = 0

/**
 * Two murmur3-style lanes with independent constants over `count` words, folded to 53 bits:
 * the low 32 in {@link lo}, the high 21 in {@link hi}.
 */
function mix(input: Int32Array, count: number): void {
  let h1 = 0x2545f491 ^ count
  let h2 = 0x6a09e667 ^ count
  for (let i = 0; i < count; i++) {
    const word = input[i] as number
    let k = Math.imul(word, 0xcc9e2d51)
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593)
    h1 ^= k
    h1 = (Math.imul((h1 << 13) | (h1 >>> 19), 5) + 0xe6546b64) | 0
    let j = Math.imul(word ^ 0x27d4eb2f, 0x85ebca6b)
    j = Math.imul((j << 13) | (j >>> 19), 0xc2b2ae35)
    h2 ^= j
    h2 = (Math.imul((h2 << 15) | (h2 >>> 17), 9) + 0x7f4a7c15) | 0
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b) ^ Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35)
  lo = h1 >>> 0
  hi = h2 & 0x1fffff
}

/** The value of the lower-case hex digits of `text` from `from` to `to`, or -1 at any other character. */
function hexValue(text: string, from: number, to: number): number {
  let n = 0
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1
    if (digit < 0) return -1
    n = n * 16 + digit
  }
  return n
}

/** Writes the hash input of `obj` as words (see the module comment); returns their count. */
function hashInput(obj: VectorObject): number {
  const { style, transform: t } = obj
  let buf = capacity(64 + obj.kind.length)
  buf[0] =
    (style.fill === undefined ? 0 : 1) |
    (style.stroke === undefined ? 0 : 2) |
    (style.strokeWidth === undefined ? 0 : 4)
  let w = putNumber(buf, putString(buf, 1, obj.kind), style.strokeWidth ?? 0)
  w = putNumber(buf, putNumber(buf, putNumber(buf, w, t.a), t.b), t.c)
  w = putNumber(buf, putNumber(buf, putNumber(buf, w, t.d), t.e), t.f)
  if (obj.kind === 'path') {
    const { anchors } = obj
    buf[w++] = obj.closed ? 1 : 0
    buf[w++] = anchors.length
    buf = capacity(w + anchors.length * ANCHOR_WORDS)
    for (const a of anchors) {
      w = putNumber(buf, putNumber(buf, w, a.position.x), a.position.y)
      w = putHandle(buf, putHandle(buf, w, a.handleIn), a.handleOut)
      w = putString(buf, w, a.anchorType)
    }
  } else {
    w = putString(buf, w, obj.shapeType)
    const parameters = obj.parameters as unknown as Readonly<Record<string, unknown>>
    for (const key in parameters) {
      const value = parameters[key]
      if (value === undefined) continue
      const text = typeof value === 'number' ? undefined : JSON.stringify(value)
      buf = capacity(w + 8 + key.length + (text?.length ?? 0))
      w = putString(buf, w, key)
      w = text === undefined ? putNumber(buf, w, value as number) : putString(buf, w, text)
    }
  }
  return w
}

/**
 * The render hash of `obj` (see the module comment) as 14 lower-case hex digits: equal for two
 * objects whose tessellation and paint bounds are necessarily equal; different otherwise, except
 * with probability about 2⁻⁵³.
 */
export function renderHash(obj: VectorObject): string {
  const count = hashInput(obj) // first: it may grow the scratch buffer
  mix(scratch, count)
  return (
    (HEX[hi >>> 16] as string) +
    (HEX[(hi >>> 8) & 0xff] as string) +
    (HEX[hi & 0xff] as string) +
    (HEX[lo >>> 24] as string) +
    (HEX[(lo >>> 16) & 0xff] as string) +
    (HEX[(lo >>> 8) & 0xff] as string) +
    (HEX[lo & 0xff] as string)
  )
}

/**
 * Whether `hash` is `renderHash(obj)`, without making the hash's text: for a reader checking
 * many stored hashes against their objects (no string built per object).
 */
export function renderHashEquals(obj: VectorObject, hash: string): boolean {
  if (hash.length !== 14) return false
  const count = hashInput(obj) // first: it may grow the scratch buffer
  mix(scratch, count)
  return hexValue(hash, 0, 6) === hi && hexValue(hash, 6, 14) === lo
}
