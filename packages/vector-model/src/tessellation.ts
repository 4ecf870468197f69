/**
 * Tessellation: an object's outline flattened to a polyline (its béziers within a tolerance of
 * 0.25 screen pixels at the given zoom) and its fill triangulated (earcut), packed into one
 * compact little-endian binary buffer a renderer uploads as is. The layout is in the README
 * ("Tessellation layout"); {@link decodeTessellation} checks every field of it.
 */
import earcut from 'earcut'
import { VectorModelError } from './errors.js'
import { flattenObject } from './geometry.js'
import type { Bounds, Point, VectorObject } from './types.js'

/** `WTTS` read as a little-endian uint32: the first four bytes of every tessellation buffer. */
export const TESSELLATION_MAGIC = 0x53545457
/** Version of the binary layout written by {@link tessellateObject}. */
export const TESSELLATION_VERSION = 1
/** Bytes of the header before the vertex buffer. */
export const TESSELLATION_HEADER_BYTES = 40
/** Flattening tolerance in screen pixels: world tolerance = this / zoom. */
export const TESSELLATION_PIXEL_TOLERANCE = 0.25

/** Typed arrays read the layout directly on little-endian hosts (all current ones); others copy. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

const FLAG_CLOSED = 1
const FLAG_UINT32_INDICES = 2

/** Options of {@link tessellateObject}. */
export interface TessellationOptions {
  /** Screen pixels per world unit the buffer is made for (default 1): tolerance = 0.25 / zoom. */
  readonly zoom?: number
}

/** A decoded tessellation buffer (views into the buffer's bytes where aligned). */
export interface Tessellation {
  readonly version: number
  /** True when the outline closes (the renderer joins the last vertex to the first). */
  readonly closed: boolean
  /** World distance every outline segment stays within of the curve. */
  readonly tolerance: number
  /** x0, y0, x1, y1, …: the outline polyline in world coordinates (no repeated closing vertex). */
  readonly vertices: Float32Array
  /** Fill triangles, three vertex indices each (empty without a fill). */
  readonly indices: Uint16Array | Uint32Array
  /** Bounds of the vertices (`undefined` when there are none). */
  readonly bounds: Bounds | undefined
}

function checkZoom(zoom: number): number {
  if (!Number.isFinite(zoom) || zoom <= 0) {
    throw new VectorModelError(
      'invalid-argument',
      `tessellateObject: zoom must be a finite number > 0, got ${zoom}`,
    )
  }
  return zoom
}

/** The outline's points without the repeated closing point of a closed outline. */
function outlinePoints(obj: VectorObject, tolerance: number): { points: Point[]; closed: boolean } {
  const points = flattenObject(obj, tolerance)
  const closed = obj.kind === 'shape' || obj.closed
  if (closed && points.length > 1) points.pop()
  return { points, closed }
}

/**
 * Flattens and triangulates `obj` (world coordinates, its transform applied) into the binary
 * layout of the README. The fill is triangulated only when the object has a fill and at least
 * three outline vertices (an open path is filled as if closed, like SVG); triangulation follows
 * earcut (simple polygons exactly; self-intersecting outlines approximately).
 */
export function tessellateObject(obj: VectorObject, options: TessellationOptions = {}): Uint8Array {
  const zoom = checkZoom(options.zoom ?? 1)
  const tolerance = TESSELLATION_PIXEL_TOLERANCE / zoom
  const { points, closed } = outlinePoints(obj, tolerance)
  const flat = new Float32Array(points.length * 2)
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as Point
    flat[2 * i] = p.x
    flat[2 * i + 1] = p.y
    if (p.x < minX) minX = p.x
    if (p.x > maxX) maxX = p.x
    if (p.y < minY) minY = p.y
    if (p.y > maxY) maxY = p.y
  }
  const triangles = obj.style.fill !== undefined && points.length >= 3 ? earcut(flat) : []
  const wide = points.length > 0xffff
  const indexBytes = triangles.length * (wide ? 4 : 2)
  const total = TESSELLATION_HEADER_BYTES + flat.byteLength + ((indexBytes + 3) & ~3)
  const out = new Uint8Array(total)
  const view = new DataView(out.buffer)
  view.setUint32(0, TESSELLATION_MAGIC, true)
  view.setUint16(4, TESSELLATION_VERSION, true)
  view.setUint16(6, (closed ? FLAG_CLOSED : 0) | (wide ? FLAG_UINT32_INDICES : 0), true)
  view.setFloat32(8, tolerance, true)
  view.setUint32(12, points.length, true)
  view.setUint32(16, triangles.length, true)
  const empty = points.length === 0
  view.setFloat32(20, empty ? 0 : minX, true)
  view.setFloat32(24, empty ? 0 : minY, true)
  view.setFloat32(28, empty ? 0 : maxX, true)
  view.setFloat32(32, empty ? 0 : maxY, true)
  view.setUint32(36, 0, true)
  let offset = TESSELLATION_HEADER_BYTES
  for (const v of flat) {
    view.setFloat32(offset, v, true)
    offset += 4
  }
  for (const index of triangles) {
    if (wide) view.setUint32(offset, index, true)
    else view.setUint16(offset, index, true)
    offset += wide ? 4 : 2
  }
  return out
}

/** The vertices: a view of the buffer from `start` when aligned (`view` undefined), else a copy read through `view`. */
function readVertices(
  buffer: ArrayBufferLike,
  start: number,
  view: DataView | undefined,
  count: number,
): Float32Array {
  if (view === undefined) return new Float32Array(buffer, start + TESSELLATION_HEADER_BYTES, count)
  const out = new Float32Array(count)
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(TESSELLATION_HEADER_BYTES + 4 * i, true)
  return out
}

/** The indices: a view of the buffer from `start` when aligned (`view` undefined), else a copy read through `view`. */
function readIndices(
  buffer: ArrayBufferLike,
  start: number,
  view: DataView | undefined,
  offset: number,
  count: number,
  wide: boolean,
): Uint16Array | Uint32Array {
  if (view === undefined) {
    const from = start + offset
    return wide ? new Uint32Array(buffer, from, count) : new Uint16Array(buffer, from, count)
  }
  const out = wide ? new Uint32Array(count) : new Uint16Array(count)
  for (let i = 0; i < count; i++) {
    out[i] = wide ? view.getUint32(offset + 4 * i, true) : view.getUint16(offset + 2 * i, true)
  }
  return out
}

function invalid(reason: string): VectorModelError {
  return new VectorModelError('invalid-argument', `decodeTessellation: ${reason}`)
}

/** Scratch words for reading a float32 from its bits without a `DataView`. */
const WORD = new Uint32Array(1)
const WORD_F32 = new Float32Array(WORD.buffer)

/** The little-endian uint32 at `offset` of `bytes`. */
function u32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] as number) |
      ((bytes[offset + 1] as number) << 8) |
      ((bytes[offset + 2] as number) << 16) |
      ((bytes[offset + 3] as number) << 24)) >>>
    0
  )
}

/** The little-endian float32 at `offset` of `bytes`. */
function f32(bytes: Uint8Array, offset: number): number {
  WORD[0] = u32(bytes, offset)
  return WORD_F32[0] as number
}

/**
 * Reads a buffer of {@link tessellateObject}; throws `invalid-argument` naming the first bad field.
 * With `byteOffset` and `byteLength`, reads the buffer held at that range of `bytes` (one of many
 * stored back to back: no view of it made first).
 */
export function decodeTessellation(
  bytes: Uint8Array,
  byteOffset?: number,
  byteLength?: number,
): Tessellation {
  return byteOffset === undefined
    ? decodeAt(bytes, 0, bytes.length)
    : decodeAt(bytes, byteOffset, byteLength ?? bytes.length - byteOffset)
}

/** {@link decodeTessellation} of the `length` bytes of `bytes` from `at`. */
function decodeAt(all: Uint8Array, at: number, length: number): Tessellation {
  if (!(at >= 0 && length >= 0 && at + length <= all.length)) {
    throw invalid(`range ${at}+${length} is outside the ${all.length} bytes given`)
  }
  if (length < TESSELLATION_HEADER_BYTES) {
    throw invalid(`${length} bytes is shorter than the ${TESSELLATION_HEADER_BYTES}-byte header`)
  }
  // the header is read byte by byte (no DataView made for every buffer)
  const magic = u32(all, at)
  if (magic !== TESSELLATION_MAGIC) throw invalid(`magic is 0x${magic.toString(16)}, not WTTS`)
  const version = (all[at + 4] as number) | ((all[at + 5] as number) << 8)
  if (version !== TESSELLATION_VERSION) throw invalid(`unsupported layout version ${version}`)
  const flags = (all[at + 6] as number) | ((all[at + 7] as number) << 8)
  if ((flags & ~(FLAG_CLOSED | FLAG_UINT32_INDICES)) !== 0)
    throw invalid(`unknown flags 0x${flags.toString(16)}`)
  const tolerance = f32(all, at + 8)
  const vertexCount = u32(all, at + 12)
  const indexCount = u32(all, at + 16)
  const wide = (flags & FLAG_UINT32_INDICES) !== 0
  if (!(tolerance > 0) || !Number.isFinite(tolerance)) throw invalid(`tolerance ${tolerance} is not > 0`)
  if (indexCount % 3 !== 0) throw invalid(`index count ${indexCount} is not a multiple of 3`)
  const indexBytes = indexCount * (wide ? 4 : 2)
  const expected = TESSELLATION_HEADER_BYTES + vertexCount * 8 + ((indexBytes + 3) & ~3)
  if (length !== expected) {
    throw invalid(`${length} bytes, but ${vertexCount} vertices and ${indexCount} indices need ${expected}`)
  }
  // a DataView only for a buffer the typed arrays cannot view in place (it is copied)
  const start = all.byteOffset + at
  const view = LITTLE_ENDIAN && start % 4 === 0 ? undefined : new DataView(all.buffer, start, length)
  const vertices = readVertices(all.buffer, start, view, vertexCount * 2)
  const indices = readIndices(
    all.buffer,
    start,
    view,
    TESSELLATION_HEADER_BYTES + vertexCount * 8,
    indexCount,
    wide,
  )
  for (let i = 0; i < indexCount; i++) {
    const index = indices[i] as number
    if (index >= vertexCount) throw invalid(`index ${i} is ${index}, past the ${vertexCount} vertices`)
  }
  const minX = f32(all, at + 20)
  const minY = f32(all, at + 24)
  const maxX = f32(all, at + 28)
  const maxY = f32(all, at + 32)
  return {
    version,
    closed: (flags & FLAG_CLOSED) !== 0,
    tolerance,
    vertices,
    indices,
    bounds: vertexCount === 0 ? undefined : { x: minX, y: minY, width: maxX - minX, height: maxY - minY },
  }
}
