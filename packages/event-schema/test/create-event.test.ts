/**
 * Tests of the event factory: ids and timestamps are filled from injectable sources (default
 * UUIDv4 and `Date.now`), shapes get the current schema version, invalid input throws.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createEvent,
  createEventFactory,
  type EventInit,
  EventSchemaError,
  parseDraftEvent,
  serializeEvent,
} from '../src/index.ts'
import { arbitraryDraftEvent } from '../src/testing.ts'
import { propertyParameters } from './property-runs.ts'

const documentId = '0f8fad5b-d9cb-469f-a165-70867728950e'
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('createEvent', () => {
  it('fills a fresh UUIDv7 and the current time', () => {
    const before = Date.now()
    const a = createEvent({ eventType: 'ClearSelectionEvent', documentId })
    const b = createEvent({ eventType: 'ClearSelectionEvent', documentId })
    expect(a.eventId).toMatch(UUID_V7)
    expect(a.eventId).not.toBe(b.eventId)
    expect(a.timestamp).toBeGreaterThanOrEqual(before)
    expect(a.timestamp).toBeLessThanOrEqual(Date.now())
    expect(a.eventSequence).toBeUndefined()
    expect(parseDraftEvent(a).ok).toBe(true)
  })

  it('uses injected clock and id source, and keeps given values', () => {
    let ids = 0
    const create = createEventFactory({
      now: () => 1000,
      newId: () => `00000000-0000-4000-8000-00000000000${ids++}`,
    })
    const e = create({ eventType: 'UndoEvent', documentId, groupId: 'g' })
    expect(e).toEqual({
      eventType: 'UndoEvent',
      documentId,
      groupId: 'g',
      eventId: '00000000-0000-4000-8000-000000000000',
      timestamp: 1000,
    })
    const given = create({ eventType: 'UndoEvent', documentId, groupId: 'g', timestamp: 7, eventSequence: 3 })
    expect(given).toMatchObject({ timestamp: 7, eventSequence: 3 })
  })

  it('gives CreateShapeEvent its current schema version and keeps the narrow type', () => {
    const e = createEvent({
      eventType: 'CreateShapeEvent',
      documentId,
      shapeId: 's',
      shapeType: 'polygon',
      parameters: { centerX: 0, centerY: 0, radius: 4, sides: 5 },
    })
    expect(e.schemaVersion).toBe(2)
    expect(e.eventType).toBe('CreateShapeEvent')
  })

  it('puts keys in canonical order and leaves out undefined values', () => {
    const e = createEvent({
      delta: { y: 2, x: 1 },
      objectIds: ['a'],
      documentId,
      eventType: 'MoveObjectEvent',
      undoGroupId: undefined as unknown as string,
    })
    expect(Object.keys(e)).toEqual(['eventType', 'eventId', 'timestamp', 'documentId', 'objectIds', 'delta'])
    expect(Object.keys(e)).toEqual(Object.keys(JSON.parse(serializeEvent(e))))
  })

  it('reports keys outside the catalog', () => {
    const init = { eventType: 'UndoEvent', documentId, groupId: 'g', colour: 'red' } as unknown as EventInit
    expect(() => createEvent(init)).toThrow(/\/colour \[unknownKey\]/)
  })

  it('throws EventSchemaError listing every problem for invalid input', () => {
    const attempt = () =>
      createEvent({
        eventType: 'MoveObjectEvent',
        documentId: 'nope',
        objectIds: [],
        delta: { x: 0, y: Number.NaN },
      })
    expect(attempt).toThrow(EventSchemaError)
    try {
      attempt()
    } catch (error) {
      expect(error instanceof EventSchemaError && error.code).toBe('invalid-event')
      expect(error instanceof EventSchemaError && error.issues.map((i) => i.path)).toEqual([
        '/documentId',
        '/objectIds',
        '/delta/y',
      ])
    }
  })
})

describe('createEvent (property)', () => {
  it('rebuilds any valid draft from its payload, filling id, time and version', () => {
    fc.assert(
      fc.property(arbitraryDraftEvent(), (draft) => {
        const { eventId, timestamp, schemaVersion: _v, ...init } = draft as Record<string, unknown>
        const made = createEvent(init as unknown as EventInit, {
          now: () => timestamp as number,
          newId: () => eventId as string,
        })
        const expected =
          draft.eventType === 'CreateShapeEvent'
            ? draft
            : Object.fromEntries(Object.entries(draft).filter(([k]) => k !== 'schemaVersion'))
        expect(made).toEqual(expected)
        expect(serializeEvent(made)).toBe(serializeEvent(expected as typeof made))
      }),
      propertyParameters,
    )
  })
})
