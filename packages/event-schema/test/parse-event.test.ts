/**
 * Unit tests of `parseEvent` / `validateEvent` / `parseDraftEvent` / `parseEventJson`: valid
 * events pass unchanged, every problem is listed with its JSON pointer and rule, hostile keys
 * never pollute, in-memory NaN/Infinity are rejected.
 */
import { describe, expect, it } from 'vitest'
import {
  EventSchemaError,
  isDraftEvent,
  isWireTunerEvent,
  parseDraftEvent,
  parseEvent,
  parseEventJson,
  type ValidationIssue,
  validateEvent,
} from '../src/index.ts'

const documentId = '0f8fad5b-d9cb-469f-a165-70867728950e'
const eventId = '7c9e6679-7425-40de-944b-e07fc1f90ae7'

function move(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventType: 'MoveObjectEvent',
    eventId,
    eventSequence: 0,
    timestamp: 1_763_000_000_000,
    documentId,
    objectIds: ['a'],
    delta: { x: 1, y: 2 },
    ...extra,
  }
}

function issuesOf(input: unknown): readonly ValidationIssue[] {
  const result = parseEvent(input)
  if (result.ok) throw new Error('expected a failure')
  expect(result.error).toBeInstanceOf(EventSchemaError)
  return result.error.issues
}

function without(value: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)))
}

const pairs = (issues: readonly ValidationIssue[]) => issues.map((i) => `${i.path} ${i.rule}`)

describe('parseEvent', () => {
  it('returns a valid event as is (no copy)', () => {
    const input = move()
    const result = parseEvent(input)
    expect(result.ok).toBe(true)
    expect(result.ok && result.value).toBe(input)
    expect(isWireTunerEvent(input)).toBe(true)
  })

  it('lists every problem, each with its JSON pointer and rule', () => {
    const issues = issuesOf(
      move({
        eventId: '7C9E6679-7425-40DE-944B-E07FC1F90AE7',
        eventSequence: -1,
        timestamp: 0,
        documentId: 'a8098c1a-f86e-11da-bd1a-00112444be1e',
        objectIds: ['', 'b'],
        delta: { x: '1', y: 2, z: 3 },
        extra: true,
      }),
    )
    expect(pairs(issues).sort()).toEqual(
      [
        '/eventId uuidv4or7',
        '/eventSequence minimum',
        '/timestamp minimum',
        '/documentId uuidv4',
        '/objectIds/0 minLength',
        '/delta/x type',
        '/delta/z unknownKey',
        '/extra unknownKey',
      ].sort(),
    )
    const result = parseEvent(move({ timestamp: 0, extra: 1 }))
    expect(!result.ok && result.error.code).toBe('invalid-event')
    expect(!result.ok && result.error.message).toMatch(/\/timestamp \[minimum\]/)
  })

  it('reports missing required fields', () => {
    expect(pairs(issuesOf(without(move(), 'delta', 'eventId')))).toEqual([
      '/eventId required',
      '/delta required',
    ])
  })

  it('rejects __proto__, constructor and prototype keys from JSON.parse without polluting', () => {
    const text = JSON.stringify(move()).replace(
      '"objectIds"',
      '"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"prototype":1,"objectIds"',
    )
    const input = JSON.parse(text)
    expect(pairs(issuesOf(input))).toEqual([
      '/__proto__ unknownKey',
      '/constructor unknownKey',
      '/prototype unknownKey',
    ])
    const nested = JSON.parse(JSON.stringify(move()).replace('"x":1', '"__proto__":{"polluted":1},"x":1'))
    expect(pairs(issuesOf(nested))).toEqual(['/delta/__proto__ unknownKey'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it('rejects NaN and ±Infinity passed in memory', () => {
    expect(pairs(issuesOf(move({ delta: { x: Number.NaN, y: Number.POSITIVE_INFINITY } })))).toEqual([
      '/delta/x finite',
      '/delta/y finite',
    ])
  })

  it('rejects unknown and missing event types with unknown-event-type', () => {
    for (const eventType of ['MoveObject', 42, undefined, 'toString', '__proto__']) {
      const result = parseEvent(move({ eventType }))
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe('unknown-event-type')
        expect(result.error.issues.map((i) => i.path)).toEqual(['/eventType'])
      }
    }
  })

  it('rejects non-objects', () => {
    for (const input of [null, 1, 'x', [], undefined]) {
      expect(pairs(issuesOf(input))).toEqual([' type'])
    }
  })

  it('checks colours, ranges, enums and integers', () => {
    const style = {
      eventType: 'ModifyStyleEvent',
      eventId,
      eventSequence: 3,
      timestamp: 5,
      documentId,
      objectIds: ['a'],
      fill: 'red',
      stroke: null,
      strokeWidth: -1,
      opacity: 1.5,
    }
    expect(pairs(issuesOf(style))).toEqual(['/fill colour', '/strokeWidth minimum', '/opacity maximum'])
    const selectNoDelta = without(move({ eventType: 'SelectObjectsEvent', mode: 'invert' }), 'delta')
    expect(pairs(issuesOf(selectNoDelta))).toEqual(['/mode enum'])
    expect(pairs(issuesOf(move({ eventSequence: 1.5, samplingIntervalMs: 0 })))).toEqual([
      '/eventSequence integer',
      '/samplingIntervalMs minimum',
    ])
  })

  it('applies the cross-field rules', () => {
    const shape = (shapeType: string, parameters: Record<string, unknown>) => ({
      eventType: 'CreateShapeEvent',
      eventId,
      eventSequence: 0,
      timestamp: 5,
      documentId,
      schemaVersion: 2,
      shapeId: 's',
      shapeType,
      parameters,
    })
    const rect = { centerX: 0, centerY: 0, width: 10, height: 4, cornerRadius: 2.5 }
    expect(pairs(issuesOf(shape('rectangle', rect)))).toEqual(['/parameters/cornerRadius cornerRadius'])
    expect(parseEvent(shape('rectangle', { ...rect, cornerRadius: 2 })).ok).toBe(true)
    const star = { centerX: 0, centerY: 0, outerRadius: 5, innerRadius: 5, points: 5 }
    expect(pairs(issuesOf(shape('star', star)))).toEqual(['/parameters/innerRadius starRadii'])
    expect(pairs(issuesOf(shape('hexagon', star)))).toEqual(['/shapeType enum'])
    const line = without(
      move({
        eventType: 'AddAnchorEvent',
        pathId: 'p',
        position: { x: 0, y: 0 },
        anchorType: 'line',
        handleIn: { x: 1, y: 1 },
      }),
      'objectIds',
      'delta',
    )
    expect(pairs(issuesOf(line))).toEqual(['/handleIn lineHandles'])
    expect(parseEvent({ ...line, anchorType: 'bezier' }).ok).toBe(true)
  })

  it('accepts null handles in ModifyAnchorEvent and rejects them in AddAnchorEvent', () => {
    const base = { eventId, eventSequence: 1, timestamp: 5, documentId, pathId: 'p' }
    expect(
      parseEvent({
        ...base,
        eventType: 'ModifyAnchorEvent',
        anchorIndex: 0,
        handleIn: null,
        anchorType: 'symmetric',
      }).ok,
    ).toBe(true)
    const add = {
      ...base,
      eventType: 'AddAnchorEvent',
      position: { x: 0, y: 0 },
      anchorType: 'bezier',
      handleOut: null,
    }
    expect(pairs(issuesOf(add))).toEqual(['/handleOut type'])
  })

  it('checks schemaVersion of version-1 types', () => {
    expect(parseEvent(move({ schemaVersion: 1 })).ok).toBe(true)
    expect(pairs(issuesOf(move({ schemaVersion: 2 })))).toEqual(['/schemaVersion const'])
  })

  it('enforces id length limits', () => {
    expect(pairs(issuesOf(move({ objectIds: ['x'.repeat(129)], userId: '' })))).toEqual([
      '/userId minLength',
      '/objectIds/0 maxLength',
    ])
    expect(parseEvent(move({ objectIds: ['x'.repeat(128)] })).ok).toBe(true)
  })
})

describe('validateEvent', () => {
  it('does not upcast (a version-1 shape fails)', () => {
    const legacy = {
      eventType: 'CreateShapeEvent',
      eventId,
      eventSequence: 0,
      timestamp: 5,
      documentId,
      shapeId: 's',
      shapeType: 'ellipse',
      parameters: { centreX: 0, centreY: 0, width: 2, height: 4 },
    }
    expect(validateEvent(legacy).ok).toBe(false)
    expect(parseEvent(legacy).ok).toBe(true)
  })
})

describe('parseDraftEvent', () => {
  it('accepts an event without eventSequence, and with one', () => {
    const draft = without(move(), 'eventSequence')
    expect(parseDraftEvent(draft).ok).toBe(true)
    expect(isDraftEvent(draft)).toBe(true)
    expect(parseDraftEvent(move()).ok).toBe(true)
    expect(parseEvent(draft).ok).toBe(false)
    const bad = parseDraftEvent({ ...draft, eventSequence: -2 })
    expect(!bad.ok && pairs(bad.error.issues)).toEqual(['/eventSequence minimum'])
  })

  it('gives -0 as 0 (what its stored JSON holds), in a copy, and the input itself when none', () => {
    const input = move({ delta: { x: -0, y: 2 } })
    const result = parseDraftEvent(input)
    if (!result.ok) throw result.error
    const delta = (result.value as { delta: { x: number; y: number } }).delta
    expect(Object.is(delta.x, 0)).toBe(true)
    expect(result.value).toEqual(JSON.parse(JSON.stringify(input)))
    expect(Object.is((input.delta as { x: number }).x, -0)).toBe(true)
    const plain = move()
    const same = parseDraftEvent(plain)
    expect(same.ok && same.value).toBe(plain)
  })
})

describe('parseEventJson', () => {
  it('parses and validates JSON text', () => {
    expect(parseEventJson(JSON.stringify(move())).ok).toBe(true)
    const broken = parseEventJson('{"eventType":')
    expect(!broken.ok && broken.error.code).toBe('invalid-json')
    expect(!broken.ok && broken.error.cause).toBeInstanceOf(SyntaxError)
  })
})

describe('issue listing limits', () => {
  it('stops after 1000 issues with a tooManyIssues marker, and truncates long keys in messages', () => {
    const ids = Array.from({ length: 12_000 }, () => '')
    const result = parseEvent(move({ objectIds: ids, ['k'.repeat(500)]: 1 }))
    expect(result.ok).toBe(false)
    if (!result.ok) {
      const issues = result.error.issues
      expect(issues.length).toBe(1001)
      expect(issues.at(-1)).toMatchObject({ path: '', rule: 'tooManyIssues' })
      expect(issues[0]).toMatchObject({ path: `/${'k'.repeat(500)}`, rule: 'unknownKey' })
      expect(issues[0]?.message.length).toBeLessThan(150)
      expect(issues[1]).toMatchObject({ path: '/objectIds', rule: 'maxItems' })
    }
  })
})
