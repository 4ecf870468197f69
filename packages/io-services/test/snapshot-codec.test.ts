/**
 * The snapshot frame: round trips, CRC-32, and every kind of damage (bit flips, truncation,
 * lying headers, gzip bombs) detected without ever returning wrong bytes or allocating a bomb.
 */
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  crc32,
  decodeSnapshot,
  encodeSnapshot,
  readSnapshotHeader,
  SNAPSHOT_HEADER_BYTES,
} from '../src/index.js'
import { PROPERTY_RUNS } from './helpers.js'

function frame(payload: Uint8Array, declared: number, flag: number, crc: number): Uint8Array {
  const out = new Uint8Array(SNAPSHOT_HEADER_BYTES + payload.length)
  const view = new DataView(out.buffer)
  out.set([0x57, 0x54, 0x53, 0x53, 1, flag], 0)
  view.setUint32(8, declared)
  view.setUint32(12, crc)
  view.setUint32(16, payload.length)
  out.set(payload, SNAPSHOT_HEADER_BYTES)
  return out
}

describe('snapshot codec', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
    expect(crc32(new Uint8Array())).toBe(0)
  })

  it('round-trips any bytes with gzip and none (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 4096 }),
        fc.constantFrom('gzip' as const, 'none' as const),
        (data, compression) => {
          const blob = encodeSnapshot(data, compression)
          const header = readSnapshotHeader(blob)
          expect(header).toMatchObject({ compression, uncompressedBytes: data.length, crc32: crc32(data) })
          const decoded = decodeSnapshot(blob, { expectedCompression: compression })
          expect(decoded.ok && decoded.data).toEqual(data)
        },
      ),
      { numRuns: PROPERTY_RUNS },
    )
  })

  it('never returns wrong bytes from a damaged blob (property: flips and truncation)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 2048 }),
        fc.constantFrom('gzip' as const, 'none' as const),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.nat(),
        (data, compression, at, mask, cut) => {
          const blob = encodeSnapshot(data, compression)
          const flipped = blob.slice()
          const i = at % flipped.length
          flipped[i] = (flipped[i] as number) ^ mask
          const result = decodeSnapshot(flipped)
          if (result.ok) expect(result.data).toEqual(data)
          if (compression === 'none' || i < SNAPSHOT_HEADER_BYTES) {
            if (i !== 6 && i !== 7) expect(result.ok).toBe(false) // bytes 6-7 are reserved
          }
          const truncated = decodeSnapshot(blob.subarray(0, cut % blob.length))
          expect(truncated.ok).toBe(false)
        },
      ),
      { numRuns: PROPERTY_RUNS },
    )
  })

  it('refuses a declared size above the limit before inflating', () => {
    const blob = frame(gzipSync(Buffer.alloc(10)), 300 * 1024 * 1024, 1, 0)
    const result = decodeSnapshot(blob)
    expect(result).toMatchObject({ ok: false, code: 'snapshot-too-large' })
    expect(decodeSnapshot(encodeSnapshot(new Uint8Array(2000)), { maxBytes: 1999 })).toMatchObject({
      ok: false,
      code: 'snapshot-too-large',
    })
  })

  it('stops a gzip bomb that lies about its size as soon as it overflows', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)) // 64 MiB of zeros, ~64 KB compressed
    const before = process.memoryUsage().arrayBuffers
    const result = decodeSnapshot(frame(bomb, 1000, 1, 0))
    expect(result).toMatchObject({ ok: false, code: 'corrupt-snapshot' })
    expect(result.ok === false && result.reason).toMatch(/past its declared 1000 bytes/)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024)
  })

  it('explains each kind of bad frame', () => {
    const good = encodeSnapshot(new TextEncoder().encode('hello'))
    const cases: [Uint8Array, RegExp][] = [
      [good.subarray(0, 10), /shorter than the 20-byte header/],
      [Uint8Array.from([0, ...good.subarray(1)]), /bad magic/],
      [Uint8Array.from([...good.subarray(0, 4), 9, ...good.subarray(5)]), /codec version 9/],
      [Uint8Array.from([...good.subarray(0, 5), 7, ...good.subarray(6)]), /compression flag 7/],
      [Uint8Array.from([...good, 0]), /truncated or padded/],
      [frame(new TextEncoder().encode('hello'), 5, 0, 1), /CRC-32 mismatch/],
      [frame(new TextEncoder().encode('hello'), 6, 0, 0), /header declares 6/],
      [frame(gzipSync(Buffer.from('hello')), 9, 1, 0), /inflates to 5 bytes, header declares 9/],
      [frame(gzipSync(Buffer.from('hello')).subarray(0, 12), 5, 1, 0), /(ends early|damaged)/],
    ]
    for (const [blob, reason] of cases) {
      const result = decodeSnapshot(blob)
      expect(result.ok).toBe(false)
      expect(result.ok === false && result.reason).toMatch(reason)
    }
    expect(decodeSnapshot(good, { expectedCompression: 'none' })).toMatchObject({
      ok: false,
      code: 'corrupt-snapshot',
    })
  })
})
