/**
 * The README's examples compile and run (see `scripts/readme-examples.ts`; fence a fragment
 * ```ts no-run to leave it out).
 */
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { checkReadmeExamples } from '../../../scripts/readme-examples.ts'

it('README examples compile and run', () => {
  const packageDir = fileURLToPath(new URL('..', import.meta.url))
  const result = checkReadmeExamples(packageDir, fileURLToPath(new URL('../README.md', import.meta.url)))
  expect(result.failures).toEqual([])
  expect(result.examples).toBeGreaterThan(0)
}, 180_000)
