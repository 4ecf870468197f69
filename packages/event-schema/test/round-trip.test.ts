/**
 * Property tests of serialization: every generated event round-trips (serialize → JSON.parse →
 * parseEvent → deep-equal, and the same bytes again), drafts too; key order is canonical
 * whatever order the object was built in.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EVENT_TYPES, parseDraftEvent, parseEvent, serializeEvent } from '../src/index.ts'
import { arbitraryDraftEvent, arbitraryEvent, arbitraryEventOfType } from '../src/testing.ts'
import { propertyParameters } from './property-runs.ts'

/** Same keys and values, keys inserted in reverse order (deeply). */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).reverse()) out[key] = reversed((value as Record<string, unknown>)[key])
  return out
}

describe('serializeEvent round trip', () => {
  it('serialize → JSON.parse → parseEvent gives an equal event and the same bytes', () => {
    fc.assert(
      fc.property(arbitraryEvent(), (event) => {
        expect(parseEvent(event).ok).toBe(true)
        const text = serializeEvent(event)
        const back = parseEvent(JSON.parse(text))
        if (!back.ok) throw back.error
        expect(back.value).toEqual(event)
        expect(serializeEvent(back.value)).toBe(text)
      }),
      propertyParameters,
    )
  })

  it('round-trips every event type', () => {
    for (const type of EVENT_TYPES) {
      fc.assert(
        fc.property(arbitraryEventOfType(type), (event) => {
          const text = serializeEvent(event)
          const back = parseEvent(JSON.parse(text))
          expect(back.ok && back.value).toEqual(event)
        }),
        { ...propertyParameters, numRuns: Math.max(10, Math.ceil((propertyParameters.numRuns ?? 100) / 5)) },
      )
    }
  })

  it('round-trips drafts (eventSequence absent or present)', () => {
    fc.assert(
      fc.property(arbitraryDraftEvent(), (draft) => {
        const text = serializeEvent(draft)
        const back = parseDraftEvent(JSON.parse(text))
        expect(back.ok && back.value).toEqual(draft)
        expect(text.includes('"eventSequence"')).toBe(draft.eventSequence !== undefined)
      }),
      propertyParameters,
    )
  })

  it('is canonical: key insertion order does not change the bytes', () => {
    fc.assert(
      fc.property(arbitraryEvent(), (event) => {
        expect(serializeEvent(reversed(event) as typeof event)).toBe(serializeEvent(event))
      }),
      propertyParameters,
    )
  })

  it("writes a given eventSequence in place of the event's own, without changing the event", () => {
    fc.assert(
      fc.property(arbitraryDraftEvent(), fc.nat({ max: Number.MAX_SAFE_INTEGER }), (draft, sequence) => {
        const before = JSON.stringify(draft)
        expect(serializeEvent(draft, sequence)).toBe(serializeEvent({ ...draft, eventSequence: sequence }))
        expect(JSON.stringify(draft)).toBe(before)
      }),
      propertyParameters,
    )
  })

  it('matches JSON.stringify for an event already in canonical order', () => {
    fc.assert(
      fc.property(arbitraryEvent(), (event) => {
        const canonical = JSON.parse(serializeEvent(event))
        expect(serializeEvent(event)).toBe(JSON.stringify(canonical))
      }),
      propertyParameters,
    )
  })
})

describe('serializeEvent', () => {
  it('writes the envelope first, in a fixed order, and nested keys in catalog order', () => {
    const text = serializeEvent({
      delta: { y: 2, x: 1 },
      objectIds: ['a'],
      userId: 'local-user',
      documentId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      timestamp: 5,
      eventSequence: 7,
      eventId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      eventType: 'MoveObjectEvent',
    })
    expect(text).toBe(
      '{"eventType":"MoveObjectEvent","eventId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","eventSequence":7,' +
        '"timestamp":5,"documentId":"0f8fad5b-d9cb-469f-a165-70867728950e","userId":"local-user",' +
        '"objectIds":["a"],"delta":{"x":1,"y":2}}',
    )
  })

  it('escapes strings and writes -0 as 0', () => {
    const text = serializeEvent({
      eventType: 'CreateLayerEvent',
      eventId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      timestamp: 5,
      documentId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      layerId: 'a"b\\c\n\u0001\ud800',
      artboardId: 'x',
      zIndex: -0,
    })
    const back = JSON.parse(text)
    expect(back.layerId).toBe('a"b\\c\n\u0001\ud800')
    expect(text).toContain('"zIndex":0}')
  })
})
