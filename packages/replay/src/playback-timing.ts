/**
 * The timing rule of history playback, once: play at speed s with long gaps shortened. A
 * playhead moves through a log by event time (wall time × speed); the gap before each event is
 * the difference of the timestamps, at least 0 and at most `maxGapMs`, so playback never stalls
 * on idle stretches. {@link createPlayback} drives it with a scheduler; the demo viewer drives it
 * from animation frames. No imports: browsers load it alone (`@wiretuner/replay/playback-timing`).
 */

/** Default longest gap reproduced between two events, in ms of event time. */
export const DEFAULT_MAX_GAP_MS = 1_000

/** What the timing rule reads of a log. */
export interface PlaybackTimeline {
  /** Number of events; positions run from -1 (before the first event) to `length - 1`. */
  readonly length: number
  /** The timestamp (ms) of event `sequence`, or `undefined` while it is not known yet (then the playhead waits there). */
  timestampAt(sequence: number): number | undefined
  /** Gaps longer than this (event time, ms) are shortened to it. */
  readonly maxGapMs: number
}

/** A playhead: its position and the event time already elapsed towards the next event. */
export interface PlayheadTime {
  readonly position: number
  readonly budget: number
}

/**
 * The event time (ms) between event `next - 1` and event `next`, shortened to `maxGapMs` (0 for
 * the first event), or `undefined` when a timestamp is not known.
 */
export function gapBefore(timeline: PlaybackTimeline, next: number): number | undefined {
  if (next === 0) return 0
  const previous = timeline.timestampAt(next - 1)
  const current = timeline.timestampAt(next)
  if (previous === undefined || current === undefined) return undefined
  return Math.min(timeline.maxGapMs, Math.max(0, current - previous))
}

/**
 * Moves `playhead` forward by `eventTimeMs` (elapsed wall time × speed): past every event whose
 * gap fits the budget. At the end of the log the budget is 0; where a timestamp is not known the
 * playhead waits, keeping its budget.
 */
export function advancePlayhead(
  playhead: PlayheadTime,
  eventTimeMs: number,
  timeline: PlaybackTimeline,
): PlayheadTime {
  let { position } = playhead
  let budget = playhead.budget + eventTimeMs
  while (position + 1 < timeline.length) {
    const gap = gapBefore(timeline, position + 1)
    if (gap === undefined || gap > budget) break
    budget -= gap
    position++
  }
  if (position + 1 >= timeline.length) budget = 0
  return { position, budget }
}
