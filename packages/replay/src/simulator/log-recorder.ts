/**
 * The storage-free {@link EditorTarget}: builds events like a session does, checks and folds them
 * with the session's own dispatch check (the reducer), and keeps the numbered events for the
 * caller to take, so valid logs of any length come out without a session, storage or I/O.
 */
import type { DraftEvent, WireTunerEvent } from '@wiretuner/event-schema'
import type { Document } from '@wiretuner/vector-model'
import { ReplayError } from '../errors.js'
import { checkDrafts, sessionEvent } from '../session-dispatch.js'
import type { SessionEventInit } from '../session-options.js'
import { initialState, type ReplayState } from '../state.js'
import type { EditorTarget } from './recording-editor.js'

/** Options of a {@link LogRecorder}. */
export interface LogRecorderOptions {
  /** Id of the document the events belong to. */
  readonly documentId: string
  /** Clock of the events' timestamps (Unix ms). */
  readonly now: () => number
  /** Source of event ids. */
  readonly newId: () => string
  /** Title recorded by the first event (CreateDocumentEvent). */
  readonly title?: string
}

/** Records a document's events in memory: an {@link EditorTarget} without a session. */
export class LogRecorder implements EditorTarget {
  readonly documentId: string
  readonly #options: LogRecorderOptions
  #state: ReplayState
  #taken = 0
  #events: WireTunerEvent[] = []

  /** Starts the log with its CreateDocumentEvent (sequence 0). */
  constructor(options: LogRecorderOptions) {
    this.documentId = options.documentId
    this.#options = options
    this.#state = initialState(options.documentId)
    this.dispatch([
      this.createEvent({
        eventType: 'CreateDocumentEvent',
        ...(options.title === undefined ? {} : { title: options.title }),
      }),
    ])
  }

  /** The reducer state after the events recorded so far. */
  get state(): ReplayState {
    return this.#state
  }

  get document(): Document {
    return this.#state.document
  }

  get sequence(): number {
    return this.#state.sequence
  }

  get canUndo(): boolean {
    return this.#state.history.undoStack.length > 0
  }

  get canRedo(): boolean {
    return this.#state.history.redoStack.length > 0
  }

  createEvent(init: SessionEventInit): DraftEvent {
    return sessionEvent(init, {
      documentId: this.documentId,
      now: this.#options.now,
      newId: this.#options.newId,
    })
  }

  dispatch(drafts: readonly DraftEvent[]): readonly WireTunerEvent[] {
    const checked = checkDrafts(this.#state, drafts, this.documentId, {}, () => false)
    this.#state = checked.state
    for (const event of checked.events) this.#events.push(event)
    return checked.events
  }

  undo(): void {
    const top = this.#state.history.undoStack.at(-1)
    if (top === undefined)
      throw new ReplayError('nothing-to-undo', `undo: document ${this.documentId} has nothing to undo`)
    this.dispatch([this.createEvent({ eventType: 'UndoEvent', groupId: top.groupId })])
  }

  redo(): void {
    const top = this.#state.history.redoStack.at(-1)
    if (top === undefined)
      throw new ReplayError('nothing-to-redo', `redo: document ${this.documentId} has nothing to redo`)
    this.dispatch([this.createEvent({ eventType: 'RedoEvent', groupId: top.groupId })])
  }

  /** The events recorded since the last call, in order (each event is taken once). */
  take(): WireTunerEvent[] {
    const out = this.#events
    this.#taken += out.length
    this.#events = []
    return out
  }

  /** Number of events taken so far. */
  get taken(): number {
    return this.#taken
  }
}
