/**
 * The reducer's state: the document plus the undo history (one per user), and the problem records
 * replay produces for events it had to skip. Plain readonly data; `fold.ts` computes it.
 */
import type { ContentChange, Document } from '@wiretuner/vector-model'
import { createDocument } from '@wiretuner/vector-model'

/**
 * One undo group (one user action). `change` is what the group changed (content and selection
 * before `firstSequence` and after `lastSequence`), from which undo and redo restore either side.
 * Groups restored from a snapshot have no `change`: undo and redo then resolve the documents at
 * `firstSequence - 1` and `lastSequence` by time travel, and keep them as `before`/`after`.
 */
export interface UndoGroup {
  readonly groupId: string
  /** Label for menus: the StartGroupEvent's label, else the first event's label ("Move Objects"). */
  readonly label: string
  readonly firstSequence: number
  readonly lastSequence: number
  /** The recorded change (absent for groups restored from a snapshot). */
  readonly change?: ContentChange
  /** Document before the group, resolved by time travel (groups without `change` only). */
  readonly before?: Document
  /** Document after the group, resolved by time travel (groups without `change` only). */
  readonly after?: Document
  /**
   * Earlier parts of the recorded change, oldest first: a group extended after another user
   * changed the content is recorded in parts (`change` is the last one), so that undoing it never
   * reverts the other user's edits in between. Absent for a group recorded in one piece.
   */
  readonly parts?: readonly ContentChange[]
}

/** One user's undo/redo bookkeeping; the top of each stack is its LAST element. */
export interface UserHistory {
  /** Done groups, oldest first, bounded by the history depth (default 200). */
  readonly undoStack: readonly UndoGroup[]
  /** Undone groups; the last one is redone next. Cleared by a new undoable action. */
  readonly redoStack: readonly UndoGroup[]
  /** Group that further events with the same `undoGroupId` extend (the top of the undo stack). */
  readonly openGroupId?: string
  /** Label announced by a StartGroupEvent whose group has not started yet. */
  readonly pendingLabel?: { readonly groupId: string; readonly label: string }
  /**
   * Multi-user histories only: the fold goes on recording this user's open group (no other
   * user changed the content since its last event). At most one user has it.
   */
  readonly recording?: true
}

/**
 * Undo/redo bookkeeping per user. The top-level stacks are those of the events without `userId`
 * (the anonymous user: every single-user log); `users` holds those of each `userId`, and is
 * absent while no event had one (the history is then exactly the single-user one).
 */
export interface History extends UserHistory {
  /** The history of each user (by `userId`, keys sorted), when some event had a `userId`. */
  readonly users?: Readonly<Record<string, UserHistory>>
}

/** What the reducer folds: a document and its history, after event `sequence`. */
export interface ReplayState {
  readonly document: Document
  readonly history: History
  /** Sequence of the last event folded (applied or skipped); -1 before any event. */
  readonly sequence: number
}

/** Why an event was refused (dispatch) or skipped (replay). */
export type ReplayProblemKind =
  /** The stored row is damaged or fails validation (reported by the storage). */
  | 'invalid'
  /** Sequences missing from the log. */
  | 'gap'
  /** A valid event that does not apply to the state (unknown id, index out of range...). */
  | 'not-applicable'
  /** An UndoEvent/RedoEvent whose group is not on top of the undo/redo stack. */
  | 'nothing-to-undo'
  | 'nothing-to-redo'

/** One skipped event: exact sequence, type and reason. */
export interface ReplayProblem {
  readonly kind: ReplayProblemKind
  readonly sequence: number
  readonly eventType: string
  readonly reason: string
}

/**
 * What an undo or redo left as other users made it: the objects, layers and artboards that the
 * group changed and another user changed again since (see the README's multi-user undo rule).
 * The undo/redo applied; these units kept the other user's state.
 */
export interface UndoConflict {
  readonly kind: 'undo' | 'redo'
  /** Sequence of the UndoEvent / RedoEvent. */
  readonly sequence: number
  readonly groupId: string
  /** The undoing user (absent: the anonymous user). */
  readonly userId?: string
  readonly objectIds: readonly string[]
  readonly layerIds: readonly string[]
  readonly artboardIds: readonly string[]
  /** True when the title or author was left. */
  readonly metadata: boolean
}

/** An empty history. */
export const EMPTY_HISTORY: History = Object.freeze({
  undoStack: Object.freeze([]),
  redoStack: Object.freeze([]),
})

const NO_USER_HISTORY: UserHistory = EMPTY_HISTORY

/** The undo/redo history of `userId` (`undefined`: the events without `userId`) in `history`. */
export function userHistory(history: History, userId: string | undefined): UserHistory {
  if (userId === undefined) return history
  const users = history.users
  return users !== undefined && Object.hasOwn(users, userId)
    ? (users[userId] as UserHistory)
    : NO_USER_HISTORY
}

/** The state before the first event of document `documentId`: an empty document, no history. */
export function initialState(documentId: string): ReplayState {
  return { document: createDocument({ id: documentId }), history: EMPTY_HISTORY, sequence: -1 }
}
