/**
 * The 50 ms sampler for continuous gestures (drag, pan, zoom, pen drag). It sits between an
 * editor's input handling and `session.dispatch`: sampled events are coalesced to at most one
 * event per window of INPUT time PER GESTURE STREAM, while any discrete event first flushes
 * everything pending, so nothing is overwritten or reordered. Emitted sampled events carry
 * `samplingIntervalMs`.
 *
 * Windows: a stream's windows are a fixed grid of `intervalMs` anchored at the timestamp of its
 * gesture's first sample; the samples of one window are coalesced and emitted once (trailing edge),
 * when a sample of a later window arrives or when the scheduler's clock reaches the window's end.
 * A sample reaching the sampler after its window was emitted (input delivered late, in bursts) is
 * carried into the next window's event, never emitted on its own; the gesture's end emits what is
 * left. So a gesture records at most one event per input-time window it touches, plus one for the
 * final position, however its samples are delivered, and its last position is always recorded.
 *
 * Gesture undo grouping: the undoable events of one gesture of a stream form ONE undo group
 * automatically. A gesture starts with the first sample of a stream and ends at `endGesture` (of
 * that stream or of all), `flush`, a discrete event and `dispose`. Its emitted events that carry no
 * `undoGroupId` get the gesture's group id: the `eventId` of its first emitted event (unique, and
 * the group that event would have had alone). Samples with an explicit `undoGroupId` keep it.
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
  /** Timestamp anchoring the gesture's window grid; `undefined` until its first sample. */
  origin: number | undefined
  /** Index of the last window emitted (on the grid of `origin`). */
  emitted: number
  /** Window the pending sample will be emitted for; `undefined` when it only carries late samples. */
  pendingWindow: number | undefined
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

  const emitPending = (stream: Stream<E>): void => {
    const event = stream.pending
    if (stream.timer !== undefined) scheduler.clearTimeout(stream.timer)
    stream.timer = undefined
    stream.pending = undefined
    if (stream.pendingWindow !== undefined) stream.emitted = Math.max(stream.emitted, stream.pendingWindow)
    stream.pendingWindow = undefined
    pendingOrder.delete(stream)
    if (event !== undefined) options.emit(inGesture(stream, event))
  }

  const flushAll = (): void => {
    for (const stream of [...pendingOrder]) emitPending(stream)
  }

  /** Flushes everything and ends every stream's gesture (its next sample opens a new undo group). */
  const endAllGestures = (): void => {
    flushAll()
    for (const stream of streams.values()) resetGrid(stream)
  }

  /** Ends a stream's gesture: its next sample opens a new undo group and a new window grid. */
  const resetGrid = (stream: Stream<E>): void => {
    stream.gesture = undefined
    stream.origin = undefined
    stream.emitted = Number.NEGATIVE_INFINITY
  }

  const onTimer = (stream: Stream<E>): void => {
    stream.timer = undefined
    const event = stream.pending
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

  /** Adds `event` to the pending sample (emitting the pending one first when they cannot merge). */
  const addPending = (stream: Stream<E>, event: E): void => {
    if (stream.pending !== undefined) {
      const merged = stream.rule.merge(fields(stream.pending), fields(event))
      if (merged !== undefined) {
        stream.pending = merged as unknown as E
        return
      }
      emitPending(stream)
    }
    stream.pending = event
    pendingOrder.add(stream)
  }

  const take = (stream: Stream<E>, event: E): void => {
    const origin = stream.origin ?? event.timestamp
    stream.origin = origin
    const window = Math.floor((event.timestamp - origin) / interval)
    if (window <= stream.emitted) {
      // Late: its window was emitted already; carry it into the next window's event.
      addPending(stream, event)
      return
    }
    // A sample of a later window completes the pending window: emit it first.
    if (stream.pendingWindow !== undefined && window > stream.pendingWindow) emitPending(stream)
    addPending(stream, event)
    stream.pendingWindow = Math.max(window, stream.pendingWindow ?? window)
    if (stream.timer === undefined) {
      // Event timestamps are expected on the scheduler's clock; clamp in case they are not.
      const end = origin + (stream.pendingWindow + 1) * interval
      const delay = Math.min(interval, Math.max(0, end - scheduler.now()))
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
          origin: undefined,
          emitted: Number.NEGATIVE_INFINITY,
          pendingWindow: undefined,
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
      take(stream, stamp(event))
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
