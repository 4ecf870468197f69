/**
 * The workspace's one seeded pseudo-random generator (sfc32 seeded by a cyrb128 hash of the seed
 * string), used by the simulator, the property tests and the benchmarks: the same seed gives the
 * same sequence on every machine and Node version, independent of `Math.random`.
 */

/** A deterministic random source. */
export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** A float in [min, max). */
  range(min: number, max: number): number
  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number
  /** True with probability `p`. */
  chance(p: number): boolean
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T
  /** A key chosen with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K
  /** A normally distributed float (Box–Muller). */
  gaussian(mean: number, sd: number): number
  /** A UUIDv4 string built from this source (deterministic ids). */
  uuid(): string
}

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0]
}

/** Creates a {@link Random} from a seed (any string or number). */
export function createRandom(seed: string | number): Random {
  let [a, b, c, d] = cyrb128(String(seed))
  const u32 = (): number => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return t >>> 0
  }
  for (let i = 0; i < 15; i++) u32()
  const next = (): number => u32() / 4294967296
  const hex = (n: number, len: number): string => n.toString(16).padStart(len, '0')
  const random: Random = {
    next,
    range: (min, max) => min + next() * (max - min),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)]
      if (item === undefined) throw new RangeError('pick() from an empty array')
      return item
    },
    weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
      const entries = Object.entries(weights) as [K, number][]
      const total = entries.reduce((s, [, w]) => s + w, 0)
      let r = next() * total
      for (const [k, w] of entries) {
        r -= w
        if (r < 0) return k
      }
      const last = entries[entries.length - 1]
      if (last === undefined) throw new RangeError('weighted() with no entries')
      return last[0]
    },
    gaussian(mean, sd) {
      const u = 1 - next()
      const v = next()
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    },
    uuid() {
      const w0 = u32()
      const w1 = u32()
      const w2 = u32()
      const w3 = u32()
      const s = hex(w0, 8) + hex(w1, 8) + hex(w2, 8) + hex(w3, 8)
      const variant = ((Number.parseInt(s[16] ?? '0', 16) & 0x3) | 0x8).toString(16)
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20, 32)}`
    },
  }
  return random
}
