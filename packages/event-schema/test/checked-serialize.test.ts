/**
 * Differential tests of the checked serializer (validation and canonical text in one pass): on
 * generated events and drafts, and on every single-rule mutation of them, it returns exactly
 * `serializeEvent`'s bytes when `isDraftEvent` accepts the value and `undefined` when it does
 * not, both as generated code and through its tiers (`serializeValidDraft`).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileCheckedSerializer } from '../src/checked-serialize.ts'
import { isDraftEvent, serializeEvent, serializeValidDraft, type WireTunerEvent } from '../src/index.ts'
import { COMPILE_SERIALIZER_AFTER } from '../src/serialize.ts'
import { arbitraryDraftEvent, arbitraryEvent } from '../src/testing.ts'
import { draftSchemaOf } from '../src/validate.ts'
import { AWKWARD_BASE, awkwardEvents } from './awkward-events.ts'
import { enumerateMutations } from './mutations.ts'
import { propertyParameters } from './property-runs.ts'

type Loose = Record<string, unknown>

function keyOf(value: Loose): string {
  return value.eventType === 'CreateShapeEvent' ? String(value.shapeType) : String(value.eventType)
}

const generated = new Map<string, ReturnType<typeof compileCheckedSerializer>>()
function compiledFor(key: string): ReturnType<typeof compileCheckedSerializer> {
  let serializer = generated.get(key)
  if (serializer === undefined) {
    serializer = compileCheckedSerializer(draftSchemaOf(key))
    generated.set(key, serializer)
  }
  return serializer
}

/** What the checked serializer must return for `value` at `sequence`. */
function expected(value: unknown, sequence: number): string | undefined {
  return isDraftEvent(value) ? serializeEvent(value, sequence) : undefined
}

/** Runs `serializeValidDraft` past its tier switch, checking every call. */
function checkTiers(value: unknown, sequence: number): void {
  const want = expected(value, sequence)
  for (let i = 0; i <= COMPILE_SERIALIZER_AFTER; i++) expect(serializeValidDraft(value, sequence)).toBe(want)
}

describe('compileCheckedSerializer', () => {
  it('writes serializeEvent’s bytes for valid events and drafts, at any sequence', () => {
    fc.assert(
      fc.property(
        fc.oneof(arbitraryEvent(), arbitraryDraftEvent()),
        fc.nat({ max: 2 ** 40 }),
        (event, sequence) => {
          const text = compiledFor(keyOf(event as unknown as Loose))(event, sequence)
          expect(text).toBe(serializeEvent(event, sequence))
          checkTiers(event, sequence)
        },
      ),
      propertyParameters,
    )
  })

  it('returns undefined exactly where isDraftEvent rejects a mutated event', () => {
    fc.assert(
      fc.property(arbitraryEvent(), (event: WireTunerEvent) => {
        for (const mutation of enumerateMutations(event)) {
          const mutated = mutation.apply(event) as Loose
          checkTiers(mutated, 7)
          if (mutation.path === '/eventType' || mutation.path === '/shapeType') continue // other schema
          // the schema-level verdict (cross-field rules are the caller's: serializeValidDraft)
          const text = compiledFor(keyOf(event as unknown as Loose))(mutated, 7)
          if (text !== undefined) expect(text, mutation.description).toBe(serializeEvent(mutated as never, 7))
        }
      }),
      { ...propertyParameters, numRuns: Math.max(20, Math.ceil((propertyParameters.numRuns ?? 100) / 2)) },
    )
  })

  it('writes JSON.stringify’s bytes for awkward strings and numbers, and rejects non-plain values', () => {
    const base = AWKWARD_BASE
    const strings = ['', 'plain', 'a"b', 'back\\slash', 'nl\n', '\u0000\u001f', 'lone \ud800', '😀', 'é 中']
    const numbers = [0, -0, -1.5, 0.1 + 0.2, 1e21, 5e-324, -(2 ** 53), 217.16666666666666]
    const values: unknown[] = [
      ...awkwardEvents(strings, numbers),
      {
        ...base,
        eventType: 'CreatePathEvent',
        pathId: 'p',
        layerId: 'l',
        startAnchor: { x: 1, y: 2 },
        style: {},
      },
      { ...base, eventType: 'ViewportPanEvent', delta: { x: 1, y: Number.NaN } },
      { ...base, eventType: 'ViewportPanEvent', delta: { x: 1, y: 2 }, extra: 1 },
      { ...base, eventType: 'ViewportPanEvent', delta: { x: 1, y: 2 }, undoGroupId: undefined },
      Object.assign(Object.create({ inherited: 1 }), {
        ...base,
        eventType: 'ViewportPanEvent',
        delta: { x: 1, y: 2 },
      }),
      { ...base, eventType: 'NoSuchEvent' },
      null,
      [],
      'text',
    ]
    let accepted = 0
    for (const value of values) {
      for (const sequence of [0, 42, 2 ** 53 - 1]) checkTiers(value, sequence)
      if (expected(value, 0) !== undefined) accepted++
    }
    expect(accepted).toBe(strings.length + numbers.length + 3)
  })

  it('gives each string its own verdict whatever string the field held before (memo)', () => {
    const serialize = compileCheckedSerializer(draftSchemaOf('ViewportPanEvent'))
    const valid = {
      eventType: 'ViewportPanEvent',
      eventId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      timestamp: 1,
      documentId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      sessionId: 's',
      delta: { x: 1, y: 2 },
    }
    const variants: unknown[] = [
      valid,
      { ...valid, documentId: '0F8FAD5B-D9CB-469F-A165-70867728950E' },
      { ...valid, sessionId: 'a"b' },
      { ...valid, sessionId: 'a"b' },
      { ...valid, sessionId: '' },
      { ...valid, sessionId: 's' },
      { ...valid, documentId: 7 },
      { ...valid, documentId: `${valid.documentId.slice(0, 35)}e` },
      valid,
    ]
    for (const value of variants) expect(serialize(value, 3)).toBe(expected(value, 3))
    expect(variants.map((v) => serialize(v, 3) !== undefined)).toEqual([
      true,
      false,
      true,
      true,
      false,
      true,
      false,
      true,
      true,
    ])
  })

  it('refuses a sequence that is not a non-negative safe integer', () => {
    const event = {
      eventType: 'UndoEvent',
      eventId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      timestamp: 1,
      documentId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    }
    for (const sequence of [-1, 1.5, Number.NaN, 2 ** 53]) {
      expect(() => serializeValidDraft(event, sequence)).toThrow(/non-negative safe integer/)
    }
  })
})
