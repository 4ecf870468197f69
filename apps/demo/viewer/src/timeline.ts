/**
 * The history timeline controls shared by the viewer and the editor: a scrubber over the log's
 * sequences, step back/forward, play/pause at 0.5–5× with replay's playback timing rule
 * (`advancePlayhead` from the import-free `@wiretuner/replay/playback-timing`). The owner says
 * what happens at a target (render the document there) and where timestamps come from.
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
