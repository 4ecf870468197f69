/**
 * The platform boundary: the root, `./browser` and `./testing` entries bundle for the browser (nothing they
 * reach imports `node:*`, better-sqlite3 or pg), the `./node` and `./postgres` entries do not. esbuild resolves the
 * whole import graph as a browser bundler would.
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
  it.each(['index.ts', 'testing.ts', 'browser.ts'])('%s bundles for the browser', async (entry) => {
    expect(await browserBundleErrors(entry)).toEqual([])
  })

  it('node.ts does not bundle for the browser (it needs node:* and better-sqlite3)', async () => {
    const errors = await browserBundleErrors('node.ts')
    expect(errors.length).toBeGreaterThan(0)
    expect(errors.join('\n')).toMatch(/Could not resolve "node:(fs|path|module)"/)
  })

  it('postgres.ts does not bundle for the browser (pg needs Node: net, tls, dns…)', async () => {
    const errors = await browserBundleErrors('postgres.ts')
    expect(errors.length).toBeGreaterThan(0)
    expect(errors.join('\n')).toMatch(/Could not resolve "(net|tls|dns|crypto|stream|events|util|fs|path)"/)
  })
})
