/**
 * A small vitest-compatible test runner for the browser, meant to run inside a Web Worker:
 * `describe` (with `.each`), `it`/`test` (with `.each`), `beforeEach`, `afterEach`, `beforeAll`,
 * `afterAll`, async tests with a per-test timeout, and `expect` from `@vitest/expect` (vitest's
 * own matchers on chai). A suite module registers its tests at import time, exactly as under
 * vitest; {@link serveSuiteInWorker} then runs them when the page asks and posts the results.
 * Shared suite modules take these functions as parameters, so the same assertions run under
 * vitest on Node and here.
 */
import { expect } from './expect.js'
import type { BrowserTestResult, SuiteMessage } from './results.js'

export { fetchFile, uploadFile } from './files.js'
export type { HelperWorker } from './workers.js'
export { answerRequests, HelperError, startHelperWorker } from './workers.js'
export type { BrowserTestResult, SuiteMessage }
export { expect }

/** A test body or hook; may be async. */
export type TestFunction = () => unknown

interface TestCase {
  readonly name: string
  readonly fn: TestFunction
  readonly timeoutMs: number
}

interface SuiteNode {
  readonly name: string
  readonly children: (SuiteNode | TestCase)[]
  readonly beforeEach: TestFunction[]
  readonly afterEach: TestFunction[]
  readonly beforeAll: TestFunction[]
  readonly afterAll: TestFunction[]
}

const DEFAULT_TIMEOUT_MS = 30_000

function newSuite(name: string): SuiteNode {
  return { name, children: [], beforeEach: [], afterEach: [], beforeAll: [], afterAll: [] }
}

const root = newSuite('')
let current = root

/** vitest's name templates: `$key` of an object case, then `%s %d %i %j %o %%` in order. */
function formatName(template: string, item: unknown, args: readonly unknown[]): string {
  let named = template
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const record = item as Record<string, unknown>
    named = template.replace(/\$([A-Za-z_][\w]*)/g, (whole, key: string) =>
      key in record ? String(record[key]) : whole,
    )
  }
  let index = 0
  return named.replace(/%[sdijo%]/g, (spec) => {
    if (spec === '%%') return '%'
    const value = args[index++]
    if (spec === '%j' || spec === '%o') return JSON.stringify(value)
    if (spec === '%d' || spec === '%i') return String(Number(value))
    return String(value)
  })
}

function argsOf(item: unknown): unknown[] {
  return Array.isArray(item) ? item : [item]
}

/** Declares a group of tests (its body runs now, registering them). */
export function describe(name: string, body: () => void): void {
  const suite = newSuite(name)
  current.children.push(suite)
  const parent = current
  current = suite
  try {
    body()
  } finally {
    current = parent
  }
}

/** `describe.each(cases)(name, body)`: one group per case, named by the template. */
describe.each =
  <T>(cases: readonly T[]) =>
  (template: string, body: (...args: T extends readonly unknown[] ? T : [T]) => void): void => {
    for (const item of cases) {
      const args = argsOf(item)
      describe(formatName(template, item, args), () =>
        body(...(args as T extends readonly unknown[] ? T : [T])),
      )
    }
  }

/** Declares a test; it fails when `fn` throws or its promise rejects, or after `timeoutMs`. */
export function it(name: string, fn: TestFunction, timeoutMs = DEFAULT_TIMEOUT_MS): void {
  current.children.push({ name, fn, timeoutMs })
}

/** `it.each(cases)(name, fn)`: one test per case. */
it.each =
  <T>(cases: readonly T[]) =>
  (
    template: string,
    fn: (...args: T extends readonly unknown[] ? T : [T]) => unknown,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): void => {
    for (const item of cases) {
      const args = argsOf(item)
      it(
        formatName(template, item, args),
        () => fn(...(args as T extends readonly unknown[] ? T : [T])),
        timeoutMs,
      )
    }
  }

/** Alias of {@link it}, as in vitest. */
export const test = it

/** Runs `fn` before each test of the enclosing group (and its subgroups). */
export function beforeEach(fn: TestFunction): void {
  current.beforeEach.push(fn)
}

/** Runs `fn` after each test of the enclosing group, innermost hooks first. */
export function afterEach(fn: TestFunction): void {
  current.afterEach.push(fn)
}

/** Runs `fn` once before the first test of the enclosing group. */
export function beforeAll(fn: TestFunction): void {
  current.beforeAll.push(fn)
}

/** Runs `fn` once after the last test of the enclosing group. */
export function afterAll(fn: TestFunction): void {
  current.afterAll.push(fn)
}

async function withTimeout(fn: TestFunction, timeoutMs: number, what: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    await Promise.race([Promise.resolve().then(fn), timeout])
  } finally {
    clearTimeout(timer)
  }
}

function describeError(error: unknown): { message: string; stack: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    const prefix = typeof code === 'string' ? `[${code}] ` : ''
    return { message: `${prefix}${error.name}: ${error.message}`, stack: error.stack ?? '' }
  }
  return { message: String(error), stack: '' }
}

interface Hooks {
  readonly beforeEach: readonly TestFunction[]
  readonly afterEach: readonly TestFunction[]
}

async function runTest(
  test: TestCase,
  path: readonly string[],
  hooks: Hooks,
  out: BrowserTestResult[],
): Promise<void> {
  const started = performance.now()
  let failure: unknown
  let failed = false
  try {
    for (const hook of hooks.beforeEach) await withTimeout(hook, test.timeoutMs, 'beforeEach')
    await withTimeout(test.fn, test.timeoutMs, `test "${test.name}"`)
  } catch (error) {
    failed = true
    failure = error
  }
  for (const hook of hooks.afterEach) {
    try {
      await withTimeout(hook, test.timeoutMs, 'afterEach')
    } catch (error) {
      if (!failed) {
        failed = true
        failure = error
      }
    }
  }
  const durationMs = performance.now() - started
  const name = [...path, test.name]
  out.push(
    failed
      ? { path: name, status: 'failed', error: describeError(failure), durationMs }
      : { path: name, status: 'passed', durationMs },
  )
}

function testsBelow(suite: SuiteNode, path: readonly string[]): string[][] {
  return suite.children.flatMap((child) =>
    'fn' in child ? [[...path, child.name]] : testsBelow(child, [...path, child.name]),
  )
}

async function runSuite(
  suite: SuiteNode,
  path: readonly string[],
  inherited: Hooks,
  out: BrowserTestResult[],
): Promise<void> {
  const hooks: Hooks = {
    beforeEach: [...inherited.beforeEach, ...suite.beforeEach],
    afterEach: [...[...suite.afterEach].reverse(), ...inherited.afterEach],
  }
  try {
    for (const hook of suite.beforeAll) await withTimeout(hook, DEFAULT_TIMEOUT_MS, 'beforeAll')
  } catch (error) {
    // every test of the group fails with the hook's error
    for (const name of testsBelow(suite, path)) {
      out.push({ path: name, status: 'failed', error: describeError(error), durationMs: 0 })
    }
    return
  }
  for (const child of suite.children) {
    if ('fn' in child) await runTest(child, path, hooks, out)
    else await runSuite(child, [...path, child.name], hooks, out)
  }
  for (const hook of suite.afterAll) {
    try {
      await withTimeout(hook, DEFAULT_TIMEOUT_MS, 'afterAll')
    } catch (error) {
      out.push({
        path: [...path, '(afterAll)'],
        status: 'failed',
        error: describeError(error),
        durationMs: 0,
      })
    }
  }
}

/** Runs every registered test, in declaration order, and returns their results. */
export async function runRegisteredTests(): Promise<BrowserTestResult[]> {
  const out: BrowserTestResult[] = []
  await runSuite(root, [], { beforeEach: [], afterEach: [] }, out)
  return out
}

interface WorkerScope {
  onmessage: ((event: { readonly data: unknown }) => void) | null
  postMessage(message: SuiteMessage): void
}

/**
 * Call once at the end of a suite Worker's module: on the page's `run` message it runs the
 * registered tests and posts a {@link SuiteMessage} back.
 */
export function serveSuiteInWorker(): void {
  const scope = globalThis as unknown as WorkerScope
  scope.onmessage = (event) => {
    if ((event.data as { type?: unknown } | null)?.type !== 'run') return
    runRegisteredTests().then(
      (results) => scope.postMessage({ type: 'results', results }),
      (error: unknown) => scope.postMessage({ type: 'error', message: describeError(error).message }),
    )
  }
}

/**
 * The test functions a shared suite module takes, so the same assertions run under vitest on
 * Node (pass vitest's) and in the browser (pass this runner's).
 */
export interface TestApi {
  readonly describe: (name: string, body: () => void) => unknown
  readonly it: (name: string, fn: () => unknown, timeoutMs?: number) => unknown
  readonly beforeEach: (fn: () => unknown) => unknown
  readonly afterEach: (fn: () => unknown) => unknown
  readonly expect: typeof expect
}

/** This runner's {@link TestApi}. */
export const browserTestApi: TestApi = { describe, it, beforeEach, afterEach, expect }
