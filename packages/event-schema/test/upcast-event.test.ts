/**
 * Tests of the upcaster registry: the version-1 `CreateShapeEvent` forms become the current
 * parameter sets (exact conversions, degrees → radians, lossy non-square boxes noted), and every
 * generated old-form shape upcasts and then validates.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseEvent, serializeEvent, upcastEvent, validateEvent } from '../src/index.ts'
import { arbitraryEvent, arbitraryLegacyCreateShapeEvent } from '../src/testing.ts'
import { UPCASTERS } from '../src/upcast.ts'
import { propertyParameters } from './property-runs.ts'

const envelope = {
  eventType: 'CreateShapeEvent',
  eventId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  eventSequence: 4,
  timestamp: 1_700_000_000_000,
  documentId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  shapeId: 'shape-1',
}

function upcastParameters(shapeType: string, parameters: Record<string, unknown>, extra = {}) {
  const result = upcastEvent({ ...envelope, shapeType, parameters, ...extra })
  if (!result.ok) throw result.error
  expect(result).toMatchObject({ fromVersion: 1, toVersion: 2, upcast: true })
  const value = result.value as Record<string, unknown>
  expect(value.schemaVersion).toBe(2)
  expect(validateEvent(value).ok).toBe(true)
  return { parameters: value.parameters, notes: result.notes }
}

describe('upcastEvent: CreateShapeEvent 1 → 2', () => {
  it('converts rectangles and ellipses from centre and size', () => {
    expect(
      upcastParameters('rectangle', { centreX: 10, centreY: 20, width: 30, height: 40, cornerRadius: 5 }),
    ).toEqual({
      parameters: { centerX: 10, centerY: 20, width: 30, height: 40, cornerRadius: 5 },
      notes: [],
    })
    expect(upcastParameters('ellipse', { centreX: 1, centreY: 2, width: 8, height: 6 }).parameters).toEqual({
      centerX: 1,
      centerY: 2,
      radiusX: 4,
      radiusY: 3,
    })
  })

  it('converts polygons and stars from a unit shape in a bounding box', () => {
    const box = { boundingLeft: 10, boundingTop: 20, boundingWidth: 40, boundingHeight: 40 }
    expect(upcastParameters('polygon', { sides: 6, rotation: 180, ...box }, { schemaVersion: 1 })).toEqual({
      parameters: { centerX: 30, centerY: 40, radius: 20, sides: 6, rotation: Math.PI },
      notes: [],
    })
    const star = upcastParameters('star', { points: 5, innerRadiusRatio: 0.5, ...box, boundingWidth: 60 })
    expect(star.parameters).toEqual({ centerX: 40, centerY: 40, outerRadius: 20, innerRadius: 10, points: 5 })
    expect(star.notes).toEqual([expect.stringMatching(/not square/)])
  })

  it('keeps the envelope and style', () => {
    const style = { fill: '#ff0000', strokeWidth: 2 }
    const result = upcastEvent({
      ...envelope,
      userId: 'u',
      shapeType: 'ellipse',
      parameters: { centreX: 0, centreY: 0, width: 2, height: 2 },
      style,
    })
    expect(result.ok && result.value).toMatchObject({ ...envelope, userId: 'u', style, schemaVersion: 2 })
  })

  it('reports every problem of an invalid old form with upcast-failed', () => {
    const result = upcastEvent({
      ...envelope,
      shapeType: 'polygon',
      parameters: { sides: 2, boundingLeft: 0 },
    })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('upcast-failed')
      expect(result.error.issues.map((i) => `${i.path} ${i.rule}`)).toEqual([
        '/schemaVersion schemaVersion',
        '/parameters/boundingTop required',
        '/parameters/boundingWidth required',
        '/parameters/boundingHeight required',
        '/parameters/sides minimum',
      ])
    }
  })

  it('refuses versions newer than the package, and malformed versions', () => {
    for (const schemaVersion of [3, 0, 1.5, '2']) {
      const result = upcastEvent({ ...envelope, shapeType: 'ellipse', parameters: {}, schemaVersion })
      expect(!result.ok && result.error.code).toBe('unsupported-version')
      const parsed = parseEvent({ ...envelope, shapeType: 'ellipse', parameters: {}, schemaVersion })
      expect(!parsed.ok && parsed.error.code).toBe('unsupported-version')
    }
  })

  it('leaves current events untouched', () => {
    fc.assert(
      fc.property(arbitraryEvent(), (event) => {
        const result = upcastEvent(event)
        expect(result.ok && result.value).toBe(event)
        expect(result.ok && result.upcast).toBe(false)
      }),
      propertyParameters,
    )
  })

  it('registers exactly the CreateShapeEvent upcaster', () => {
    expect(UPCASTERS.map((u) => `${u.eventType} ${u.fromVersion}→${u.toVersion}`)).toEqual([
      'CreateShapeEvent 1→2',
    ])
  })
})

describe('upcast then validate (property)', () => {
  it('succeeds for every generated old-form shape, and parseEvent does it on read', () => {
    fc.assert(
      fc.property(arbitraryLegacyCreateShapeEvent(), (legacy) => {
        const up = upcastEvent(legacy)
        if (!up.ok) throw up.error
        const valid = validateEvent(up.value)
        if (!valid.ok) throw valid.error
        const parsed = parseEvent(JSON.parse(JSON.stringify(legacy)))
        if (!parsed.ok) throw parsed.error
        expect(parsed.value).toEqual(valid.value)
        expect(parsed.value.eventType === 'CreateShapeEvent' && parsed.value.schemaVersion).toBe(2)
        // The upcast form is stored-equivalent: it round-trips as a current event.
        expect(parseEvent(JSON.parse(serializeEvent(parsed.value))).ok).toBe(true)
      }),
      propertyParameters,
    )
  })
})

describe('parseEvent of an old form whose conversion breaks a current rule', () => {
  it('says so in the message and lists the current-form issue', () => {
    const result = parseEvent({
      ...envelope,
      shapeType: 'ellipse',
      parameters: { centreX: 0, centreY: 0, width: 5e-324, height: 2 },
    })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-event')
      expect(result.error.message).toMatch(/^after upcasting from version 1 to 2: /)
      expect(result.error.issues.map((i) => `${i.path} ${i.rule}`)).toEqual([
        '/parameters/radiusX exclusiveMinimum',
      ])
    }
  })
})
