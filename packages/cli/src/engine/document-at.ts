/**
 * The document at a sequence of a stored log, through replay's time travel: from the newest
 * usable snapshot at or before it (or from the empty document with `useSnapshots: false`), plus
 * the events in between. Reports where it started, how many events it folded and how long it took.
 */
import { createHash } from 'node:crypto'
import type { DocumentStorage } from '@wiretuner/io-services'
import type { ReplayProblem } from '@wiretuner/replay'
import { initialState, TimeTravel } from '@wiretuner/replay/advanced'
import { type Document, serializeDocument } from '@wiretuner/vector-model'
import { CliError } from '../errors.js'

/** Events folded between two progress reports. */
const FOLD_CHUNK = 20_000

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
  options: {
    readonly useSnapshots?: boolean
    /** Called with (events folded, events to fold) between chunks of a long fold. */
    readonly onProgress?: (done: number, total: number) => void
  } = {},
): DocumentAtResult {
  const started = performance.now()
  const travel = new TimeTravel(storage, documentId)
  const base =
    options.useSnapshots === false
      ? { state: initialState(documentId), source: 'empty' as const, skippedSnapshots: [] }
      : travel.baseAtOrBefore(sequence, false)
  // Folded in chunks so a long replay can report progress; the result is the same fold.
  const total = sequence - base.state.sequence
  let state = base.state
  let eventsReplayed = 0
  const problems: ReplayProblem[] = []
  while (state.sequence < sequence) {
    const before = state.sequence
    const fold = travel.foldFrom(state, Math.min(sequence, state.sequence + FOLD_CHUNK))
    state = fold.state
    // a bounded fold always ends at its bound (missing rows are reported as a gap); should it
    // ever not, stop with a typed error rather than spin
    if (state.sequence <= before) {
      throw new CliError(
        'damaged-file',
        `replay made no progress after sequence ${before} (the log's rows or index are damaged; run validate)`,
      )
    }
    eventsReplayed += fold.eventsApplied
    problems.push(...fold.problems)
    options.onProgress?.(state.sequence - base.state.sequence, total)
  }
  return {
    document: state.document,
    sequence: state.sequence,
    snapshotSequence: base.source === 'snapshot' ? base.state.sequence : null,
    skippedSnapshots: base.skippedSnapshots.length,
    eventsReplayed,
    problems,
    ms: performance.now() - started,
  }
}

/** SHA-256 (hex) of the document's canonical serialization. */
export function documentHash(doc: Document): string {
  return createHash('sha256').update(serializeDocument(doc)).digest('hex')
}

/** {@link documentAt} with a progress bar (drawn only when allowed) while a long fold runs. */
export function documentAtWithProgress(
  storage: DocumentStorage,
  documentId: string,
  sequence: number,
  progress: (label: string, total: number) => { update(done: number): void; finish(): void },
  options: { readonly useSnapshots?: boolean } = {},
): DocumentAtResult {
  let bar: ReturnType<typeof progress> | undefined
  try {
    return documentAt(storage, documentId, sequence, {
      ...options,
      onProgress: (done, total) => {
        bar ??= progress('replaying events', total)
        bar.update(done)
      },
    })
  } finally {
    bar?.finish()
  }
}
