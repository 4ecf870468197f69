/**
 * `pnpm bench:validators`: the measurement behind the choice of validator (issue #11; results in
 * docs/benchmarks/event-schema.md, 2026-12-07). The check implementations on the benchmark mix,
 * one lazily built check per event type as `validate.ts` builds them: the closure check alone, the
 * generated check alone, TypeBox's `Compile`, and the tiered check this package uses (closures,
 * then generated code after `COMPILE_AFTER` calls). Hot: interleaved rounds in one process. Cold:
 * a fresh process per option, which builds the checks and checks the first events of a document
 * as it opens (300, 2,000, 20,000 events; "import" is loading the option's module through tsx).
 * Wall-clock and CPU time (user + system of this process, which other processes' load does not
 * inflate; it includes V8's background compiler threads) are both reported.
 * `tsx --conditions=@wiretuner/source bench/validator-options.ts`
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ratio, type Stats, summarize } from '@wiretuner/bench-kit'
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

// the parent writes the mix here for its children (a fresh process checks parsed JSON, as a store reads it)
const file = join(
  tmpdir(),
  `wiretuner-validator-mix-${process.argv[2] === 'cold' ? process.argv[4] : process.pid}.json`,
)
if (process.argv[2] === 'cold') {
  const option = process.argv[3] as Option
  const events = JSON.parse(readFileSync(file, 'utf8')) as unknown[]
  const cpu = (since: NodeJS.CpuUsage) => {
    const d = process.cpuUsage(since)
    return (d.user + d.system) / 1000
  }
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  const build = await builder(option)
  const t1 = performance.now()
  const c1 = process.cpuUsage()
  const check = lazy(build)
  let ok = 0
  const marks: number[] = []
  const cpuMarks: number[] = []
  for (let i = 0; i < events.length; i++) {
    if (check(events[i])) ok++
    if (i + 1 === 300 || i + 1 === 2000 || i + 1 === events.length) {
      marks.push(performance.now() - t1)
      cpuMarks.push(cpu(c1))
    }
  }
  if (ok !== events.length) throw new Error(`${option}: ${events.length - ok} rejected`)
  console.log(
    JSON.stringify({
      load: t1 - t0,
      first300: marks[0],
      first2000: marks[1],
      all: marks[2],
      loadCpu: (c1.user + c1.system - c0.user - c0.system) / 1000,
      first300Cpu: cpuMarks[0],
      first2000Cpu: cpuMarks[1],
      allCpu: cpuMarks[2],
    }),
  )
} else {
  const COUNT = 20_000
  const events = realisticMix(COUNT).map((e) => JSON.parse(serializeEvent(e)) as unknown)
  writeFileSync(file, JSON.stringify(events))
  console.log(
    `validator options, ${COUNT} events of the realistic mix, ${new Date().toISOString()}, node ${process.version}`,
  )
  // hot: interleaved rounds
  const cases = new Map<Option, (e: unknown) => boolean>()
  for (const o of OPTIONS) cases.set(o, lazy(await builder(o)))
  const wall = new Map<Option, number[]>(OPTIONS.map((o) => [o, []]))
  const cpuTimes = new Map<Option, number[]>(OPTIONS.map((o) => [o, []]))
  let sink = 0
  for (let r = 0; r < 35; r++) {
    for (let i = 0; i < OPTIONS.length; i++) {
      const o = OPTIONS[(i + r) % OPTIONS.length] as Option
      const c = cases.get(o) as (e: unknown) => boolean
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      for (const e of events) if (c(e)) sink++
      const dt = performance.now() - t0
      const dc = process.cpuUsage(c0)
      if (r >= 10) {
        wall.get(o)?.push(dt)
        cpuTimes.get(o)?.push((dc.user + dc.system) / 1000)
      }
    }
  }
  for (const [label, times] of [
    ['wall', wall],
    ['cpu', cpuTimes],
  ] as const) {
    const stats = new Map<Option, Stats>(OPTIONS.map((o) => [o, summarize(o, times.get(o) ?? [], COUNT)]))
    const base = stats.get('generated') as Stats
    for (const [o, st] of stats) {
      const lo = Math.round((COUNT * 1000) / st.maxMs).toLocaleString('en-US')
      const hi = Math.round((COUNT * 1000) / st.minMs).toLocaleString('en-US')
      const median = Math.round(st.unitsPerSecond).toLocaleString('en-US')
      console.log(
        `hot ${label} ${o}: median ${median}/s (min–max ${lo}–${hi}), time ${ratio(st, base).toFixed(2)}× generated`,
      )
    }
  }
  // cold: fresh processes, rotated
  type Cold = Record<
    'load' | 'first300' | 'first2000' | 'all' | 'loadCpu' | 'first300Cpu' | 'first2000Cpu' | 'allCpu',
    number
  >
  const cold = new Map<Option, Cold[]>(OPTIONS.map((o) => [o, []]))
  for (let r = 0; r < 9; r++) {
    for (const o of OPTIONS) {
      const out = execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '--conditions=@wiretuner/source',
          new URL(import.meta.url).pathname,
          'cold',
          o,
          String(process.pid),
        ],
        { encoding: 'utf8' },
      )
      cold.get(o)?.push(JSON.parse(out))
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number
  for (const [o, runs] of cold) {
    const f = (k: keyof Cold) => {
      const xs = runs.map((x) => x[k])
      return `${med(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`
    }
    console.log(
      `cold ${o}, ms wall | cpu: import ${f('load')} | ${f('loadCpu')}; first 300 events ${f('first300')} | ${f('first300Cpu')}; ` +
        `first 2,000 ${f('first2000')} | ${f('first2000Cpu')}; all 20,000 ${f('all')} | ${f('allCpu')}`,
    )
  }
  rmSync(file)
  if (sink < 0) console.log(sink)
}
