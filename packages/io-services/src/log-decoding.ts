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

/** Streams `rows` (sorted by sequence, starting at or after `from`) as read items. */
export function* decodeRows(
  documentId: string,
  rows: Iterable<StoredRow>,
  from: number,
): Generator<ReadItem> {
  let expected = from
  for (const row of rows) {
    const sequence = row.event_sequence
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
}
