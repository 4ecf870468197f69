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
    const [a, b] = collidingPair()
    let m = HamtMap.empty<number>().set(a, 1).set('x', 3).set(b, 2)
    expect([m.get(a), m.get(b), m.get('x'), m.size]).toEqual([1, 2, 3, 3])
    m = m.set(a, 10)
    expect([m.get(a), m.get(b)]).toEqual([10, 2])
    const without = m.remove(a)
    expect([without.get(a), without.get(b), without.size]).toEqual([undefined, 2, 2])
    expect(without.remove(b).remove('x').size).toBe(0)
    expect(m.get(a)).toBe(10)
  })

  it('fromEntries builds the map that one set per entry builds (same nodes: same order, same updates)', () => {
    const one = (keys: readonly string[]) => {
      const m = HamtMap.empty<number>().asMutable()
      for (const [i, k] of keys.entries()) m.set(k, i)
      return m.asImmutable()
    }
    const same = (keys: readonly string[], ops: readonly Op[]) => {
      const built = HamtMap.fromEntries(
        keys,
        keys.map((_, i) => i),
      )
      if (!(built instanceof HamtMap)) throw new Error(`duplicate ${built.duplicate}`)
      let a: HamtMap<number> = built
      let b = one(keys)
      expect([...a.values()]).toEqual([...b.values()])
      for (const o of ops) {
        a = apply(a, o)
        b = apply(b, o)
        expect([...a.values()]).toEqual([...b.values()])
      }
      for (const k of keys) expect(a.get(k)).toBe(b.get(k))
      expect(a.size).toBe(b.size)
    }
    fc.assert(fc.property(fc.uniqueArray(key, { maxLength: 400 }), fc.array(op, { maxLength: 20 }), same), {
      numRuns: RUNS,
    })
    const [a, b] = collidingPair()
    same([a, 'x', b, 'y'], [{ kind: 'remove', key: a }])
    same([b, a], [{ kind: 'set', key: a, value: 7 }])
    expect(HamtMap.fromEntries([a, 'x', b, a], [1, 2, 3, 4])).toEqual({ duplicate: a })
    expect(HamtMap.fromEntries(['p', 'q', 'p'], [1, 2, 3])).toEqual({ duplicate: 'p' })
    const empty = HamtMap.fromEntries([], [])
    expect(empty instanceof HamtMap && [...empty.values()].length === 0 && empty.size).toBe(0)
  })
})

/** Two keys with equal 32-bit hashes, found by search. */
function collidingPair(): [string, string] {
  const seen = new Map<number, string>()
  for (let i = 0; i < 2_000_000; i++) {
    const k = `c${i}`
    const h = hashString(k)
    const other = seen.get(h)
    if (other !== undefined) return [other, k]
    seen.set(h, k)
  }
  throw new Error('no colliding pair among 2,000,000 keys')
}
