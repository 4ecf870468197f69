/**
 * The platform boundary: the root, `./browser` and `./testing` entries bundle for the browser (nothing they
 * reach imports `node:*`, better-sqlite3 or pg), the `./node` and `./postgres` entries do not. esbuild resolves the
 * whole import graph as a browser bundler would (browser-kit's `browserBundleErrors`).
 */
import { join } from 'node:path'
import { browserBundleErrors } from '@wiretuner/browser-kit'
import { describe, expect, it } from 'vitest'

const src = (entry: string): string => join(import.meta.dirname, '..', 'src', entry)

describe('entries by platform', () => {
  it.each(['index.ts', 'testing.ts', 'browser.ts'])('%s bundles for the browser', async (entry) => {
    expect(await browserBundleErrors(src(entry))).toEqual([])
  })

  it('node.ts does not bundle for the browser (it needs node:* and better-sqlite3)', async () => {
    const errors = await browserBundleErrors(src('node.ts'))
    expect(errors.length).toBeGreaterThan(0)
    expect(errors.join('\n')).toMatch(/Could not resolve "node:(fs|path|module)"/)
  })

  it('postgres.ts does not bundle for the browser (pg needs Node: net, tls, dns…)', async () => {
    const errors = await browserBundleErrors(src('postgres.ts'))
    expect(errors.length).toBeGreaterThan(0)
    expect(errors.join('\n')).toMatch(/Could not resolve "(net|tls|dns|crypto|stream|events|util|fs|path)"/)
  })
})
