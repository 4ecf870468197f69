/**
 * Snapshot inflation ahead of time with the platform's native `DecompressionStream` (the browser
 * storage's answer to Node's native zlib). Decoding a stored snapshot is synchronous
 * (`loadLatestSnapshot`), and the only synchronous inflater in a browser is pako, which runs
 * cold as interpreted JavaScript in a fresh Worker: 40–170 ms for a 235 kB snapshot against 2 ms
 * once the JIT has it (measured 2026-12-07). {@link PrefetchedInflations} is a
 * {@link SnapshotCodec} that an async open fills first: a blob inflated natively is handed to the
 * synchronous decode once, which still checks its CRC-32 and length as always; any other blob
 * goes to the fallback codec. A prefetch never changes a result: a blob the native stream refuses
 * is simply not remembered, and the synchronous decode reports it with its precise reason.
 * Bounded like the synchronous path: the length the gzip trailer declares is checked against the
 * cap BEFORE anything is inflated, and the stream is cancelled at the first chunk past it.
 */
import type { GzipLevel, RawInflation, SnapshotCodec } from './gzip-codecs.js'
import { GZIP_TRAILER_BYTES, gzipDeclaredSize, gzipHeaderEnd } from './snapshot-codec.js'

/** The part of the Streams API used here (typed without the DOM library). */
interface ByteReader {
  read(): Promise<{ readonly done: boolean; readonly value?: Uint8Array }>
  cancel(): Promise<void>
}
interface ByteStream {
  pipeThrough(transform: unknown): { getReader(): ByteReader }
}
interface StreamGlobals {
  readonly DecompressionStream?: new (format: 'deflate-raw') => unknown
  readonly Blob?: new (parts: readonly Uint8Array[]) => { stream(): ByteStream }
}

/** How many natively inflated blobs wait for their synchronous decode (oldest dropped first). */
const MAX_WAITING = 2

/** The empty raw deflate stream (one final fixed-Huffman block: its end code) and one byte after it. */
const EMPTY_STREAM_AND_A_BYTE = new Uint8Array([0x03, 0x00, 0x00])

let refusing: Promise<boolean> | undefined

/**
 * True when this platform's native stream refuses bytes after the end of a deflate stream
 * (Chromium: "Junk found after end of compressed data"; Node 20 ignores them): only then does a
 * native inflation prove that the body was consumed whole. Probed once.
 */
function refusesTrailingBytes(): Promise<boolean> {
  refusing ??= inflateAll(EMPTY_STREAM_AND_A_BYTE, 0).then((out) => out === undefined)
  return refusing
}

/**
 * Inflates a raw deflate stream natively into exactly `expected` bytes; `undefined` when the
 * platform has no native stream or one that accepts bytes after a stream's end, when the stream
 * is damaged, ends early, has bytes after its end, or produces any other length. Memory: the
 * chunks up to `expected` plus one chunk; the stream is cancelled at the first chunk past it.
 */
export async function inflateRawNatively(
  deflate: Uint8Array,
  expected: number,
): Promise<Uint8Array | undefined> {
  if (!(await refusesTrailingBytes())) return undefined
  return inflateAll(deflate, expected)
}

async function inflateAll(deflate: Uint8Array, expected: number): Promise<Uint8Array | undefined> {
  const g = globalThis as unknown as StreamGlobals
  if (g.DecompressionStream === undefined || g.Blob === undefined) return undefined
  const reader = new g.Blob([deflate])
    .stream()
    .pipeThrough(new g.DecompressionStream('deflate-raw'))
    .getReader()
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
  #waiting: { readonly deflate: Uint8Array; readonly data: Uint8Array }[] = []

  constructor(fallback: SnapshotCodec) {
    this.#fallback = fallback
    this.name = fallback.name
  }

  gzip(data: Uint8Array, level?: GzipLevel): Uint8Array {
    return this.#fallback.gzip(data, level)
  }

  /**
   * The prefetched bytes of exactly this deflate body (handed over once), else the fallback's
   * inflation. The native stream refused any byte after the deflate stream's end, so a
   * prefetched body was consumed whole.
   */
  inflateRaw(deflate: Uint8Array, expected: number): RawInflation | string {
    const index = this.#waiting.findIndex((w) => w.data.length === expected && sameBytes(w.deflate, deflate))
    const found = this.#waiting[index]
    if (found === undefined) return this.#fallback.inflateRaw(deflate, expected)
    this.#waiting.splice(index, 1)
    return { data: found.data, consumed: deflate.length }
  }

  /**
   * Inflates the gzip snapshot blob `blob` natively, if its trailer declares at most `maxBytes`
   * (checked first), for a later synchronous decode of the same bytes. Resolves true when it is
   * waiting; false (and nothing kept) otherwise. Never throws.
   */
  async prefetch(blob: Uint8Array, maxBytes: number): Promise<boolean> {
    const declared = gzipDeclaredSize(blob)
    const bodyStart = gzipHeaderEnd(blob)
    if (declared === undefined || declared > maxBytes || typeof bodyStart === 'string') return false
    const deflate = blob.slice(bodyStart, blob.length - GZIP_TRAILER_BYTES)
    const data = await inflateRawNatively(deflate, declared)
    if (data === undefined) return false
    this.#waiting.push({ deflate, data })
    if (this.#waiting.length > MAX_WAITING) this.#waiting.shift()
    return true
  }

  /** Drops every prefetched body. */
  clear(): void {
    this.#waiting = []
  }
}
