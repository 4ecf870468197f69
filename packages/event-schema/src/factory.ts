/**
 * The event factory for application code: fills `eventId` (a fresh UUIDv4), `timestamp` (Unix
 * ms) and the type's current `schemaVersion` where needed, and validates the result. Clock and id
 * source are injectable for tests and replays.
 */

import type { EventType } from './catalog.js'
import { CREATE_SHAPE_SCHEMA_VERSION } from './catalog.js'
import { EventSchemaError } from './errors.js'
import type { DraftEvent, EventInit, EventOfType } from './types.js'
import { validateDraftEvent } from './validate.js'

/** A fresh lower-case UUIDv4 from the Web Crypto API (Node ≥ 19 and browsers alike). */
function randomUUID(): string {
  return globalThis.crypto.randomUUID()
}

/** Sources the factory draws from. */
export interface EventFactoryOptions {
  /** Current time in Unix milliseconds (default `Date.now`). */
  readonly now?: (() => number) | undefined
  /** A new lower-case UUIDv4 (default `globalThis.crypto.randomUUID`). */
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
 * `CreateShapeEvent` gets `schemaVersion: 2`, `eventSequence` is left to the store. Throws
 * `EventSchemaError` (`invalid-event`, with every issue) when the result is not a valid event:
 * that is a programming error in the caller.
 */
export function createEvent<T extends EventType>(
  init: EventInitOf<T>,
  options: EventFactoryOptions = {},
): DraftEvent<EventOfType<T>> {
  const source = init as Record<string, unknown>
  const draft: Record<string, unknown> = { ...source }
  if (draft.eventId === undefined) draft.eventId = (options.newId ?? randomUUID)()
  if (draft.timestamp === undefined) draft.timestamp = (options.now ?? Date.now)()
  if (source.eventType === 'CreateShapeEvent') draft.schemaVersion = CREATE_SHAPE_SCHEMA_VERSION
  const result = validateDraftEvent(draft)
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
