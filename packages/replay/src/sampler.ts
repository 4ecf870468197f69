/**
 * The 50 ms sampler for continuous gestures (drag, pan, zoom, pen drag). It sits between an
 * editor's input handling and `session.dispatch`: sampled events are throttled to at most one
 * event per interval PER GESTURE STREAM (leading edge emitted at once, later samples of the window
 * coalesced, a trailing timer emits the rest), while any discrete event first flushes everything
 * pending, so nothing is overwritten or reordered. Emitted sampled events carry `samplingIntervalMs`.
 *
 * Gesture undo grouping: the undoable samples of one gesture of a stream form ONE undo group
 * automatically. A gesture starts with the first sample of a stream and ends at `endGesture` (of
 * that stream or of all), `flush`, a discrete event and `dispose`. Its samples that carry no
 * `undoGroupId` get the gesture's group id: the `eventId` of its first sample (unique, and the
 * group that sample would have had alone). Samples with an explicit `undoGroupId` keep it.
 */
import type { Scheduler, TimerHandle } from './clock.js'
import { systemScheduler } from './clock.js'
import { isReplayError } from './errors.js'
import { type MergeRule, mergeRules, type SampleableEvent } from './sampler-rules.js'
import { isUndoableType } from './undo-groups.js'

/** Options of {@link createSampler}. */
export interface SamplerOptions<E extends SampleableEvent> {
  /** Receives every event to record, in order (typically `(e) => session.dispatch(e)`). */
  readonly emit: (event: E) => void
  /** Sampling interval in ms; default 50. Recorded as `samplingIntervalMs` on sampled events. */
  readonly intervalMs?: number
  /** Timer for the trailing flush; default the real timers. */
  readonly scheduler?: Scheduler
  /**
   * Called when `emit` throws inside the trailing timer (there is no caller to throw to). A
   * `session-closed` `ReplayError` there also disposes the sampler (the session is gone, so
   * the pending sample is dropped): it goes to `onError` when given, and is never thrown into the
   * event loop. Other errors without `onError` are rethrown from the timer.
   */
  readonly onError?: (error: unknown, event: E) => void
}

/** Per-push options. */
export interface PushOptions {
  /** Explicit gesture-stream id; default derived from the event (type + targets). */
  readonly stream?: string
}

/** A gesture sampler; see {@link createSampler}. */
export interface Sampler<E extends SampleableEvent> {
  /** Records one event: sampled types are throttled per stream, others flush all streams then pass. */
  push(event: E, options?: PushOptions): void
  /** Ends a gesture: flushes the stream (or, without argument, every stream); the next sample starts a new undo group. */
  endGesture(stream?: string): void
  /** Flushes every pending sample now, in the order the streams became pending; ends every gesture. */
  flush(): void
  /** The stream key `push` would use for this event, or `undefined` for a discrete event. */
  streamOf(event: E): string | undefined
  /** Number of streams with a pending (not yet emitted) sample. */
  readonly pendingStreams: number
  /**
   * Flushes, cancels the timers; later pushes throw. Dispose before closing the session it feeds
   * (a `session-closed` failure of the trailing timer disposes it too, see `onError`).
   */
  dispose(): void
}

interface Stream<E> {
  readonly key: string
  readonly rule: MergeRule
  /** Start (event time) of the current window; a sample at or after start+interval opens a new one. */
  windowStart: number
  pending: E | undefined
  timer: TimerHandle | undefined
  /** Undo group id of the stream's current gesture; `undefined` before its first undoable sample. */
  gesture: string | undefined
}

type Fields = Readonly<Record<string, unknown>>
const fields = (event: SampleableEvent): Fields => event as unknown as Fields

/**
 * Creates a sampler. Streams are keyed by event type and target (objects, path and anchor, or the
 * viewport) unless `push` names a stream. Before a sample of one stream is taken, pending samples
 * of OTHER streams that touch the same ids are flushed, so order-dependent edits never swap.
 */
export function createSampler<E extends SampleableEvent>(options: SamplerOptions<E>): Sampler<E> {
  const interval = options.intervalMs ?? 50
  const scheduler = options.scheduler ?? systemScheduler
  const streams = new Map<string, Stream<E>>()
  /** Streams holding a pending sample, in the order they became pending. */
  const pendingOrder = new Set<Stream<E>>()
  let disposed = false

  const stamp = (event: E): E => ({ ...event, samplingIntervalMs: interval })

  const emitPending = (stream: Stream<E>): void => {
    const event = stream.pending
    if (stream.timer !== undefined) scheduler.clearTimeout(stream.timer)
    stream.timer = undefined
    stream.pending = undefined
    pendingOrder.delete(stream)
    if (event !== undefined) options.emit(event)
  }

  const flushAll = (): void => {
    for (const stream of [...pendingOrder]) emitPending(stream)
  }

  /** Flushes everything and ends every stream's gesture (its next sample opens a new undo group). */
  const endAllGestures = (): void => {
    flushAll()
    for (const stream of streams.values()) stream.gesture = undefined
  }

  /** `event` in its stream's gesture group (see the module comment). */
  const inGesture = (stream: Stream<E>, event: E): E => {
    const f = fields(event)
    if (f.undoGroupId !== undefined || !isUndoableType(event.eventType)) return event
    if (stream.gesture === undefined) {
      if (typeof f.eventId !== 'string') return event
      stream.gesture = f.eventId
    }
    return { ...event, undoGroupId: stream.gesture }
  }

  const onTimer = (stream: Stream<E>): void => {
    stream.timer = undefined
    const event = stream.pending
    stream.windowStart += interval
    try {
      emitPending(stream)
    } catch (error) {
      const sessionClosed = isReplayError(error, 'session-closed')
      // the session was closed with a sample pending: nothing more can be recorded
      if (sessionClosed) disposeWithoutFlush()
      if (event !== undefined && options.onError !== undefined) options.onError(error, event)
      else if (!sessionClosed) throw error
    }
  }

  /** Cancels every timer and drops every pending sample; later pushes throw. */
  const disposeWithoutFlush = (): void => {
    disposed = true
    for (const stream of streams.values()) {
      if (stream.timer !== undefined) scheduler.clearTimeout(stream.timer)
      stream.timer = undefined
      stream.pending = undefined
    }
    pendingOrder.clear()
    streams.clear()
  }

  const take = (stream: Stream<E>, event: E): void => {
    const t = event.timestamp
    if (stream.pending === undefined && t >= stream.windowStart + interval) {
      // Leading edge: first sample of a new window goes out at once.
      stream.windowStart = t
      options.emit(event)
      return
    }
    if (stream.pending !== undefined) {
      const merged = stream.rule.merge(fields(stream.pending), fields(event))
      if (merged === undefined) {
        emitPending(stream)
        stream.pending = event
      } else {
        stream.pending = merged as unknown as E
      }
    } else {
      stream.pending = event
    }
    pendingOrder.add(stream)
    if (t >= stream.windowStart + interval) {
      // The window elapsed (in event time) with samples pending: emit now, open a new window.
      stream.windowStart = t
      emitPending(stream)
      return
    }
    if (stream.timer === undefined) {
      // Event timestamps are expected on the scheduler's clock; clamp in case they are not.
      const delay = Math.min(interval, Math.max(0, stream.windowStart + interval - scheduler.now()))
      stream.timer = scheduler.setTimeout(() => onTimer(stream), delay)
    }
  }

  const deriveKey = (event: E): string | undefined => mergeRules[event.eventType]?.key(fields(event))

  return {
    push(event, pushOptions) {
      if (disposed) throw new Error('Sampler.push: the sampler was disposed')
      const rule = mergeRules[event.eventType]
      if (rule === undefined) {
        endAllGestures()
        options.emit(event)
        return
      }
      const key = pushOptions?.stream ?? rule.key(fields(event))
      let stream = streams.get(key)
      if (stream !== undefined && stream.rule !== rule) {
        emitPending(stream)
        stream = undefined
      }
      if (stream === undefined) {
        stream = {
          key,
          rule,
          windowStart: Number.NEGATIVE_INFINITY,
          pending: undefined,
          timer: undefined,
          gesture: undefined,
        }
        streams.set(key, stream)
      }
      const targets = new Set(rule.targets(fields(event)))
      for (const other of [...pendingOrder]) {
        if (other !== stream && other.pending !== undefined) {
          if (other.rule.targets(fields(other.pending)).some((id) => targets.has(id))) emitPending(other)
        }
      }
      take(stream, stamp(inGesture(stream, event)))
    },
    endGesture(stream) {
      if (stream === undefined) {
        flushAll()
        streams.clear()
        return
      }
      const s = streams.get(stream)
      if (s !== undefined) {
        emitPending(s)
        streams.delete(stream)
      }
    },
    flush: endAllGestures,
    streamOf: deriveKey,
    get pendingStreams() {
      return pendingOrder.size
    },
    dispose() {
      if (disposed) return
      flushAll()
      disposed = true
      streams.clear()
    },
  }
}
