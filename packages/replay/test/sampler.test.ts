/**
 * Tests of the 50 ms gesture sampler: throttling per stream, flush before discrete events and at
 * gesture end, the trailing timer, the coalescing rules (sum, multiply, latest wins) and ordering.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createManualScheduler } from '../src/clock.js'
import { createSampler } from '../src/sampler.js'

type Ev = { readonly eventType: string; readonly timestamp: number; readonly [k: string]: unknown }
const runs = Number(process.env.WT_PROPERTY_RUNS ?? 100)

function setup(intervalMs = 50) {
  const scheduler = createManualScheduler(1_000)
  const out: Ev[] = []
  const sampler = createSampler<Ev>({ emit: (e) => out.push(e), scheduler, intervalMs })
  return { scheduler, out, sampler }
}

const move = (t: number, dx: number, dy = 0, ids = ['a']): Ev => ({
  eventType: 'MoveObjectEvent',
  timestamp: t,
  objectIds: ids,
  delta: { x: dx, y: dy },
})

describe('sampler throttling', () => {
  it('turns a 2 s drag at 100 Hz into about 40 events whose deltas sum to the drag', () => {
    const { scheduler, out, sampler } = setup()
    for (let i = 0; i < 200; i++) {
      scheduler.advanceTo(1_000 + i * 10)
      sampler.push(move(1_000 + i * 10, 1, 0.5))
    }
    sampler.endGesture()
    expect(out.length).toBeGreaterThanOrEqual(39)
    expect(out.length).toBeLessThanOrEqual(42)
    const sum = out.reduce((acc, e) => acc + (e.delta as { x: number }).x, 0)
    expect(sum).toBe(200)
    expect(out.every((e) => e.samplingIntervalMs === 50)).toBe(true)
    for (let i = 1; i < out.length; i++)
      expect(out[i]?.timestamp).toBeGreaterThan(out[i - 1]?.timestamp ?? Number.NaN)
  })

  it('emits a window once, at its end on the clock or when a later window starts', () => {
    const { scheduler, out, sampler } = setup()
    sampler.push(move(1_000, 1))
    sampler.push(move(1_010, 2))
    sampler.push(move(1_020, 3))
    expect(out).toHaveLength(0)
    expect(sampler.pendingStreams).toBe(1)
    scheduler.advanceTo(1_049)
    expect(out).toHaveLength(0)
    scheduler.advanceTo(1_050)
    expect(out).toHaveLength(1)
    expect(out[0]).toMatchObject({ delta: { x: 6, y: 0 }, timestamp: 1_020, samplingIntervalMs: 50 })
    expect(scheduler.pending).toBe(0)
    sampler.push(move(1_060, 1))
    sampler.push(move(1_101, 1))
    expect(out).toHaveLength(2)
    expect(out[1]).toMatchObject({ delta: { x: 1, y: 0 }, timestamp: 1_060 })
  })

  it('carries a sample arriving after its window was emitted into the next window', () => {
    const { scheduler, out, sampler } = setup()
    sampler.push(move(1_000, 1))
    scheduler.advanceTo(1_120)
    expect(out).toHaveLength(1)
    sampler.push(move(1_030, 2))
    scheduler.advanceTo(1_500)
    expect(out).toHaveLength(1)
    sampler.push(move(1_060, 4))
    expect(out).toHaveLength(1)
    scheduler.advance(1)
    expect(out.map((e) => (e.delta as { x: number }).x)).toEqual([1, 6])
    sampler.push(move(1_070, 8))
    sampler.endGesture()
    expect(out.map((e) => (e.delta as { x: number }).x)).toEqual([1, 6, 8])
  })

  it('flushes every pending stream before a discrete event, keeping order', () => {
    const { out, sampler } = setup()
    sampler.push(move(1_000, 1))
    sampler.push(move(1_010, 1))
    sampler.push({ eventType: 'ViewportPanEvent', timestamp: 1_011, delta: { x: 1, y: 1 } })
    sampler.push({ eventType: 'ViewportPanEvent', timestamp: 1_012, delta: { x: 2, y: 2 } })
    sampler.push({ eventType: 'DeleteObjectEvent', timestamp: 1_015, objectIds: ['a'] })
    expect(out.map((e) => e.eventType)).toEqual(['MoveObjectEvent', 'ViewportPanEvent', 'DeleteObjectEvent'])
    expect(out[0]).toMatchObject({ delta: { x: 2, y: 0 } })
    expect(out[1]).toMatchObject({ delta: { x: 3, y: 3 } })
    expect(out[2]).toBeDefined()
    expect(out[2]?.samplingIntervalMs).toBeUndefined()
    expect(sampler.pendingStreams).toBe(0)
  })

  it('flushes a pending stream touching the same ids before another stream samples', () => {
    const { out, sampler } = setup()
    sampler.push({
      eventType: 'AddAnchorEvent',
      timestamp: 1_000,
      pathId: 'p',
      position: { x: 0, y: 0 },
      anchorType: 'line',
    })
    sampler.push({
      eventType: 'AddAnchorEvent',
      timestamp: 1_010,
      pathId: 'p',
      position: { x: 1, y: 0 },
      anchorType: 'line',
    })
    sampler.push({
      eventType: 'ModifyAnchorEvent',
      timestamp: 1_011,
      pathId: 'p',
      anchorIndex: 1,
      position: { x: 2, y: 0 },
    })
    sampler.flush()
    expect(out.map((e) => e.eventType)).toEqual(['AddAnchorEvent', 'ModifyAnchorEvent'])
    expect(out[0]).toMatchObject({ position: { x: 1, y: 0 } })
  })

  it('keeps separate windows for independent streams', () => {
    const { out, sampler } = setup()
    for (let i = 0; i < 10; i++) {
      sampler.push(move(1_000 + i * 10, 1, 0, ['a']))
      sampler.push(move(1_000 + i * 10 + 1, 1, 0, ['b']))
    }
    sampler.flush()
    const a = out.filter((e) => (e.objectIds as string[])[0] === 'a')
    const b = out.filter((e) => (e.objectIds as string[])[0] === 'b')
    expect(a.length).toBeLessThanOrEqual(3)
    expect(b.length).toBeLessThanOrEqual(3)
    expect(a.reduce((s, e) => s + (e.delta as { x: number }).x, 0)).toBe(10)
    expect(b.reduce((s, e) => s + (e.delta as { x: number }).x, 0)).toBe(10)
  })

  it('throws on push after dispose and flushes on dispose', () => {
    const { out, sampler } = setup()
    sampler.push(move(1_000, 1))
    sampler.push(move(1_010, 1))
    sampler.dispose()
    expect(out).toHaveLength(1)
    expect(out[0]).toMatchObject({ delta: { x: 2, y: 0 } })
    expect(() => sampler.push(move(1_020, 1))).toThrow(/disposed/)
  })

  it('reports emit failures of the trailing timer to onError', () => {
    const scheduler = createManualScheduler(0)
    const errors: unknown[] = []
    let fail = false
    const sampler = createSampler<Ev>({
      scheduler,
      emit: () => {
        if (fail) throw new Error('refused')
      },
      onError: (e) => errors.push(e),
    })
    sampler.push(move(0, 1))
    sampler.push(move(10, 1))
    fail = true
    scheduler.advance(100)
    expect(errors).toHaveLength(1)
  })
})

describe('sampler coalescing rules', () => {
  it('merges ModifyAnchor fields, the latest value of each field winning, unless a handle would mirror differently', () => {
    const { out, sampler } = setup()
    const base = { eventType: 'ModifyAnchorEvent', pathId: 'p', anchorIndex: 0 }
    sampler.push({ ...base, timestamp: 1_000, position: { x: 0, y: 0 } })
    sampler.push({ ...base, timestamp: 1_010, position: { x: 5, y: 5 } })
    sampler.push({ ...base, timestamp: 1_020, handleIn: { x: 2, y: 2 } })
    sampler.push({ ...base, timestamp: 1_030, handleIn: { x: 3, y: 3 }, handleOut: null })
    sampler.push({ ...base, timestamp: 1_040, handleOut: { x: 1, y: 1 } })
    sampler.flush()
    expect(out).toHaveLength(2)
    expect(out[0]).toMatchObject({ position: { x: 5, y: 5 }, handleIn: { x: 3, y: 3 }, handleOut: null })
    expect(out[1]).toMatchObject({ handleOut: { x: 1, y: 1 } })
    expect(out[1]?.position).toBeUndefined()
  })

  it('sums rotations and multiplies scales about the same explicit pivot only', () => {
    const { out, sampler } = setup()
    const rot = (t: number, angle: number, pivot?: { x: number; y: number }): Ev => ({
      eventType: 'RotateObjectEvent',
      timestamp: t,
      objectIds: ['a'],
      angle,
      ...(pivot === undefined ? {} : { pivot }),
    })
    sampler.push(rot(1_000, 0.5, { x: 1, y: 1 }))
    sampler.push(rot(1_010, 0.25, { x: 1, y: 1 }))
    sampler.push(rot(1_020, 0.125, { x: 1, y: 1 }))
    sampler.flush()
    expect(out.map((e) => e.angle)).toEqual([0.875])
    out.length = 0
    sampler.push(rot(2_000, 0.5))
    sampler.push(rot(2_010, 0.25))
    sampler.push(rot(2_020, 0.125))
    sampler.flush()
    expect(out.map((e) => e.angle)).toEqual([0.5, 0.25, 0.125])
    out.length = 0
    const scale = (t: number, s: number): Ev => ({
      eventType: 'ScaleObjectEvent',
      timestamp: t,
      objectIds: ['a'],
      scaleX: s,
      scaleY: 1 / s,
      pivot: { x: 0, y: 0 },
    })
    sampler.push(scale(3_000, 2))
    sampler.push(scale(3_010, 2))
    sampler.push(scale(3_020, 0.5))
    sampler.flush()
    expect(out.map((e) => [e.scaleX, e.scaleY])).toEqual([[2, 0.5]])
  })

  it('multiplies zoom factors for one focal point and splits at a new focal point', () => {
    const { out, sampler } = setup()
    const zoom = (t: number, factor: number, x: number): Ev => ({
      eventType: 'ViewportZoomEvent',
      timestamp: t,
      factor,
      focalPoint: { x, y: 0 },
    })
    sampler.push(zoom(1_000, 2, 0))
    sampler.push(zoom(1_010, 2, 0))
    sampler.push(zoom(1_020, 2, 0))
    sampler.push(zoom(1_030, 2, 7))
    sampler.flush()
    expect(out.map((e) => e.factor)).toEqual([8, 2])
  })

  it('decimates a pen drag: one AddAnchor per window, always the last one', () => {
    const { scheduler, out, sampler } = setup()
    for (let i = 0; i < 20; i++) {
      scheduler.advanceTo(1_000 + i * 10)
      sampler.push({
        eventType: 'AddAnchorEvent',
        timestamp: 1_000 + i * 10,
        pathId: 'p',
        position: { x: i, y: 0 },
        anchorType: 'line',
      })
    }
    sampler.endGesture()
    expect(out.length).toBeGreaterThanOrEqual(4)
    expect(out.length).toBeLessThanOrEqual(5)
    expect(out.at(-1)).toMatchObject({ position: { x: 19, y: 0 } })
  })

  it('never emits more than one event per interval per stream, and loses no delta (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ gap: fc.integer({ min: 0, max: 120 }), dx: fc.integer({ min: -64, max: 64 }) }),
          {
            minLength: 1,
            maxLength: 200,
          },
        ),
        (samples) => {
          const { scheduler, out, sampler } = setup()
          let t = 1_000
          for (const s of samples) {
            t += s.gap
            scheduler.advanceTo(t)
            sampler.push(move(t, s.dx / 4))
          }
          scheduler.advance(50)
          expect(sampler.pendingStreams).toBe(0)
          const total = samples.reduce((acc, s) => acc + s.dx / 4, 0)
          expect(out.reduce((acc, e) => acc + (e.delta as { x: number }).x, 0)).toBe(total)
          const duration = t - 1_000
          expect(out.length).toBeLessThanOrEqual(Math.floor(duration / 50) + 2)
        },
      ),
      { numRuns: runs },
    )
  })
})

describe('sampler under late, bursty delivery (simulated clock)', () => {
  /**
   * Pushes `inputs` (timestamps of a drag) each at its arrival time on the simulated clock, the
   * due timers firing in between, then ends the gesture; returns what was emitted.
   */
  function deliver(inputs: readonly { readonly t: number; readonly arrival: number }[]): Ev[] {
    const { scheduler, out, sampler } = setup()
    inputs.forEach((input, i) => {
      scheduler.advanceTo(input.arrival)
      sampler.push({ ...move(input.t, 1), eventId: `e${i}` })
    })
    scheduler.advance(200)
    sampler.endGesture()
    return out
  }
  const windowsTouched = (ts: readonly number[]): number =>
    new Set(ts.map((t) => Math.floor((t - (ts[0] ?? 0)) / 50))).size

  it('records a 2 s drag at 120 Hz delivered in 200 ms bursts as one move per input window', () => {
    const inputs = Array.from({ length: 240 }, (_, i) => {
      const t = 1_000 + (i * 2_000) / 240
      return { t, arrival: 1_000 + Math.ceil((t - 1_000 + 1) / 200) * 200 }
    })
    const out = deliver(inputs)
    const windows = windowsTouched(inputs.map((s) => s.t))
    expect(windows).toBe(40)
    expect(out.length).toBeGreaterThanOrEqual(windows)
    expect(out.length).toBeLessThanOrEqual(windows + 1)
    expect(new Set(out.map((e) => e.undoGroupId))).toEqual(new Set([out[0]?.eventId]))
  })

  it('never records more moves than input windows touched + 1, whatever the arrival (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            gap: fc.integer({ min: 0, max: 50 }),
            lag: fc.integer({ min: 0, max: 400 }),
            dx: fc.integer({ min: -64, max: 64 }),
          }),
          { minLength: 1, maxLength: 300 },
        ),
        (samples) => {
          let t = 1_000
          let arrival = 1_000
          const inputs = samples.map((s) => {
            t += s.gap
            // in order, never before the input happened, possibly late and in bursts
            arrival = Math.max(arrival, t + s.lag)
            return { t, arrival, dx: s.dx / 4 }
          })
          const { scheduler, out, sampler } = setup()
          inputs.forEach((input, i) => {
            scheduler.advanceTo(input.arrival)
            sampler.push({ ...move(input.t, input.dx), eventId: `e${i}` })
          })
          scheduler.advance(200)
          sampler.endGesture()
          const ts = inputs.map((s) => s.t)
          expect(out.length).toBeLessThanOrEqual(windowsTouched(ts) + 1)
          const total = inputs.reduce((acc, s) => acc + s.dx, 0)
          expect(out.reduce((acc, e) => acc + (e.delta as { x: number }).x, 0)).toBe(total)
          expect(out.at(-1)?.timestamp).toBe(ts.at(-1))
          expect(new Set(out.map((e) => e.undoGroupId))).toEqual(new Set([out[0]?.eventId]))
        },
      ),
      { numRuns: runs },
    )
  })
})
