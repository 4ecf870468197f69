/**
 * `pnpm bench`: validation throughput of the event schema on a realistic mix of events, with
 * `JSON.parse` alone and `JSON.parse` + validation for reference; the same schemas checked by
 * TypeBox's `Compile` and by zod v4 (`z.fromJSONSchema` of the same JSON Schema, per type) to
 * record the choice; canonical serialization against plain `JSON.stringify`; the upcast path.
 * Target: ≥ 1,000,000 validations/s. The machine is shared: read medians and same-run ratios.
 */
import { ratio, report, type Stats, summarize, target } from '@wiretuner/bench-kit'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { z } from 'zod'
import { EVENT_SCHEMAS, SHAPE_EVENT_SCHEMAS } from '../src/catalog.ts'
import { parseEvent, serializeEvent, type WireTunerEvent } from '../src/index.ts'
import { realisticMix } from './mix.ts'

const COUNT = 20_000
const events = realisticMix(COUNT)
const texts = events.map(serializeEvent)
const parsed: unknown[] = texts.map((t) => JSON.parse(t))
const legacy = parsed.map((e) => JSON.parse(JSON.stringify(toLegacy(e as WireTunerEvent))))
const meanBytes = Math.round(texts.reduce((s, t) => s + t.length, 0) / texts.length)

/** The original application's form of a rectangle `CreateShapeEvent` (others unchanged). */
function toLegacy(event: WireTunerEvent): unknown {
  if (event.eventType !== 'CreateShapeEvent' || event.shapeType !== 'rectangle') return event
  const { schemaVersion: _v, parameters: p, ...rest } = event
  return { ...rest, parameters: { centreX: p.centerX, centreY: p.centerY, width: p.width, height: p.height } }
}

const keyOf = (e: Record<string, unknown>) =>
  (e.eventType === 'CreateShapeEvent' ? e.shapeType : e.eventType) as string
const schemas = new Map<string, TSchema>([
  ...Object.entries(EVENT_SCHEMAS).filter(([k]) => k !== 'CreateShapeEvent'),
  ...Object.entries(SHAPE_EVENT_SCHEMAS),
] as [string, TSchema][])
const typebox = new Map([...schemas].map(([k, s]) => [k, Compile(s)]))
const zod = new Map([...schemas].map(([k, s]) => [k, z.fromJSONSchema(JSON.parse(JSON.stringify(s)))]))

let sink = 0
const use = (text: string): number => text.charCodeAt(text.length >> 1)
const ROUNDS = 25
console.log(
  `event-schema bench: ${COUNT.toLocaleString('en-US')} events (realistic mix, mean ${meanBytes} bytes), ` +
    `${ROUNDS} interleaved rounds, ${new Date().toISOString()}, node ${process.version}`,
)

/**
 * Times every case once per round, rotating the order, so that all cases see the same load on a
 * shared machine (ratios between them stay meaningful even when absolute figures are noisy).
 * Records wall-clock time (reported through bench-kit) and this process's CPU time (user +
 * system, `process.cpuUsage`), which other processes' load does not inflate.
 */
function interleaved(
  cases: Record<string, () => void>,
  rounds: number,
  warmup = 5,
): { wall: Record<string, Stats>; cpu: Record<string, Stats> } {
  const names = Object.keys(cases)
  const wall = new Map(names.map((n) => [n, [] as number[]]))
  const cpu = new Map(names.map((n) => [n, [] as number[]]))
  for (let r = 0; r < warmup + rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length] as string
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      cases[name]?.()
      const dt = performance.now() - t0
      const dc = process.cpuUsage(c0)
      if (r >= warmup) {
        wall.get(name)?.push(dt)
        cpu.get(name)?.push((dc.user + dc.system) / 1000)
      }
    }
  }
  const stats = (m: Map<string, number[]>, suffix: string) =>
    Object.fromEntries(names.map((n) => [n, summarize(`${n}${suffix}`, m.get(n) ?? [], COUNT)]))
  return { wall: stats(wall, ''), cpu: stats(cpu, ' [cpu]') }
}

const measured = interleaved(
  {
    'parseEvent (validate parsed objects)': () => {
      for (const e of parsed) if (parseEvent(e).ok) sink++
    },
    'JSON.parse only': () => {
      for (const t of texts) sink += (JSON.parse(t) as { timestamp: number }).timestamp > 0 ? 1 : 0
    },
    'JSON.parse + parseEvent': () => {
      for (const t of texts) if (parseEvent(JSON.parse(t)).ok) sink++
    },
    'TypeBox Compile check, same schemas (reference)': () => {
      for (const e of parsed) if (typebox.get(keyOf(e as Record<string, unknown>))?.Check(e)) sink++
    },
    'zod v4 safeParse, same schemas (reference)': () => {
      for (const e of parsed) if (zod.get(keyOf(e as Record<string, unknown>))?.safeParse(e).success) sink++
    },
    'parseEvent, 5% legacy v1 shapes (upcast on read)': () => {
      for (const e of legacy) if (parseEvent(e).ok) sink++
    },
    // Each serializer's string is read in its middle, as a consumer (SQLite binding) reads it:
    // a concatenated (cons) string is flattened there, a JSON.stringify result already is flat.
    'serializeEvent (canonical)': () => {
      for (const e of events) sink += use(serializeEvent(e))
    },
    'JSON.stringify (reference, not canonical)': () => {
      for (const e of events) sink += use(JSON.stringify(e))
    },
  },
  ROUNDS,
)
console.log('wall-clock time per round:')
for (const stats of Object.values(measured.wall)) report(stats, 'events')
console.log('CPU time of this process per round (unaffected by other processes waiting for the CPU):')
for (const stats of Object.values(measured.cpu)) report(stats, 'events')
const s = measured.wall
const c = measured.cpu
const validate = s['parseEvent (validate parsed objects)'] as Stats
const jsonOnly = s['JSON.parse only'] as Stats
const jsonAndValidate = s['JSON.parse + parseEvent'] as Stats
const typeboxStats = s['TypeBox Compile check, same schemas (reference)'] as Stats
const zodStats = s['zod v4 safeParse, same schemas (reference)'] as Stats
const upcast = s['parseEvent, 5% legacy v1 shapes (upcast on read)'] as Stats
const serialize = s['serializeEvent (canonical)'] as Stats
const stringify = s['JSON.stringify (reference, not canonical)'] as Stats

const spread = (s: Stats) =>
  `median ${Math.round(s.unitsPerSecond).toLocaleString('en-US')}/s (min–max ${Math.round((COUNT * 1000) / s.maxMs).toLocaleString('en-US')}–${Math.round((COUNT * 1000) / s.minMs).toLocaleString('en-US')}/s)`
console.log(`validation: ${spread(validate)}`)
console.log(
  `JSON.parse + validation runs at ${(1 / ratio(jsonAndValidate, jsonOnly)).toFixed(2)}× the speed of JSON.parse alone`,
)
console.log(
  `TypeBox Compile / ours: ${(ratio(typeboxStats, validate)).toFixed(2)}× the time; zod / ours: ${ratio(zodStats, validate).toFixed(2)}×`,
)
console.log(
  `serializeEvent / JSON.stringify time: ${ratio(serialize, stringify).toFixed(2)}×; upcast mix / current mix time: ${ratio(upcast, validate).toFixed(2)}×`,
)
const cpuValidate = c['parseEvent (validate parsed objects)'] as Stats
const cpuRatio = ratio(c['JSON.parse + parseEvent'] as Stats, c['JSON.parse only'] as Stats)
console.log(
  `CPU time: validation ${spread(cpuValidate)}; JSON.parse + validation at ${(1 / cpuRatio).toFixed(2)}× JSON.parse alone`,
)
target('validation throughput (events/s, median wall clock)', validate.unitsPerSecond, { atLeast: 1_000_000 })
target('validation throughput (events/s, median CPU time)', cpuValidate.unitsPerSecond, {
  atLeast: 1_000_000,
})
target('JSON.parse + validation vs JSON.parse alone (speed ratio)', 1 / ratio(jsonAndValidate, jsonOnly), {
  atLeast: 0.6,
})
if (sink < 0) console.log(sink)
