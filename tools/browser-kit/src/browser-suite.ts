/**
 * Runs a browser test suite from Node: bundles the suite's Worker entry (and any helper entries
 * its tests start as further Workers), serves the bundles from 127.0.0.1, opens a page in headless
 * Chromium that starts the suite Worker, and returns the per-test results. The browser, the page's
 * context and the server are always closed, and the whole run has a deadline: it never hangs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { bundleForBrowser } from './bundle.js'
import { launchChromium } from './chromium.js'
import type { BrowserTestResult, SuiteMessage } from './results.js'
import { type StaticServer, serveDirectory } from './static-server.js'

/** Options of {@link runBrowserSuite}. */
export interface BrowserSuiteOptions {
  /** The suite module: registers tests with the runner and calls `serveSuiteInWorker()`. */
  readonly suite: string
  /** Further entries (output name → module) the tests start as Workers (`./<name>.js`). */
  readonly helpers?: Readonly<Record<string, string>>
  /** Files copied next to the bundles (e.g. `sqlite3.wasm`). */
  readonly assets?: readonly string[]
  /** Files written under `files/` of the served directory (the suite fetches them: `fetchFile`). */
  readonly files?: Readonly<Record<string, Uint8Array>>
  /** Deadline of the whole run (bundling included). Default 240 s. */
  readonly timeoutMs?: number
  /**
   * Overrides the page origin's storage quota (bytes; Chrome DevTools Protocol
   * `Storage.overrideQuotaForOrigin`), e.g. to provoke quota errors with little data.
   */
  readonly quotaBytes?: number
  /** Receives the page's and Workers' console output (default: dropped). */
  readonly onConsole?: (text: string) => void
}

/** The results of a suite run (one record per test, in run order). */
export interface BrowserSuiteRun {
  readonly results: readonly BrowserTestResult[]
  /** The browser's version string, for reports. */
  readonly browserVersion: string
  /** Files the suite uploaded (`uploadFile`), by name. */
  readonly uploads: ReadonlyMap<string, Uint8Array>
}

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>browser suite</title>
<link rel="icon" href="data:,">
<script type="module">
window.suiteDone = new Promise((resolve) => {
  const worker = new Worker('./suite.js', { type: 'module' })
  worker.onmessage = (event) => resolve(event.data)
  worker.onerror = (event) => resolve({ type: 'error', message: 'the suite Worker failed to start: ' + (event.message || 'unknown error (see the console)') })
  worker.postMessage({ type: 'run' })
})
</script>
`

/** Rejects with a clear message when `promise` has not settled within `ms`. */
async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, deadline])
  } finally {
    clearTimeout(timer)
  }
}

async function runInBrowser(
  dir: string,
  options: BrowserSuiteOptions,
  state: { browser?: Browser; server?: StaticServer },
): Promise<BrowserSuiteRun> {
  await bundleForBrowser({
    entries: { suite: options.suite, ...options.helpers },
    outdir: dir,
    assets: options.assets ?? [],
  })
  writeFileSync(join(dir, 'index.html'), PAGE)
  mkdirSync(join(dir, 'files'))
  for (const [name, bytes] of Object.entries(options.files ?? {}))
    writeFileSync(join(dir, 'files', name), bytes)
  state.server = await serveDirectory(dir)
  state.browser = await launchChromium()
  const page = await state.browser.newPage()
  const onConsole = options.onConsole
  if (onConsole !== undefined) {
    page.on('console', (message) => onConsole(message.text()))
  }
  if (options.quotaBytes !== undefined) {
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Storage.overrideQuotaForOrigin', {
      origin: state.server.url.replace(/\/$/, ''),
      quotaSize: options.quotaBytes,
    })
  }
  await page.goto(state.server.url)
  const message = (await page.evaluate(
    () => (globalThis as unknown as { suiteDone: Promise<unknown> }).suiteDone,
  )) as SuiteMessage
  if (message.type === 'error') throw new Error(`browser suite ${options.suite}: ${message.message}`)
  return { results: message.results, browserVersion: state.browser.version(), uploads: state.server.uploads }
}

/**
 * Bundles and runs `options.suite` in a Worker of a fresh headless Chromium page; resolves with
 * every test's result. Throws when the suite cannot be bundled or started, or misses the deadline.
 */
export async function runBrowserSuite(options: BrowserSuiteOptions): Promise<BrowserSuiteRun> {
  const timeoutMs = options.timeoutMs ?? 240_000
  const dir = mkdtempSync(join(tmpdir(), 'wiretuner-browser-suite-'))
  const state: { browser?: Browser; server?: StaticServer } = {}
  try {
    return await withDeadline(runInBrowser(dir, options, state), timeoutMs, `browser suite ${options.suite}`)
  } finally {
    await state.browser?.close().catch(() => {})
    await state.server?.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
