/**
 * The in-memory storage without Node: bundled for the browser (esbuild, no Node built-ins) and
 * run in a fresh V8 context that has no `process`, it falls back to pako and still writes and
 * reads snapshots, in the same format that the native codec reads.
 */
import { fileURLToPath } from 'node:url'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { decodeSnapshot } from '../src/index.js'
import { nodeZlibCodec } from '../src/node.js'

describe('portable snapshot codec', () => {
  it('works without Node built-ins and its blobs decode natively', async () => {
    const { build } = await import('esbuild')
    const entry = fileURLToPath(new URL('./fixtures/portable-snapshot.ts', import.meta.url))
    const bundle = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'portable',
      target: 'es2022',
      conditions: ['@wiretuner/source'],
      write: false,
      logLevel: 'error',
    })
    const code = bundle.outputFiles[0]?.text ?? ''
    expect(code).not.toMatch(/require\(["']node:/)
    const context: Record<string, unknown> = { crypto: globalThis.crypto, TextEncoder, TextDecoder }
    runInNewContext(`${code};globalThis.portable = portable`, context)
    expect(runInNewContext('typeof process', context)).toBe('undefined')
    const data = new TextEncoder().encode(
      JSON.stringify({ objects: Array.from({ length: 500 }, (_, i) => ({ i })) }),
    )
    const portable = context.portable as {
      run(data: Uint8Array): { codec: string; roundTrip: boolean; blob: Uint8Array }
    }
    const result = portable.run(data)
    expect(result.codec).toBe('pako')
    expect(result.roundTrip).toBe(true)
    if (nodeZlibCodec === undefined) throw new Error('this test runs on Node')
    const decoded = decodeSnapshot(new Uint8Array(result.blob), { codec: nodeZlibCodec })
    expect(decoded.ok && decoded.data).toEqual(data)
  })
})
