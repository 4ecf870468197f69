/**
 * Turns stored log rows into {@link ReadItem}s, lazily and in order: each row is parsed and
 * validated on its own, missing sequences become `gap` items and a repeated sequence becomes an
 * `invalid` item, so a damaged log is reported precisely and never stops the stream.
 * Shared by the SQLite and in-memory stores so both read identically.
 */
import { decodeStoredEvent } from './event-codec.js'
import type { ReadItem } from './types.js'

/** One stored row as both stores keep it. */
export interface StoredRow {
  readonly event_sequence: number
  readonly event_type: string
  readonly event_payload: string
}

/**
 * Streams `rows` (sorted by sequence, starting at or after `from`) as read items. A failure of
 * the row source itself (e.g. SQLite meeting a damaged page) cannot be skipped: it goes through
 * `mapError` (to a typed error) and ends the stream. Stopping early releases the source.
 */
export function* decodeRows(
  documentId: string,
  rows: Iterable<StoredRow>,
  from: number,
  mapError: (error: unknown) => unknown = (error) => error,
): Generator<ReadItem> {
  let expected = from
  const iterator = rows[Symbol.iterator]()
  try {
    for (;;) {
      let next: IteratorResult<StoredRow>
      try {
        next = iterator.next()
      } catch (error) {
        throw mapError(error)
      }
      if (next.done === true) return
      const row = next.value
      const sequence = row.event_sequence
      if (!Number.isSafeInteger(sequence)) {
        // a row edited behind the engine's back (2998.5): reported, never a gap or a new position
        yield {
          kind: 'invalid',
          sequence,
          eventType: row.event_type,
          reason: `sequence ${sequence} is not an integer`,
          payload: row.event_payload,
        }
        continue
      }
      if (sequence < expected) {
        yield {
          kind: 'invalid',
          sequence,
          eventType: row.event_type,
          reason: `duplicate sequence ${sequence} (already read)`,
          payload: row.event_payload,
        }
        continue
      }
      if (sequence > expected) yield { kind: 'gap', from: expected, to: sequence - 1 }
      expected = sequence + 1
      yield decodeStoredEvent(documentId, sequence, row.event_type, row.event_payload)
    }
  } finally {
    iterator.return?.()
  }
}

/**
 * The `userId` of a stored payload when it is a string, without validating the event (see
 * `EventStore.eventUserId`); `undefined` for a payload that is not JSON or has none.
 */
export function payloadUserId(payload: string): string | undefined {
  try {
    const userId = (JSON.parse(payload) as { readonly userId?: unknown } | null)?.userId
    return typeof userId === 'string' ? userId : undefined
  } catch {
    return undefined
  }
}
