/**
 * Node side of `@wiretuner/browser-kit` (private): bundle browser entries with esbuild, serve them
 * from 127.0.0.1, launch Debian's headless Chromium through playwright-core, run a suite inside a
 * Web Worker and report its tests in vitest. The in-browser runner is `@wiretuner/browser-kit/runner`.
 */

export type { BrowserSuiteOptions, BrowserSuiteRun } from './browser-suite.js'
export { runBrowserSuite } from './browser-suite.js'
export type { BundleOptions } from './bundle.js'
export { browserBundleErrors, bundleForBrowser } from './bundle.js'
export { CHROMIUM_ARGS, launchChromium, launchChromiumProfile } from './chromium.js'
export type { BrowserTestResult, SuiteMessage } from './results.js'
export type { StaticServer } from './static-server.js'
export { serveDirectory } from './static-server.js'
export { declareBrowserResults } from './vitest-report.js'
