/**
 * The two halves of a session's dispatch around the append: checking drafts against the current
 * state (each one valid, of this document, and applicable in order; the states at cadence points
 * kept for snapshots) and turning a refused append into the session's error. Nothing here writes.
 */
import {
  createEvent,
  type DraftEvent,
  type EventInit,
  EventSchemaError,
  parseDraftEvent,
  type WireTunerEvent,
} from '@wiretuner/event-schema'
import { isStorageError } from '@wiretuner/io-services'
import { ReplayError, type ReplayErrorCode } from './errors.js'
import { Folder, type FoldOptions } from './fold.js'
import type { SessionEventInit } from './session-options.js'
import type { ReplayProblem, ReplayState, UndoConflict } from './state.js'

/** What {@link sessionEvent} fills in: the document, the author and the clock and id source. */
export interface SessionEventContext {
  readonly documentId: string
  readonly userId?: string | undefined
  readonly sessionId?: string | undefined
  readonly now: () => number
  readonly newId: () => string
}

/**
 * A draft event of a session (or of anything that records like one): `init` with the document id
 * (unless given) and the author fields filled in, through event-schema's `createEvent`; a refused
 * init is a `ReplayError` `invalid-event` carrying event-schema's message.
 */
export function sessionEvent(init: SessionEventInit, context: SessionEventContext): DraftEvent {
  const full = {
    ...(context.userId === undefined ? {} : { userId: context.userId }),
    ...(context.sessionId === undefined ? {} : { sessionId: context.sessionId }),
    ...init,
    documentId: init.documentId ?? context.documentId,
  } as EventInit
  try {
    return createEvent(full, { now: context.now, newId: context.newId })
  } catch (cause) {
    // event-schema's createEvent already names itself in its message: keep it as it is
    const message =
      cause instanceof EventSchemaError ? cause.message : `createEvent: ${(cause as Error).message}`
    throw new ReplayError('invalid-event', message, { cause })
  }
}

/** Drafts checked and folded: the events to append, the state after them, the cadence states. */
export interface CheckedDrafts {
  readonly events: readonly WireTunerEvent[]
  readonly state: ReplayState
  /** States exactly at cadence points, even in the middle of the batch. */
  readonly cadenceStates: readonly ReplayState[]
  /** What the batch's undos/redos left as other users made it. */
  readonly conflicts: readonly UndoConflict[]
}

const problemCode = (p: ReplayProblem): ReplayErrorCode =>
  p.kind === 'nothing-to-undo' || p.kind === 'nothing-to-redo' ? p.kind : 'not-applicable'

/**
 * Numbers `drafts` from `state.sequence + 1` and folds them into `state`. Throws `invalid-event`,
 * `not-applicable` or `nothing-to-undo`/`nothing-to-redo` for the first one that fails.
 */
export function checkDrafts(
  state: ReplayState,
  drafts: readonly DraftEvent[],
  documentId: string,
  foldOptions: FoldOptions,
  onCadence: (sequence: number) => boolean,
): CheckedDrafts {
  const first = state.sequence + 1
  const folder = new Folder(state, foldOptions)
  const events: WireTunerEvent[] = []
  const cadenceStates: ReplayState[] = []
  const conflicts: UndoConflict[] = []
  for (let i = 0; i < drafts.length; i++) {
    const sequence = first + i
    const parsed = parseDraftEvent(drafts[i])
    if (!parsed.ok) {
      throw new ReplayError(
        'invalid-event',
        `dispatch: event ${i} (sequence ${sequence}) is invalid: ${parsed.error.message}`,
        { cause: parsed.error },
      )
    }
    if (parsed.value.documentId !== documentId) {
      throw new ReplayError(
        'invalid-event',
        `dispatch: event ${i} belongs to document ${parsed.value.documentId}, not ${documentId}`,
      )
    }
    const event = { ...parsed.value, eventSequence: sequence } as WireTunerEvent
    const problem = folder.apply(event)
    if (problem !== undefined) {
      throw new ReplayError(
        problemCode(problem),
        `dispatch: ${event.eventType} (event ${i}, sequence ${sequence}) does not apply: ${problem.reason}`,
      )
    }
    if (folder.lastConflict !== undefined) conflicts.push(folder.lastConflict)
    events.push(event)
    if (onCadence(sequence)) cadenceStates.push(folder.state())
  }
  return { events, state: folder.state(), cadenceStates, conflicts }
}

/**
 * The session's error for an append of document `documentId` at `first` that the storage
 * refused: `concurrency-conflict` (another writer appended first), `invalid-event`, or
 * `storage-failed`.
 */
export function appendError(cause: unknown, documentId: string, first: number): ReplayError {
  if (isStorageError(cause, 'conflict')) {
    return new ReplayError(
      'concurrency-conflict',
      `dispatch: document ${documentId} was changed by another writer (expected next sequence ${first}); refresh and retry`,
      { cause },
    )
  }
  if (isStorageError(cause, 'invalid-event') || isStorageError(cause, 'duplicate-event-id')) {
    return new ReplayError(
      'invalid-event',
      `dispatch: the storage refused the events: ${(cause as Error).message}`,
      {
        cause,
      },
    )
  }
  return new ReplayError(
    'storage-failed',
    `dispatch: appending to document ${documentId} failed: ${(cause as Error).message}`,
    { cause },
  )
}
