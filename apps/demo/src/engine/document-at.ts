/**
 * The document at a sequence of a stored log, through replay's time travel: from the newest
 * usable snapshot at or before it (or from the empty document with `useSnapshots: false`), plus
 * the events in between. Reports where it started, how many events it folded and how long it took.
 */
import { createHash } from 'node:crypto'
import type { DocumentStorage } from '@wiretuner/io-services'
import { initialState, type ReplayProblem, TimeTravel } from '@wiretuner/replay'
import { type Document, serializeDocument } from '@wiretuner/vector-model'

/** The result of {@link documentAt}. */
export interface DocumentAtResult {
  readonly document: Document
  readonly sequence: number
  /** Sequence of the snapshot the fold started from, or null (full replay). */
  readonly snapshotSequence: number | null
  /** Newer snapshots skipped because they failed their checks. */
  readonly skippedSnapshots: number
  readonly eventsReplayed: number
  readonly problems: readonly ReplayProblem[]
  readonly ms: number
}

/** Folds the document after event `sequence` (which must be within the log). */
export function documentAt(
  storage: DocumentStorage,
  documentId: string,
  sequence: number,
  options: { readonly useSnapshots?: boolean } = {},
): DocumentAtResult {
  const started = performance.now()
  const travel = new TimeTravel(storage, documentId)
  const base =
    options.useSnapshots === false
      ? { state: initialState(documentId), source: 'empty' as const, skippedSnapshots: [] }
      : travel.baseAtOrBefore(sequence, false)
  const fold = travel.foldFrom(base.state, sequence)
  return {
    document: fold.state.document,
    sequence: fold.state.sequence,
    snapshotSequence: base.source === 'snapshot' ? base.state.sequence : null,
    skippedSnapshots: base.skippedSnapshots.length,
    eventsReplayed: fold.eventsApplied,
    problems: fold.problems,
    ms: performance.now() - started,
  }
}

/** SHA-256 (hex) of the document's canonical serialization. */
export function documentHash(doc: Document): string {
  return createHash('sha256').update(serializeDocument(doc)).digest('hex')
}
