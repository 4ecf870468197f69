/**
 * Where code cannot be generated from strings (a web page under a strict Content-Security-Policy,
 * Node with `--disallow-code-generation-from-strings`), validation uses the closure check (also
 * the cold tier of validation everywhere) and serialization interprets the schemas: both agree
 * with the generated code on random events, every single-rule mutation and arbitrary input, and
 * the package works end to end in a Node process that refuses code generation.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import type { TSchema } from 'typebox'
import { describe, expect, it } from 'vitest'
import { EVENT_SCHEMAS, SHAPE_EVENT_SCHEMAS } from '../src/catalog.ts'
import { closureCheck } from '../src/closure-check.ts'
import { CAN_GENERATE_CODE } from '../src/code-generation.ts'
import { compileCheck } from '../src/compile-check.ts'
import { serializeEvent, validateDraftEvent } from '../src/index.ts'
import {
  COMPILE_SERIALIZER_AFTER,
  compileSerializer,
  interpretedSerializer,
  serializationSchemaFor,
  tieredSerializer,
} from '../src/serialize.ts'
import { arbitraryEvent } from '../src/testing.ts'
import { AWKWARD_BASE, awkwardEvents } from './awkward-events.ts'
import { enumerateMutations, schemaOf } from './mutations.ts'
import { propertyParameters } from './property-runs.ts'

const checks = new Map<TSchema, { generated: (v: unknown) => boolean; closures: (v: unknown) => boolean }>()
function checksOf(schema: TSchema) {
  let pair = checks.get(schema)
  if (pair === undefined) {
    pair = { generated: compileCheck(schema), closures: closureCheck(schema) }
    checks.set(schema, pair)
  }
  return pair
}

describe('without code generation', () => {
  it('this test process can generate code (the comparison below is between both paths)', () => {
    expect(CAN_GENERATE_CODE).toBe(true)
  })

  it('the closure check agrees with the generated one on events and their mutations', () => {
    fc.assert(
      fc.property(arbitraryEvent(), (event) => {
        const { generated, closures } = checksOf(schemaOf(event))
        expect(closures(event)).toBe(true)
        for (const mutation of enumerateMutations(event)) {
          const mutated = mutation.apply(event)
          expect(closures(mutated), mutation.description).toBe(generated(mutated))
        }
      }),
      { ...propertyParameters, numRuns: Math.max(20, Math.ceil((propertyParameters.numRuns ?? 100) / 2)) },
    )
  })

  it('the closure check agrees with the generated one on arbitrary input', () => {
    // the schemas the validator compiles: one per event type, CreateShapeEvent one per shape kind
    const schemas = [
      ...Object.entries(EVENT_SCHEMAS).flatMap(([type, schema]) =>
        type === 'CreateShapeEvent' ? [] : [schema as TSchema],
      ),
      ...(Object.values(SHAPE_EVENT_SCHEMAS) as TSchema[]),
    ]
    fc.assert(
      fc.property(fc.anything(), fc.nat(schemas.length - 1), (input, i) => {
        const { generated, closures } = checksOf(schemas[i] as TSchema)
        expect(closures(input)).toBe(generated(input))
      }),
      propertyParameters,
    )
  })

  it('the interpreted serializer writes the same bytes as the generated one', () => {
    fc.assert(
      fc.property(arbitraryEvent(), fc.option(fc.nat(), { nil: undefined }), (event, sequence) => {
        const key = event.eventType === 'CreateShapeEvent' ? event.shapeType : event.eventType
        const schema = serializationSchemaFor(key) as TSchema
        const serialize = interpretedSerializer(schema)
        const generated = compileSerializer(schema)(event, sequence)
        expect(serialize(event, sequence)).toBe(generated)
        expect(serializeEvent(event, sequence)).toBe(generated)
        // keys outside the catalog are not written, by either
        expect(serialize({ ...event, extra: 1 }, sequence)).toBe(generated)
      }),
      propertyParameters,
    )
  })

  it('the tiered serializer writes the same bytes before and after it switches to generated code', () => {
    fc.assert(
      fc.property(arbitraryEvent(), fc.option(fc.nat(), { nil: undefined }), (event, sequence) => {
        const key = event.eventType === 'CreateShapeEvent' ? event.shapeType : event.eventType
        const schema = serializationSchemaFor(key) as TSchema
        const expected = compileSerializer(schema)(event, sequence)
        const tiered = tieredSerializer(schema)
        for (let i = 0; i < COMPILE_SERIALIZER_AFTER + 3; i++) {
          expect(tiered(event, sequence)).toBe(expected)
          expect(tiered({ ...event, extra: 1 }, sequence)).toBe(expected)
        }
      }),
      propertyParameters,
    )
  })

  it('the generated text serializer writes JSON.stringify’s bytes for awkward strings, numbers and objects', () => {
    const base = AWKWARD_BASE
    const strings = [
      '',
      'plain',
      'a"b',
      'back\\slash',
      'nl\n',
      '\u0000\u001f',
      '\u007f',
      'lone \ud800',
      'lone \udfff x',
      '😀 pair',
      '\u2028\u2029',
      'é ü 中',
    ]
    const numbers = [
      0,
      -0,
      1,
      -1.5,
      0.1 + 0.2,
      1e21,
      1.7976931348623157e308,
      5e-324,
      123456789.125,
      -(2 ** 53),
    ]
    const events: unknown[] = [
      ...awkwardEvents(strings, numbers),
      {
        ...base,
        eventType: 'CreatePathEvent',
        pathId: 'p',
        layerId: 'l',
        startAnchor: { x: -0, y: 1e-7 },
        style: {},
      },
      {
        ...base,
        eventType: 'CreatePathEvent',
        pathId: 'p',
        layerId: 'l',
        startAnchor: { x: 1, y: 2 },
        style: { fill: '#3366FF', stroke: '#000000', strokeWidth: 2, opacity: 0.9 },
      },
    ]
    for (const event of events) {
      const ok = validateDraftEvent(event)
      if (!ok.ok) throw ok.error
      const key = (event as { eventType: string }).eventType
      const serialize = interpretedSerializer(serializationSchemaFor(key) as TSchema)
      for (const sequence of [undefined, 0, 42]) {
        const text = serializeEvent(event as never, sequence)
        expect(text).toBe(serialize(event, sequence))
        expect(JSON.parse(text)).toEqual(JSON.parse(serialize(event, sequence)))
      }
    }
  })

  it('validates, serializes and parses in a Node process that refuses code generation', () => {
    const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url))
    const script = `
      const { CAN_GENERATE_CODE } = await import(${JSON.stringify(fileURLToPath(new URL('../src/code-generation.ts', import.meta.url)))})
      const es = await import(${JSON.stringify(entry)})
      let generated = 'none'
      try { new Function('return 1'); generated = 'allowed' } catch (e) { generated = e.constructor.name }
      const event = { eventType: 'MoveObjectEvent', eventId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', eventSequence: 3,
        timestamp: 1700000000000, documentId: '0f8fad5b-d9cb-469f-a165-70867728950e', objectIds: ['a'], delta: { x: 1, y: -0 } }
      // past the call at which a check is compiled where code can be generated (tiered-check.ts)
      const { COMPILE_AFTER } = await import(${JSON.stringify(fileURLToPath(new URL('../src/tiered-check.ts', import.meta.url)))})
      let ok
      for (let i = 0; i <= COMPILE_AFTER + 10; i++) ok = es.validateEvent(event)
      const bad = es.validateEvent({ ...event, delta: { x: 'no', y: 0 } })
      const text = es.serializeEvent(event)
      const back = es.parseEvent(JSON.parse(text))
      console.log(JSON.stringify({ CAN_GENERATE_CODE, generated, ok: ok.ok, bad: bad.ok, issue: bad.ok ? '' : bad.error.issues[0].path, text, back: back.ok }))
    `
    const out = execFileSync(
      process.execPath,
      ['--disallow-code-generation-from-strings', '--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) },
    )
    const result = JSON.parse(out.trim().split('\n').at(-1) as string)
    expect(result).toEqual({
      CAN_GENERATE_CODE: false,
      generated: 'EvalError',
      ok: true,
      bad: false,
      issue: '/delta/x',
      text: '{"eventType":"MoveObjectEvent","eventId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","eventSequence":3,"timestamp":1700000000000,"documentId":"0f8fad5b-d9cb-469f-a165-70867728950e","objectIds":["a"],"delta":{"x":1,"y":0}}',
      back: true,
    })
  })
})
