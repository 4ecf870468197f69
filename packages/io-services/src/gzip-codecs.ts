/**
 * The gzip implementations behind the snapshot frame. Both write and read the same format
 * (RFC 1952 gzip), so a blob written by one decodes with the other:
 *  - `node-zlib` (the default on Node): Node's native zlib (`gzipSync` / `gunzipSync`), about
 *    2.5× faster than pako at the same level and ratio;
 *  - `pako` (portable): pure JavaScript, used where Node's built-ins are absent (a browser
 *    bundle of the in-memory storage) or when asked for.
 * Node's zlib is reached through `process.getBuiltinModule` at run time, never through a static
 * import, so this module loads (and falls back to pako) outside Node.
 * Inflation is bounded by both: output beyond the declared length stops the stream.
 */
import type * as NodeZlib from 'node:zlib'
import { Inflate, gzip as pakoGzip } from 'pako'

/** Name of a {@link SnapshotCodec}: `node-zlib` (native, default on Node) or `pako` (portable). */
export type SnapshotCodecName = 'node-zlib' | 'pako'

/** A gzip implementation for snapshot payloads (the frame around it is the same for all). */
export interface SnapshotCodec {
  readonly name: SnapshotCodecName
  /** Compresses `data` to one gzip member (deflate level 6). */
  gzip(data: Uint8Array): Uint8Array
  /**
   * Inflates a gzip stream that must produce exactly `expected` bytes. Never allocates more
   * than about `expected` bytes (plus a fixed working buffer): a stream producing more is
   * stopped at the first byte past it. Returns the bytes, or a one-line reason.
   */
  gunzip(payload: Uint8Array, expected: number): Uint8Array | string
}

const INFLATE_INPUT_CHUNK = 64 * 1024
const GZIP_LEVEL = 6
/** zlib's "no progress possible" status: the input ended inside the stream. */
const Z_BUF_ERROR = -5

class InflateOverflow extends Error {}

function overflow(expected: number): string {
  return `gzip stream inflates past its declared ${expected} bytes`
}

function lengthMismatch(written: number, expected: number): string {
  return `gzip stream inflates to ${written} bytes, header declares ${expected}`
}

/** The portable codec: pako (pure JavaScript), streaming into a buffer of exactly `expected` bytes. */
export const pakoCodec: SnapshotCodec = {
  name: 'pako',
  gzip: (data) => pakoGzip(data, { level: GZIP_LEVEL }),
  gunzip(payload, expected) {
    const out = new Uint8Array(expected)
    let written = 0
    const inflator = new Inflate()
    inflator.onData = (chunk: Uint8Array): void => {
      if (written + chunk.length > expected) throw new InflateOverflow()
      out.set(chunk, written)
      written += chunk.length
    }
    inflator.onEnd = (): void => {}
    try {
      for (let at = 0; at < payload.length && !inflator.ended; at += INFLATE_INPUT_CHUNK) {
        const end = Math.min(at + INFLATE_INPUT_CHUNK, payload.length)
        inflator.push(payload.subarray(at, end), end === payload.length)
        if (inflator.err === Z_BUF_ERROR) return 'gzip stream ends early (truncated)'
        if (inflator.err !== 0)
          return `gzip stream is damaged (${inflator.msg || `zlib error ${inflator.err}`})`
      }
    } catch (error) {
      if (error instanceof InflateOverflow) return overflow(expected)
      return `gzip stream is damaged (${error instanceof Error ? error.message : String(error)})`
    }
    if (!inflator.ended) return 'gzip stream ends early (truncated)'
    if (written !== expected) return lengthMismatch(written, expected)
    return out
  },
}

type ZlibModule = typeof NodeZlib

function nodeZlibModule(): ZlibModule | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  const zlib = proc?.getBuiltinModule?.('node:zlib') as ZlibModule | undefined
  return typeof zlib?.gzipSync === 'function' && typeof zlib.gunzipSync === 'function' ? zlib : undefined
}

const zlib = nodeZlibModule()

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

function nodeCodec(z: ZlibModule): SnapshotCodec {
  return {
    name: 'node-zlib',
    gzip(data) {
      const out = z.gzipSync(data, { level: GZIP_LEVEL })
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
    },
    gunzip(payload, expected) {
      // One output chunk one byte larger than the declared size: a good stream inflates in a
      // single buffer (no concatenation), and the first byte past `expected` exceeds
      // maxOutputLength, which stops the stream before anything more is allocated.
      let out: Buffer
      try {
        out = z.gunzipSync(payload, {
          chunkSize: Math.max(expected + 1, 64),
          maxOutputLength: Math.max(expected, 1),
        })
      } catch (error) {
        const code = errorCode(error)
        if (code === 'ERR_BUFFER_TOO_LARGE') return overflow(expected)
        if (code === 'Z_BUF_ERROR') return 'gzip stream ends early (truncated)'
        return `gzip stream is damaged (${error instanceof Error ? error.message : String(error)})`
      }
      if (out.byteLength !== expected) return lengthMismatch(out.byteLength, expected)
      // A small result may be a slice of Node's shared buffer pool: hand back a copy of its own.
      return out.byteOffset === 0 && out.buffer.byteLength <= expected + 1
        ? new Uint8Array(out.buffer, 0, expected)
        : new Uint8Array(out)
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
  typeof zlib?.crc32 === 'function' ? (data) => (zlib as ZlibModule).crc32(data) : undefined
