/**
 * One-off measurement behind the validator decision (issue #11, 2026-12-07): the three check
 * implementations on the benchmark mix, hot (interleaved rounds in one process) and cold (a fresh
 * process per option: build the checks, then check the first events of a document as it opens).
 * `tsx --conditions=@wiretuner/source bench/validator-options.ts`
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { ratio, summarize, type Stats } from '@wiretuner/bench-kit'
import type { TSchema } from 'typebox'
import { EVENT_SCHEMAS, SHAPE_EVENT_SCHEMAS } from '../src/catalog.ts'
import { serializeEvent } from '../src/index.ts'
import { realisticMix } from './mix.ts'

type Check = (v: unknown) => boolean
const OPTIONS = ['closure', 'generated', 'typebox', 'tiered'] as const
type Option = (typeof OPTIONS)[number]

const keyOf = (e: Record<string, unknown>) =>
  (e.eventType === 'CreateShapeEvent' ? e.shapeType : e.eventType) as string
const schemas = new Map<string, TSchema>([
  ...Object.entries(EVENT_SCHEMAS).filter(([k]) => k !== 'CreateShapeEvent'),
  ...Object.entries(SHAPE_EVENT_SCHEMAS),
] as [string, TSchema][])

async function builder(option: Option): Promise<(s: TSchema) => Check> {
  if (option === 'closure') return (await import('../src/closure-check.ts')).closureCheck
  if (option === 'generated') return (await import('../src/compile-check.ts')).compileCheck
  if (option === 'tiered') return (await import('../src/tiered-check.ts')).tieredCheck
  const { Compile } = await import('typebox/compile')
  return (s) => {
    const v = Compile(s)
    return (x) => v.Check(x)
  }
}

/** Lazily built checks by key, as validate.ts builds them. */
function lazy(build: (s: TSchema) => Check): (e: unknown) => boolean {
  const checks = new Map<string, Check>()
  return (e) => {
    const key = keyOf(e as Record<string, unknown>)
    let c = checks.get(key)
    if (c === undefined) {
      c = build(schemas.get(key) as TSchema)
      checks.set(key, c)
    }
    return c(e)
  }
}

const file = '/tmp/internals/mix.json'
if (process.argv[2] === 'cold') {
  const option = process.argv[3] as Option
  const events = JSON.parse((await import('node:fs')).readFileSync(file, 'utf8')) as unknown[]
  const t0 = performance.now()
  const build = await builder(option)
  const t1 = performance.now()
  const check = lazy(build)
  let ok = 0
  const marks: number[] = []
  for (let i = 0; i < events.length; i++) {
    if (check(events[i])) ok++
    if (i + 1 === 300 || i + 1 === 2000 || i + 1 === events.length) marks.push(performance.now() - t1)
  }
  if (ok !== events.length) throw new Error(`${option}: ${events.length - ok} rejected`)
  console.log(JSON.stringify({ load: t1 - t0, first300: marks[0], first2000: marks[1], all: marks[2] }))
} else {
  const COUNT = 20_000
  const events = realisticMix(COUNT).map((e) => JSON.parse(serializeEvent(e)) as unknown)
  writeFileSync(file, JSON.stringify(events))
  console.log(`validator options, ${COUNT} events of the realistic mix, ${new Date().toISOString()}, node ${process.version}`)
  // hot: interleaved rounds
  const cases = new Map<Option, (e: unknown) => boolean>()
  for (const o of OPTIONS) cases.set(o, lazy(await builder(o)))
  const times = new Map<Option, number[]>(OPTIONS.map((o) => [o, []]))
  let sink = 0
  for (let r = 0; r < 35; r++) {
    for (let i = 0; i < OPTIONS.length; i++) {
      const o = OPTIONS[(i + r) % OPTIONS.length] as Option
      const c = cases.get(o) as (e: unknown) => boolean
      const t0 = performance.now()
      for (const e of events) if (c(e)) sink++
      if (r >= 10) times.get(o)?.push(performance.now() - t0)
    }
  }
  const stats = new Map<Option, Stats>(OPTIONS.map((o) => [o, summarize(o, times.get(o) ?? [], COUNT)]))
  const base = stats.get('generated') as Stats
  for (const [o, s] of stats) {
    const lo = Math.round((COUNT * 1000) / s.maxMs)
    const hi = Math.round((COUNT * 1000) / s.minMs)
    console.log(
      `hot ${o}: median ${Math.round(s.unitsPerSecond).toLocaleString('en-US')}/s (min–max ${lo.toLocaleString('en-US')}–${hi.toLocaleString('en-US')}), time ${ratio(s, base).toFixed(2)}× generated`,
    )
  }
  // cold: fresh processes, rotated
  const cold = new Map<Option, { load: number; first300: number; first2000: number; all: number }[]>(
    OPTIONS.map((o) => [o, []]),
  )
  for (let r = 0; r < 7; r++) {
    for (const o of OPTIONS) {
      const out = execFileSync(
        process.execPath,
        ['--import', 'tsx', '--conditions=@wiretuner/source', new URL(import.meta.url).pathname, 'cold', o],
        { encoding: 'utf8' },
      )
      cold.get(o)?.push(JSON.parse(out))
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number
  const mm = (xs: number[]) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`
  for (const [o, runs] of cold) {
    const f = (k: 'load' | 'first300' | 'first2000' | 'all') => {
      const xs = runs.map((x) => x[k])
      return `${med(xs).toFixed(1)} ms (${mm(xs)})`
    }
    console.log(`cold ${o}: import ${f('load')}; first 300 events ${f('first300')}; first 2,000 ${f('first2000')}; all 20,000 ${f('all')}`)
  }
  if (sink < 0) console.log(sink)
}
