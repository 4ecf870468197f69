/**
 * `prepareAppend`'s in-batch duplicate check (event-codec.ts): ids in increasing order skip the
 * Set until one breaks the order. Property: on any order of ids drawn from a small pool, it
 * refuses exactly the first id that repeats an earlier one (as a Set from the start does), with
 * the same error, and otherwise keeps every event and payload in order.
 */
import type { DraftEvent } from '@wiretuner/event-schema'
import { newEventId, serializeEvent } from '@wiretuner/event-schema'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { StorageError } from '../src/errors.js'
import { prepareAppend } from '../src/event-codec.js'
import { draft, PROPERTY_RUNS } from './helpers.js'

const DOC = '99999999-9999-4999-8999-999999999999'
/** Increasing v7 ids (one generator) and two v4 ids that sort anywhere. */
const POOL = [
  ...Array.from({ length: 6 }, () => newEventId()),
  '0a1b2c3d-0000-4000-8000-000000000000',
  'ffffffff-0000-4000-8000-000000000000',
]

/** The first repeated id, found with a Set from the start (the reference). */
function firstRepeat(ids: readonly string[]): string | undefined {
  const seen = new Set<string>()
  for (const id of ids) {
    if (seen.has(id)) return id
    seen.add(id)
  }
  return undefined
}

describe('prepareAppend: duplicate ids within a batch', () => {
  it('refuses the first repeated id exactly as a Set from the start would', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(POOL.length - 1), { maxLength: 12 }), fc.boolean(), (picks, sorted) => {
        const ids = picks.map((k) => POOL[k] as string)
        if (sorted) ids.sort()
        const batch: DraftEvent[] = ids.map((eventId) => ({ ...draft(DOC), eventId }))
        const repeated = firstRepeat(ids)
        if (repeated === undefined) {
          const prepared = prepareAppend(DOC, batch, 5)
          expect(prepared.events).toEqual(batch)
          expect(prepared.payloads).toEqual(batch.map((e, i) => serializeEvent(e, 5 + i)))
          return
        }
        let error: unknown
        try {
          prepareAppend(DOC, batch, 5)
        } catch (e) {
          error = e
        }
        expect(error).toBeInstanceOf(StorageError)
        expect((error as StorageError).code).toBe('duplicate-event-id')
        expect((error as StorageError).message).toBe(`eventId ${repeated} appears twice in the batch`)
        expect((error as StorageError).details).toEqual({ eventId: repeated })
      }),
      { numRuns: PROPERTY_RUNS * 4 },
    )
  })

  it('accepts a long increasing run, and refuses a repeat after it or after a step back', () => {
    const ids = Array.from({ length: 300 }, () => newEventId())
    const batch = (order: readonly string[]) => order.map((eventId) => ({ ...draft(DOC), eventId }))
    expect(prepareAppend(DOC, batch(ids), 0).payloads).toHaveLength(300)
    const repeat = [...ids, ids[17] as string]
    expect(() => prepareAppend(DOC, batch(repeat), 0)).toThrow(
      `eventId ${ids[17]} appears twice in the batch`,
    )
    const back = [...ids.slice(0, 100), ids[250] as string, ...ids.slice(100, 200), ids[250] as string]
    expect(() => prepareAppend(DOC, batch(back), 0)).toThrow(`eventId ${ids[250]} appears twice in the batch`)
    const shuffled = [...ids].reverse()
    expect(prepareAppend(DOC, batch(shuffled), 0).events.map((e) => e.eventId)).toEqual(shuffled)
  })
})
