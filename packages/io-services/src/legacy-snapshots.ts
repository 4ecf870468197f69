/**
 * The legacy snapshot frame of file formats 1-3 (`WTSS`), read only to migrate it away
 * (migration `0004_seed_snapshots`) and to explain, on read-only opens of older files, why such a
 * snapshot is skipped. Nothing writes it any more. Layout (big-endian):
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 4 | magic `WTSS` |
 * | 4 | 1 | frame version (1) |
 * | 5 | 1 | compression flag: 0 = none, 1 = gzip |
 * | 6 | 2 | reserved |
 * | 8 | 4 | uncompressed length |
 * | 12 | 4 | CRC-32 of the uncompressed bytes |
 * | 16 | 4 | length of the payload that follows |
 * | 20 | n | payload: a gzip member of the bytes, or the bytes |
 */
import type { SnapshotCompression } from './snapshot-codec.js'

/** Length of the legacy frame header. */
export const LEGACY_FRAME_BYTES = 20

/** Why a legacy-framed snapshot is skipped by this version (read-only opens of older files). */
export const LEGACY_SNAPSHOT_REASON =
  'legacy WTSS snapshot (file format 3): not readable by this version; open read-write to migrate'

const MAGIC = [0x57, 0x54, 0x53, 0x53] as const // "WTSS"

/** A legacy frame taken apart (nothing decompressed or checked beyond the header). */
export interface LegacyFrame {
  readonly compression: SnapshotCompression
  readonly uncompressedBytes: number
  readonly crc32: number
  /** The stored payload: in the gzip case, one gzip member, i.e. already a current snapshot blob. */
  readonly payload: Uint8Array
}

/** True when `blob` starts with the legacy `WTSS` magic. */
export function isLegacySnapshotFrame(blob: Uint8Array): boolean {
  return blob.length >= MAGIC.length && MAGIC.every((b, i) => blob[i] === b)
}

/** Takes a legacy frame apart; returns a reason when the header is not a valid version-1 frame. */
export function unframeLegacySnapshot(blob: Uint8Array): LegacyFrame | string {
  if (!isLegacySnapshotFrame(blob)) return 'not a legacy WTSS frame'
  if (blob.length < LEGACY_FRAME_BYTES) return `legacy frame truncated (${blob.length} bytes)`
  if (blob[4] !== 1) return `unsupported legacy frame version ${blob[4]}`
  const flag = blob[5]
  if (flag !== 0 && flag !== 1) return `unknown legacy compression flag ${flag}`
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
  const payloadBytes = view.getUint32(16)
  if (payloadBytes !== blob.length - LEGACY_FRAME_BYTES) {
    return `legacy frame declares ${payloadBytes} payload bytes, ${blob.length - LEGACY_FRAME_BYTES} present`
  }
  return {
    compression: flag === 1 ? 'gzip' : 'none',
    uncompressedBytes: view.getUint32(8),
    crc32: view.getUint32(12),
    payload: blob.subarray(LEGACY_FRAME_BYTES),
  }
}
