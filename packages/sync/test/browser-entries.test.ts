/**
 * The platform boundary: the root entry (protocol and client) bundles for the browser (nothing it
 * reaches imports `node:*` or `ws`), the `./server` entry does not. esbuild resolves the whole
 * import graph as a browser bundler would. (`pnpm check:pkg` also runs the packed root entry in
 * headless Chromium.)
 */
import { join } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const src = join(import.meta.dirname, '..', 'src')

/** Bundles `entry` for the browser; the error messages of a failed build, or `[]`. */
async function browserBundleErrors(entry: string): Promise<string[]> {
  try {
    const result = await build({
      entryPoints: [join(src, entry)],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      conditions: ['@wiretuner/source'],
      write: false,
      logLevel: 'silent',
    })
    expect(result.outputFiles?.[0]?.text.length ?? 0).toBeGreaterThan(0)
    return []
  } catch (error) {
    const errors = (error as { errors?: { text: string }[] }).errors
    if (errors === undefined) throw error
    return errors.map((e) => e.text)
  }
}

describe('entries by platform', () => {
  it('index.ts bundles for the browser', async () => {
    expect(await browserBundleErrors('index.ts')).toEqual([])
  })

  it('server.ts does not bundle for the browser (it needs node:* and ws)', async () => {
    const errors = await browserBundleErrors('server.ts')
    expect(errors.join('\n')).toMatch(/Could not resolve "node:(crypto|http|fs|path|perf_hooks)"/)
  })
})
