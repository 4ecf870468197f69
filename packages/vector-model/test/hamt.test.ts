/**
 * The persistent hash map behind `Document.objects`: model-checked against a native Map with
 * random operation sequences (persistent and transient), old versions left intact, and the
 * full-hash-collision path exercised with a colliding key pair found at run time.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HamtMap, hashString } from '../src/hamt.ts'
import { RUNS } from './arbitraries.ts'

type Op =
  | { readonly kind: 'set'; readonly key: string; readonly value: number }
  | { readonly kind: 'remove'; readonly key: string }

const key = fc.oneof(
  fc.integer({ min: 0, max: 300 }).map((n) => `k${n}`),
  fc.string({ maxLength: 6 }),
)
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }),
  fc.record({ kind: fc.constant('remove' as const), key }),
)

function apply(m: HamtMap<number>, o: Op): HamtMap<number> {
  return o.kind === 'set' ? m.set(o.key, o.value) : m.remove(o.key)
}

function check(m: HamtMap<number>, ref: Map<string, number>): void {
  expect(m.size).toBe(ref.size)
  for (const [k, v] of ref) expect(m.get(k)).toBe(v)
  expect([...m.values()].sort((a, b) => a - b)).toEqual([...ref.values()].sort((a, b) => a - b))
}

describe('HamtMap', () => {
  it('behaves like a Map, and every older version stays as it was', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        let m = HamtMap.empty<number>()
        const ref = new Map<string, number>()
        const versions: [HamtMap<number>, Map<string, number>][] = []
        for (const o of ops) {
          m = apply(m, o)
          if (o.kind === 'set') ref.set(o.key, o.value)
          else ref.delete(o.key)
          if (versions.length < 20) versions.push([m, new Map(ref)])
        }
        check(m, ref)
        for (const [v, r] of versions) check(v, r)
        for (const k of ['k0', 'k1', 'missing', '']) expect(m.has(k)).toBe(ref.has(k))
      }),
      { numRuns: RUNS },
    )
  })

  it('transient updates mutate only the transient copy', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.array(op, { maxLength: 200 }), (before, during) => {
        let base = HamtMap.empty<number>()
        const ref = new Map<string, number>()
        for (const o of before) {
          base = apply(base, o)
          if (o.kind === 'set') ref.set(o.key, o.value)
          else ref.delete(o.key)
        }
        const snapshot = new Map(ref)
        const t = base.asMutable()
        for (const o of during) {
          expect(apply(t, o)).toBe(t)
          if (o.kind === 'set') ref.set(o.key, o.value)
          else ref.delete(o.key)
        }
        const frozen = t.asImmutable()
        check(frozen, ref)
        check(base, snapshot)
        // after freezing, updates are persistent again
        const next = frozen.set('after-freeze', 1)
        expect(next).not.toBe(frozen)
        expect(frozen.has('after-freeze')).toBe(ref.has('after-freeze'))
      }),
      { numRuns: RUNS },
    )
  })

  it('update computes from the current value in place of set, and a throwing updater changes nothing', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 150 }), key, fc.boolean(), (ops, k, transient) => {
        let m = HamtMap.empty<number>()
        for (const o of ops) m = apply(m, o)
        const target = transient ? m.asMutable() : m
        const before = target.get(k)
        const size = target.size
        const next = target.update(k, (old) => (old ?? 0) + 1)
        expect(next.get(k)).toBe((before ?? 0) + 1)
        expect(next.size).toBe(before === undefined ? size + 1 : size)
        if (!transient) expect(m.get(k)).toBe(before)
        const snapshot = new Map([...'abc'].map((c) => [c, next.get(c)]))
        expect(() =>
          next.update(k, () => {
            throw new Error('refused')
          }),
        ).toThrow('refused')
        expect(() =>
          next.update('never-there', () => {
            throw new Error('refused')
          }),
        ).toThrow('refused')
        expect(next.get(k)).toBe((before ?? 0) + 1)
        expect(next.has('never-there')).toBe(false)
        for (const [c, v] of snapshot) expect(next.get(c)).toBe(v)
      }),
      { numRuns: RUNS },
    )
  })

  it('keeps keys with equal 32-bit hashes apart', () => {
    const seen = new Map<number, string>()
    let pair: [string, string] | undefined
    for (let i = 0; pair === undefined && i < 2_000_000; i++) {
      const k = `c${i}`
      const h = hashString(k)
      const other = seen.get(h)
      if (other !== undefined) pair = [other, k]
      else seen.set(h, k)
    }
    expect(pair).toBeDefined()
    const [a, b] = pair as [string, string]
    let m = HamtMap.empty<number>().set(a, 1).set('x', 3).set(b, 2)
    expect([m.get(a), m.get(b), m.get('x'), m.size]).toEqual([1, 2, 3, 3])
    m = m.set(a, 10)
    expect([m.get(a), m.get(b)]).toEqual([10, 2])
    const without = m.remove(a)
    expect([without.get(a), without.get(b), without.size]).toEqual([undefined, 2, 2])
    expect(without.remove(b).remove('x').size).toBe(0)
    expect(m.get(a)).toBe(10)
  })
})
