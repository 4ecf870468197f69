/**
 * The snapshot blob: exactly what the seed says, nothing before or after it.
 *  - `compression = 'gzip'`: one gzip member (RFC 1952) of the uncompressed bytes, so
 *    `sqlite3` + `gunzip` read it. It checks itself with what gzip already carries: the CRC-32
 *    of the uncompressed bytes and their length (ISIZE) in the 8-byte trailer.
 *  - `compression = 'none'`: the uncompressed bytes as they are (checked by the reader's parser).
 *
 * Decoding is bounded: ISIZE (the last 4 bytes, little-endian) is read first and a blob declaring
 * more than the limit is refused before anything is allocated; inflation writes into a buffer of
 * exactly ISIZE bytes and stops at the first byte past it (a gzip bomb, or a trailer that lies,
 * never gets its memory). The header is parsed here and the deflate body between header and
 * trailer goes to a {@link SnapshotCodec} (`node-zlib` by default on Node, `pako` elsewhere), so
 * every reason is precise: bad magic, truncated, CRC mismatch, length mismatch, bytes after the
 * member (trailing garbage or a second member).
 */
import { Inflate } from 'pako'
import { crc32, crc32Continue } from './crc32.js'
import {
  DEFAULT_GZIP_LEVEL,
  DEFAULT_SNAPSHOT_CODEC,
  type GzipLevel,
  type SnapshotCodec,
} from './gzip-codecs.js'
import { isLegacySnapshotFrame, LEGACY_SNAPSHOT_REASON } from './legacy-snapshots.js'

/** How a snapshot is stored (the `snapshots.compression` column). */
export type SnapshotCompression = 'gzip' | 'none'

/** Default limit on a snapshot's uncompressed size: 256 MiB. */
export const DEFAULT_MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024

/** Fixed part of a gzip header (ID1 ID2 CM FLG MTIME XFL OS). */
const GZIP_HEADER_BYTES = 10
/** gzip trailer: CRC-32 then ISIZE, both little-endian. */
export const GZIP_TRAILER_BYTES = 8
const FHCRC = 0x02
const FEXTRA = 0x04
const FNAME = 0x08
const FCOMMENT = 0x10
const FLAG_RESERVED = 0xe0
/** deflate cannot expand input more than about 1032:1 (258-byte matches coded in 2 bits). */
const MAX_DEFLATE_RATIO = 1032

/** Why a stored snapshot cannot be used. */
export type SnapshotProblemCode = 'corrupt-snapshot' | 'snapshot-too-large'

/** The outcome of {@link decodeSnapshot}: the verified bytes, or why they cannot be trusted. */
export type SnapshotDecodeResult =
  | { readonly ok: true; readonly data: Uint8Array; readonly compression: SnapshotCompression }
  | { readonly ok: false; readonly code: SnapshotProblemCode; readonly reason: string }

/** Options of {@link decodeSnapshot}. */
export interface DecodeSnapshotOptions {
  /** Refuse more uncompressed bytes than this (default {@link DEFAULT_MAX_SNAPSHOT_BYTES}). */
  readonly maxBytes?: number
  /** The row's `compression` column (default `gzip`). */
  readonly compression?: string
  /** The deflate implementation (default: native zlib on Node, pako elsewhere). */
  readonly codec?: SnapshotCodec
}

/**
 * The stored blob of `data`: one gzip member (`level` default {@link DEFAULT_GZIP_LEVEL}), or a
 * copy of `data` when `compression` is `none`.
 */
export function encodeSnapshot(
  data: Uint8Array,
  compression: SnapshotCompression = 'gzip',
  codec: SnapshotCodec = DEFAULT_SNAPSHOT_CODEC,
  level: GzipLevel = DEFAULT_GZIP_LEVEL,
): Uint8Array {
  return compression === 'gzip' ? codec.gzip(data, level) : new Uint8Array(data)
}

/** The uncompressed size a gzip blob declares in its trailer (ISIZE), or `undefined` if too short. */
export function gzipDeclaredSize(blob: Uint8Array): number | undefined {
  if (blob.length < GZIP_HEADER_BYTES + GZIP_TRAILER_BYTES) return undefined
  return new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint32(blob.length - 4, true)
}

const corrupt = (reason: string): SnapshotDecodeResult => ({ ok: false, code: 'corrupt-snapshot', reason })

/** End offset of the gzip header (where the deflate body starts), or a reason. */
export function gzipHeaderEnd(blob: Uint8Array): number | string {
  if (blob[0] !== 0x1f || blob[1] !== 0x8b) return 'bad magic: not a gzip stream (expected 1f 8b)'
  if (blob[2] !== 0x08) return `bad magic: gzip compression method ${blob[2]} (expected 8, deflate)`
  const flags = blob[3] as number
  if ((flags & FLAG_RESERVED) !== 0) return `bad gzip header: reserved flag bits set (${flags})`
  let at = GZIP_HEADER_BYTES
  if (flags & FEXTRA) {
    if (at + 2 > blob.length) return 'truncated: gzip header ends inside FEXTRA'
    at += 2 + ((blob[at] as number) | ((blob[at + 1] as number) << 8))
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue
    const zero = blob.indexOf(0, at)
    if (zero < 0) return 'truncated: gzip header ends inside a file name or comment'
    at = zero + 1
  }
  if (flags & FHCRC) {
    if (at + 2 > blob.length) return 'truncated: gzip header ends inside its CRC-16'
    const stored = (blob[at] as number) | ((blob[at + 1] as number) << 8)
    const actual = crc32(blob.subarray(0, at)) & 0xffff
    if (stored !== actual) return `CRC mismatch in the gzip header: stored ${stored}, computed ${actual}`
    at += 2
  }
  if (at + GZIP_TRAILER_BYTES > blob.length) return 'truncated: no room for the deflate body and trailer'
  return at
}

/** Declared sizes above this are checked streaming before any buffer of that size exists. */
export const STREAM_CHECK_BYTES = 8 * 1024 * 1024

/**
 * Inflates a raw deflate body chunk by chunk, keeping nothing: its inflated length (stopping
 * past `limit`) and CRC-32, or why it cannot be inflated. Memory: one output chunk.
 */
function streamCheck(deflate: Uint8Array, limit: number): { length: number; crc: number } | string {
  let length = 0
  let crc = 0
  const inflator = new Inflate({ raw: true })
  inflator.onData = (chunk: Uint8Array): void => {
    length += chunk.length
    if (length > limit) throw new RangeError('over the declared length')
    crc = crc32Continue(chunk, crc)
  }
  inflator.onEnd = (): void => {}
  try {
    for (let at = 0; at < deflate.length && !inflator.ended; at += 64 * 1024) {
      const end = Math.min(at + 64 * 1024, deflate.length)
      inflator.push(deflate.subarray(at, end), end === deflate.length)
      if (inflator.err !== 0)
        return `damaged deflate stream (${inflator.msg || `zlib error ${inflator.err}`})`
    }
  } catch (error) {
    if (error instanceof RangeError)
      return `length mismatch: the member inflates to more than the ${limit} bytes its trailer declares`
    return `damaged deflate stream (${(error as Error).message})`
  }
  if (!inflator.ended) return 'truncated: the deflate stream ends early'
  return { length, crc }
}

function hex32(n: number): string {
  return n.toString(16).padStart(8, '0')
}

function afterMember(blob: Uint8Array, memberEnd: number): string {
  const extra = blob.length - memberEnd
  const second = blob[memberEnd] === 0x1f && blob[memberEnd + 1] === 0x8b
  return second
    ? `a second gzip member follows the first (${extra} bytes after byte ${memberEnd}): a snapshot is one member`
    : `${extra} trailing bytes after the gzip member (which ends at byte ${memberEnd})`
}

function decodeGzip(blob: Uint8Array, maxBytes: number, codec: SnapshotCodec): SnapshotDecodeResult {
  if (blob.length >= 2 && !(blob[0] === 0x1f && blob[1] === 0x8b) && isLegacySnapshotFrame(blob)) {
    return corrupt(LEGACY_SNAPSHOT_REASON)
  }
  const declared = gzipDeclaredSize(blob)
  if (declared === undefined) {
    return corrupt(
      blob.length >= 3 && !(blob[0] === 0x1f && blob[1] === 0x8b && blob[2] === 0x08)
        ? 'bad magic: not a gzip stream (expected 1f 8b 08)'
        : `truncated: ${blob.length} bytes, shorter than the smallest gzip member`,
    )
  }
  const bodyStart = gzipHeaderEnd(blob)
  if (typeof bodyStart === 'string') return corrupt(bodyStart)
  if (declared > maxBytes) {
    return {
      ok: false,
      code: 'snapshot-too-large',
      reason: `gzip trailer declares ${declared} uncompressed bytes, above the limit of ${maxBytes}`,
    }
  }
  const bodyEnd = blob.length - GZIP_TRAILER_BYTES
  if (declared > (bodyEnd - bodyStart) * MAX_DEFLATE_RATIO + 64) {
    return corrupt(
      `length mismatch: the trailer declares ${declared} bytes, more than a ${bodyEnd - bodyStart}-byte deflate body can produce (truncated, or bytes appended)`,
    )
  }
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
  const stored = view.getUint32(bodyEnd, true)
  if (declared > STREAM_CHECK_BYTES) {
    // a large declared size is checked streaming first (bounded memory), so a bomb never gets
    // its buffer: only a member whose length and CRC agree is inflated into `declared` bytes
    const streamed = streamCheck(blob.subarray(bodyStart, bodyEnd), declared)
    if (typeof streamed === 'string') return corrupt(streamed)
    if (streamed.length !== declared)
      return corrupt(
        `length mismatch: the trailer declares ${declared} bytes, the member inflates to ${streamed.length}`,
      )
    if (streamed.crc !== stored)
      return corrupt(
        `CRC mismatch: gzip trailer says ${hex32(stored)}, the inflated bytes give ${hex32(streamed.crc)}`,
      )
  }
  const inflated = codec.inflateRaw(blob.subarray(bodyStart, bodyEnd), declared)
  if (typeof inflated === 'string') return corrupt(inflated)
  if (inflated.consumed < bodyEnd - bodyStart) {
    return corrupt(afterMember(blob, bodyStart + inflated.consumed + GZIP_TRAILER_BYTES))
  }
  // a native gzip decoder already checked the trailer's CRC against these bytes (native-inflate.ts)
  const actual = inflated.crc32 ?? crc32(inflated.data)
  if (stored !== actual) {
    return corrupt(
      `CRC mismatch: gzip trailer says ${hex32(stored)}, the inflated bytes give ${hex32(actual)}`,
    )
  }
  return { ok: true, data: inflated.data, compression: 'gzip' }
}

/**
 * Checks and unpacks a stored snapshot blob. Never throws for bad input: a damaged, truncated or
 * oversized blob gives `{ ok: false }` with a code and a precise reason.
 */
export function decodeSnapshot(blob: Uint8Array, options: DecodeSnapshotOptions = {}): SnapshotDecodeResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_SNAPSHOT_BYTES
  const compression = options.compression ?? 'gzip'
  if (compression === 'gzip') return decodeGzip(blob, maxBytes, options.codec ?? DEFAULT_SNAPSHOT_CODEC)
  if (compression !== 'none') return corrupt(`unknown compression "${compression}" (expected gzip or none)`)
  if (isLegacySnapshotFrame(blob)) return corrupt(LEGACY_SNAPSHOT_REASON)
  if (blob[0] === 0x1f && blob[1] === 0x8b) {
    return corrupt('the compression column says "none" but the blob is a gzip stream')
  }
  if (blob.length > maxBytes) {
    return {
      ok: false,
      code: 'snapshot-too-large',
      reason: `${blob.length} uncompressed bytes, above the limit of ${maxBytes}`,
    }
  }
  return { ok: true, data: new Uint8Array(blob), compression: 'none' }
}
