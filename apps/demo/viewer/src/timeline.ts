/**
 * The history timeline controls shared by the viewer and the editor: a scrubber over the log's
 * sequences, step back/forward, play/pause at 0.5–5× with replay's playback timing rule
 * (`advancePlayhead` from the import-free `@wiretuner/replay/playback-timing`). The owner says
 * what happens at a target (render the document there) and where timestamps come from.
 *
 * The controls' markup is built here too: a page writes `<wt-timeline-controls>` (attribute
 * `shortcuts` to name the keys in the tooltips) where they go, and importing this module defines
 * that element, which fills itself with the controls (ids `step-back`, `play`, `step-forward`,
 * `speed`, `scrubber`, `seq`; laid out as children of its parent) before the page looks them up.
 */
import { advancePlayhead, DEFAULT_MAX_GAP_MS } from '@wiretuner/replay/playback-timing'

/** The elements of a timeline. */
export interface TimelineElements {
  readonly scrubber: HTMLInputElement
  readonly back: HTMLButtonElement
  readonly forward: HTMLButtonElement
  readonly play: HTMLButtonElement
  readonly speed: HTMLSelectElement
  readonly seq: HTMLElement
}

/** Tag of the element the controls are built into (see the module comment). */
export const TIMELINE_CONTROLS_TAG = 'wt-timeline-controls'

/** Playback speeds offered; `selected` marks the default. */
const SPEEDS = [
  { value: '0.5', label: '0.5×' },
  { value: '1', label: '1×', selected: true },
  { value: '2', label: '2×' },
  { value: '5', label: '5×' },
] as const

/** A new element `tag` with `fields` set. */
function control<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  fields: Partial<Record<'id' | 'type' | 'title' | 'textContent' | 'className', string>>,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag)
  Object.assign(e, fields)
  return e
}

/**
 * Builds the timeline's controls into `host` (before what it already holds) and returns them;
 * `shortcuts` names the keys (←, →, space) in the tooltips.
 */
export function buildTimelineControls(host: HTMLElement, shortcuts: boolean): TimelineElements {
  const key = (k: string): string => (shortcuts ? ` (${k})` : '')
  const back = control('button', {
    id: 'step-back',
    type: 'button',
    title: `Previous event${key('←')}`,
    textContent: '◀︎ step',
  })
  const play = control('button', {
    id: 'play',
    type: 'button',
    title: `Play / pause${key('space')}`,
    textContent: '▶︎ play',
  })
  const forward = control('button', {
    id: 'step-forward',
    type: 'button',
    title: `Next event${key('→')}`,
    textContent: 'step ▶︎',
  })
  const speed = control('select', { id: 'speed' })
  for (const s of SPEEDS) {
    const option = control('option', { textContent: s.label })
    option.value = s.value
    option.selected = 'selected' in s
    speed.append(option)
  }
  const label = control('label', { textContent: 'speed ' })
  label.append(speed)
  const scrubber = control('input', { id: 'scrubber', type: 'range' })
  Object.assign(scrubber, { min: '0', max: '0', value: '0', step: '1' })
  scrubber.setAttribute('aria-label', 'Event sequence')
  const seq = control('span', { id: 'seq', className: 'mono', textContent: '– / –' })
  host.prepend(back, play, forward, label, scrubber, seq)
  return { scrubber, back, forward, play, speed, seq }
}

/** Defines `<wt-timeline-controls>` (once; nothing outside a page, e.g. in a Worker). */
function defineTimelineControls(): void {
  if (typeof customElements === 'undefined' || customElements.get(TIMELINE_CONTROLS_TAG) !== undefined) return
  customElements.define(
    TIMELINE_CONTROLS_TAG,
    class extends HTMLElement {
      connectedCallback(): void {
        if (this.querySelector('#scrubber') !== null) return
        // the controls lay out as the parent's own children (its flex row)
        this.style.display = 'contents'
        buildTimelineControls(this, this.hasAttribute('shortcuts'))
      }
    },
  )
}

defineTimelineControls()

/** What the timeline reads and tells its owner. */
export interface TimelineHost {
  /** Timestamp of the event at `seq`, `undefined` while not loaded (playback waits there). */
  timestampAt(seq: number): number | undefined
  /** The target moved (`jump`: a discrete jump rather than a drag of the scrubber). */
  onTarget(seq: number, jump: boolean): void
  /** Playback started or stopped. */
  onPlaying?(playing: boolean): void
}

/** A timeline over sequences 0..head; see the module comment. */
export class Timeline {
  readonly #ui: TimelineElements
  readonly #host: TimelineHost
  #head = -1
  #target = 0
  #playing = false
  #budget = 0
  #lastFrame = 0
  #frame = 0

  constructor(ui: TimelineElements, host: TimelineHost) {
    this.#ui = ui
    this.#host = host
    ui.scrubber.addEventListener('input', () => this.setTarget(Number(ui.scrubber.value), false))
    ui.back.addEventListener('click', () => this.setTarget(this.#target - 1, true))
    ui.forward.addEventListener('click', () => this.setTarget(this.#target + 1, true))
    ui.play.addEventListener('click', () => this.setPlaying(!this.#playing))
  }

  /** The sequence the timeline points at. */
  get target(): number {
    return this.#target
  }

  /** The newest sequence. */
  get head(): number {
    return this.#head
  }

  /** Whether playback runs. */
  get playing(): boolean {
    return this.#playing
  }

  /** A new head sequence (the log grew); `follow` moves the target to it. */
  setHead(head: number, follow: boolean): void {
    this.#head = head
    this.#ui.scrubber.max = String(Math.max(0, head))
    if (follow) this.#setTargetQuietly(head)
    else this.#label()
  }

  /** Moves the target (clamped to 0..head) and tells the owner. */
  setTarget(seq: number, jump: boolean): void {
    if (this.#head < 0) return
    this.#setTargetQuietly(seq)
    this.#host.onTarget(this.#target, jump)
  }

  /** Starts or stops playback (it stops by itself at the head). */
  setPlaying(on: boolean): void {
    this.#playing = on && this.#target < this.#head
    this.#ui.play.textContent = this.#playing ? '❚❚ pause' : '▶︎ play'
    this.#ui.play.setAttribute('aria-pressed', String(this.#playing))
    this.#host.onPlaying?.(this.#playing)
    if (this.#playing) {
      this.#budget = 0
      this.#lastFrame = performance.now()
      cancelAnimationFrame(this.#frame)
      this.#frame = requestAnimationFrame((now) => this.#tick(now))
    }
  }

  #setTargetQuietly(seq: number): void {
    this.#target = Math.max(0, Math.min(this.#head, Math.round(seq)))
    this.#ui.scrubber.value = String(this.#target)
    this.#label()
  }

  #label(): void {
    this.#ui.seq.textContent = `${this.#target} / ${this.#head}`
  }

  /** One animation frame of playback: event time = wall time × speed (replay's rule). */
  #tick(now: number): void {
    if (!this.#playing) return
    const dt = Math.min(250, now - this.#lastFrame)
    this.#lastFrame = now
    const next = advancePlayhead(
      { position: this.#target, budget: this.#budget },
      dt * Number(this.#ui.speed.value),
      {
        length: this.#head + 1,
        timestampAt: (seq) => this.#host.timestampAt(seq),
        maxGapMs: DEFAULT_MAX_GAP_MS,
      },
    )
    this.#budget = next.budget
    if (next.position !== this.#target) this.setTarget(next.position, false)
    if (next.position >= this.#head) this.setPlaying(false)
    else this.#frame = requestAnimationFrame((t) => this.#tick(t))
  }
}
