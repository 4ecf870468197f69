/**
 * Tests of the history playback controller on virtual time: stepping, seeking, and playing at
 * 0.5x/1x/2x/5x timed by event timestamps, with idle gaps shortened.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createManualScheduler } from '../src/clock.js'
import { isReplayError } from '../src/errors.js'
import { createPlayback, type PlaybackSource, playbackSpeeds } from '../src/playback.js'

/** A log of numbers at given timestamps; the "document" at k is the list of values 0..k. */
function source(timestamps: readonly number[]): PlaybackSource<readonly number[]> & { folds: number } {
  const s = {
    folds: 0,
    length: timestamps.length,
    timestampAt: (k: number) => timestamps[k] ?? Number.NaN,
    documentAt(k: number) {
      s.folds++
      return Array.from({ length: k + 1 }, (_, i) => i)
    },
    step: (previous: readonly number[], k: number) => [...previous, k],
  }
  return s
}

describe('playback stepping and seeking', () => {
  it('steps forward with the fast path and back by time travel', () => {
    const src = source([0, 10, 20, 30])
    const p = createPlayback(src, { scheduler: createManualScheduler() })
    expect(p.position).toBe(-1)
    expect(p.document).toEqual([])
    expect(p.stepForward()).toBe(true)
    expect(p.stepForward()).toBe(true)
    expect(p.document).toEqual([0, 1])
    const folds = src.folds
    expect(p.stepBack()).toBe(true)
    expect(src.folds).toBe(folds + 1)
    expect(p.document).toEqual([0])
    expect(p.stepBack()).toBe(true)
    expect(p.stepBack()).toBe(false)
    p.seek(3)
    expect(p.document).toEqual([0, 1, 2, 3])
    expect(p.stepForward()).toBe(false)
  })

  it('refuses seeks outside the log with a typed error', () => {
    const p = createPlayback(source([0, 1]), { scheduler: createManualScheduler() })
    for (const bad of [-2, 2, 0.5]) {
      let caught: unknown
      try {
        p.seek(bad)
      } catch (error) {
        caught = error
      }
      expect(isReplayError(caught, 'sequence-out-of-range')).toBe(true)
    }
  })

  it('refuses a speed that is not a positive finite number with a typed error, and keeps playing state', () => {
    const p = createPlayback(source([0, 1, 2]), { scheduler: createManualScheduler() })
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => p.play(bad)).toThrow(expect.objectContaining({ code: 'invalid-argument' }))
    }
    expect(p.playing).toBe(false)
  })
})

describe('playback timing', () => {
  const stamps = [1_000, 1_100, 1_200, 1_300, 1_400, 9_000, 9_100]

  for (const speed of playbackSpeeds) {
    it(`plays at ${speed}x, timed by the event timestamps`, () => {
      const scheduler = createManualScheduler(0)
      const p = createPlayback(source(stamps), { scheduler, maxGapMs: 500 })
      const seen: Array<[number, number]> = []
      p.subscribe((s) => seen.push([scheduler.now(), s.position]))
      p.play(speed)
      expect(p.playing).toBe(true)
      // Event 0 at once, then 100 ms gaps, a gap shortened to 500 ms, then 100 ms.
      const due = [0, 100, 200, 300, 400, 900, 1_000].map((t) => t / speed)
      scheduler.advance(2_000 / speed)
      const firstSeen = new Map<number, number>()
      for (const [t, pos] of seen) if (!firstSeen.has(pos)) firstSeen.set(pos, t)
      for (let k = 0; k < stamps.length; k++) expect(firstSeen.get(k)).toBeCloseTo(due[k] ?? Number.NaN, 6)
      expect(p.playing).toBe(false)
      expect(p.position).toBe(stamps.length - 1)
      expect(scheduler.pending).toBe(0)
    })
  }

  it('pauses and resumes where it was, and catches up several events per tick', () => {
    const scheduler = createManualScheduler(0)
    const p = createPlayback(source([0, 10, 20, 30, 40, 50]), { scheduler })
    p.play(1)
    scheduler.advance(15)
    expect(p.position).toBe(1)
    p.pause()
    scheduler.advance(1_000)
    expect(p.position).toBe(1)
    p.play(5)
    scheduler.advance(1)
    expect(p.position).toBe(2)
    p.dispose()
    scheduler.advance(1_000)
    expect(p.position).toBe(2)
  })
})

describe('playback on virtual time whose clock differences are not exact', () => {
  it('property: plays any log to its end at any speed, from any clock origin (no timer loop at a gap)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom(0.3, 1 / 3, 0.7, 1, 2.5, 3, 5, 7, 10.1),
        fc.constantFrom(0, 1_700_000_000_123, 123.456),
        (gaps, speed, origin) => {
          const timestamps: number[] = []
          let t = origin
          for (const gap of gaps) {
            t += gap
            timestamps.push(t)
          }
          const scheduler = createManualScheduler(origin)
          const p = createPlayback(source(timestamps), { scheduler })
          p.play(speed)
          const total = gaps.reduce((a, b) => a + b, 0)
          // a little longer than the whole log takes at this speed
          scheduler.advance(total / speed + 1)
          expect(p.position).toBe(timestamps.length - 1)
          expect(p.playing).toBe(false)
        },
      ),
    )
  })

  it('a manual scheduler refuses a callback that keeps re-scheduling itself without moving time', () => {
    const scheduler = createManualScheduler(0)
    const again = (): void => {
      scheduler.setTimeout(again, 0)
    }
    scheduler.setTimeout(again, 0)
    let caught: unknown
    try {
      scheduler.advance(10)
    } catch (error) {
      caught = error
    }
    expect(isReplayError(caught, 'invalid-argument')).toBe(true)
  })
})
