/**
 * The ordered id set behind `Layer.objectIds`: a fast-check model run against a plain array
 * (append, remove, has, transients, bulk build, iteration, going back to an older version), with
 * every version taken so far checked after every command: older versions never change, whatever
 * was done later, transient or not.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OrderedIdSet } from '../src/ordered-id-set.ts'
import { RUNS } from './arbitraries.ts'

/** The system under test: the current set, whether it is transient, and the versions kept. */
interface Real {
  set: OrderedIdSet
  transient: boolean
  readonly versions: { readonly set: OrderedIdSet; readonly ids: readonly string[] }[]
}

/** The model: the ids in order. */
interface Model {
  ids: string[]
}

type Cmd = fc.Command<Model, Real>

const MAX_VERSIONS = 40

function keep(r: Real, m: Model): void {
  if (!r.transient && r.versions.length < MAX_VERSIONS) r.versions.push({ set: r.set, ids: m.ids.slice() })
}

function checkAll(r: Real, m: Model): void {
  expect(r.set.size).toBe(m.ids.length)
  expect([...r.set]).toEqual(m.ids)
}

/** Every version kept still holds what it held when it was taken. */
function checkVersions(r: Real): void {
  for (const v of r.versions) {
    expect(v.set.size).toBe(v.ids.length)
    expect(v.set.toArray()).toEqual(v.ids)
  }
}

/** A command: `label` names it in counterexamples; `applies` says whether it may run on the model. */
function command(
  label: string,
  run: (m: Model, r: Real) => void,
  applies: (m: Readonly<Model>) => boolean = () => true,
): Cmd {
  return { check: applies, run, toString: () => label }
}

function append(id: string): Cmd {
  return command(
    `append(${id})`,
    (m, r) => {
      const next = r.set.append(id)
      if (r.transient) expect(next).toBe(r.set)
      r.set = next
      m.ids.push(id)
      keep(r, m)
      checkAll(r, m)
    },
    (m) => !m.ids.includes(id),
  )
}

function remove(id: string): Cmd {
  return command(`remove(${id})`, (m, r) => {
    const next = r.set.remove(id)
    const i = m.ids.indexOf(id)
    if (r.transient || i < 0) expect(next).toBe(r.set)
    r.set = next
    if (i >= 0) m.ids.splice(i, 1)
    keep(r, m)
    checkAll(r, m)
  })
}

function has(id: string): Cmd {
  return command(`has(${id})`, (m, r) => {
    expect(r.set.has(id)).toBe(m.ids.includes(id))
    const some = m.ids[Math.floor(m.ids.length / 2)]
    if (some !== undefined) expect(r.set.has(some)).toBe(true)
  })
}

/**
 * Removes the ids at positions `start`, `start + step`, … of the model's order, `count` at the
 * most, one by one: thins out neighbouring chunks so that they merge.
 */
function removeSpread(start: number, step: number, count: number): Cmd {
  return command(`removeSpread(${start}, ${step}, ${count})`, (m, r) => {
    const gone: string[] = []
    for (let i = start; i < m.ids.length && gone.length < count; i += step) gone.push(m.ids[i] as string)
    for (const id of gone) {
      r.set = r.set.remove(id)
      m.ids.splice(m.ids.indexOf(id), 1)
      keep(r, m)
    }
    checkAll(r, m)
  })
}

const asMutable = command('asMutable()', (m, r) => {
  const next = r.set.asMutable()
  if (r.transient) expect(next).toBe(r.set)
  else expect(next).not.toBe(r.set)
  r.set = next
  r.transient = true
  checkAll(r, m)
})

const asImmutable = command('asImmutable()', (m, r) => {
  expect(r.set.asImmutable()).toBe(r.set)
  r.transient = false
  keep(r, m)
  checkAll(r, m)
})

function build(ids: readonly string[]): Cmd {
  return command(`from([${ids.length} ids])`, (m, r) => {
    const input = ids.slice()
    r.set = OrderedIdSet.from(input)
    input.reverse() // the set does not keep the array it was built from
    r.transient = false
    m.ids = ids.slice()
    keep(r, m)
    checkAll(r, m)
  })
}

const iterate = command('iterate', (m, r) => {
  expect(r.set.toArray()).toEqual(m.ids)
  const seen: string[] = []
  for (const id of r.set) seen.push(id)
  expect(seen).toEqual(m.ids)
})

/** Goes back to an older (persistent) version and edits on from there. */
function back(k: number): Cmd {
  return command(`back(${k})`, (m, r) => {
    if (r.versions.length === 0) return
    const v = r.versions[k % r.versions.length] as Real['versions'][number]
    r.set = v.set
    r.transient = false
    m.ids = v.ids.slice()
    checkAll(r, m)
    checkVersions(r)
  })
}

const POOL = 260
const id = fc.integer({ min: 0, max: POOL - 1 }).map((n) => `o${n}`)
const commands = fc.commands(
  [
    id.map(append),
    id.map(append),
    id.map(remove),
    id.map(remove),
    id.map(has),
    fc
      .tuple(fc.nat({ max: 40 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 80 }))
      .map(([start, step, count]) => removeSpread(start, step, count)),
    fc.constant(asMutable),
    fc.constant(asImmutable),
    fc.uniqueArray(id, { maxLength: POOL, size: 'max' }).map(build),
    fc.constant(iterate),
    fc.nat().map(back),
  ],
  { maxCommands: 300, size: 'large' },
)

describe('OrderedIdSet', () => {
  it('behaves like an array of distinct ids, and older versions never change', () => {
    fc.assert(
      fc.property(commands, (cmds) => {
        const real: Real = { set: OrderedIdSet.empty(), transient: false, versions: [] }
        fc.modelRun(() => ({ model: { ids: [] }, real }), cmds)
        checkVersions(real)
      }),
      { numRuns: RUNS },
    )
  })

  it('removes down to nothing and refills, in order, persistent and transient', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `id${i}`)
    for (const transient of [false, true]) {
      const base = OrderedIdSet.from(ids)
      let s = transient ? base.asMutable() : base
      const order = ids.map((x, i) => [x, (i * 7919) % 1000] as const).sort((a, b) => a[1] - b[1])
      const left = new Set(ids)
      for (const [x] of order) {
        s = s.remove(x)
        left.delete(x)
        if (left.size % 97 === 0) expect(s.toArray()).toEqual(ids.filter((y) => left.has(y)))
      }
      expect(s.size).toBe(0)
      for (const x of ids) s = s.append(x)
      expect(s.asImmutable().toArray()).toEqual(ids)
      expect(base.toArray()).toEqual(ids)
      expect(base.has('id999')).toBe(true)
      expect(base.has('nope')).toBe(false)
    }
  })
})
