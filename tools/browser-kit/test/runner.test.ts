/**
 * browser-kit end to end: a suite with known outcomes runs inside a Worker of real headless
 * Chromium and every test's result (name, status, the browser's error) comes back to Node.
 */
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runBrowserSuite } from '../src/index.js'

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

const run = await runBrowserSuite({
  suite: fixture('sample-suite.ts'),
  helpers: { echo: fixture('echo-worker.ts') },
  files: { 'given.bin': new Uint8Array([1, 2, 3]) },
  timeoutMs: 120_000,
})
const byName = new Map(run.results.map((r) => [r.path.join(' > '), r]))

describe('browser-kit runner in Chromium', () => {
  it('reports every test in declaration order with its describe path', () => {
    expect([...byName.keys()]).toEqual([
      'hooks > inner > runs the hooks around the test, outer first in, inner first out',
      'hooks > saw them in order',
      'each one > adds 10',
      'each one > adds 20',
      'each two > adds 10',
      'each two > adds 20',
      'failures > a failing assertion',
      'failures > a thrown error with a code',
      'failures > a test that never ends',
      'workers > starts a helper Worker bundled next to the suite',
      'files > fetches a file Node gave and uploads one back',
    ])
    expect(run.browserVersion).toMatch(/^\d+\./)
  })

  it('passing tests pass (hooks, each, async, expect.any, helper Worker)', () => {
    const passed = run.results.filter((r) => r.status === 'passed').map((r) => r.path.join(' > '))
    expect(passed).toHaveLength(8)
    expect(passed).not.toContain('failures > a failing assertion')
  })

  it("failures carry the browser's error: vitest's matcher message, the code, the timeout", () => {
    expect(byName.get('failures > a failing assertion')?.error?.message).toMatch(
      /AssertionError: expected 2 to be 3/,
    )
    expect(byName.get('failures > a thrown error with a code')?.error?.message).toBe(
      '[opened-elsewhere] Error: refused',
    )
    expect(byName.get('failures > a test that never ends')?.error?.message).toMatch(/timed out after 200 ms/)
  })

  it('files given by Node are fetched, uploads come back', () => {
    expect([...(run.uploads.get('returned.bin') ?? [])]).toEqual([3, 2, 1])
  })
})
