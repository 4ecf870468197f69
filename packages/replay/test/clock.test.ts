/**
 * The monotonic clock behind reported durations (`monotonicNow`): milliseconds, moving forward,
 * in step with `performance.now()` (it reads Node's nanosecond clock so that a first
 * `openSession` does not load Node's perf_hooks modules just to time itself).
 */
import { createMemoryStorage } from '@wiretuner/io-services'
import { describe, expect, it } from 'vitest'
import { monotonicNow } from '../src/clock.js'
import { createSession, openSession } from '../src/open-session.js'

describe('monotonicNow', () => {
  it('counts milliseconds in step with performance.now()', () => {
    const m0 = monotonicNow()
    const p0 = performance.now()
    let last = m0
    while (performance.now() - p0 < 25) {
      const m = monotonicNow()
      expect(m).toBeGreaterThanOrEqual(last)
      last = m
    }
    const elapsed = monotonicNow() - m0
    const reference = performance.now() - p0
    // a unit error (seconds, microseconds, nanoseconds) is off by a factor of 1,000 or more
    expect(Math.abs(elapsed - reference)).toBeLessThan(5)
  })

  it("times openSession's load report", () => {
    const storage = createMemoryStorage()
    const created = createSession(storage, { title: 'timed' })
    created.close()
    const before = monotonicNow()
    const session = openSession(storage, created.documentId)
    const spent = monotonicNow() - before
    expect(session.loadReport.durationMs).toBeGreaterThanOrEqual(0)
    expect(session.loadReport.durationMs).toBeLessThanOrEqual(spent)
    session.close()
  })
})
