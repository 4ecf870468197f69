/**
 * The editor's saving of a served file: Ctrl/Cmd+S and the Save menu save now, and a change saves
 * a second after the last one; never in the middle of a gesture (its samples are still arriving:
 * then half a second later), and not while the head has not moved since the last save.
 */

/** What the autosave needs from the page. */
export interface AutosaveHost {
  /** Writes the document back (served files); absent for documents without a file to write. */
  readonly save: (() => Promise<void>) | undefined
  /** The head sequence now. */
  sequence(): number
  /** True while a gesture is under way. */
  busy(): boolean
  /** Reports a save (the sequence saved) or its failure. */
  saved(sequence: number): void
  failed(error: unknown): void
}

/** Saves now or soon; see the module comment. */
export class Autosave {
  readonly #host: AutosaveHost
  #timer: ReturnType<typeof setTimeout> | undefined
  #savedSequence: number
  #saves = 0

  /** Starts with the head saved at `savedSequence`. */
  constructor(host: AutosaveHost, savedSequence: number) {
    this.#host = host
    this.#savedSequence = savedSequence
  }

  /** Number of saves done. */
  get saves(): number {
    return this.#saves
  }

  /** Saves now (after the gesture under way, if any). */
  async now(): Promise<void> {
    clearTimeout(this.#timer)
    const save = this.#host.save
    if (save === undefined) return
    if (this.#host.busy()) {
      this.#timer = setTimeout(() => void this.now(), 500)
      return
    }
    try {
      const sequence = this.#host.sequence()
      await save()
      this.#savedSequence = sequence
      this.#saves++
      this.#host.saved(this.#host.sequence())
    } catch (error) {
      this.#host.failed(error)
    }
  }

  /** Saves a second after the last change. */
  schedule(): void {
    if (this.#host.save === undefined || this.#host.sequence() === this.#savedSequence) return
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => void this.now(), 1000)
  }
}
