/**
 * The snapshot blob (one gzip member, or the plain bytes): round trips with both codecs, CRC-32,
 * and every kind of damage (bit flips, truncation, lying trailers, gzip bombs, bytes after the
 * member) detected with a precise reason, without ever returning wrong bytes or allocating a bomb.
 */
import { gunzipSync, gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { crc32, crc32Portable } from '../src/crc32.js'
import {
  createMemoryStorage,
  DEFAULT_SNAPSHOT_CODEC,
  decodeSnapshot,
  encodeSnapshot,
  gzipDeclaredSize,
  pakoCodec,
  type SnapshotCodec,
  snapshotCodec,
} from '../src/index.js'
import { nodeZlibCodec, openWireTunerFile } from '../src/node.js'
import { STREAM_CHECK_BYTES } from '../src/snapshot-codec.js'
import { PROPERTY_RUNS } from './helpers.js'

if (nodeZlibCodec === undefined) throw new Error('the tests run on Node: the native codec must exist')
const native: SnapshotCodec = nodeZlibCodec
const CODECS = [native, pakoCodec] as const
const text = (s: string): Uint8Array => new TextEncoder().encode(s)

/** `blob` with its trailer's ISIZE (last 4 bytes, little-endian) replaced by `size`. */
function withIsize(blob: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(blob) // a copy (Buffer#slice would be a view)
  new DataView(out.buffer, out.byteOffset).setUint32(out.length - 4, size, true)
  return out
}

describe('snapshot codec', () => {
  it('computes the standard CRC-32 (native and portable agree)', () => {
    for (const f of [crc32, crc32Portable]) {
      expect(f(text('123456789'))).toBe(0xcbf43926)
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

  it('writes exactly one standard gzip member: any gunzip reads it, and it reads any gzip', () => {
    const data = text(JSON.stringify({ objects: Array.from({ length: 200 }, (_, i) => ({ i })) }))
    for (const codec of CODECS) {
      const blob = encodeSnapshot(data, 'gzip', codec)
      expect([...blob.subarray(0, 3)]).toEqual([0x1f, 0x8b, 0x08])
      expect(new Uint8Array(gunzipSync(blob))).toEqual(data)
      expect(gzipDeclaredSize(blob)).toBe(data.length)
      // A member with the optional header fields (name, comment, extra, header CRC) reads too.
      const named = Buffer.from(gzipSync(data))
      named[3] = 0x1c // FEXTRA | FNAME | FCOMMENT
      const fancy = Buffer.concat([
        named.subarray(0, 10),
        Buffer.from([2, 0, 0xaa, 0xbb]),
        Buffer.from('name\0comment\0'),
        named.subarray(10),
      ])
      expect(decodeSnapshot(fancy, { codec })).toMatchObject({ ok: true, data })
      // …and with a header CRC-16 (FHCRC), checked.
      const header = Buffer.concat([fancy.subarray(0, 27)])
      header[3] = 0x1e
      const crc16 = Buffer.alloc(2)
      crc16.writeUInt16LE(crc32(header) & 0xffff)
      const checked = Buffer.concat([header, crc16, fancy.subarray(27)])
      expect(decodeSnapshot(checked, { codec })).toMatchObject({ ok: true, data })
      crc16[0] = (crc16[0] as number) ^ 1
      expect(decodeSnapshot(Buffer.concat([header, crc16, fancy.subarray(27)]), { codec })).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/CRC mismatch in the gzip header/),
      })
    }
    expect(encodeSnapshot(data, 'none')).toEqual(data)
  })

  it('decodes with either codec what the other encoded (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 4096 }),
          fc.string({ maxLength: 3000 }).map((t) => text(t.repeat(5))),
        ),
        fc.constantFrom(...CODECS),
        fc.constantFrom(...CODECS),
        (data, writer, reader) => {
          const blob = encodeSnapshot(data, 'gzip', writer)
          const decoded = decodeSnapshot(blob, { compression: 'gzip', codec: reader })
          expect(decoded.ok && decoded.data).toEqual(data)
          expect(decoded.ok && decoded.data.constructor).toBe(Uint8Array)
        },
      ),
      { numRuns: PROPERTY_RUNS },
    )
  })

  it('stores the same format from both storages whatever their codec', async () => {
    const json = text(JSON.stringify({ objects: Array.from({ length: 300 }, (_, i) => ({ i })) }))
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
      expect(store.verifySnapshots(docId)).toEqual([])
    }
    file.close()
  })

  for (const codec of CODECS) {
    it(`round-trips any bytes with gzip and none (property, ${codec.name})`, () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 4096 }).filter((d) => !(d[0] === 0x1f && d[1] === 0x8b)),
          fc.constantFrom('gzip' as const, 'none' as const),
          (data, compression) => {
            const blob = encodeSnapshot(data, compression, codec)
            const decoded = decodeSnapshot(blob, { compression, codec })
            expect(decoded.ok && decoded.data).toEqual(data)
          },
        ),
        { numRuns: PROPERTY_RUNS },
      )
    })

    it(`never returns wrong bytes from a damaged gzip blob (property: flips and truncation, ${codec.name})`, () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 1, maxLength: 2048 }),
          fc.nat(),
          fc.integer({ min: 1, max: 255 }),
          fc.nat(),
          (data, at, mask, cut) => {
            const blob = encodeSnapshot(data, 'gzip', codec)
            const flipped = blob.slice()
            const i = at % flipped.length
            flipped[i] = (flipped[i] as number) ^ mask
            const result = decodeSnapshot(flipped, { codec })
            if (result.ok) expect(result.data).toEqual(data)
            // The magic and the trailer are always checked (MTIME, XFL, OS, the FTEXT hint and the
            // final byte's padding bits carry nothing checkable: there only equal bytes may pass).
            if (i < 3 || i >= flipped.length - 8) expect(result.ok).toBe(false)
            const truncated = decodeSnapshot(blob.subarray(0, cut % blob.length), { codec })
            expect(truncated.ok).toBe(false)
          },
        ),
        { numRuns: PROPERTY_RUNS },
      )
    })
  }

  it('refuses a declared size above the limit before inflating', () => {
    const blob = withIsize(gzipSync(Buffer.alloc(10)), 300 * 1024 * 1024)
    expect(decodeSnapshot(blob)).toMatchObject({ ok: false, code: 'snapshot-too-large' })
    expect(decodeSnapshot(encodeSnapshot(new Uint8Array(2000)), { maxBytes: 1999 })).toMatchObject({
      ok: false,
      code: 'snapshot-too-large',
    })
    expect(decodeSnapshot(new Uint8Array(2000), { maxBytes: 1999, compression: 'none' })).toMatchObject({
      ok: false,
      code: 'snapshot-too-large',
    })
  })

  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)) // 64 MiB of zeros, ~64 KB compressed
  for (const codec of CODECS) {
    it(`stops a gzip bomb whose trailer lies about its size as soon as it overflows (${codec.name})`, () => {
      for (const declared of [1000, 5 * 1024 * 1024, 0]) {
        const before = process.memoryUsage().arrayBuffers
        const result = decodeSnapshot(withIsize(bomb, declared), { codec })
        expect(result).toMatchObject({ ok: false, code: 'corrupt-snapshot' })
        expect(result.ok === false && result.reason).toMatch(
          new RegExp(`inflates past the ${declared} bytes its trailer declares`),
        )
        expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024)
      }
    })

    it(`refuses an honest bomb above the limit without inflating it (${codec.name})`, () => {
      const before = process.memoryUsage().arrayBuffers
      const result = decodeSnapshot(bomb, { codec, maxBytes: 32 * 1024 * 1024 })
      expect(result).toMatchObject({ ok: false, code: 'snapshot-too-large' })
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024)
    })
  }

  for (const codec of CODECS) {
    it(`explains each kind of bad blob (${codec.name})`, () => {
      const good = encodeSnapshot(text('hello hello hello'), 'gzip', codec)
      const crcAt = good.length - 8
      const badCrc = good.slice()
      badCrc[crcAt] = (badCrc[crcAt] as number) ^ 1
      const cases: [Uint8Array, RegExp][] = [
        [good.subarray(0, 10), /truncated: 10 bytes/],
        [Uint8Array.from([0, ...good.subarray(1)]), /bad magic: not a gzip stream/],
        [
          Uint8Array.from([...good.subarray(0, 2), 7, ...good.subarray(3)]),
          /bad magic: gzip compression method 7/,
        ],
        [Uint8Array.from([...good.subarray(0, 3), 0x80, ...good.subarray(4)]), /reserved flag bits/],
        [text('WTSS\u0001\u0001 and the rest of a legacy frame'), /legacy WTSS snapshot \(file format 3\)/],
        [badCrc, /CRC mismatch/],
        [withIsize(good, 18), /length mismatch: gzip stream inflates to 17 bytes, its trailer declares 18/],
        [withIsize(good, 16), /length mismatch: gzip stream inflates past the 16 bytes/],
        [withIsize(good, 1_000_000), /more than a \d+-byte deflate body can produce/],
        [Uint8Array.from([...good, ...good]), /a second gzip member follows the first/],
        [Uint8Array.from([...good, ...good.subarray(-8)]), /8 trailing bytes after the gzip member/],
        [Uint8Array.from([...good.subarray(0, 12), ...good.subarray(-8)]), /truncated|damaged/],
        [Uint8Array.from([...good.subarray(0, 10), 0xff, 0xff, 0xff, ...good.subarray(-8)]), /damaged/],
      ]
      for (const [blob, reason] of cases) {
        const result = decodeSnapshot(blob, { codec })
        expect(result).toMatchObject({ ok: false, code: 'corrupt-snapshot' })
        expect(result.ok === false && result.reason).toMatch(reason)
      }
      expect(decodeSnapshot(good, { compression: 'none', codec })).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/compression column says "none" but the blob is a gzip stream/),
      })
      expect(decodeSnapshot(good, { compression: 'zstd', codec })).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/unknown compression "zstd"/),
      })
    })
  }
})

describe('large declared sizes (issue 12: gzip bombs)', () => {
  /** A gzip member of `bytes` zeros whose trailer says `declared`. */
  function bomb(bytes: number, declared: number): Uint8Array {
    const member = Buffer.from(gzipSync(new Uint8Array(bytes)))
    member.writeUInt32LE(declared, member.length - 4)
    return member
  }

  it('a member declaring 255 MiB that inflates to more is refused by the streaming check, before any 255 MiB buffer', () => {
    const blob = bomb(300 * 1024 * 1024, 255 * 1024 * 1024)
    const before = process.memoryUsage().arrayBuffers
    const result = decodeSnapshot(blob)
    expect(result).toMatchObject({ ok: false, code: 'corrupt-snapshot' })
    expect(result.ok ? '' : result.reason).toMatch(/inflates to more than the 267386880 bytes/)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024)
  })

  it('a member declaring less than it holds, or with a wrong CRC, is refused streaming', () => {
    const short = bomb(20 * 1024 * 1024, 9 * 1024 * 1024)
    expect(decodeSnapshot(short)).toMatchObject({ ok: false, code: 'corrupt-snapshot' })
    const good = Buffer.from(gzipSync(new Uint8Array(9 * 1024 * 1024)))
    good.writeUInt32LE(good.readUInt32LE(good.length - 8) ^ 1, good.length - 8)
    const result = decodeSnapshot(good)
    expect(result.ok ? '' : result.reason).toMatch(/CRC mismatch/)
  })

  it('a valid member above the streaming threshold decodes', () => {
    const data = new TextEncoder().encode(JSON.stringify({ fill: 'x'.repeat(STREAM_CHECK_BYTES + 1000) }))
    const result = decodeSnapshot(gzipSync(data))
    expect(result.ok).toBe(true)
    expect(result.ok && result.data.length).toBe(data.length)
  })
})
