/**
 * `numberText` (number-text.ts) against `JSON.stringify` (the serializer's reference for a finite
 * number): on any double, on the values its two-decimal shortcut takes, on their neighbouring
 * doubles (where a loose shortcut would write a too short text) and on the edges of the int32
 * range.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { numberText } from '../src/number-text.ts'
import { propertyParameters, propertyRuns } from './property-runs.ts'

/** The double `steps` units in the last place away from `n` (same sign, finite `n`). */
function neighbour(n: number, steps: number): number {
  const bits = new Float64Array([n])
  const raw = new BigInt64Array(bits.buffer)
  raw[0] = (raw[0] as bigint) + BigInt(steps)
  return bits[0] as number
}

function agrees(n: number): void {
  expect(numberText(n)).toBe(JSON.stringify(n))
}
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 }

describe('numberText', () => {
  it('writes any finite double as JSON.stringify does', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), agrees), propertyParameters)
  })

  it('writes two-decimal values and their neighbouring doubles as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.integer(INT32), fc.integer({ min: -3, max: 3 }), (c, steps) => {
        const n = c / 100
        agrees(n)
        agrees(-n)
        if (n !== 0) agrees(neighbour(n, steps))
      }),
      { ...propertyParameters, numRuns: propertyRuns * 20 },
    )
  })

  it('handles the edges: -0, cents below ten, whole tenths, the int32 bounds and past them', () => {
    const cases = [0, -0, 0.01, -0.01, 0.05, 0.1, 0.5, -0.5, 0.9, 1.05, 2.5, 100.25, -12.5, 3.25, 220.07]
    const edges = [2 ** 31 - 1, -(2 ** 31), 2 ** 31, (2 ** 31 - 1) / 100, -(2 ** 31) / 100, 2 ** 31 / 100]
    for (const n of [...cases, ...edges, 1e21, 1e-7, 123456789.12, 0.07, 0.29, 1.005]) agrees(n)
  })
})
