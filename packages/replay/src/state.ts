/**
 * The reducer's state: the document plus the undo history, and the problem records replay
 * produces for events it had to skip. Plain readonly data; `fold.ts` computes it.
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
}

/** Undo/redo bookkeeping; the top of each stack is its LAST element. */
export interface History {
  /** Done groups, oldest first, bounded by the history depth (default 200). */
  readonly undoStack: readonly UndoGroup[]
  /** Undone groups; the last one is redone next. Cleared by a new undoable action. */
  readonly redoStack: readonly UndoGroup[]
  /** Group that further events with the same `undoGroupId` extend (the top of the undo stack). */
  readonly openGroupId?: string
  /** Label announced by a StartGroupEvent whose group has not started yet. */
  readonly pendingLabel?: { readonly groupId: string; readonly label: string }
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

/** An empty history. */
export const EMPTY_HISTORY: History = Object.freeze({
  undoStack: Object.freeze([]),
  redoStack: Object.freeze([]),
})

/** The state before the first event of document `documentId`: an empty document, no history. */
export function initialState(documentId: string): ReplayState {
  return { document: createDocument({ id: documentId }), history: EMPTY_HISTORY, sequence: -1 }
}
