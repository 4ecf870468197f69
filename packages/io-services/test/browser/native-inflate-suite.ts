/**
 * Browser suite: snapshots inflated ahead of time with Chromium's native DecompressionStream
 * (native-inflate.ts) and their use by the OPFS storage. The native path is an accelerator
 * only: bombs, lying trailers, trailing bytes and damage are refused or still reported by the
 * synchronous decode, exactly as without it.
 */
import { browserTestApi, serveSuiteInWorker } from '@wiretuner/browser-kit/runner'
import { deleteOpfsFile, openOpfsFile } from '../../src/browser.js'
import { crc32 } from '../../src/crc32.js'
import { encodeSnapshot, gzipDeclaredSize, pakoCodec } from '../../src/index.js'
import { inflateGzipNatively, PrefetchedInflations } from '../../src/native-inflate.js'
import { GZIP_TRAILER_BYTES, gzipHeaderEnd } from '../../src/snapshot-codec.js'
import { corruptSnapshot } from '../../src/testing.js'
import { drafts } from '../shared/events.js'
import { uniqueName } from './opfs-backend.js'

const { describe, it, expect } = browserTestApi
const DOC = '44444444-4444-4444-8444-444444444444'

/** A document-like payload of `n` bytes that compresses well. */
function payload(n: number): Uint8Array {
  const text = JSON.stringify(Array.from({ length: n }, (_, i) => ({ id: i, x: i % 97, y: (i * 7) % 89 })))
  return new TextEncoder().encode(text).slice(0, n)
}

/** `n` bytes that do not compress (xorshift32): their gzip member is as long as they are. */
function noise(n: number): Uint8Array {
  const out = new Uint8Array(n)
  let x = 0x2545f491
  for (let i = 0; i < n; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

function deflateBody(blob: Uint8Array): Uint8Array {
  const start = gzipHeaderEnd(blob)
  if (typeof start === 'string') throw new Error(start)
  return blob.slice(start, blob.length - GZIP_TRAILER_BYTES)
}

describe('inflateGzipNatively', () => {
  const data = payload(200_000)
  const blob = encodeSnapshot(data)

  it('inflates a gzip member to exactly the expected bytes', async () => {
    expect(await inflateGzipNatively(blob, data.length)).toEqual(data)
  })

  it('refuses a stream that inflates past the expected length (a bomb or a lying trailer)', async () => {
    expect(await inflateGzipNatively(blob, data.length - 1)).toBeUndefined()
    expect(await inflateGzipNatively(blob, 10)).toBeUndefined()
  })

  it('refuses a member that ends early, is shorter than expected, or has bytes after its end', async () => {
    expect(await inflateGzipNatively(blob.subarray(0, blob.length - 1), data.length)).toBeUndefined()
    expect(await inflateGzipNatively(blob, data.length + 1)).toBeUndefined()
    const junk = new Uint8Array([...blob, 0x1f, 0x8b, 0])
    expect(await inflateGzipNatively(junk, data.length)).toBeUndefined()
    expect(await inflateGzipNatively(new Uint8Array([...blob, 0]), data.length)).toBeUndefined()
    expect(await inflateGzipNatively(new Uint8Array([1, 2, 3, 4]), 4)).toBeUndefined()
  })

  it('inflates a member written to the stream in several slices, and refuses it past its length or with bytes after it', async () => {
    const bytes = noise(300_000)
    const member = encodeSnapshot(bytes)
    expect(member.length).toBeGreaterThan(4 * 64 * 1024)
    expect(await inflateGzipNatively(member, bytes.length)).toEqual(bytes)
    expect(await inflateGzipNatively(member, bytes.length - 1)).toBeUndefined()
    expect(await inflateGzipNatively(new Uint8Array([...member, 0]), bytes.length)).toBeUndefined()
    const damaged = member.slice()
    const last = member.length - 100
    damaged[last] = (damaged[last] ?? 0) ^ 0x01
    expect(await inflateGzipNatively(damaged, bytes.length)).toBeUndefined()
  })

  it('refuses a member whose trailer CRC-32 or length does not match its bytes (checked natively)', async () => {
    const crc = blob.slice()
    crc[crc.length - 8] = (crc[crc.length - 8] ?? 0) ^ 0x01
    expect(await inflateGzipNatively(crc, data.length)).toBeUndefined()
    const size = blob.slice()
    size[size.length - 1] = (size[size.length - 1] ?? 0) ^ 0x01
    expect(await inflateGzipNatively(size, data.length)).toBeUndefined()
    // the body itself damaged: the deflate stream or the CRC fails
    const body = blob.slice()
    const middle = body.length >> 1
    body[middle] = (body[middle] ?? 0) ^ 0x10
    expect(await inflateGzipNatively(body, data.length)).toBeUndefined()
  })
})

describe('PrefetchedInflations', () => {
  const data = payload(50_000)
  const blob = encodeSnapshot(data, 'gzip', pakoCodec)

  it('hands a prefetched body to the synchronous decode once, then falls back', async () => {
    const codec = new PrefetchedInflations(pakoCodec)
    expect(await codec.prefetch(blob, 1 << 20)).toBe(true)
    const body = deflateBody(blob)
    const first = codec.inflateRaw(body, data.length)
    const second = codec.inflateRaw(body, data.length)
    if (typeof first === 'string' || typeof second === 'string') throw new Error('inflation failed')
    expect(first.data).toEqual(data)
    expect(first.consumed).toBe(body.length)
    // the CRC-32 the native decoder checked, handed over so the decode need not recompute it
    expect(first.crc32).toBe(crc32(data))
    expect(second.crc32).toBeUndefined()
    expect(second.data).toEqual(data)
    expect(second.data).not.toBe(first.data)
  })

  it('refuses a blob whose trailer declares more than the cap before inflating anything', async () => {
    const codec = new PrefetchedInflations(pakoCodec)
    expect(gzipDeclaredSize(blob)).toBe(data.length)
    expect(await codec.prefetch(blob, data.length - 1)).toBe(false)
    expect(await codec.prefetch(new Uint8Array([1, 2, 3]), 1 << 20)).toBe(false)
    // a lying trailer (declares fewer bytes than the body gives) is refused natively too
    const lying = blob.slice()
    lying[lying.length - 4] = (lying[lying.length - 4] ?? 0) ^ 0x01
    expect(await codec.prefetch(lying, 1 << 20)).toBe(false)
  })
})

describe('OpfsFile.prefetchLatestSnapshot', () => {
  it('gives the same load result as without it, and still reports a damaged snapshot', async () => {
    const name = uniqueName('prefetch')
    const file = await openOpfsFile(name)
    try {
      file.createDocument({ documentId: DOC, title: 'prefetch' })
      file.append(DOC, drafts(DOC, 5), { expectedSequence: 0 })
      expect(await file.prefetchLatestSnapshot(DOC)).toBe(false) // no snapshot yet
      const good = payload(30_000)
      file.writeSnapshot(DOC, 2, good)
      const plain = file.loadLatestSnapshot(DOC)
      expect(await file.prefetchLatestSnapshot(DOC)).toBe(true)
      expect(file.loadLatestSnapshot(DOC)).toEqual(plain)
      expect(plain.snapshot?.data).toEqual(good)

      // damage the newest snapshot's CRC: the native stream refuses it, the decode reports it
      const bad = file.writeSnapshot(DOC, 4, payload(20_000))
      const flipped = encodeSnapshot(payload(20_000))
      flipped[flipped.length - 5] = (flipped[flipped.length - 5] ?? 0) ^ 0xff
      corruptSnapshot(file, DOC, bad.snapshotId, flipped)
      expect(await file.prefetchLatestSnapshot(DOC)).toBe(false)
      const loaded = file.loadLatestSnapshot(DOC)
      expect(loaded.snapshot?.eventSequence).toBe(2)
      expect(loaded.skipped.map((p) => [p.snapshotId, p.code])).toEqual([
        [bad.snapshotId, 'corrupt-snapshot'],
      ])
      expect(loaded.skipped[0]?.reason).toMatch(/CRC mismatch/)
    } finally {
      file.close()
      await deleteOpfsFile(name)
    }
  })

  it('runs WAL in EXCLUSIVE locking mode', async () => {
    const name = uniqueName('locking')
    const file = await openOpfsFile(name)
    try {
      expect(file.connectionSettings().journalMode).toBe('wal')
      file.createDocument({ documentId: DOC, title: 'locking' })
      file.append(DOC, drafts(DOC, 3), { expectedSequence: 0 })
      expect(file.eventCount(DOC)).toBe(3)
    } finally {
      file.close()
      await deleteOpfsFile(name)
    }
    const again = await openOpfsFile(name, { create: false }).catch((error: unknown) => error)
    expect((again as { code?: unknown }).code).toBe('not-found')
  })
})

serveSuiteInWorker()
