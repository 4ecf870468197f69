/**
 * The event factory for application code: fills `eventId` (a fresh UUIDv7), `timestamp` (Unix
 * ms) and the type's current `schemaVersion` where needed, and validates the result. Clock and id
 * source are injectable for tests and replays.
 */

import type { EventType } from './catalog.js'
import { CREATE_SHAPE_SCHEMA_VERSION, canonicalKeys } from './catalog.js'
import { EventSchemaError } from './errors.js'
import { newEventId } from './event-id.js'
import type { DraftEvent, EventInit, EventOfType } from './types.js'
import { validateDraftEvent } from './validate.js'

/**
 * The draft: `source` with `filled` applied, keys in canonical order (objects of one hidden class
 * per type validate and serialize fastest, and read well). Keys outside the catalog are kept (by
 * a plain copy) so that validation reports them.
 */
function build(source: Record<string, unknown>, filled: Record<string, unknown>): Record<string, unknown> {
  const keys = canonicalKeys(source.eventType, source.shapeType)
  if (keys !== undefined) {
    const draft: Record<string, unknown> = {}
    let copied = 0
    for (const key of keys) {
      const given = source[key]
      if (given !== undefined || Object.hasOwn(source, key)) copied++
      const value = Object.hasOwn(filled, key) ? filled[key] : given
      if (value !== undefined) draft[key] = value
    }
    if (copied === Object.keys(source).length) return draft
  }
  return { ...source, ...filled }
}

/** Sources the factory draws from. */
export interface EventFactoryOptions {
  /** Current time in Unix milliseconds (default `Date.now`). */
  readonly now?: (() => number) | undefined
  /** A new event id, a lower-case UUIDv7 or v4 (default {@link newEventId}, time-ordered v7). */
  readonly newId?: (() => string) | undefined
}

/** Creates draft events; see {@link createEvent}. */
export type EventFactory = <T extends EventType>(init: EventInitOf<T>) => DraftEvent<EventOfType<T>>

/**
 * `createEvent`'s input for event type `T`: {@link EventInit} narrowed by `eventType`, so that
 * object literals get excess-property and per-type checks.
 */
export type EventInitOf<T extends EventType> = EventInit<EventOfType<T>> & { readonly eventType: T }

/**
 * Builds a validated draft event from `init`: `eventId` and `timestamp` are filled unless given,
 * `CreateShapeEvent` gets `schemaVersion: 2`, `eventSequence` is left to the store, keys come
 * out in canonical order and keys whose value is `undefined` are left out. Throws
 * `EventSchemaError` (`invalid-event`, with every issue) when the result is not a valid event:
 * that is a programming error in the caller.
 */
export function createEvent<T extends EventType>(
  init: EventInitOf<T>,
  options: EventFactoryOptions = {},
): DraftEvent<EventOfType<T>> {
  const source = init as Record<string, unknown>
  const filled: Record<string, unknown> = {
    eventId: source.eventId ?? (options.newId === undefined ? newEventId() : options.newId()),
    timestamp: source.timestamp ?? (options.now ?? Date.now)(),
  }
  if (source.eventType === 'CreateShapeEvent') filled.schemaVersion = CREATE_SHAPE_SCHEMA_VERSION
  const result = validateDraftEvent(build(source, filled))
  if (!result.ok) {
    throw new EventSchemaError(result.error.code, `createEvent: ${result.error.message}`, {
      issues: result.error.issues,
    })
  }
  return result.value as DraftEvent<EventOfType<T>>
}

/** A factory with fixed sources (clock, id generator), e.g. a deterministic one for tests. */
export function createEventFactory(options: EventFactoryOptions = {}): EventFactory {
  // Same signature as createEvent minus the options; the cast skips a costly generic-signature
  // comparison that would slow down type-checking for every importer.
  const create = (init: EventInitOf<EventType>) => createEvent(init, options)
  return create as unknown as EventFactory
}
