/**
 * History playback: a playhead over a document's log that steps forward and back, seeks, and plays
 * at 0.5x, 1x, 2x or 5x, timed by the events' own timestamps on an injectable scheduler, by the
 * timing rule of `playback-timing.ts` (long idle gaps shortened to `maxGapMs`).
 */
import type { Scheduler, TimerHandle } from './clock.js'
import { systemScheduler } from './clock.js'
import { ReplayError } from './errors.js'
import { advancePlayhead, DEFAULT_MAX_GAP_MS, gapBefore, type PlaybackTimeline } from './playback-timing.js'

/** What playback reads: the log's length, timestamps, and documents at sequences. */
export interface PlaybackSource<D> {
  /** Number of events; positions run from -1 (before the first event) to `length - 1`. */
  readonly length: number
  /** The document after event `sequence` (-1: the state before any event). */
  documentAt(sequence: number): D
  /** The timestamp (ms) of event `sequence`. */
  timestampAt(sequence: number): number
  /** Fast path for stepping: the document after event `sequence`, given the one after `sequence - 1`. */
  step?(previous: D, sequence: number): D
}

/** The speeds offered by editors; any positive speed is accepted. */
export const playbackSpeeds = [0.5, 1, 2, 5] as const

/** Options of {@link createPlayback}. */
export interface PlaybackOptions {
  /** Time source; default the real timers. */
  readonly scheduler?: Scheduler
  /** Gaps between events longer than this (event time, ms) are shortened to it; default 1000. */
  readonly maxGapMs?: number
  /** Initial position; default -1 (before the first event). */
  readonly position?: number
}

/** Listener of playhead changes. */
export type PlaybackListener<D> = (state: {
  readonly position: number
  readonly document: D
  readonly playing: boolean
}) => void

/** A playhead over a log; see {@link createPlayback}. */
export interface Playback<D> {
  /** Sequence of the last applied event (-1 before the first). */
  readonly position: number
  /** The document at the playhead. */
  readonly document: D
  readonly playing: boolean
  readonly speed: number
  /** Applies the next event; false at the end. */
  stepForward(): boolean
  /** Goes back one event; false at the start. */
  stepBack(): boolean
  /** Moves the playhead to `sequence` (-1..length-1); throws `sequence-out-of-range` otherwise. */
  seek(sequence: number): void
  /** Starts (or changes the speed of) playback from the playhead; stops by itself at the end. */
  play(speed?: number): void
  pause(): void
  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: PlaybackListener<D>): () => void
  /** Pauses and drops the listeners. */
  dispose(): void
}

/** Creates a playhead over `source`. */
export function createPlayback<D>(source: PlaybackSource<D>, options: PlaybackOptions = {}): Playback<D> {
  const scheduler = options.scheduler ?? systemScheduler
  const timeline: PlaybackTimeline = {
    length: source.length,
    timestampAt: (sequence) => source.timestampAt(sequence),
    maxGapMs: options.maxGapMs ?? DEFAULT_MAX_GAP_MS,
  }
  const listeners = new Set<PlaybackListener<D>>()
  let position = options.position ?? -1
  checkRange(position)
  let document = source.documentAt(position)
  let playing = false
  let speed = 1
  let timer: TimerHandle | undefined
  let lastTick = 0
  /** Event time (ms) already elapsed towards the next event. */
  let budget = 0
  /**
   * Event time (ms) the pending timer stands for: when it fires, at least that much has passed,
   * whatever the clock difference says (in floating point it can fall a hair short of the gap,
   * which would leave the playhead before the event and re-schedule it with a delay too small
   * to move the clock).
   */
  let due = 0

  function checkRange(sequence: number): void {
    if (!Number.isInteger(sequence) || sequence < -1 || sequence >= source.length) {
      throw new ReplayError(
        'sequence-out-of-range',
        `playback: sequence ${sequence} is outside the log (-1..${source.length - 1})`,
      )
    }
  }

  const notify = (): void => {
    const state = { position, document, playing }
    for (const listener of listeners) listener(state)
  }

  const advance = (): void => {
    const next = position + 1
    document = source.step === undefined ? source.documentAt(next) : source.step(document, next)
    position = next
  }

  /** The wait (wall time, ms) until the next event is due. */
  const untilNext = (): number => ((gapBefore(timeline, position + 1) ?? 0) - budget) / speed

  const stopTimer = (): void => {
    if (timer !== undefined) scheduler.clearTimeout(timer)
    timer = undefined
    due = 0
  }

  const tick = (): void => {
    timer = undefined
    const now = scheduler.now()
    const elapsed = Math.max((now - lastTick) * speed, due)
    due = 0
    const next = advancePlayhead({ position, budget }, elapsed, timeline)
    lastTick = now
    budget = next.budget
    const moved = next.position > position
    while (position < next.position) advance()
    if (position + 1 >= source.length) {
      playing = false
      notify()
      return
    }
    if (moved) notify()
    schedule()
  }

  /** Sets the timer for the next event (and what it will stand for when it fires). */
  const schedule = (): void => {
    const wait = untilNext()
    due = Math.max(0, wait * speed)
    timer = scheduler.setTimeout(tick, wait)
  }

  return {
    get position() {
      return position
    },
    get document() {
      return document
    },
    get playing() {
      return playing
    },
    get speed() {
      return speed
    },
    stepForward() {
      if (position + 1 >= source.length) return false
      advance()
      budget = 0
      notify()
      return true
    },
    stepBack() {
      if (position < 0) return false
      position -= 1
      document = source.documentAt(position)
      budget = 0
      notify()
      return true
    },
    seek(sequence) {
      checkRange(sequence)
      position = sequence
      document = source.documentAt(sequence)
      budget = 0
      notify()
    },
    play(newSpeed = speed) {
      if (!(newSpeed > 0) || !Number.isFinite(newSpeed)) {
        throw new ReplayError(
          'invalid-argument',
          `playback.play: speed must be a positive number, got ${newSpeed}`,
        )
      }
      speed = newSpeed
      if (position + 1 >= source.length) return
      stopTimer()
      playing = true
      lastTick = scheduler.now()
      notify()
      schedule()
    },
    pause() {
      if (!playing) return
      if (timer !== undefined) {
        const now = scheduler.now()
        budget += (now - lastTick) * speed
        lastTick = now
      }
      stopTimer()
      playing = false
      notify()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose() {
      stopTimer()
      playing = false
      listeners.clear()
    },
  }
}
