/**
 * Differential test of the compiled fast-path check and of the closure check (the cold tier): on
 * generated events and on every single-rule mutation of them, both agree with TypeBox's own
 * compiled validator of the same schema (an independent implementation of the same JSON Schema),
 * and with the issue walker.
 */
import fc from 'fast-check'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { closureCheck } from '../src/closure-check.ts'
import { compileCheck, isColour } from '../src/compile-check.ts'
import type { ValidationIssue } from '../src/index.ts'
import { parseEvent } from '../src/index.ts'
import { collectIssues } from '../src/issues.ts'
import { COLOUR_PATTERN, EVENT_ID_PATTERN, UUID_V4_PATTERN } from '../src/primitives.ts'
import { arbitraryEvent } from '../src/testing.ts'
import { isEventId, isUuidV4 } from '../src/uuid.ts'
import { enumerateMutations, schemaOf } from './mutations.ts'
import { propertyParameters } from './property-runs.ts'

type Check = (v: unknown) => boolean
const compiled = new Map<TSchema, { ours: Check; closures: Check; typebox: Check }>()
function checksOf(schema: TSchema) {
  let pair = compiled.get(schema)
  if (pair === undefined) {
    const validator = Compile(schema)
    pair = { ours: compileCheck(schema), closures: closureCheck(schema), typebox: (v) => validator.Check(v) }
    compiled.set(schema, pair)
  }
  return pair
}

describe('compileCheck', () => {
  it('agrees with TypeBox Compile and with the issue walker on events and their mutations', () => {
    fc.assert(
      fc.property(arbitraryEvent(), (event) => {
        const schema = schemaOf(event)
        const { ours, closures, typebox } = checksOf(schema)
        expect(ours(event)).toBe(true)
        expect(closures(event)).toBe(true)
        for (const mutation of enumerateMutations(event)) {
          const mutated = mutation.apply(event)
          if (mutation.path === '/eventType' || mutation.path === '/shapeType') continue // other schema
          const issues: ValidationIssue[] = []
          collectIssues(schema, mutated, '', issues)
          expect(ours(mutated), mutation.description).toBe(typebox(mutated))
          expect(ours(mutated), mutation.description).toBe(issues.length === 0)
          expect(closures(mutated), mutation.description).toBe(typebox(mutated))
        }
      }),
      { ...propertyParameters, numRuns: Math.max(20, Math.ceil((propertyParameters.numRuns ?? 100) / 2)) },
    )
  })

  it('never throws on arbitrary input, and a failure always lists at least one issue', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.jsonValue(),
          arbitraryEvent().map((e) => ({ ...e, extra: 1 })),
        ),
        (input) => {
          const result = parseEvent(input)
          if (!result.ok) expect(result.error.issues.length).toBeGreaterThan(0)
        },
      ),
      propertyParameters,
    )
  })

  it('counts string lengths in code points', () => {
    const event = {
      eventType: 'UndoEvent',
      eventId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      eventSequence: 0,
      timestamp: 1,
      documentId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    }
    expect(parseEvent({ ...event, groupId: '😀'.repeat(128) }).ok).toBe(true)
    expect(parseEvent({ ...event, groupId: '😀'.repeat(129) }).ok).toBe(false)
    expect(parseEvent({ ...event, groupId: '\ud800' }).ok).toBe(true)
  })

  it('rejects a key present with the value undefined, naming it', () => {
    const event = {
      eventType: 'UndoEvent',
      eventId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      eventSequence: 0,
      timestamp: 1,
      documentId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      groupId: 'g',
      userId: undefined,
    }
    const result = parseEvent(event)
    expect(!result.ok && result.error.issues.map((i) => `${i.path} ${i.rule}`)).toEqual(['/userId type'])
  })
})

describe.each([
  { name: 'isUuidV4', check: isUuidV4, pattern: new RegExp(UUID_V4_PATTERN) },
  { name: 'isEventId', check: isEventId, pattern: new RegExp(EVENT_ID_PATTERN) },
])('$name', ({ check, pattern }) => {
  it('agrees with its pattern', () => {
    const near = fc
      .tuple(
        fc.uuid(),
        fc.nat({ max: 35 }),
        fc.constantFrom('0', '4', '7', '8', 'a', 'f', 'g', 'A', '-', '\u00e9'),
      )
      .map(([u, i, c]) => u.slice(0, i) + c + u.slice(i + 1))
    fc.assert(
      fc.property(
        fc.oneof(fc.uuid(), fc.uuid({ version: 4 }), fc.uuid({ version: 7 }), near, fc.string()),
        (s) => {
          expect(check(s)).toBe(pattern.test(s))
        },
      ),
      propertyParameters,
    )
  })
})

describe('isColour', () => {
  const pattern = new RegExp(COLOUR_PATTERN)
  it('agrees with the colour pattern', () => {
    const hex = fc.constantFrom(...'0123456789abcdefABCDEFgG#-\u00e9 ')
    const near = fc.array(hex, { minLength: 5, maxLength: 8 }).map((cs) => `#${cs.join('')}`)
    fc.assert(
      fc.property(fc.oneof(near, fc.string({ maxLength: 8 })), (s) => {
        expect(isColour(s)).toBe(pattern.test(s))
      }),
      propertyParameters,
    )
    for (const s of ['#a1B2c3', '#000000', '#FFFFFF', '#ffff', '#fffffff', 'ffffff#', '#ggggg0']) {
      expect(isColour(s)).toBe(pattern.test(s))
    }
  })
})
