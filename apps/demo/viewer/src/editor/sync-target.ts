/**
 * The editor's {@link EditTarget} on a shared document: a `@wiretuner/sync` client. Edits apply
 * at once to the client's local state and go to the server; gesture samples go through replay's
 * 50 ms sampler here (one gesture = one undo group, as in the Worker); undo/redo are this user's
 * (the client's per-user rule). Two things stay on the page: the viewport (each user has their
 * own view) and the selection (each user has their own, shown to the others as presence), so
 * selection events are applied to a page-local selection and never sent. The history comes from
 * the server's events as the client folds them (`onConfirmed`), kept here with a folded state
 * every {@link CHECKPOINT} events for time travel; pending events are folded on top.
 */
import type { DraftEvent, WireTunerEvent } from '@wiretuner/event-schema'
import { createSampler, type ReplayState, type Sampler, type SessionEventInit } from '@wiretuner/replay'
import { Folder, initialState } from '@wiretuner/replay/advanced'
import type { SyncClient } from '@wiretuner/sync'
import { clearSelection, type Document, selectObjects } from '@wiretuner/vector-model'
import type { EditSummary, EditTarget } from './edit-target.ts'

/** Events between two folded states kept for time travel. */
export const CHECKPOINT = 128

const SELECTION_EVENTS: ReadonlySet<string> = new Set([
  'SelectObjectsEvent',
  'DeselectObjectsEvent',
  'ClearSelectionEvent',
])

/** `doc` with `ids` (those still in it) as its selection. */
function withSelection(doc: Document, ids: readonly string[]): Document {
  const present = ids.filter((id) => doc.objects.has(id))
  if (present.length === 0) return doc.selection.objectIds.length === 0 ? doc : clearSelection(doc)
  return selectObjects(doc, present, 'replace')
}

/** An {@link EditTarget} over a sync client; see the module comment. */
export class SyncTarget implements EditTarget {
  readonly client: SyncClient
  readonly recordsViewport = false
  readonly #sampler: Sampler<DraftEvent>
  /** The server's log as far as folded, by sequence (gap-free from 0). */
  readonly #log: WireTunerEvent[] = []
  /** `#states[i]`: the state after events 0..i·CHECKPOINT−1 (`#states[0]`: the empty document). */
  readonly #states: ReplayState[]
  readonly #external: (() => void)[] = []
  #selection: readonly string[] = []
  #view:
    | { readonly doc: Document; readonly selection: readonly string[]; readonly shown: Document }
    | undefined
  /** True while this page's own edit runs (its change is not external). */
  #own = false
  #timerError: unknown

  /** Wraps `client`; create it before the client's first `welcome` so the whole log is heard. */
  constructor(client: SyncClient) {
    this.client = client
    this.#states = [initialState(client.documentId)]
    this.#sampler = createSampler<DraftEvent>({
      emit: (event) => this.#ownEdit(() => client.dispatch([event])),
      onError: (error) => {
        this.#timerError ??= error
      },
    })
    client.onConfirmed((events) => {
      for (const event of events) if (event.eventSequence === this.#log.length) this.#log.push(event)
    })
    client.onChange(() => {
      if (this.#own) return
      for (const listener of this.#external) listener()
    })
  }

  /** This page's selection (object ids), sent to the others as presence. */
  get selection(): readonly string[] {
    return this.#selection
  }

  get summary(): EditSummary {
    const mine = this.client.userHistory
    return {
      sequence: this.client.sequence,
      canUndo: mine.undoStack.length > 0,
      canRedo: mine.redoStack.length > 0,
      undoLabel: mine.undoStack.at(-1)?.label,
      redoLabel: mine.redoStack.at(-1)?.label,
    }
  }

  async dispatch(events: readonly SessionEventInit[]): Promise<void> {
    this.#sampler.flush()
    this.#rethrowTimerError()
    const content = events.filter((e) => !SELECTION_EVENTS.has(e.eventType))
    if (content.length > 0) {
      const drafts = content.map((init) => this.client.createEvent(init))
      this.#ownEdit(() => this.client.dispatch(drafts))
    }
    for (const event of events) if (SELECTION_EVENTS.has(event.eventType)) this.#select(event)
  }

  async sample(event: SessionEventInit): Promise<void> {
    this.#rethrowTimerError()
    this.#sampler.push(this.client.createEvent(event))
  }

  async endGesture(): Promise<void> {
    this.#sampler.endGesture()
    this.#rethrowTimerError()
  }

  async undo(): Promise<void> {
    this.#sampler.flush()
    if (this.client.canUndo) this.#ownEdit(() => this.client.undo())
  }

  async redo(): Promise<void> {
    this.#sampler.flush()
    if (this.client.canRedo) this.#ownEdit(() => this.client.redo())
  }

  async head(): Promise<Document> {
    const doc = this.client.document
    const view = this.#view
    if (view !== undefined && view.doc === doc && view.selection === this.#selection) return view.shown
    const shown = withSelection(doc, this.#selection)
    this.#view = { doc, selection: this.#selection, shown }
    return shown
  }

  async documentAt(sequence: number): Promise<Document> {
    if (sequence >= this.client.sequence) return this.head()
    const confirmed = this.client.confirmedState
    if (sequence > confirmed.sequence) {
      // inside this page's pending events: fold them on the server's state
      const folder = new Folder(confirmed)
      const drafts = this.client.pending.slice(0, sequence - confirmed.sequence)
      let next = confirmed.sequence
      for (const draft of drafts) folder.apply({ ...draft, eventSequence: ++next } as WireTunerEvent)
      return folder.state().document
    }
    return this.#stateAt(sequence).document
  }

  async events(from: number, to: number): Promise<readonly WireTunerEvent[]> {
    return this.#log.slice(Math.max(0, from), Math.max(0, to + 1))
  }

  onExternalChange(listener: () => void): () => void {
    this.#external.push(listener)
    return () => {
      const at = this.#external.indexOf(listener)
      if (at >= 0) this.#external.splice(at, 1)
    }
  }

  /** Stops the sampler and closes the connection. */
  close(): void {
    this.#sampler.dispose()
    this.client.close()
  }

  /** The folded state after event `sequence` of the server's log (-1: the empty document). */
  #stateAt(sequence: number): ReplayState {
    if (sequence >= this.#log.length)
      throw new RangeError(`event ${sequence} is not in the shared log yet (${this.#log.length} events)`)
    const index = Math.floor((sequence + 1) / CHECKPOINT)
    while (this.#states.length <= index) {
      const from = (this.#states.length - 1) * CHECKPOINT
      this.#states.push(this.#fold(this.#states.at(-1) as ReplayState, from, from + CHECKPOINT - 1))
    }
    return this.#fold(this.#states[index] as ReplayState, index * CHECKPOINT, sequence)
  }

  #fold(state: ReplayState, from: number, to: number): ReplayState {
    if (to < from) return state
    const folder = new Folder(state)
    for (let seq = from; seq <= to; seq++) folder.apply(this.#log[seq] as WireTunerEvent)
    return folder.state()
  }

  #select(event: SessionEventInit): void {
    const doc = withSelection(this.client.document, this.#selection)
    const known = (ids: readonly string[]) => ids.filter((id) => doc.objects.has(id))
    let next = doc
    if (event.eventType === 'SelectObjectsEvent')
      next = selectObjects(doc, known(event.objectIds), event.mode ?? 'replace')
    else if (event.eventType === 'DeselectObjectsEvent')
      next = selectObjects(doc, known(event.objectIds), 'subtract')
    else next = clearSelection(doc)
    this.#selection = next.selection.objectIds
  }

  #ownEdit<T>(run: () => T): T {
    this.#own = true
    try {
      return run()
    } finally {
      this.#own = false
    }
  }

  #rethrowTimerError(): void {
    const error = this.#timerError
    if (error === undefined) return
    this.#timerError = undefined
    throw error
  }
}
