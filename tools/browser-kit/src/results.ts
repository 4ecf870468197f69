/**
 * What a browser suite reports back to Node: one record per test, and the message the suite's
 * Worker posts when it has run them all. Shared by the in-Worker runner and the Node side.
 */

/** The outcome of one test run in the browser. */
export interface BrowserTestResult {
  /** The describe names and the test name, outermost first. */
  readonly path: readonly string[]
  readonly status: 'passed' | 'failed'
  /** The failure (message and stack as the browser gave them); absent when passed. */
  readonly error?: { readonly message: string; readonly stack: string }
  readonly durationMs: number
}

/** The message a suite Worker posts once all its tests have run (or it could not start). */
export type SuiteMessage =
  | { readonly type: 'results'; readonly results: readonly BrowserTestResult[] }
  | { readonly type: 'error'; readonly message: string }
