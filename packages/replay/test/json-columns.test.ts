/**
 * Tests of the "JSON columns" split (json-columns.ts): exact round trip of any JSON value (every
 * float64 bit pattern JSON can carry), key order with integer-like keys, determinism, compactness
 * of quarter-pixel columns, and never throwing on damaged input. fast-check prints the seed of a
 * failing run; `WT_PROPERTY_RUNS` raises the number of runs.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeJsonColumns, encodeJsonColumns } from '../src/json-columns.js'
import { RUNS } from './support/helpers.js'

/** The numbers of a JSON value in walk order (depth-first, `Object.keys` order). */
function numbersOf(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value)
  else if (Array.isArray(value)) for (const v of value) numbersOf(v, out)
  else if (typeof value === 'object' && value !== null)
    for (const v of Object.values(value as Record<string, unknown>)) numbersOf(v, out)
  return out
}

/** Asserts that the value comes back as `JSON.parse(JSON.stringify(value))`, bit for bit. */
function expectRoundTrip(value: unknown): void {
  const { structure, columns } = encodeJsonColumns(value)
  const back = decodeJsonColumns(structure, columns)
  if (!back.ok) throw new Error(back.reason)
  const expected: unknown = JSON.parse(JSON.stringify(value) ?? 'null')
  expect(JSON.stringify(back.value)).toBe(JSON.stringify(expected))
  const got = numbersOf(back.value)
  const want = numbersOf(expected)
  expect(got.length).toBe(want.length)
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) throw new Error(`number ${i}: got ${got[i]}, want ${want[i]}`)
  }
}

const bitsOf = (v: number) => {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, v)
  return view.getBigUint64(0)
}

describe('encodeJsonColumns / decodeJsonColumns', () => {
  it('round-trips random JSON values exactly', () => {
    fc.assert(fc.property(fc.jsonValue(), expectRoundTrip), { numRuns: RUNS })
  })

  it('round-trips every float64 bit pattern JSON can carry (columns mixing scaled integers and float64)', () => {
    const number = fc.oneof(
      fc.double(), // any bit pattern, NaN and infinities included (JSON writes them as null)
      fc.integer({ min: -2400, max: 2400 }).map((q) => q / 4),
      fc.integer().map((q) => q / 2 ** 20),
      fc.constantFrom(2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 5e-324, -0, 0.1),
    )
    const point = fc.record({ x: number, y: number })
    fc.assert(
      fc.property(
        fc.array(fc.record({ position: point, handle: fc.option(point) }), { maxLength: 60 }),
        (v) => {
          expectRoundTrip({ anchors: v })
          const encoded = encodeJsonColumns(v)
          const back = decodeJsonColumns(encoded.structure, encoded.columns)
          if (!back.ok) throw new Error(back.reason)
          const want = numbersOf(JSON.parse(JSON.stringify(v)))
          const got = numbersOf(back.value)
          expect(got.map(bitsOf)).toEqual(want.map(bitsOf))
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('walks integer-like keys in the order JSON.parse rebuilds them', () => {
    const value = { a: 0.5, '10': 10.25, '2': 2, b: [1, { '1': 1.75, z: 3, '0': -7 }], '-1': 1e-7 }
    expect(Object.keys(value)).toEqual(['2', '10', 'a', 'b', '-1'])
    expectRoundTrip(value)
    const encoded = encodeJsonColumns(value)
    const back = decodeJsonColumns(encoded.structure, encoded.columns)
    expect(back.ok && Object.keys(back.value as object)).toEqual(['2', '10', 'a', 'b', '-1'])
  })

  it('keeps an own "__proto__" key as data', () => {
    const value: unknown = JSON.parse('{"__proto__": {"x": 1.5}, "y": 2}')
    expectRoundTrip(value)
    const { structure, columns } = encodeJsonColumns(value)
    expect(structure).toBe('{"__proto__":{"x":0},"y":0}')
    const back = decodeJsonColumns(structure, columns)
    expect(back.ok && Object.getPrototypeOf(back.value)).toBe(Object.prototype)
  })

  it('writes JSON semantics: -0 as 0, non-finite numbers as null, bare numbers at the root', () => {
    expectRoundTrip([-0, Number.NaN, Number.POSITIVE_INFINITY, 1])
    expect(encodeJsonColumns([Number.NaN, 1]).structure).toBe('[null,0]')
    expectRoundTrip(-12.5)
    expectRoundTrip('text')
    expectRoundTrip(null)
    expectRoundTrip({ at: new Date(0), n: 2.5, list: [new Date(86_400_000)] }) // toJSON honoured
  })

  it('is deterministic', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const a = encodeJsonColumns(v)
        const b = encodeJsonColumns(JSON.parse(JSON.stringify(v) ?? 'null'))
        expect(b.structure).toBe(a.structure)
        expect(b.columns).toEqual(a.columns)
      }),
      { numRuns: RUNS },
    )
  })

  it('packs a column of quarter-pixel coordinates at the bits its range needs', () => {
    // 1,000 values in [-600, 600) in steps of 0.25: 4,800 steps -> 13 bits each.
    const xs = Array.from({ length: 1_000 }, (_, i) => ((i * 7919) % 4_800) / 4 - 600)
    const { columns } = encodeJsonColumns(xs.map((x) => ({ x })))
    expect(columns.length).toBeLessThanOrEqual(4 + 14 + Math.ceil((1_000 * 13) / 8))
    expectRoundTrip(xs.map((x) => ({ x })))
  })
})

describe('decodeJsonColumns on damaged input', () => {
  const sample = {
    points: [
      { x: 1.5, y: -2 },
      { x: 0.1, y: 3 },
    ],
    n: 7,
    s: 'z',
  }
  const good = encodeJsonColumns(sample)

  it('says which column does not match the structure', () => {
    const fewer = decodeJsonColumns('{"points":[{"x":0,"y":0},{"x":0}],"n":0,"s":"z"}', good.columns)
    expect(fewer).toEqual({
      ok: false,
      reason: expect.stringMatching(/column 1 holds 2 numbers, the structure uses 1/),
    })
    const more = decodeJsonColumns(
      '{"points":[{"x":0,"y":0},{"x":0,"y":0},{"x":0}],"n":0,"s":"z"}',
      good.columns,
    )
    expect(more).toEqual({ ok: false, reason: expect.stringMatching(/column "points.x" holds 2 numbers/) })
    const extra = decodeJsonColumns(
      '{"points":[{"x":0,"y":0},{"x":0,"y":0}],"n":0,"m":0,"s":"z"}',
      good.columns,
    )
    expect(extra).toEqual({
      ok: false,
      reason: expect.stringMatching(/more number columns than the 3 stored/),
    })
    const unused = decodeJsonColumns('{"points":[{"x":0,"y":0},{"x":0,"y":0}],"s":"z"}', good.columns)
    expect(unused).toEqual({ ok: false, reason: '3 number columns stored, the structure uses 2' })
  })

  it('rejects placeholders other than 0, bad JSON, truncated columns and non-finite float64', () => {
    const placeholder = decodeJsonColumns(good.structure.replace('"n":0', '"n":5'), good.columns)
    expect(placeholder).toEqual({ ok: false, reason: expect.stringMatching(/holds the number 5/) })
    const json = decodeJsonColumns(good.structure.slice(0, -1), good.columns)
    expect(json).toEqual({ ok: false, reason: expect.stringMatching(/structure JSON does not parse/) })
    const truncated = decodeJsonColumns(good.structure, good.columns.subarray(0, good.columns.length - 1))
    expect(truncated).toEqual({ ok: false, reason: expect.stringMatching(/headers describe/) })
    const nan = encodeJsonColumns([0.1])
    new DataView(nan.columns.buffer).setFloat64(nan.columns.length - 8, Number.NaN, true)
    expect(decodeJsonColumns(nan.structure, nan.columns)).toEqual({
      ok: false,
      reason: expect.stringMatching(/not a finite number/),
    })
  })

  it('rejects column counts the structure cannot hold (no huge allocation)', () => {
    const columns = new Uint8Array(4 + 14)
    const view = new DataView(columns.buffer)
    view.setUint32(0, 1, true)
    view.setUint32(4, 0xffff_ffff, true) // count, width 0: no bytes needed
    expect(decodeJsonColumns('[0]', columns)).toEqual({
      ok: false,
      reason: expect.stringMatching(/more numbers .* than the structure can hold/),
    })
  })

  it('rejects a structure nested deeper than the walk can follow', () => {
    const deep = `${'['.repeat(200_000)}0${']'.repeat(200_000)}`
    const columns = encodeJsonColumns([1.5]).columns
    expect(decodeJsonColumns(deep, columns)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^structure cannot be walked: .*call stack/),
    })
  })

  it('never throws on truncated, flipped or random bytes', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.uint8Array({ maxLength: 64 }),
        (v, at, byte, garbage) => {
          const { structure, columns } = encodeJsonColumns(v)
          const cut = at % (columns.length + 1)
          const flipped = columns.slice()
          if (flipped.length > 0) flipped[at % flipped.length] = byte
          for (const bytes of [columns.subarray(0, cut), flipped, garbage]) {
            const r = decodeJsonColumns(structure, bytes)
            expect(typeof r.ok).toBe('boolean')
            if (!r.ok) expect(r.reason.length).toBeGreaterThan(0)
          }
          // a proper prefix of a structure (whose numbers are all 0) is never a JSON text
          const shorter = structure.slice(0, at % structure.length)
          expect(decodeJsonColumns(shorter, columns).ok).toBe(false)
        },
      ),
      { numRuns: RUNS },
    )
  })
})
