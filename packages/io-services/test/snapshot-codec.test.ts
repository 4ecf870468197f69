/**
 * The snapshot frame: round trips, CRC-32, and every kind of damage (bit flips, truncation,
 * lying headers, gzip bombs) detected without ever returning wrong bytes or allocating a bomb.
 */
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  crc32,
  crc32Portable,
  createMemoryStorage,
  DEFAULT_SNAPSHOT_CODEC,
  decodeSnapshot,
  encodeSnapshot,
  nodeZlibCodec,
  openWireTunerFile,
  pakoCodec,
  readSnapshotHeader,
  SNAPSHOT_HEADER_BYTES,
  type SnapshotCodec,
  snapshotCodec,
} from '../src/index.js'
import { PROPERTY_RUNS } from './helpers.js'

if (nodeZlibCodec === undefined) throw new Error('the tests run on Node: the native codec must exist')
const native: SnapshotCodec = nodeZlibCodec
const CODECS = [native, pakoCodec] as const

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
  it('computes the standard CRC-32 (native and portable agree)', () => {
    for (const f of [crc32, crc32Portable]) {
      expect(f(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
      expect(f(new Uint8Array())).toBe(0)
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (data) => {
        expect(crc32(data)).toBe(crc32Portable(data))
      }),
      { numRuns: PROPERTY_RUNS },
    )
  })

  it('uses native zlib by default on Node and names both codecs', () => {
    expect(DEFAULT_SNAPSHOT_CODEC).toBe(native)
    expect(native.name).toBe('node-zlib')
    expect(snapshotCodec('pako')).toBe(pakoCodec)
    expect(snapshotCodec('node-zlib')).toBe(native)
  })

  it('decodes with either codec what the other encoded (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 4096 }),
          fc.string({ maxLength: 3000 }).map((t) => new TextEncoder().encode(t.repeat(5))),
        ),
        fc.constantFrom(...CODECS),
        fc.constantFrom(...CODECS),
        (data, writer, reader) => {
          const blob = encodeSnapshot(data, 'gzip', writer)
          const decoded = decodeSnapshot(blob, { expectedCompression: 'gzip', codec: reader })
          expect(decoded.ok && decoded.data).toEqual(data)
          expect(decoded.ok && decoded.data.constructor).toBe(Uint8Array)
        },
      ),
      { numRuns: PROPERTY_RUNS },
    )
  })

  it('stores the same format from both storages whatever their codec', async () => {
    const json = new TextEncoder().encode(
      JSON.stringify({ objects: Array.from({ length: 300 }, (_, i) => ({ i })) }),
    )
    const docId = '11111111-1111-4111-8111-111111111111'
    const event = {
      eventType: 'ViewportResetEvent',
      eventId: '22222222-2222-4222-8222-222222222222',
      timestamp: 1,
      documentId: docId,
    } as const
    const file = await openWireTunerFile(':memory:', { snapshotCodec: pakoCodec })
    const memory = createMemoryStorage({ snapshotCodec: native })
    for (const store of [file, memory]) {
      store.createDocument({ documentId: docId, title: 't' })
      store.append(docId, [event], { expectedSequence: 0 })
      store.writeSnapshot(docId, 0, json)
      expect(store.loadLatestSnapshot(docId).snapshot?.data).toEqual(json)
    }
    const written = (file as unknown as { verifySnapshots(id: string): readonly unknown[] }).verifySnapshots(
      docId,
    )
    expect(written).toEqual([])
    file.close()
  })

  for (const codec of CODECS) {
    it(`round-trips any bytes with gzip and none (property, ${codec.name})`, () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 4096 }),
          fc.constantFrom('gzip' as const, 'none' as const),
          (data, compression) => {
            const blob = encodeSnapshot(data, compression, codec)
            const header = readSnapshotHeader(blob)
            expect(header).toMatchObject({ compression, uncompressedBytes: data.length, crc32: crc32(data) })
            const decoded = decodeSnapshot(blob, { expectedCompression: compression, codec })
            expect(decoded.ok && decoded.data).toEqual(data)
          },
        ),
        { numRuns: PROPERTY_RUNS },
      )
    })

    it(`never returns wrong bytes from a damaged blob (property: flips and truncation, ${codec.name})`, () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 1, maxLength: 2048 }),
          fc.constantFrom('gzip' as const, 'none' as const),
          fc.nat(),
          fc.integer({ min: 1, max: 255 }),
          fc.nat(),
          (data, compression, at, mask, cut) => {
            const blob = encodeSnapshot(data, compression, codec)
            const flipped = blob.slice()
            const i = at % flipped.length
            flipped[i] = (flipped[i] as number) ^ mask
            const result = decodeSnapshot(flipped, { codec })
            if (result.ok) expect(result.data).toEqual(data)
            if (compression === 'none' || i < SNAPSHOT_HEADER_BYTES) {
              if (i !== 6 && i !== 7) expect(result.ok).toBe(false) // bytes 6-7 are reserved
            }
            const truncated = decodeSnapshot(blob.subarray(0, cut % blob.length), { codec })
            expect(truncated.ok).toBe(false)
          },
        ),
        { numRuns: PROPERTY_RUNS },
      )
    })
  }

  it('refuses a declared size above the limit before inflating', () => {
    const blob = frame(gzipSync(Buffer.alloc(10)), 300 * 1024 * 1024, 1, 0)
    const result = decodeSnapshot(blob)
    expect(result).toMatchObject({ ok: false, code: 'snapshot-too-large' })
    expect(decodeSnapshot(encodeSnapshot(new Uint8Array(2000)), { maxBytes: 1999 })).toMatchObject({
      ok: false,
      code: 'snapshot-too-large',
    })
  })

  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)) // 64 MiB of zeros, ~64 KB compressed
  for (const codec of CODECS) {
    it(`stops a gzip bomb that lies about its size as soon as it overflows (${codec.name})`, () => {
      for (const declared of [1000, 5 * 1024 * 1024, 0]) {
        const before = process.memoryUsage().arrayBuffers
        const result = decodeSnapshot(frame(bomb, declared, 1, 0), { codec })
        expect(result).toMatchObject({ ok: false, code: 'corrupt-snapshot' })
        expect(result.ok === false && result.reason).toMatch(
          new RegExp(`past its declared ${declared} bytes`),
        )
        expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024)
      }
    })
  }

  for (const codec of CODECS) {
    it(`explains each kind of bad frame (${codec.name})`, () => {
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
        [frame(gzipSync(Buffer.from('hello')).subarray(0, 20), 5, 1, 0), /ends early/],
        [frame(new TextEncoder().encode('not gzip at all'), 5, 1, 0), /damaged/],
      ]
      for (const [blob, reason] of cases) {
        const result = decodeSnapshot(blob, { codec })
        expect(result.ok).toBe(false)
        expect(result.ok === false && result.reason).toMatch(reason)
      }
      expect(decodeSnapshot(good, { expectedCompression: 'none', codec })).toMatchObject({
        ok: false,
        code: 'corrupt-snapshot',
      })
    })
  }
})
