/**
 * The platform boundary: the root entry (protocol and client) bundles for the browser (nothing it
 * reaches imports `node:*` or `ws`), the `./server` entry does not. esbuild resolves the whole
 * import graph as a browser bundler would (browser-kit's `browserBundleErrors`). (`pnpm check:pkg`
 * also runs the packed root entry in headless Chromium.)
 */
import { join } from 'node:path'
import { browserBundleErrors } from '@wiretuner/browser-kit'
import { describe, expect, it } from 'vitest'

const src = (entry: string): string => join(import.meta.dirname, '..', 'src', entry)

describe('entries by platform', () => {
  it('index.ts bundles for the browser', async () => {
    expect(await browserBundleErrors(src('index.ts'))).toEqual([])
  })

  it('server.ts does not bundle for the browser (it needs node:* and ws)', async () => {
    const errors = await browserBundleErrors(src('server.ts'))
    expect(errors.join('\n')).toMatch(/Could not resolve "node:(crypto|http|fs|path|perf_hooks)"/)
  })
})
