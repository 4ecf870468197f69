/**
 * The self-checking snapshot blob. io-services frames every snapshot before storing it:
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 4 | magic `WTSS` |
 * | 4 | 1 | codec version (1) |
 * | 5 | 1 | compression flag: 0 = none, 1 = gzip |
 * | 6 | 2 | reserved, 0 |
 * | 8 | 4 | uncompressed length (uint32, big-endian) |
 * | 12 | 4 | CRC-32 of the uncompressed bytes (big-endian) |
 * | 16 | 4 | length of the stored payload that follows (big-endian) |
 * | 20 | n | payload: the bytes, gzip-compressed or as they are |
 *
 * Decoding is bounded: a declared length above the limit is refused before anything is
 * allocated, and inflation writes into a buffer of exactly the declared size, stopping as soon
 * as the stream tries to produce more (a gzip bomb never gets its memory). The gzip itself is
 * done by a {@link SnapshotCodec} (`node-zlib` by default on Node, `pako` elsewhere); both read
 * what either wrote.
 */
import { crc32 } from './crc32.js'
import { DEFAULT_SNAPSHOT_CODEC, type SnapshotCodec } from './gzip-codecs.js'

/** How a snapshot's payload is stored (the `snapshots.compression` column). */
export type SnapshotCompression = 'gzip' | 'none'

/** Length of the frame header in bytes. */
export const SNAPSHOT_HEADER_BYTES = 20
/** The current codec version written in byte 4. */
export const SNAPSHOT_CODEC_VERSION = 1
/** Default limit on a snapshot's uncompressed size: 256 MiB. */
export const DEFAULT_MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024

const MAGIC = [0x57, 0x54, 0x53, 0x53] as const // "WTSS"

/** The outcome of {@link decodeSnapshot}: the verified bytes, or why they cannot be trusted. */
export type SnapshotDecodeResult =
  | { readonly ok: true; readonly data: Uint8Array; readonly compression: SnapshotCompression }
  | { readonly ok: false; readonly code: 'corrupt-snapshot' | 'snapshot-too-large'; readonly reason: string }

/** What the header of a framed snapshot says (without decompressing it). */
export interface SnapshotHeader {
  readonly version: number
  readonly compression: SnapshotCompression
  readonly uncompressedBytes: number
  readonly crc32: number
  readonly payloadBytes: number
}

/**
 * Frames `data` (compressed with gzip unless `compression` is `none`) into a self-checking blob.
 * `codec` chooses the gzip implementation (default: native zlib on Node, pako elsewhere).
 */
export function encodeSnapshot(
  data: Uint8Array,
  compression: SnapshotCompression = 'gzip',
  codec: SnapshotCodec = DEFAULT_SNAPSHOT_CODEC,
): Uint8Array {
  const payload = compression === 'gzip' ? codec.gzip(data) : data
  const out = new Uint8Array(SNAPSHOT_HEADER_BYTES + payload.length)
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength)
  out.set(MAGIC, 0)
  out[4] = SNAPSHOT_CODEC_VERSION
  out[5] = compression === 'gzip' ? 1 : 0
  view.setUint32(8, data.length)
  view.setUint32(12, crc32(data))
  view.setUint32(16, payload.length)
  out.set(payload, SNAPSHOT_HEADER_BYTES)
  return out
}

/** Reads and checks a frame header; returns a reason string when the header itself is bad. */
export function readSnapshotHeader(blob: Uint8Array): SnapshotHeader | string {
  if (blob.length < SNAPSHOT_HEADER_BYTES) {
    return `blob is ${blob.length} bytes, shorter than the ${SNAPSHOT_HEADER_BYTES}-byte header`
  }
  if (MAGIC.some((b, i) => blob[i] !== b)) return 'bad magic (expected "WTSS")'
  const version = blob[4] as number
  if (version !== SNAPSHOT_CODEC_VERSION) return `unsupported snapshot codec version ${version}`
  const flag = blob[5] as number
  if (flag !== 0 && flag !== 1) return `unknown compression flag ${flag}`
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
  const payloadBytes = view.getUint32(16)
  if (payloadBytes !== blob.length - SNAPSHOT_HEADER_BYTES) {
    return `payload length ${payloadBytes} in the header, ${blob.length - SNAPSHOT_HEADER_BYTES} bytes present (truncated or padded)`
  }
  return {
    version,
    compression: flag === 1 ? 'gzip' : 'none',
    uncompressedBytes: view.getUint32(8),
    crc32: view.getUint32(12),
    payloadBytes,
  }
}

/**
 * Checks and unpacks a framed snapshot. Never throws for bad input: a damaged, truncated or
 * oversized blob gives `{ ok: false }` with the reason. `expectedCompression` is the value of
 * the row's `compression` column, which must agree with the frame; `codec` the gzip
 * implementation (default: native zlib on Node, pako elsewhere).
 */
export function decodeSnapshot(
  blob: Uint8Array,
  options: {
    readonly maxBytes?: number
    readonly expectedCompression?: string
    readonly codec?: SnapshotCodec
  } = {},
): SnapshotDecodeResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_SNAPSHOT_BYTES
  const header = readSnapshotHeader(blob)
  if (typeof header === 'string') return { ok: false, code: 'corrupt-snapshot', reason: header }
  if (options.expectedCompression !== undefined && options.expectedCompression !== header.compression) {
    return {
      ok: false,
      code: 'corrupt-snapshot',
      reason: `compression column says "${options.expectedCompression}", the blob's frame says "${header.compression}"`,
    }
  }
  if (header.uncompressedBytes > maxBytes) {
    return {
      ok: false,
      code: 'snapshot-too-large',
      reason: `declares ${header.uncompressedBytes} uncompressed bytes, above the limit of ${maxBytes}`,
    }
  }
  const payload = blob.subarray(SNAPSHOT_HEADER_BYTES)
  let data: Uint8Array
  if (header.compression === 'gzip') {
    const inflated = (options.codec ?? DEFAULT_SNAPSHOT_CODEC).gunzip(payload, header.uncompressedBytes)
    if (typeof inflated === 'string') return { ok: false, code: 'corrupt-snapshot', reason: inflated }
    data = inflated
  } else {
    if (payload.length !== header.uncompressedBytes) {
      return {
        ok: false,
        code: 'corrupt-snapshot',
        reason: `uncompressed payload is ${payload.length} bytes, header declares ${header.uncompressedBytes}`,
      }
    }
    data = payload.slice()
  }
  const actual = crc32(data)
  if (actual !== header.crc32) {
    return {
      ok: false,
      code: 'corrupt-snapshot',
      reason: `CRC-32 mismatch: stored ${header.crc32.toString(16).padStart(8, '0')}, computed ${actual.toString(16).padStart(8, '0')}`,
    }
  }
  return { ok: true, data, compression: header.compression }
}

/**
 * Inflates one plain gzip stream (RFC 1952) whose trailer declares its length: refused before
 * inflating when the declared length exceeds `maxBytes`, stopped at the first byte past it.
 */
export function gunzipBounded(
  blob: Uint8Array,
  maxBytes: number,
  codec: SnapshotCodec = DEFAULT_SNAPSHOT_CODEC,
):
  | { readonly ok: true; readonly data: Uint8Array }
  | {
      readonly ok: false
      readonly code: 'corrupt-snapshot' | 'snapshot-too-large'
      readonly reason: string
    } {
  if (blob.length < 18 || blob[0] !== 0x1f || blob[1] !== 0x8b || blob[2] !== 8) {
    return { ok: false, code: 'corrupt-snapshot', reason: 'not a gzip stream (bad magic or too short)' }
  }
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
  const declared = view.getUint32(blob.length - 4, true)
  if (declared > maxBytes) {
    return {
      ok: false,
      code: 'snapshot-too-large',
      reason: `declares ${declared} uncompressed bytes, above the limit of ${maxBytes}`,
    }
  }
  const inflated = codec.gunzip(blob, declared)
  if (typeof inflated === 'string') return { ok: false, code: 'corrupt-snapshot', reason: inflated }
  return { ok: true, data: inflated }
}
