/**
 * The CLI README's example compiles and runs (see `scripts/readme-examples.ts`; fence a fragment
 * ```ts no-run to leave it out).
 */
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { checkReadmeExamples } from '../../../scripts/readme-examples.ts'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

describe('README examples', () => {
  it('packages/cli/README.md compiles and runs', () => {
    const result = checkReadmeExamples(packageDir, fileURLToPath(new URL('../README.md', import.meta.url)))
    expect(result.failures).toEqual([])
    expect(result.examples).toBeGreaterThan(0)
  }, 180_000)
})
