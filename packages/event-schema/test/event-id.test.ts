/**
 * Event ids: `newEventId` makes RFC 9562 UUIDv7 (timestamp, version, variant), strictly increasing
 * in generation order even within one millisecond and when the clock steps back; validation
 * accepts them next to the UUIDv4 ids of older logs. The random bits come from the random-byte
 * source (`setRandomByteSource`, Web Crypto by default): its bytes land in the id, a failing
 * source is a typed error, a bad one is refused.
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  createEvent,
  EventSchemaError,
  getRandomByteSource,
  isEventId,
  newEventId,
  parseDraftEvent,
  type RandomByteSource,
  setRandomByteSource,
} from '../src/index.ts'

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

describe('setRandomByteSource', () => {
  afterEach(() => {
    setRandomByteSource(undefined)
  })

  it("puts the source's bytes in the random fields, with the version and variant bits set", () => {
    const calls: number[] = []
    const source: RandomByteSource = (target) => {
      calls.push(target.length)
      target.fill(0xff)
    }
    expect(setRandomByteSource(source)).toBeUndefined()
    expect(getRandomByteSource()).toBe(source)
    const id = newEventId(Date.now() + 7_200_000) // a later millisecond: the counter start is drawn
    // counter 0x7ff (3 random bits + 8), variant 10 + 6 random bits, then all-ones bytes
    expect(id.slice(14)).toBe('77ff-bfff-ffffffffffff')
    expect(calls).toEqual([4096])
    for (let i = 0; i < 600; i++) newEventId() // 600 ids draw 4,800+ bytes: more than one pool
    expect(calls).toEqual([4096, 4096])
  })

  it('draws different random bits for every id from the default (Web Crypto)', () => {
    expect(getRandomByteSource()).toBeUndefined()
    const t = Date.now() + 10_800_000
    const tails = new Set(Array.from({ length: 1000 }, () => newEventId(t).slice(19)))
    expect(tails.size).toBe(1000)
  })

  it('discards bytes drawn from the previous source, and returns the previous source', () => {
    const zeros: RandomByteSource = (target) => target.fill(0)
    const ones: RandomByteSource = (target) => target.fill(0xff)
    setRandomByteSource(zeros)
    expect(newEventId().slice(24)).toBe('000000000000')
    expect(setRandomByteSource(ones)).toBe(zeros)
    expect(newEventId().slice(24)).toBe('ffffffffffff')
  })

  it('reports a source that throws as random-source-failed, with its error as the cause', () => {
    const broken = new Error('device gone')
    setRandomByteSource(() => {
      throw broken
    })
    let caught: unknown
    try {
      createEvent({ eventType: 'ClearSelectionEvent', documentId })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(EventSchemaError)
    expect((caught as EventSchemaError).code).toBe('random-source-failed')
    expect((caught as EventSchemaError).message).toBe(
      'newEventId: the random byte source failed to fill 4096 bytes: device gone',
    )
    expect((caught as EventSchemaError).cause).toBe(broken)
  })

  it('refuses a source that is not a function, and keeps the current one', () => {
    const ok: RandomByteSource = (target) => globalThis.crypto.getRandomValues(target)
    setRandomByteSource(ok)
    for (const bad of [null, 42, 'urandom', {}]) {
      expect(() => setRandomByteSource(bad as never)).toThrow(
        expect.objectContaining({
          code: 'invalid-argument',
          message: expect.stringMatching(/must be a function/),
        }),
      )
    }
    expect(getRandomByteSource()).toBe(ok)
  })
})
