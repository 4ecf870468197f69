/** The README's example compiles and runs (see `scripts/readme-examples.ts`). */
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { checkReadmeExamples } from '../../../scripts/readme-examples.ts'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

it('README.md examples compile and run', () => {
  const result = checkReadmeExamples(packageDir, fileURLToPath(new URL('../README.md', import.meta.url)))
  expect(result.failures).toEqual([])
  expect(result.examples).toBeGreaterThan(0)
}, 180_000)
