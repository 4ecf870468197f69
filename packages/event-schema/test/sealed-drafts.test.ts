/**
 * Tests of sealed drafts (`createEvent`, `parseDraftEvent`): deep-frozen copies that later
 * validations and `serializeEvent` take without a second pass. They must give exactly the bytes
 * of the generic serializer, never be changed behind the registry's back, and leave every other
 * object (spread copies, mutated copies, drafts with `eventSequence`) to the full validation.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createEvent,
  type DraftEvent,
  isDraftEvent,
  parseDraftEvent,
  serializeEvent,
  validateDraftEvent,
} from '../src/index.ts'
import { isSealedDraft } from '../src/sealed-store.ts'
import { interpretedSerializer, serializationSchemaFor } from '../src/serialize.ts'
import { arbitraryDraftEvent } from '../src/testing.ts'
import { propertyParameters } from './property-runs.ts'

const documentId = '0f8fad5b-d9cb-469f-a165-70867728950e'

/** The generic (interpreted) serializer's text, which never looks at the sealed registry. */
function generic(draft: DraftEvent, sequence?: number): string {
  const key = draft.eventType === 'CreateShapeEvent' ? draft.shapeType : draft.eventType
  const schema = serializationSchemaFor(key)
  if (schema === undefined) throw new Error(`no schema for ${key}`)
  return interpretedSerializer(schema)(draft, sequence)
}

/** Every object reachable from `value` is frozen. */
function deepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true
  return Object.isFrozen(value) && Object.values(value).every(deepFrozen)
}

/** A deep, unsealed, mutable copy. */
function thaw<T>(value: T): T {
  return structuredClone(value)
}

describe('sealed drafts', () => {
  it('createEvent returns a deep-frozen sealed copy and leaves the caller’s objects alone', () => {
    const position = { x: 1.5, y: -0 }
    const init = {
      eventType: 'AddAnchorEvent',
      documentId,
      pathId: 'p',
      position,
      anchorType: 'line',
    } as const
    const draft = createEvent(init)
    expect(isSealedDraft(draft)).toBe(true)
    expect(deepFrozen(draft)).toBe(true)
    expect(Object.isFrozen(position)).toBe(false)
    expect(draft.position).not.toBe(position)
    expect(draft).toEqual({ ...init, eventId: draft.eventId, timestamp: draft.timestamp })
    expect(() => {
      ;(draft as { pathId: string }).pathId = 'q'
    }).toThrow(TypeError)
    expect(() => {
      ;(draft.position as { x: number }).x = Number.NaN
    }).toThrow(TypeError)
    expect(serializeEvent(draft, 7)).toBe(generic(draft, 7))
  })

  it('serialize exactly as the generic serializer, with and without a sequence', () => {
    fc.assert(
      fc.property(arbitraryDraftEvent(), fc.nat(2 ** 40), (input, sequence) => {
        const { eventSequence: _drop, ...draft } = input
        const parsed = parseDraftEvent(draft)
        if (!parsed.ok) throw parsed.error
        const sealed = parsed.value
        expect(isSealedDraft(sealed)).toBe(true)
        expect(deepFrozen(sealed)).toBe(true)
        expect(sealed).toEqual(draft)
        expect(serializeEvent(sealed)).toBe(generic(draft))
        expect(serializeEvent(sealed, sequence)).toBe(generic(draft, sequence))
        expect(serializeEvent(sealed, sequence)).toBe(serializeEvent(thaw(draft), sequence))
        // a sequence that is not a safe integer takes the generic serializer too
        expect(serializeEvent(sealed, 2 ** 53)).toBe(generic(draft, 2 ** 53))
        // sealing is idempotent: an already sealed draft is returned as it is
        const again = parseDraftEvent(sealed)
        expect(again.ok && again.value).toBe(sealed)
      }),
      propertyParameters,
    )
  })

  it('leave copies to the full validation: a broken copy is refused with the usual error', () => {
    const draft = createEvent({
      eventType: 'MoveObjectEvent',
      documentId,
      objectIds: ['a'],
      delta: { x: 1, y: 2 },
    })
    const copy = { ...draft }
    expect(isSealedDraft(copy)).toBe(false)
    expect(validateDraftEvent(copy).ok).toBe(true)
    const broken = thaw(draft) as unknown as { delta: { x: unknown } }
    broken.delta.x = 'far'
    const never = JSON.parse(JSON.stringify(broken)) as unknown
    const a = validateDraftEvent(broken)
    const b = validateDraftEvent(never)
    expect(a.ok).toBe(false)
    expect(isDraftEvent(broken)).toBe(false)
    if (a.ok || b.ok) throw new Error('expected failures')
    expect(a.error.code).toBe('invalid-event')
    expect(a.error.message).toBe(b.error.message)
    expect(a.error.message).toContain('/delta/x')
    expect(parseDraftEvent(broken).ok).toBe(false)
  })

  it('leave drafts that carry eventSequence unsealed (the store numbers events)', () => {
    const draft = createEvent({ eventType: 'UndoEvent', documentId, groupId: 'g', eventSequence: 3 })
    expect(isSealedDraft(draft)).toBe(false)
    const parsed = parseDraftEvent(draft)
    expect(parsed.ok && parsed.value).toBe(draft)
    expect(serializeEvent(draft, 3)).toBe(generic(draft, 3))
  })
})
