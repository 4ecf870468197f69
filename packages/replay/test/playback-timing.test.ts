/**
 * The shared playback timing rule (`advancePlayhead`): event time moves the playhead past every
 * event whose gap fits, gaps are shortened to maxGapMs, unknown timestamps make it wait.
 */
import { describe, expect, it } from 'vitest'
import { advancePlayhead, gapBefore, type PlaybackTimeline } from '../src/playback-timing.ts'

function timeline(timestamps: readonly (number | undefined)[], maxGapMs = 1_000): PlaybackTimeline {
  return { length: timestamps.length, timestampAt: (k) => timestamps[k], maxGapMs }
}

describe('advancePlayhead', () => {
  it('passes the events whose gaps fit the elapsed event time and keeps the rest', () => {
    const t = timeline([0, 100, 250, 300])
    expect(advancePlayhead({ position: 0, budget: 0 }, 120, t)).toEqual({ position: 1, budget: 20 })
    expect(advancePlayhead({ position: 1, budget: 20 }, 130, t)).toEqual({ position: 2, budget: 0 })
  })

  it('shortens long and negative gaps, and the first event is due at once', () => {
    const t = timeline([5_000, 60_000, 59_000], 800)
    expect(gapBefore(t, 0)).toBe(0)
    expect(gapBefore(t, 1)).toBe(800)
    expect(gapBefore(t, 2)).toBe(0)
    expect(advancePlayhead({ position: -1, budget: 0 }, 799, t)).toEqual({ position: 0, budget: 799 })
  })

  it('reaches the end with no budget left', () => {
    expect(advancePlayhead({ position: 0, budget: 0 }, 10_000, timeline([0, 10, 20]))).toEqual({
      position: 2,
      budget: 0,
    })
  })

  it('waits where a timestamp is not known yet, keeping its budget', () => {
    const t = timeline([0, 10, undefined, 30])
    expect(gapBefore(t, 2)).toBeUndefined()
    expect(advancePlayhead({ position: 0, budget: 0 }, 500, t)).toEqual({ position: 1, budget: 490 })
  })
})
