/**
 * The editor's side of the engine: the {@link EditTarget} it edits (the Worker session of the
 * page's own file, or the sync client of a shared document) and the head document the page
 * draws. Every edit goes out as events: discrete ones with `dispatch`, pointer gestures with
 * `sample` + `endGesture` (the 50 ms sampler, one gesture = one undo group). Requests keep their
 * order; after each discrete edit or gesture, and after every external change (another user's
 * edit), the head document is fetched again and listeners run.
 */
import type { SessionEventInit } from '@wiretuner/replay'
import type { Document } from '@wiretuner/vector-model'
import type { EditSummary, EditTarget } from './edit-target.ts'

/** A listener of document changes (new head document and summary). */
export type EditorListener = (doc: Document, summary: EditSummary) => void

/** The editor's edit target and head document; see the module comment. */
export class EditorEngine {
  readonly target: EditTarget
  #doc: Document
  #listeners: EditorListener[] = []
  #onError: (error: unknown) => void
  /** Requests not settled yet (sample requests are not awaited one by one). */
  #pending = 0
  #refreshing: Promise<void> | undefined
  #dirty = false
  /** Input times of the samples since the last `takeSampleTimes` (bounded). */
  readonly #stamps: number[] = []

  /** Starts on an open target and its head document. */
  constructor(target: EditTarget, doc: Document, onError: (error: unknown) => void) {
    this.target = target
    this.#doc = doc
    this.#onError = onError
    target.onExternalChange(() => void this.refresh())
  }

  /** The head document as last fetched. */
  get document(): Document {
    return this.#doc
  }

  /** The target's summary (sequence, undo/redo labels). */
  get summary(): EditSummary {
    return this.target.summary
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
      await this.target.dispatch(events)
    })
  }

  /**
   * Pushes a gesture sample through the target's sampler (no refresh: the page previews locally).
   * It is stamped with the input's time here: the Worker may receive samples in bursts (while it
   * answers another request), and the sampler's 50 ms windows follow the events' timestamps.
   */
  sample(event: SessionEventInit): void {
    this.#pending++
    const timestamp = Date.now()
    if (this.#stamps.push(timestamp) > 10_000) this.#stamps.splice(0, 5_000)
    this.target.sample({ timestamp, ...event } as SessionEventInit).then(
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
      await this.target.endGesture()
    })
  }

  /** Input times (Unix ms) of the samples pushed since the last call, oldest first; empties the list. */
  takeSampleTimes(): number[] {
    return this.#stamps.splice(0)
  }

  /** Undo (as an UndoEvent) and refresh. */
  undo(): Promise<void> {
    return this.#run(async () => {
      await this.target.undo()
    })
  }

  /** Redo (as a RedoEvent) and refresh. */
  redo(): Promise<void> {
    return this.#run(async () => {
      await this.target.redo()
    })
  }

  /** The document at `sequence` (time travel). */
  documentAt(sequence: number): Promise<Document> {
    return this.target.documentAt(sequence)
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
          this.#doc = await this.target.head()
        } while (this.#dirty)
        for (const listener of this.#listeners) listener(this.#doc, this.target.summary)
      } catch (error) {
        this.#onError(error)
      } finally {
        this.#refreshing = undefined
      }
    })()
    return this.#refreshing
  }
}
