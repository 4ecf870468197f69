/**
 * Event ids: `newEventId` makes RFC 9562 UUIDv7 (timestamp, version, variant), strictly increasing
 * in generation order even within one millisecond and when the clock steps back; validation
 * accepts them next to the UUIDv4 ids of older logs.
 */
import { describe, expect, it } from 'vitest'
import { createEvent, isEventId, newEventId, parseDraftEvent } from '../src/index.ts'

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const documentId = '0f8fad5b-d9cb-469f-a165-70867728950e'

/** The Unix millisecond timestamp in a UUIDv7's first 48 bits. */
function timeOf(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)
}

describe('newEventId', () => {
  it('makes lower-case UUIDv7 carrying the current time', () => {
    const before = Date.now()
    const id = newEventId()
    expect(id).toMatch(UUID_V7)
    expect(isEventId(id)).toBe(true)
    expect(timeOf(id)).toBeGreaterThanOrEqual(before)
    expect(timeOf(id)).toBeLessThanOrEqual(Date.now())
    expect(timeOf(newEventId(0x0123_4567_89ab + 7))).toBeGreaterThanOrEqual(0x0123_4567_89ab)
  })

  it('is strictly increasing within one millisecond, past counter overflow and when the clock steps back', () => {
    const t = Date.now() + 60_000
    const ids = [
      ...Array.from({ length: 10_000 }, () => newEventId(t)),
      ...Array.from({ length: 100 }, () => newEventId(t - 5_000)),
    ]
    for (let i = 1; i < ids.length; i++) expect((ids[i - 1] as string) < (ids[i] as string)).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(UUID_V7)
    expect(timeOf(ids[0] as string)).toBe(t)
  })

  it('is what createEvent fills, and validation accepts v7 and v4 event ids alike', () => {
    const e = createEvent({ eventType: 'ClearSelectionEvent', documentId })
    expect(e.eventId).toMatch(UUID_V7)
    const v4 = { ...e, eventId: '7c9e6679-7425-40de-944b-e07fc1f90ae7' }
    expect(parseDraftEvent(v4).ok).toBe(true)
    expect(isEventId('7c9e6679-7425-80de-944b-e07fc1f90ae7')).toBe(false)
  })
})
