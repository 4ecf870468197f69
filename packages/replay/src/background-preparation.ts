/**
 * Time travel prepared without blocking: the log folded in slices on a timer, leaving the same
 * checkpoints as one full preparation (same distance, same positions, whatever the slice size).
 * A session starts preparations here and cancels the running ones when it closes.
 */
import { type Scheduler, systemScheduler, type TimerHandle } from './clock.js'
import type { ReplayProblem } from './state.js'
import type { TimeTravel } from './time-travel.js'

/** Options of `DocumentSession.prepareTimeTravelInBackground`. */
export interface BackgroundPreparationOptions {
  /** Events folded per slice (default 500: ~5 ms when read from a SQLite file). */
  readonly sliceEvents?: number
  /** Pause between slices, in milliseconds (default 1), leaving the event loop to the editor. */
  readonly pauseMs?: number
  /** Timer the slices run on (default {@link systemScheduler}). */
  readonly scheduler?: Scheduler
}

/** A running background preparation of time travel. */
export interface TimeTravelPreparation {
  /** Resolves with the problems met (skipped events) when the whole log is covered or on cancel. */
  readonly done: Promise<readonly ReplayProblem[]>
  /** Fraction of the log folded so far (0..1). */
  readonly progress: number
  /** Stops after the current slice (`done` then resolves). */
  cancel(): void
}

/** The background preparations of one session's time travel, tracked until they settle. */
export class BackgroundPreparations {
  readonly #timeTravel: TimeTravel
  readonly #stopped: () => boolean
  readonly #running = new Set<TimeTravelPreparation>()

  /** `stopped` ends every preparation at its next slice (the session closed). */
  constructor(timeTravel: TimeTravel, stopped: () => boolean) {
    this.#timeTravel = timeTravel
    this.#stopped = stopped
  }

  /** Starts preparing time travel over sequences 0..`last`, one slice per timer tick. */
  start(last: number, options: BackgroundPreparationOptions = {}): TimeTravelPreparation {
    const scheduler = options.scheduler ?? systemScheduler
    const slice = Math.max(1, options.sliceEvents ?? 500)
    const pause = Math.max(0, options.pauseMs ?? 1)
    const problems: ReplayProblem[] = []
    let progress = last < 0 ? 1 : 0
    let cancelled = false
    let handle: TimerHandle | undefined
    let settle: (p: readonly ReplayProblem[]) => void = () => {}
    let fail: (error: unknown) => void = () => {}
    const done = new Promise<readonly ReplayProblem[]>((resolve, reject) => {
      settle = resolve
      fail = reject
    })
    const step = (): void => {
      handle = undefined
      if (cancelled || this.#stopped()) {
        settle(problems)
        return
      }
      try {
        const result = this.#timeTravel.prepareSlice(last, slice)
        problems.push(...result.fold.problems)
        progress = last < 0 ? 1 : (result.fold.state.sequence + 1) / (last + 1)
        if (result.done) settle(problems)
        else handle = scheduler.setTimeout(step, pause)
      } catch (error) {
        fail(error)
      }
    }
    const preparation: TimeTravelPreparation = {
      done,
      get progress() {
        return progress
      },
      cancel: () => {
        cancelled = true
        if (handle !== undefined) scheduler.clearTimeout(handle)
        handle = undefined
        settle(problems)
      },
    }
    this.#running.add(preparation)
    void done.finally(() => this.#running.delete(preparation)).catch(() => {})
    if (last < 0) settle(problems)
    else handle = scheduler.setTimeout(step, pause)
    return preparation
  }

  /** Cancels every running preparation. */
  cancelAll(): void {
    for (const preparation of [...this.#running]) preparation.cancel()
  }
}
