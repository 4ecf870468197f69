/**
 * The two tiers of validation: closures for the first COMPILE_AFTER calls of a check, generated
 * code after; the answers do not change at the switch. (Without code generation the closure
 * check is the whole check: see no-code-generation.test.ts, which runs past the switch in a
 * process that refuses code generation.)
 */
import type { TSchema } from 'typebox'
import { describe, expect, it } from 'vitest'
import { EVENT_SCHEMAS } from '../src/catalog.ts'
import { COMPILE_AFTER, tieredCheck } from '../src/tiered-check.ts'

const schema = EVENT_SCHEMAS.MoveObjectEvent as TSchema
const event = {
  eventType: 'MoveObjectEvent',
  eventId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  eventSequence: 3,
  timestamp: 1700000000000,
  documentId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  objectIds: ['a'],
  delta: { x: 1, y: -0 },
}
const broken = [
  { ...event, delta: { x: 'no', y: 0 } },
  { ...event, eventId: event.eventId.toUpperCase() },
  { ...event, objectIds: [] },
  { ...event, extra: 1 },
]

describe('tieredCheck', () => {
  it('gives the same answers before and after it switches to generated code', () => {
    const check = tieredCheck(schema)
    for (let i = 0; i < COMPILE_AFTER + 10; i++) {
      expect(check(event)).toBe(true)
      for (const value of broken) expect(check(value)).toBe(false)
    }
  })
})
