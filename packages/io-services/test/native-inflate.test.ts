/**
 * Native snapshot inflation (native-inflate.ts): in real headless Chromium (browser-kit), and on
 * Node, whose DecompressionStream accepts bytes after a gzip member's end, so the native path
 * declines there and the synchronous codec decides alone.
 */
import { fileURLToPath } from 'node:url'
import { declareBrowserResults, runBrowserSuite } from '@wiretuner/browser-kit'
import { describe, expect, it } from 'vitest'
import { encodeSnapshot, pakoCodec } from '../src/index.js'
import { inflateGzipNatively, PrefetchedInflations } from '../src/native-inflate.js'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

describe('on Node', () => {
  it('declines: the platform does not refuse trailing bytes', async () => {
    const blob = encodeSnapshot(new TextEncoder().encode('node'.repeat(100)))
    expect(await inflateGzipNatively(blob, 400)).toBeUndefined()
    expect(await new PrefetchedInflations(pakoCodec).prefetch(blob, 1 << 20)).toBe(false)
  })
})

const run = await runBrowserSuite({
  suite: here('./browser/native-inflate-suite.ts'),
  assets: [fileURLToPath(import.meta.resolve('@sqlite.org/sqlite-wasm/sqlite3.wasm'))],
  timeoutMs: 120_000,
})
declareBrowserResults('in Chromium', run.results)
