/**
 * The OPFS storage in real headless Chromium (browser-kit): the shared storage contract suite
 * and the connection contract of the WASM adapter run inside a Worker; each browser test becomes
 * one vitest test here, failing with the browser's error.
 */
import { fileURLToPath } from 'node:url'
import { declareBrowserResults, runBrowserSuite } from '@wiretuner/browser-kit'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const sqliteWasm = fileURLToPath(import.meta.resolve('@sqlite.org/sqlite-wasm/sqlite3.wasm'))

const connection = await runBrowserSuite({
  suite: here('./browser/connection-suite.ts'),
  assets: [sqliteWasm],
  timeoutMs: 120_000,
})
declareBrowserResults('in Chromium', connection.results)

const contract = await runBrowserSuite({
  suite: here('./browser/contract-suite.ts'),
  assets: [sqliteWasm],
  timeoutMs: 180_000,
})
declareBrowserResults('in Chromium', contract.results)
