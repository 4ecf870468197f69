/**
 * The editor's side of the engine: one `EngineSession` of `@wiretuner/worker` (replay in a Worker
 * on OPFS) and the head document the page draws. Every edit goes out as events: discrete ones
 * with `dispatch`, pointer gestures with `sample` + `endGesture` (the Worker's 50 ms sampler, one
 * gesture = one undo group). Requests keep their order (the Worker runs them one at a time);
 * after each discrete edit or gesture the head document is fetched again and listeners run.
 */
import type { SessionEventInit } from '@wiretuner/replay'
import type { Document } from '@wiretuner/vector-model'
import type { EngineSession, SessionSummary } from '@wiretuner/worker'

/** A listener of document changes (new head document and session summary). */
export type EditorListener = (doc: Document, summary: SessionSummary) => void

/** The editor's engine session and head document; see the module comment. */
export class EditorEngine {
  readonly session: EngineSession
  #doc: Document
  #listeners: EditorListener[] = []
  #onError: (error: unknown) => void
  /** Requests not settled yet (sample requests are not awaited one by one). */
  #pending = 0
  #refreshing: Promise<void> | undefined
  #dirty = false

  /** Starts on an open session and its head document. */
  constructor(session: EngineSession, doc: Document, onError: (error: unknown) => void) {
    this.session = session
    this.#doc = doc
    this.#onError = onError
  }

  /** The head document as last fetched. */
  get document(): Document {
    return this.#doc
  }

  /** The session's summary (sequence, undo/redo labels). */
  get summary(): SessionSummary {
    return this.session.summary
  }

  /** Requests sent and not answered yet. */
  get pending(): number {
    return this.#pending
  }

  /** Calls `listener` after every refresh. */
  onChange(listener: EditorListener): void {
    this.#listeners.push(listener)
  }

  /** Dispatches discrete events (one request), then refreshes the document. */
  dispatch(events: readonly SessionEventInit[]): Promise<void> {
    return this.#run(async () => {
      await this.session.dispatch(events)
    })
  }

  /**
   * Pushes a gesture sample through the Worker's sampler (no refresh: the page previews locally).
   * It is stamped with the input's time here: the Worker may receive samples in bursts (while it
   * answers another request), and the sampler's 50 ms windows follow the events' timestamps.
   */
  sample(event: SessionEventInit): void {
    this.#pending++
    this.session.sample({ timestamp: Date.now(), ...event } as SessionEventInit).then(
      () => {
        this.#pending--
      },
      (error: unknown) => {
        this.#pending--
        this.#onError(error)
      },
    )
  }

  /** Ends the current gesture (one undo group) and refreshes the document. */
  endGesture(): Promise<void> {
    return this.#run(async () => {
      await this.session.endGesture()
    })
  }

  /** Undo (as an UndoEvent) and refresh. */
  undo(): Promise<void> {
    return this.#run(async () => {
      if (this.session.summary.canUndo) await this.session.undo()
    })
  }

  /** Redo (as a RedoEvent) and refresh. */
  redo(): Promise<void> {
    return this.#run(async () => {
      if (this.session.summary.canRedo) await this.session.redo()
    })
  }

  /** The document at `sequence` (time travel in the Worker). */
  documentAt(sequence: number): Promise<Document> {
    return this.session.documentAt(sequence)
  }

  async #run(step: () => Promise<void>): Promise<void> {
    this.#pending++
    try {
      await step()
    } catch (error) {
      this.#onError(error)
    } finally {
      this.#pending--
    }
    await this.refresh()
  }

  /** Fetches the head document (coalescing concurrent refreshes) and notifies the listeners. */
  refresh(): Promise<void> {
    if (this.#refreshing !== undefined) {
      this.#dirty = true
      return this.#refreshing
    }
    this.#refreshing = (async () => {
      try {
        do {
          this.#dirty = false
          this.#doc = await this.session.documentAt(this.session.sequence)
        } while (this.#dirty)
        for (const listener of this.#listeners) listener(this.#doc, this.session.summary)
      } catch (error) {
        this.#onError(error)
      } finally {
        this.#refreshing = undefined
      }
    })()
    return this.#refreshing
  }
}
