/**
 * The bridge to `@wiretuner/event-schema`: validates and canonicalizes events on their way into
 * the log, and parses, upcasts and checks stored rows on their way out. Both stores use it, so
 * they accept, store and read back exactly the same things.
 */
import {
  type DraftEvent,
  isWireTunerEvent,
  parseEvent,
  serializeValidDraft,
  validateDraftEvent,
  type WireTunerEvent,
} from '@wiretuner/event-schema'
import { duplicateEventId } from './checks.js'
import { StorageError } from './errors.js'
import type { AppendResult, ReadEventItem, ReadInvalidItem } from './types.js'

/** A validated batch ready to store: the events and their canonical JSON. */
export interface PreparedAppend {
  /** Sequence of the first event; event `i` is stored at `first + i`. */
  readonly first: number
  /**
   * The validated input objects, as given (not copied: their `eventSequence` may be absent; the
   * stored one is `first + i`, written into the payload by the serializer). Row columns only.
   */
  readonly events: readonly DraftEvent[]
  /** Canonical JSON of each event: what is stored and what a read parses. */
  readonly payloads: readonly string[]
}

/**
 * The {@link AppendResult} of a stored batch. Its `events` are parsed from the stored canonical
 * JSON on first access (so they equal what a read returns, e.g. -0 stored as 0) — lazily, so an
 * append whose caller does not look at them pays nothing for it.
 */
export function appendResult(first: number, prepared: PreparedAppend): AppendResult {
  let events: readonly WireTunerEvent[] | undefined
  return {
    firstSequence: first,
    nextSequence: first + prepared.payloads.length,
    get events(): readonly WireTunerEvent[] {
      events ??= prepared.payloads.map((p) => JSON.parse(p) as WireTunerEvent)
      return events
    },
  }
}

function invalid(
  documentId: string,
  index: number,
  sequence: number,
  type: unknown,
  reason: string,
  cause?: unknown,
): StorageError {
  const eventType = typeof type === 'string' ? type.slice(0, 80) : '(no eventType)'
  return new StorageError(
    'invalid-event',
    `append to document ${documentId}: event #${index} (${eventType}, would be sequence ${sequence}) ${reason}`,
    { cause, details: { documentId, index, sequence, eventType } },
  )
}

/**
 * Validates every draft of a batch and gives each its sequence (`first + i`). Throws
 * `invalid-event` (naming the event and every broken rule) or `duplicate-event-id` (same id twice
 * in the batch); nothing is written by the caller when this throws.
 */
export function prepareAppend(
  documentId: string,
  drafts: readonly DraftEvent[],
  first: number,
): PreparedAppend {
  if (!Array.isArray(drafts)) {
    throw new StorageError('invalid-argument', `append to document ${documentId}: events must be an array`)
  }
  const events: DraftEvent[] = []
  const payloads: string[] = []
  // In-batch duplicate ids. Ids in strictly increasing order (one generator's time-ordered v7
  // ids) are all distinct, so the Set is built only at the first id that breaks the order, from
  // the ids before it (those of `events`): the same first repeated id is found as with a Set
  // from the start.
  let previous = ''
  let ids: Set<string> | undefined
  for (let i = 0; i < drafts.length; i++) {
    const draft: unknown = drafts[i]
    const sequence = first + i
    if (typeof draft !== 'object' || draft === null || Array.isArray(draft)) {
      throw invalid(documentId, i, sequence, undefined, 'is not an object')
    }
    const record = draft as Record<string, unknown>
    if (record.eventSequence !== undefined && record.eventSequence !== sequence) {
      throw invalid(
        documentId,
        i,
        sequence,
        record.eventType,
        `carries eventSequence ${String(record.eventSequence)}, but it will be stored at ${sequence}`,
      )
    }
    if (record.documentId !== documentId) {
      throw invalid(
        documentId,
        i,
        sequence,
        record.eventType,
        `belongs to document ${String(record.documentId)}`,
      )
    }
    // One pass checks the draft as it is (its eventSequence, if any, was checked above) and
    // writes its canonical text at its sequence: no per-event copy, each field read once.
    const payload = serializeValidDraft(record, sequence)
    if (payload === undefined) {
      const parsed = validateDraftEvent(record)
      throw invalid(
        documentId,
        i,
        sequence,
        record.eventType,
        parsed.ok
          ? 'is invalid: rejected by serializeValidDraft although validateDraftEvent accepts it'
          : `is invalid: ${parsed.error.message}`,
        parsed.ok ? undefined : parsed.error,
      )
    }
    const eventId = record.eventId as string
    if (ids === undefined && (i === 0 || eventId > previous)) previous = eventId
    else {
      ids ??= new Set(events.map((e) => e.eventId))
      if (ids.has(eventId)) throw duplicateEventId(eventId, 'appears twice in the batch')
      ids.add(eventId)
    }
    events.push(draft as DraftEvent)
    payloads.push(payload)
  }
  return { first, events, payloads }
}

/**
 * Parses one stored row: JSON, event-schema validation and upcasting, and agreement between the
 * payload and the row (sequence, document, type). Never throws: a bad row is an `invalid` item.
 */
export function decodeStoredEvent(
  documentId: string,
  sequence: number,
  eventType: string,
  payload: string,
): ReadEventItem | ReadInvalidItem {
  let value: unknown
  try {
    value = JSON.parse(payload)
  } catch (error) {
    const reason = `payload is not valid JSON (${error instanceof Error ? error.message : String(error)})`
    return { kind: 'invalid', sequence, eventType, reason, payload }
  }
  let event: WireTunerEvent
  // The common case, a valid current-form event, without a parse result; parseEvent upcasts older
  // forms or lists the problems (same outcome as calling it first: it validates the same way).
  if (isWireTunerEvent(value)) event = value
  else {
    const parsed = parseEvent(value)
    if (!parsed.ok) return { kind: 'invalid', sequence, eventType, reason: parsed.error.message, payload }
    event = parsed.value
  }
  let reason: string | undefined
  if (event.eventSequence !== sequence)
    reason = `payload eventSequence ${event.eventSequence} differs from the row's ${sequence}`
  else if (event.documentId !== documentId)
    reason = `payload documentId ${event.documentId} differs from the row's ${documentId}`
  else if (event.eventType !== eventType)
    reason = `payload eventType ${event.eventType} differs from the row's ${eventType}`
  if (reason !== undefined) return { kind: 'invalid', sequence, eventType, reason, payload }
  return { kind: 'event', sequence, event }
}
