/**
 * Replay's acceptance properties in real headless Chromium, on the OPFS storage of
 * `@wiretuner/io-services/browser` (test/browser/acceptance-suite.ts, run in a Worker by
 * browser-kit; each browser test is one vitest test here).
 */
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { declareBrowserResults, runBrowserSuite } from '@wiretuner/browser-kit'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
// sqlite3.wasm ships with io-services' dependency: resolve it from there
const fromIoServices = createRequire(
  fileURLToPath(import.meta.resolve('@wiretuner/io-services/package.json')),
)

const run = await runBrowserSuite({
  suite: here('./browser/acceptance-suite.ts'),
  helpers: { 'reopen-helper': here('./browser/reopen-helper.ts') },
  assets: [fromIoServices.resolve('@sqlite.org/sqlite-wasm/sqlite3.wasm')],
  timeoutMs: 240_000,
})
declareBrowserResults('in Chromium', run.results)
