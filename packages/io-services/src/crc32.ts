/**
 * CRC-32 (IEEE 802.3, the zlib/gzip polynomial): checks a snapshot's gzip trailer (and header
 * CRC-16) against the inflated bytes, and legacy `WTSS` frames during migration 4. Node's native `zlib.crc32` when present (about 10× faster), otherwise a
 * table-driven pure implementation with the same results.
 */
import { nativeCrc32 } from './gzip-codecs.js'

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/** The pure-JavaScript CRC-32 (same results as {@link crc32}; used where Node's zlib is absent). */
export function crc32Portable(bytes: Uint8Array): number {
  let crc = 0xffffffff
  for (let i = 0; i < bytes.length; i++) {
    crc = (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8)
  }
  return (crc ^ 0xffffffff) >>> 0
}

/** CRC-32 of `bytes` as an unsigned 32-bit integer (crc32("123456789") = 0xCBF43926). */
export const crc32: (bytes: Uint8Array) => number = nativeCrc32 ?? crc32Portable

/**
 * CRC-32 of a stream: `crc32Continue(b, crc32Continue(a))` = `crc32(a ‖ b)` (start with 0).
 * Lets a large inflated stream be checked chunk by chunk, in bounded memory.
 */
export function crc32Continue(bytes: Uint8Array, previous = 0): number {
  let crc = (previous ^ 0xffffffff) >>> 0
  for (let i = 0; i < bytes.length; i++) {
    crc = (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8)
  }
  return (crc ^ 0xffffffff) >>> 0
}
