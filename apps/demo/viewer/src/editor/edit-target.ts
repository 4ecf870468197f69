/**
 * What the editor's engine edits through: an {@link EditTarget}. Two implement it: the Worker
 * session on the page's own OPFS file (`worker-target.ts`) and the sync client of a shared
 * document (`sync-target.ts`). The tools, panels and history strip only see `EditorEngine`,
 * which dispatches here, so no tool code knows which one it edits.
 */
import type { WireTunerEvent } from '@wiretuner/event-schema'
import type { SessionEventInit } from '@wiretuner/replay'
import type { Document } from '@wiretuner/vector-model'

/** The head's sequence and this user's undo/redo state (the Edit menu). */
export interface EditSummary {
  /** Sequence of the last event (-1: empty log). */
  readonly sequence: number
  readonly canUndo: boolean
  readonly canRedo: boolean
  readonly undoLabel: string | undefined
  readonly redoLabel: string | undefined
}

/** A document the editor edits; see the module comment. */
export interface EditTarget {
  /** The state after the last request that changed it. */
  readonly summary: EditSummary
  /** False when viewport events stay on the page (a shared document: each user has their own view). */
  readonly recordsViewport: boolean
  /** Discrete events, one batch, all or none. */
  dispatch(events: readonly SessionEventInit[]): Promise<void>
  /** A gesture sample (stamped with its input time) through the 50 ms sampler. */
  sample(event: SessionEventInit): Promise<void>
  /** Ends the gesture: its samples are one undo group. */
  endGesture(): Promise<void>
  /** Undoes this user's last group (nothing when there is none). */
  undo(): Promise<void>
  /** Redoes this user's last undone group (nothing when there is none). */
  redo(): Promise<void>
  /** The document at the head (`summary.sequence`). */
  head(): Promise<Document>
  /** The document after event `sequence` (time travel). */
  documentAt(sequence: number): Promise<Document>
  /** The log's events from `from` to `to` inclusive (those known: a gap is left out). */
  events(from: number, to: number): Promise<readonly WireTunerEvent[]>
  /**
   * Calls `listener` when the document changes other than by this page's request: another user's
   * edit, the server confirming or rebasing this page's edits. Returns the unsubscribe.
   */
  onExternalChange(listener: () => void): () => void
}
