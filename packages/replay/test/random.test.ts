import { describe, expect, it } from 'vitest'
import { createRandom } from '../src/testing.js'

describe('createRandom', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createRandom('seed-1')
    const b = createRandom('seed-1')
    const c = createRandom('seed-2')
    const xs = Array.from({ length: 50 }, () => a.next())
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs)
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(xs)
  })

  it('keeps next() in [0,1) and int() within its inclusive bounds, hitting both ends', () => {
    const r = createRandom(42)
    const seen = new Set<number>()
    for (let i = 0; i < 5000; i++) {
      const x = r.next()
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(1)
      const n = r.int(3, 7)
      expect(n).toBeGreaterThanOrEqual(3)
      expect(n).toBeLessThanOrEqual(7)
      seen.add(n)
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7])
  })

  it('produces well-formed, distinct UUIDv4 strings', () => {
    const r = createRandom('ids')
    const ids = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const id = r.uuid()
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      ids.add(id)
    }
    expect(ids.size).toBe(1000)
  })

  it('weighted() follows its weights roughly', () => {
    const r = createRandom('w')
    const counts = { a: 0, b: 0 }
    for (let i = 0; i < 10_000; i++) counts[r.weighted({ a: 3, b: 1 })]++
    expect(counts.a / 10_000).toBeGreaterThan(0.72)
    expect(counts.a / 10_000).toBeLessThan(0.78)
  })
})
