/**
 * Time sources for the sampler and the playback controller: a clock plus a timer, injectable so
 * tests (and simulations such as the demo) run on virtual time, deterministically.
 */

import { ReplayError } from './errors.js'

/** Reads the current time in milliseconds. */
export interface Clock {
  /** Current time in milliseconds (any origin; only differences are used). */
  now(): number
}

/** Opaque handle of a scheduled callback. */
export type TimerHandle = { readonly timer: unknown }

/** Schedules callbacks; the real one wraps `setTimeout`, the manual one runs on virtual time. */
export interface Scheduler extends Clock {
  /** Runs `fn` once after `ms` milliseconds (0 or less: as soon as possible). */
  setTimeout(fn: () => void, ms: number): TimerHandle
  /** Cancels a scheduled callback; cancelling twice or after it ran is harmless. */
  clearTimeout(handle: TimerHandle): void
}

/** The real time source: `Date.now()` and the platform timers. */
export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => ({ timer: setTimeout(fn, Math.max(0, ms)) }),
  clearTimeout: (handle) => clearTimeout(handle.timer as ReturnType<typeof setTimeout>),
}

/** Node's nanosecond clock when this runs on Node (read from `globalThis`: no `node:*` import). */
const hrtimeBigint = (globalThis as { process?: { hrtime?: { bigint?: () => bigint } } }).process?.hrtime
  ?.bigint

/**
 * Milliseconds of a monotonic clock (any origin), for durations the library reports such as
 * `loadReport.durationMs`. On Node it reads `process.hrtime.bigint()`: the first read of
 * `performance` loads Node's perf_hooks modules, about 1.1 ms of CPU in a fresh process
 * (measured 2026-12-08), which a first `openSession` paid; elsewhere `performance.now()`.
 */
export const monotonicNow: () => number =
  hrtimeBigint === undefined ? () => performance.now() : () => Number(hrtimeBigint()) / 1e6

/** A scheduler on virtual time, advanced explicitly; callbacks run in due-time order. */
export interface ManualScheduler extends Scheduler {
  /** Moves time forward by `ms`, running every callback that falls due, in order. */
  advance(ms: number): void
  /** Moves time to `time` (never backwards), running due callbacks. */
  advanceTo(time: number): void
  /** Number of callbacks still scheduled. */
  readonly pending: number
}

/** Callbacks a manual scheduler runs in a row without its time moving before it refuses to go on. */
const MAX_CALLBACKS_WITHOUT_TIME = 1_000_000

/**
 * Creates a {@link ManualScheduler} starting at `start` ms. `advance` and `advanceTo` throw
 * `ReplayError` (`invalid-argument`) when more than a million callbacks run in a row at one
 * virtual time (a callback re-scheduling itself without moving time), instead of looping forever.
 */
export function createManualScheduler(start = 0): ManualScheduler {
  let now = start
  let nextId = 0
  const queue = new Map<number, { readonly due: number; readonly id: number; readonly fn: () => void }>()
  const advanceTo = (time: number): void => {
    // callbacks run in a row at the same virtual time: a callback that keeps re-scheduling itself
    // without moving time (a delay lost in floating point, a 0 ms poll) would loop forever
    let stalled = 0
    for (;;) {
      let next: { readonly due: number; readonly id: number; readonly fn: () => void } | undefined
      for (const entry of queue.values()) {
        if (
          entry.due <= time &&
          (next === undefined || entry.due < next.due || (entry.due === next.due && entry.id < next.id))
        ) {
          next = entry
        }
      }
      if (next === undefined) break
      queue.delete(next.id)
      if (next.due > now) stalled = 0
      else if (++stalled > MAX_CALLBACKS_WITHOUT_TIME) {
        throw new ReplayError(
          'invalid-argument',
          `manual scheduler: more than ${MAX_CALLBACKS_WITHOUT_TIME.toLocaleString('en-US')} callbacks ran at ${now} ms without time moving (a callback re-schedules itself with a delay that does not advance virtual time)`,
        )
      }
      now = Math.max(now, next.due)
      next.fn()
    }
    now = Math.max(now, time)
  }
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++
      queue.set(id, { due: now + Math.max(0, ms), id, fn })
      return { timer: id }
    },
    clearTimeout(handle) {
      queue.delete(handle.timer as number)
    },
    advance(ms) {
      advanceTo(now + ms)
    },
    advanceTo,
    get pending() {
      return queue.size
    },
  }
}
