/**
 * Turns a browser suite's results into vitest tests: one `it` per browser test, nested in
 * `describe`s named like the browser's, failing with the browser's error. Call it at the top
 * level of a test file, after awaiting the run (top-level await).
 */
import { describe, it } from 'vitest'
import type { BrowserTestResult } from './results.js'

interface Group {
  readonly groups: Map<string, Group>
  readonly tests: BrowserTestResult[]
}

function grouped(results: readonly BrowserTestResult[]): Group {
  const root: Group = { groups: new Map(), tests: [] }
  for (const result of results) {
    let group = root
    for (const name of result.path.slice(0, -1)) {
      let next = group.groups.get(name)
      if (next === undefined) {
        next = { groups: new Map(), tests: [] }
        group.groups.set(name, next)
      }
      group = next
    }
    group.tests.push(result)
  }
  return root
}

function declare(group: Group): void {
  for (const result of group.tests) {
    it(result.path.at(-1) ?? '(unnamed)', () => {
      if (result.status === 'failed') {
        const error = new Error(`in the browser: ${result.error?.message ?? 'failed'}`)
        error.stack = `${error.message}\n${result.error?.stack ?? ''}`
        throw error
      }
    })
  }
  for (const [name, inner] of group.groups) describe(name, () => declare(inner))
}

/**
 * Declares one vitest test per browser result (passing or failing as it did in the browser).
 * An empty result list is itself a failing test: a suite that ran nothing must not look green.
 */
export function declareBrowserResults(label: string, results: readonly BrowserTestResult[]): void {
  describe(label, () => {
    if (results.length === 0) {
      it('ran at least one test', () => {
        throw new Error('the browser suite registered no tests')
      })
    }
    declare(grouped(results))
  })
}
