/**
 * vitest's `expect` for the browser runner: `@vitest/expect`'s matchers installed on its chai, as
 * vitest's own `createExpect` does (assertion counting, asymmetric matchers such as
 * `expect.any`), without vitest's Node-only runner. Snapshot matchers are not available.
 */

import type { ExpectStatic } from '@vitest/expect'
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  chai,
  customMatchers,
  getState,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  setState,
} from '@vitest/expect'

chai.use(JestExtend)
chai.use(JestChaiExpect)
chai.use(JestAsymmetricMatchers)

function createExpect(): ExpectStatic {
  const expect = ((value: unknown, message?: string) => {
    const { assertionCalls } = getState(expect)
    setState({ assertionCalls: assertionCalls + 1 }, expect)
    return chai.expect(value, message)
  }) as unknown as ExpectStatic
  Object.assign(expect, chai.expect)
  Object.assign(expect, (globalThis as Record<symbol, unknown>)[ASYMMETRIC_MATCHERS_OBJECT])
  setState(
    {
      assertionCalls: 0,
      isExpectingAssertions: false,
      isExpectingAssertionsError: null,
      expectedAssertionsNumber: null,
      expectedAssertionsNumberErrorGen: null,
    },
    expect,
  )
  const extendable = expect as unknown as { extend(matchers: unknown): void }
  extendable.extend = (matchers) =>
    (chai.expect as unknown as { extend(target: unknown, m: unknown): void }).extend(expect, matchers)
  extendable.extend(customMatchers)
  return expect
}

/** vitest's `expect` (same matchers and messages), for tests running in the browser. */
export const expect: ExpectStatic = createExpect()
