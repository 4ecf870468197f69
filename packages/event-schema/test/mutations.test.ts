/**
 * Property test: every mutation of a valid event that breaks exactly one rule is rejected, and
 * the error names the mutated field (its JSON pointer) and the rule. Mutations are derived from
 * the catalog schema itself, so every field of every type is covered.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseEvent } from '../src/index.ts'
import { arbitraryEvent } from '../src/testing.ts'
import { enumerateMutations } from './mutations.ts'
import { propertyParameters } from './property-runs.ts'

describe('single-rule mutations', () => {
  it('are rejected with an issue naming the field and the rule', () => {
    const withMutation = arbitraryEvent().chain((event) => {
      const mutations = enumerateMutations(event)
      return fc.tuple(fc.constant(event), fc.constantFrom(...mutations))
    })
    fc.assert(
      fc.property(withMutation, ([event, mutation]) => {
        const mutated = mutation.apply(event)
        const result = parseEvent(mutated)
        expect(result.ok, `${mutation.description} was accepted`).toBe(false)
        if (!result.ok) {
          const named = result.error.issues.map((i) => `${i.path} ${i.rule}`)
          expect(named).toContain(`${mutation.path} ${mutation.rule}`)
          expect(result.error.message).toContain(mutation.path)
        }
      }),
      { ...propertyParameters, numRuns: (propertyParameters.numRuns ?? 100) * 3 },
    )
  })

  it('cover every mutation of sample events exhaustively', () => {
    const events = fc.sample(arbitraryEvent(), { numRuns: 40, seed: 7 })
    let checked = 0
    for (const event of events) {
      for (const mutation of enumerateMutations(event)) {
        const result = parseEvent(mutation.apply(event))
        expect(result.ok, mutation.description).toBe(false)
        if (!result.ok)
          expect(result.error.issues.map((i) => `${i.path} ${i.rule}`)).toContain(
            `${mutation.path} ${mutation.rule}`,
          )
        checked++
      }
    }
    expect(checked).toBeGreaterThan(500)
  })
})
