/**
 * The deflate implementations behind snapshot blobs. A stored snapshot is one gzip member
 * (RFC 1952); `snapshot-codec.ts` reads its header and trailer itself and hands the deflate body
 * between them to a codec, so both codecs give the same precise answers:
 *  - `node-zlib` (the default on Node): Node's native zlib, about 2.5× faster than pako at the
 *    same level and ratio;
 *  - `pako` (portable): pure JavaScript, used where Node's built-ins are absent (a browser
 *    bundle of the in-memory storage) or when asked for.
 * Node's zlib is reached through `process.getBuiltinModule` at run time, never through a static
 * import, so this module loads (and falls back to pako) outside Node.
 * Inflation is bounded by both: output beyond the expected length stops the stream.
 */
import { Inflate, gzip as pakoGzip, type ZStream } from 'pako'

/** Name of a {@link SnapshotCodec}: `node-zlib` (native, default on Node) or `pako` (portable). */
export type SnapshotCodecName = 'node-zlib' | 'pako'

/** A deflate level that gzip accepts (0 = store … 9 = smallest). */
export type GzipLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9

/**
 * The deflate level snapshots are written with. On a real 1,000-object snapshot level 9 stores
 * 5% fewer bytes for 1.8× the time (io-services README, "Snapshot compression level").
 */
export const DEFAULT_GZIP_LEVEL: GzipLevel = 6

/** A raw deflate stream inflated: the bytes and how much of the input the stream used. */
export interface RawInflation {
  readonly data: Uint8Array
  /** Input bytes up to the end of the deflate stream (less than the input: bytes follow it). */
  readonly consumed: number
  /**
   * The CRC-32 of `data`, when the codec already verified it: a native gzip decoder that checked
   * the member's trailer (see native-inflate.ts). Absent: the caller computes it.
   */
  readonly crc32?: number
}

/** A gzip implementation for snapshot blobs (the member's header and trailer are read by the caller). */
export interface SnapshotCodec {
  readonly name: SnapshotCodecName
  /** Compresses `data` to exactly one gzip member (default level {@link DEFAULT_GZIP_LEVEL}). */
  gzip(data: Uint8Array, level?: GzipLevel): Uint8Array
  /**
   * Inflates a raw deflate stream that must produce exactly `expected` bytes. Never allocates
   * more than about `expected` bytes (plus a fixed working buffer): a stream producing more is
   * stopped at the first byte past it. Returns the bytes, or a one-line reason.
   */
  inflateRaw(deflate: Uint8Array, expected: number): RawInflation | string
}

const INFLATE_INPUT_CHUNK = 64 * 1024
/** zlib's "no progress possible" status: the input ended inside the stream. */
const Z_BUF_ERROR = -5

class InflateOverflow extends Error {}

function overflow(expected: number): string {
  return `length mismatch: gzip stream inflates past the ${expected} bytes its trailer declares (a lying trailer, or bytes appended after the member)`
}

function lengthMismatch(written: number, expected: number): string {
  return `length mismatch: gzip stream inflates to ${written} bytes, its trailer declares ${expected}`
}

const TRUNCATED = 'truncated: the deflate stream ends early'

/** The portable codec: pako (pure JavaScript), streaming into a buffer of exactly `expected` bytes. */
export const pakoCodec: SnapshotCodec = {
  name: 'pako',
  gzip: (data, level = DEFAULT_GZIP_LEVEL) => pakoGzip(data, { level }),
  inflateRaw(deflate, expected) {
    const out = new Uint8Array(expected)
    let written = 0
    let stream: ZStream | undefined
    let pushedEnd = 0
    const inflator = new Inflate({ raw: true })
    inflator.onStart = (strm: ZStream): void => {
      stream = strm
    }
    inflator.onData = (chunk: Uint8Array): void => {
      if (written + chunk.length > expected) throw new InflateOverflow()
      out.set(chunk, written)
      written += chunk.length
    }
    inflator.onEnd = (): void => {}
    try {
      for (let at = 0; at < deflate.length && !inflator.ended; at += INFLATE_INPUT_CHUNK) {
        pushedEnd = Math.min(at + INFLATE_INPUT_CHUNK, deflate.length)
        inflator.push(deflate.subarray(at, pushedEnd), pushedEnd === deflate.length)
        if (inflator.err === Z_BUF_ERROR) return TRUNCATED
        if (inflator.err !== 0)
          return `damaged deflate stream (${inflator.msg || `zlib error ${inflator.err}`})`
      }
    } catch (error) {
      if (error instanceof InflateOverflow) return overflow(expected)
      return `damaged deflate stream (${error instanceof Error ? error.message : String(error)})`
    }
    if (!inflator.ended) return TRUNCATED
    if (written !== expected) return lengthMismatch(written, expected)
    return { data: out, consumed: pushedEnd - (stream?.avail_in ?? 0) }
  },
}

/**
 * The part of Node's `node:zlib` the native codec uses, typed here so that this module's types
 * need no Node declarations either (it is part of the browser-safe root entry).
 */
interface ZlibModule {
  gzipSync(data: Uint8Array, options: { level: number }): Uint8Array
  inflateRawSync(
    data: Uint8Array,
    options: { chunkSize: number; maxOutputLength: number; info: true },
  ): unknown
  readonly crc32?: (data: Uint8Array) => number
}

function nodeZlibModule(): ZlibModule | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  const zlib = proc?.getBuiltinModule?.('node:zlib') as ZlibModule | undefined
  return typeof zlib?.gzipSync === 'function' && typeof zlib.inflateRawSync === 'function' ? zlib : undefined
}

const zlib = nodeZlibModule()

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** What `inflateRawSync(…, { info: true })` returns: the output and the engine that read the input. */
interface InflateInfo {
  readonly buffer: Uint8Array
  readonly engine: { readonly bytesWritten: number }
}

function nodeCodec(z: ZlibModule): SnapshotCodec {
  return {
    name: 'node-zlib',
    gzip(data, level = DEFAULT_GZIP_LEVEL) {
      const out = z.gzipSync(data, { level })
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
    },
    inflateRaw(deflate, expected) {
      // One output chunk one byte larger than the expected size: a good stream inflates in a
      // single buffer (no concatenation), and the first byte past `expected` exceeds
      // maxOutputLength, which stops the stream before anything more is allocated.
      let result: InflateInfo
      try {
        result = z.inflateRawSync(deflate, {
          chunkSize: Math.max(expected + 1, 64),
          maxOutputLength: Math.max(expected, 1),
          info: true,
        }) as InflateInfo
      } catch (error) {
        const code = errorCode(error)
        if (code === 'ERR_BUFFER_TOO_LARGE') return overflow(expected)
        if (code === 'Z_BUF_ERROR') return TRUNCATED
        return `damaged deflate stream (${error instanceof Error ? error.message : String(error)})`
      }
      const out = result.buffer
      if (out.byteLength !== expected) return lengthMismatch(out.byteLength, expected)
      // A small result may be a slice of Node's shared buffer pool: hand back a copy of its own.
      const data =
        out.byteOffset === 0 && out.buffer.byteLength <= expected + 1
          ? new Uint8Array(out.buffer, 0, expected)
          : new Uint8Array(out)
      return { data, consumed: result.engine.bytesWritten }
    },
  }
}

/** The native codec (Node's zlib), or `undefined` when Node's built-in modules are not available. */
export const nodeZlibCodec: SnapshotCodec | undefined = zlib === undefined ? undefined : nodeCodec(zlib)

/** The codec used when none is given: `node-zlib` on Node, `pako` elsewhere. */
export const DEFAULT_SNAPSHOT_CODEC: SnapshotCodec = nodeZlibCodec ?? pakoCodec

/** The codec called `name`; `node-zlib` is `undefined` outside Node. */
export function snapshotCodec(name: SnapshotCodecName): SnapshotCodec | undefined {
  return name === 'pako' ? pakoCodec : nodeZlibCodec
}

/** Native CRC-32 (`zlib.crc32`, Node ≥ 20.15), or `undefined` where absent. */
export const nativeCrc32: ((data: Uint8Array) => number) | undefined =
  typeof zlib?.crc32 === 'function' ? zlib.crc32 : undefined
