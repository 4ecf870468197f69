/**
 * Tests of the binary number columns (number-columns.ts): bit-exact round trip of any finite
 * float64, the per-column scale choice (dyadic values packed as integers at their range's width,
 * others as float64), determinism, and precise reasons for inconsistent headers. fast-check prints
 * the seed of a failing run; `WT_PROPERTY_RUNS` raises the number of runs.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeNumberColumns, encodeNumberColumns } from '../src/number-columns.js'
import { RUNS } from './support/helpers.js'

const finite = fc.double({ noNaN: true, noDefaultInfinity: true })
const value = fc.oneof(
  finite,
  fc.integer({ min: -4000, max: 4000 }).map((q) => q / 4),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.integer().map((q) => q / 2 ** 12),
)

function roundTrip(columns: readonly (readonly number[])[]): readonly Float64Array[] {
  const bytes = encodeNumberColumns(columns)
  const total = columns.reduce((n, c) => n + c.length, 0)
  const back = decodeNumberColumns(bytes, total)
  if (!back.ok) throw new Error(back.reason)
  return back.columns
}

describe('encodeNumberColumns / decodeNumberColumns', () => {
  it('round-trips every finite float64 bit for bit (-0 as 0), in any mix of columns', () => {
    fc.assert(
      fc.property(fc.array(fc.array(value, { maxLength: 40 }), { maxLength: 6 }), (columns) => {
        const back = roundTrip(columns)
        expect(back.length).toBe(columns.length)
        columns.forEach((column, c) => {
          const got = back[c] as Float64Array
          expect(got.length).toBe(column.length)
          column.forEach((v, i) => {
            if (!Object.is(got[i], v + 0)) throw new Error(`column ${c} value ${i}: got ${got[i]}, want ${v}`)
          })
        })
        expect(encodeNumberColumns(columns)).toEqual(encodeNumberColumns(columns.map((c) => [...c])))
      }),
      { numRuns: RUNS },
    )
  })

  it('packs dyadic values as integers at the width of their range', () => {
    // multiples of 1/32 in [-100, 100]: 6,401 steps -> 13 bits each at scale 5
    const column = Array.from({ length: 500 }, (_, i) => (((i * 3_571) % 6_401) - 3_200) / 32)
    const bytes = encodeNumberColumns([column])
    expect(bytes.length).toBe(4 + 14 + Math.ceil((500 * 13) / 8))
    expect(bytes[4 + 12]).toBe(5) // scale
    expect(bytes[4 + 13]).toBe(13) // width
    expect([...(roundTrip([column])[0] ?? [])]).toEqual(column)
  })

  it('stores values no power-of-two scale makes int32 as float64, with a bitmap when mixed', () => {
    const rotations = Array.from({ length: 50 }, (_, i) => Math.cos(i + 0.5))
    expect(encodeNumberColumns([rotations]).length).toBe(4 + 14 + 50 * 8)
    const mixed = rotations.map((v, i) => (i % 2 === 0 ? v : i))
    expect(encodeNumberColumns([mixed]).length).toBe(
      4 + 14 + Math.ceil(50 / 8) + Math.ceil((25 * 6) / 8) + 25 * 8,
    )
    expect([...(roundTrip([mixed])[0] ?? [])]).toEqual(mixed)
    const huge = [2 ** 40, -(2 ** 31) - 1, 1e300, 5e-324]
    expect([...(roundTrip([huge])[0] ?? [])]).toEqual(huge)
  })

  it('gives precise reasons for inconsistent headers and data', () => {
    const mixed = [0.1, 1, 2, 0.2, 3]
    const good = encodeNumberColumns([mixed])
    const reason = (bytes: Uint8Array, max = 100) => {
      const r = decodeNumberColumns(bytes, max)
      return r.ok ? 'ok' : r.reason
    }
    expect(reason(good)).toBe('ok')
    expect(reason(good, 4)).toMatch(/more numbers \(5\+\) than the structure can hold \(4\)/)
    const set = (at: number, v: number, size: 1 | 4) => {
      const b = good.slice()
      if (size === 1) b[at] = v
      else new DataView(b.buffer).setUint32(at, v, true)
      return b
    }
    expect(reason(set(8, 6, 4))).toBe('column 0 declares 6 float64 values of 5')
    expect(reason(set(16, 32, 1))).toBe('column 0 has scale 32 (at most 31)')
    expect(reason(set(17, 33, 1))).toBe('column 0 has width 33 bits (at most 32)')
    expect(reason(set(0, 3, 4))).toMatch(/number columns are truncated \(3 column headers need 46 bytes/)
    const bitmap = good.slice()
    bitmap[18] = (bitmap[18] as number) ^ 0b10 // value 1 marked float64 as well: 3 marks, 2 declared
    expect(reason(bitmap)).toBe('column 0 marks more than its 2 float64 values')
    const fewer = good.slice()
    fewer[18] = (fewer[18] as number) ^ 0b1 // value 0 no longer marked: 1 mark, 2 declared
    expect(reason(fewer)).toBe('column 0 marks 1 float64 values, header declares 2')
    const nan = good.slice()
    new DataView(nan.buffer).setFloat64(nan.length - 8, Number.POSITIVE_INFINITY, true)
    expect(reason(nan)).toBe('column 0 value 3 is not a finite number (Infinity)')
  })
})
