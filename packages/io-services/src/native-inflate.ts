/**
 * Snapshot inflation ahead of time with the platform's native `DecompressionStream` (the browser
 * storage's answer to Node's native zlib). Decoding a stored snapshot is synchronous
 * (`loadLatestSnapshot`), and the only synchronous inflater in a browser is pako, which runs
 * cold as interpreted JavaScript in a fresh Worker: 40–170 ms for a 235 kB snapshot against 2 ms
 * once the JIT has it (measured 2026-12-07). {@link PrefetchedInflations} is a
 * {@link SnapshotCodec} that an async open fills first: the whole gzip member goes through the
 * native `gzip` stream, which checks the header, the trailer's CRC-32 and its length (zlib does),
 * so the synchronous decode gets the bytes AND their verified CRC once, and skips the cold
 * JavaScript CRC-32 of ~1 MB (5–9 ms in a fresh Worker, measured 2026-12-07); it still checks the
 * length and compares that CRC with the trailer as always. Any other blob goes to the fallback
 * codec. A prefetch never changes a result: a blob the native stream refuses (damaged, CRC or
 * length mismatch, bytes after the member) is simply not remembered, and the synchronous decode
 * reports it with its precise reason. Bounded like the synchronous path: the length the gzip
 * trailer declares is checked against the cap BEFORE anything is inflated, and the stream is
 * cancelled at the first chunk past it.
 */
import type { GzipLevel, RawInflation, SnapshotCodec } from './gzip-codecs.js'
import { GZIP_TRAILER_BYTES, gzipDeclaredSize, gzipHeaderEnd } from './snapshot-codec.js'

/** The part of the Streams API used here (typed without the DOM library). */
interface ByteReader {
  read(): Promise<{ readonly done: boolean; readonly value?: Uint8Array }>
  cancel(): Promise<void>
}
interface ByteWriter {
  write(chunk: Uint8Array): Promise<void>
  close(): Promise<void>
}
interface GzipDecompression {
  readonly writable: { getWriter(): ByteWriter }
  readonly readable: { getReader(): ByteReader }
}
interface StreamGlobals {
  readonly DecompressionStream?: new (format: 'gzip') => GzipDecompression
}

/** Bytes of the gzip member handed to the native stream per write (see `inflateAll`). */
const WRITE_SLICE_BYTES = 64 * 1024

/** How many natively inflated blobs wait for their synchronous decode (oldest dropped first). */
const MAX_WAITING = 2

/** The empty gzip member (header, an empty final block, CRC 0, length 0) and one byte after it. */
const EMPTY_MEMBER_AND_A_BYTE = new Uint8Array([
  0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x00,
])

let refusing: Promise<boolean> | undefined

/**
 * True when this platform's native stream refuses bytes after the end of a gzip member
 * (Chromium: "Junk found after end of compressed data"; Node 20 ignores them): only then does a
 * native inflation prove that the member was consumed whole. Probed once per Worker.
 */
function refusesTrailingBytes(): Promise<boolean> {
  refusing ??= inflateAll(EMPTY_MEMBER_AND_A_BYTE, 0).then((out) => out === undefined)
  return refusing
}

/**
 * Starts the one-time platform probe of {@link inflateGzipNatively} now, if it has not run in this
 * Worker: the OPFS open calls it before it waits on OPFS (the pool install's ~12 calls leave the
 * thread idle for 10–20 ms in a fresh Worker), so the probe's own stream runs in that wait
 * instead of beside the first snapshot's inflation. Never throws; the result is the same.
 */
export function startNativeInflateProbe(): void {
  refusesTrailingBytes().catch(() => {
    refusing = undefined
  })
}

/**
 * Inflates one gzip member natively into exactly `expected` bytes, its header, CRC-32 and length
 * checked by the native decoder; `undefined` when the platform has no native stream or one that
 * accepts bytes after a member's end, when the member is damaged (CRC or length mismatch
 * included), ends early, has bytes after its end, or produces any other length. Memory: the
 * chunks up to `expected` plus what one 64 KiB slice of the member inflates to; the stream is
 * cancelled at the first chunk past `expected`.
 * The one-time platform probe runs beside the inflation, not before it.
 */
export async function inflateGzipNatively(
  member: Uint8Array,
  expected: number,
): Promise<Uint8Array | undefined> {
  const [refuses, data] = await Promise.all([refusesTrailingBytes(), inflateAll(member, expected)])
  return refuses ? data : undefined
}

async function inflateAll(member: Uint8Array, expected: number): Promise<Uint8Array | undefined> {
  const g = globalThis as unknown as StreamGlobals
  if (g.DecompressionStream === undefined) return undefined
  // The member is written straight into the stream (a Blob's stream() took a copy through the
  // browser's blob store and back: about half the inflation's time), in slices: the stream
  // inflates one written chunk at a time, as the reader asks, so what a slice inflates to bounds
  // the memory past `expected`. Those writes settle through the reader (a damaged member or a
  // cancel rejects them too).
  const stream = new g.DecompressionStream('gzip')
  const writer = stream.writable.getWriter()
  for (let at = 0; at < member.length; at += WRITE_SLICE_BYTES) {
    writer.write(member.subarray(at, at + WRITE_SLICE_BYTES)).catch(() => {})
  }
  writer.close().catch(() => {})
  const reader = stream.readable.getReader()
  const chunks: Uint8Array[] = []
  let length = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (value === undefined) continue
      length += value.length
      if (length > expected) {
        await reader.cancel().catch(() => {})
        return undefined
      }
      chunks.push(value)
    }
  } catch {
    return undefined
  }
  if (length !== expected) return undefined
  if (chunks.length === 1 && (chunks[0] as Uint8Array).byteLength === expected) return chunks[0]
  const out = new Uint8Array(expected)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * A {@link SnapshotCodec} holding deflate bodies inflated ahead of time (see the module comment);
 * everything else, and all compression, goes to `fallback`.
 */
export class PrefetchedInflations implements SnapshotCodec {
  readonly name: SnapshotCodec['name']
  readonly #fallback: SnapshotCodec
  #waiting: { readonly deflate: Uint8Array; readonly data: Uint8Array; readonly crc32: number }[] = []

  constructor(fallback: SnapshotCodec) {
    this.#fallback = fallback
    this.name = fallback.name
  }

  gzip(data: Uint8Array, level?: GzipLevel): Uint8Array {
    return this.#fallback.gzip(data, level)
  }

  /**
   * The prefetched bytes of exactly this deflate body (handed over once, with the CRC-32 the
   * native decoder verified them against), else the fallback's inflation. The native stream
   * refused any byte after the member's end, so a prefetched body was consumed whole.
   */
  inflateRaw(deflate: Uint8Array, expected: number): RawInflation | string {
    const index = this.#waiting.findIndex((w) => w.data.length === expected && sameBytes(w.deflate, deflate))
    const found = this.#waiting[index]
    if (found === undefined) return this.#fallback.inflateRaw(deflate, expected)
    this.#waiting.splice(index, 1)
    return { data: found.data, consumed: deflate.length, crc32: found.crc32 }
  }

  /**
   * Inflates the gzip snapshot blob `blob` natively (CRC-32 and length checked), if its trailer
   * declares at most `maxBytes` (checked first), for a later synchronous decode of the same bytes.
   * Resolves true when it is waiting; false (and nothing kept) otherwise. Never throws.
   */
  async prefetch(blob: Uint8Array, maxBytes: number): Promise<boolean> {
    const declared = gzipDeclaredSize(blob)
    const bodyStart = gzipHeaderEnd(blob)
    if (declared === undefined || declared > maxBytes || typeof bodyStart === 'string') return false
    const data = await inflateGzipNatively(blob, declared)
    if (data === undefined) return false
    const trailer = new DataView(blob.buffer, blob.byteOffset + blob.length - GZIP_TRAILER_BYTES)
    const deflate = blob.slice(bodyStart, blob.length - GZIP_TRAILER_BYTES)
    this.#waiting.push({ deflate, data, crc32: trailer.getUint32(0, true) })
    if (this.#waiting.length > MAX_WAITING) this.#waiting.shift()
    return true
  }

  /** Drops every prefetched body. */
  clear(): void {
    this.#waiting = []
  }
}
