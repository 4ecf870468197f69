/**
 * `pnpm bench`: validation throughput of the event schema on a realistic mix of events, with
 * `JSON.parse` alone and `JSON.parse` + validation for reference; the same schemas checked by
 * TypeBox's `Compile` and by zod v4 (`z.fromJSONSchema` of the same JSON Schema, per type) to
 * record the choice; canonical serialization against plain `JSON.stringify`; the upcast path.
 * Target: ≥ 1,000,000 validations/s. The machine is shared: read medians and same-run ratios.
 */
import { measure, ratio, report, type Stats, target } from '@wiretuner/bench-kit'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { z } from 'zod'
import { EVENT_SCHEMAS, SHAPE_EVENT_SCHEMAS } from '../src/catalog.ts'
import { parseEvent, serializeEvent, type WireTunerEvent } from '../src/index.ts'
import { realisticMix } from './mix.ts'

const COUNT = 20_000
const SAMPLES = 21
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
const opts = { samples: SAMPLES, warmup: 5, units: COUNT }
console.log(
  `event-schema bench: ${COUNT.toLocaleString('en-US')} events (realistic mix, mean ${meanBytes} bytes), ` +
    `${SAMPLES} samples, ${new Date().toISOString()}, node ${process.version}`,
)

const validate = report(
  measure(
    'parseEvent (validate parsed objects)',
    () => {
      for (const e of parsed) if (parseEvent(e).ok) sink++
    },
    opts,
  ),
  'events',
)
const jsonOnly = report(
  measure(
    'JSON.parse only',
    () => {
      for (const t of texts) sink += (JSON.parse(t) as { timestamp: number }).timestamp > 0 ? 1 : 0
    },
    opts,
  ),
  'events',
)
const jsonAndValidate = report(
  measure(
    'JSON.parse + parseEvent',
    () => {
      for (const t of texts) if (parseEvent(JSON.parse(t)).ok) sink++
    },
    opts,
  ),
  'events',
)
const typeboxStats = report(
  measure(
    'TypeBox Compile check, same schemas (reference)',
    () => {
      for (const e of parsed) if (typebox.get(keyOf(e as Record<string, unknown>))?.Check(e)) sink++
    },
    opts,
  ),
  'events',
)
const zodStats = report(
  measure(
    'zod v4 safeParse, same schemas (reference)',
    () => {
      for (const e of parsed) if (zod.get(keyOf(e as Record<string, unknown>))?.safeParse(e).success) sink++
    },
    { ...opts, samples: 9 },
  ),
  'events',
)
const upcast = report(
  measure(
    'parseEvent, 5% legacy v1 shapes (upcast on read)',
    () => {
      for (const e of legacy) if (parseEvent(e).ok) sink++
    },
    opts,
  ),
  'events',
)
const serialize = report(
  measure(
    'serializeEvent (canonical)',
    () => {
      for (const e of events) sink += serializeEvent(e).length
    },
    opts,
  ),
  'events',
)
const stringify = report(
  measure(
    'JSON.stringify (reference, not canonical)',
    () => {
      for (const e of events) sink += JSON.stringify(e).length
    },
    opts,
  ),
  'events',
)

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
target('validation throughput (events/s, median)', validate.unitsPerSecond, { atLeast: 1_000_000 })
target('JSON.parse + validation vs JSON.parse alone (speed ratio)', 1 / ratio(jsonAndValidate, jsonOnly), {
  atLeast: 0.6,
})
if (sink < 0) console.log(sink)
