/**
 * The replay README's examples and the root README's quick start compile and run
 * (see `scripts/readme-examples.ts`; fence a fragment ```ts no-run to leave it out).
 */
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { checkReadmeExamples } from '../../../scripts/readme-examples.ts'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

describe('README examples', () => {
  it.each([
    ['packages/replay/README.md', '../README.md'],
    ['README.md (quick start)', '../../../README.md'],
  ])(
    '%s compiles and runs',
    (_name, path) => {
      const result = checkReadmeExamples(packageDir, fileURLToPath(new URL(path, import.meta.url)))
      expect(result.failures).toEqual([])
      expect(result.examples).toBeGreaterThan(0)
    },
    180_000,
  )
})
