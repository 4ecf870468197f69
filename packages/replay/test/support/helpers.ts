/**
 * Test helpers: storing a generated log, folding it from scratch, and comparing states by their
 * deterministic bytes (document) and history metadata.
 */
import type { WireTunerEvent } from '@wiretuner/event-schema'
import type { DocumentStorage } from '@wiretuner/io-services'
import { serializeDocument } from '@wiretuner/vector-model'
import { foldEvents } from '../../src/fold.js'
import { initialState, type ReplayState } from '../../src/state.js'

/** Number of fast-check runs (env `WT_PROPERTY_RUNS` raises it). */
export const RUNS = Number(
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.WT_PROPERTY_RUNS ??
    100,
)

/** Creates the document and appends the whole log (in chunks). */
export function storeLog(storage: DocumentStorage, events: readonly WireTunerEvent[]): void {
  const first = events[0]
  if (first === undefined) return
  if (storage.getMetadata(first.documentId) === undefined) {
    storage.createDocument({ documentId: first.documentId, title: 'Simulated' })
  }
  for (let i = 0; i < events.length; i += 5_000) {
    storage.append(first.documentId, events.slice(i, i + 5_000), { expectedSequence: i })
  }
}

/** The state after folding `events` from the empty document. */
export function fullFold(events: readonly WireTunerEvent[], documentId?: string): ReplayState {
  const id = documentId ?? events[0]?.documentId ?? '00000000-0000-4000-8000-000000000000'
  return foldEvents(initialState(id), events).state
}

/** Deterministic bytes of a state's document. */
export function docBytes(state: ReplayState | { readonly document: ReplayState['document'] }): string {
  return serializeDocument(state.document)
}

/** History metadata (what snapshots keep) in comparable form. */
export function historyShape(state: ReplayState): unknown {
  const row = (g: { groupId: string; label: string; firstSequence: number; lastSequence: number }) =>
    `${g.groupId}|${g.label}|${g.firstSequence}|${g.lastSequence}`
  return {
    undo: state.history.undoStack.map(row),
    redo: state.history.redoStack.map(row),
    open: state.history.openGroupId,
    pending: state.history.pendingLabel,
  }
}

/**
 * An event factory for hand-written logs of `documentId`: each call gives the next event, with
 * sequence, id and timestamp numbered from 0 (the fields given are not validated).
 */
export function eventBuilder(documentId: string): (fields: Record<string, unknown>) => WireTunerEvent {
  let seq = 0
  return (fields) =>
    ({
      ...fields,
      eventId: `00000000-0000-4000-8000-${seq.toString(16).padStart(12, '0')}`,
      documentId,
      timestamp: 1_700_000_000_000 + seq,
      eventSequence: seq++,
    }) as unknown as WireTunerEvent
}

/** A deterministic lower-case UUIDv4 from a counter and a tag (document ids of generated logs). */
export function fakeUuid(n: number, tag = 0): string {
  const hex = n.toString(16).padStart(12, '0').slice(-12)
  return `${(tag >>> 0).toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`
}
