/**
 * The editor's history strip: the shared {@link Timeline} over the document's log (the page's
 * file, or the shared log of a collaborative document). At the head the editor edits; anywhere
 * earlier it shows the document at that event (time travel through the engine's target, the
 * latest target wins, one request in flight), highlights the objects the event touches, and
 * offers "Restore this version": the events that bring the head back to that document, appended
 * (the log is never rewritten).
 */
import type { WireTunerEvent } from '@wiretuner/event-schema'
import type { Document } from '@wiretuner/vector-model'
import { Timeline } from '../timeline.ts'
import type { EditorEngine } from './editor-engine.ts'
import { planRestore } from './restore-version.ts'

/** What the history shows: the document at the target (undefined = live head) and the touched ids. */
export type HistoryView = (doc: Document | undefined, highlight: ReadonlySet<string>, label: string) => void

const PAGE = 500

/** Object ids an event touches (its targets, or the object it creates). */
export function touchedIds(event: WireTunerEvent): Set<string> {
  const e = event as unknown as Record<string, unknown>
  const ids = new Set<string>()
  if (Array.isArray(e.objectIds)) for (const id of e.objectIds) if (typeof id === 'string') ids.add(id)
  for (const key of ['shapeId', 'pathId'] as const) if (typeof e[key] === 'string') ids.add(e[key] as string)
  return ids
}

function el<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id)
  if (!e) throw new Error(`missing #${id}`)
  return e as T
}

/** The result of "restore this version". */
export interface RestoreOutcome {
  /** Number of events appended. */
  readonly appended: number
  /** What the restore could not bring back, as shown to the user (the artboards' order), if anything. */
  readonly notRestored: string | undefined
}

/** The history strip; see the module comment. */
export class HistoryPanel {
  readonly timeline: Timeline
  readonly #engine: EditorEngine
  readonly #view: HistoryView
  readonly #events = new Map<number, WireTunerEvent>()
  readonly #loading = new Set<number>()
  #shownAt = -1
  #inFlight = false
  #shownDoc: Document | undefined

  constructor(engine: EditorEngine, view: HistoryView) {
    this.#engine = engine
    this.#view = view
    this.timeline = new Timeline(
      {
        scrubber: el('scrubber'),
        back: el('step-back'),
        forward: el('step-forward'),
        play: el('play'),
        speed: el('speed'),
        seq: el('seq'),
      },
      {
        timestampAt: (seq) => this.#eventAt(seq)?.timestamp,
        onTarget: () => this.#show(),
      },
    )
    el('live').addEventListener('click', () => this.timeline.setTarget(this.timeline.head, true))
    el('restore').addEventListener('click', () => void this.restore())
    this.timeline.setHead(engine.summary.sequence, true)
  }

  /** True while the strip shows an earlier version (editing is off). */
  get scrubbing(): boolean {
    return this.timeline.target < this.timeline.head
  }

  /** The sequence shown (head when live). */
  get shownSequence(): number {
    return this.#shownAt
  }

  /**
   * The engine's document was refreshed: when the log grew (an edit, here or by another user),
   * the strip follows the head, unless it shows an earlier version (then only the head moves).
   */
  headMoved(): void {
    const head = this.#engine.summary.sequence
    if (head === this.timeline.head) return
    const follow = !this.scrubbing
    this.timeline.setHead(head, follow)
    if (follow) this.#shownAt = this.timeline.head
    this.#buttons()
  }

  /**
   * Appends the events that restore the shown version, then returns to editing at the new head.
   * What cannot be restored (the artboards' order) is shown in `#restore-notice` and returned.
   */
  async restore(): Promise<RestoreOutcome> {
    const target = this.timeline.target
    const old = await this.#engine.documentAt(target)
    const plan = planRestore(this.#engine.document, old)
    if (plan.events.length > 0) await this.#engine.dispatch(plan.events)
    this.headMoved()
    this.#view(undefined, new Set(), '')
    const notice = el('restore-notice')
    notice.textContent = plan.artboardOrder?.message ?? ''
    notice.hidden = plan.artboardOrder === undefined
    return { appended: plan.events.length, notRestored: plan.artboardOrder?.message }
  }

  #buttons(): void {
    el<HTMLButtonElement>('restore').disabled = !this.scrubbing
    el<HTMLButtonElement>('live').disabled = !this.scrubbing
  }

  #eventAt(seq: number): WireTunerEvent | undefined {
    const e = this.#events.get(seq)
    if (e === undefined) this.#load(seq)
    return e
  }

  #load(seq: number): void {
    const page = Math.floor(seq / PAGE)
    if (this.#loading.has(page)) return
    this.#loading.add(page)
    const from = page * PAGE
    const to = Math.min(this.#engine.summary.sequence, from + PAGE - 1)
    void this.#engine.target.events(from, to).then((events) => {
      for (const event of events) this.#events.set(event.eventSequence, event)
      this.#loading.delete(page)
      if (this.#shownAt !== this.timeline.target || this.scrubbing) this.#show()
    })
  }

  /** Shows the target (one time-travel request at a time; the newest target wins). */
  #show(): void {
    this.#buttons()
    const target = this.timeline.target
    const event = this.#eventAt(target)
    const label = event === undefined ? `#${target}` : `#${target} ${event.eventType}`
    el('event-type').textContent = label
    if (!this.scrubbing) {
      this.#shownAt = target
      this.#shownDoc = undefined
      this.#view(undefined, new Set(), label)
      return
    }
    if (this.#inFlight) return
    this.#inFlight = true
    void this.#engine.documentAt(target).then(
      (doc) => {
        this.#inFlight = false
        this.#shownAt = target
        this.#shownDoc = doc
        const loaded = this.#events.get(target)
        if (this.timeline.target !== target) this.#show()
        else this.#view(doc, loaded === undefined ? new Set() : touchedIds(loaded), label)
      },
      () => {
        this.#inFlight = false
      },
    )
  }

  /** The document shown while scrubbing. */
  get shownDocument(): Document | undefined {
    return this.#shownDoc
  }
}
