/**
 * Geometry: cubic evaluation and splitting, tight bounds from extrema, flattening within a
 * tolerance, affine inverse, transformed object bounds, and hit testing (stroke tolerance,
 * nonzero fill, topmost first, hidden and locked layers skipped).
 */

import {
  addAnchor,
  createPath,
  createShape,
  finishPath,
  hitTest,
  hitTestCandidates,
  hitTestObject,
  hitTestTopmost,
  invert,
  modifyLayer,
  objectBounds,
  rotateObjects,
  scaleObjects,
  setStyle,
  type VectorObject,
} from '@wiretuner/vector-model'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Cubic, cubicBounds, evaluateCubic, flattenCubic, splitCubic } from '../src/cubic.ts'
import { point, RUNS } from './arbitraries.ts'
import { expectCode, twoBoards } from './helpers.ts'

const cubicArb: fc.Arbitrary<Cubic> = fc.record({ p0: point, p1: point, p2: point, p3: point })
const unit = fc.double({ min: 0, max: 1, noNaN: true })

function dist(p: { x: number; y: number }, q: { x: number; y: number }): number {
  return Math.hypot(p.x - q.x, p.y - q.y)
}

function distToPolyline(p: { x: number; y: number }, poly: readonly { x: number; y: number }[]): number {
  let best = Infinity
  for (let i = 0; i + 1 < poly.length; i++) {
    const a = poly[i] as { x: number; y: number }
    const b = poly[i + 1] as { x: number; y: number }
    const dx = b.x - a.x
    const dy = b.y - a.y
    const len2 = dx * dx + dy * dy
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2))
    best = Math.min(best, Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy))
  }
  return best
}

describe('cubics', () => {
  it('evaluates end points and splits into two halves tracing the same curve', () => {
    fc.assert(
      fc.property(cubicArb, unit, unit, (c, t, u) => {
        expect(dist(evaluateCubic(c, 0), c.p0)).toBeLessThan(1e-9)
        expect(dist(evaluateCubic(c, 1), c.p3)).toBeLessThan(1e-9)
        const [l, r] = splitCubic(c, t)
        const onLeft = evaluateCubic(l, u)
        const onRight = evaluateCubic(r, u)
        expect(dist(onLeft, evaluateCubic(c, t * u))).toBeLessThan(1e-6)
        expect(dist(onRight, evaluateCubic(c, t + (1 - t) * u))).toBeLessThan(1e-6)
      }),
      { numRuns: RUNS },
    )
  })

  it('has tight bounds from the extrema, not from the control polygon', () => {
    const c: Cubic = {
      p0: { x: 0, y: 0 },
      p1: { x: 0, y: 100 },
      p2: { x: 100, y: 100 },
      p3: { x: 100, y: 0 },
    }
    const b = cubicBounds(c)
    expect(b.x).toBe(0)
    expect(b.width).toBe(100)
    expect(b.y).toBe(0)
    expect(b.height).toBeCloseTo(75, 12)
  })

  it('bounds contain sampled curve points and flattening stays within the tolerance', () => {
    fc.assert(
      fc.property(cubicArb, fc.double({ min: 0.05, max: 5, noNaN: true }), (c, tol) => {
        const b = cubicBounds(c)
        const poly = flattenCubic(c, tol)
        const eps = 1e-12 * (1 + Math.abs(b.x) + Math.abs(b.y) + b.width + b.height)
        for (let i = 0; i <= 64; i++) {
          const p = evaluateCubic(c, i / 64)
          expect(p.x).toBeGreaterThanOrEqual(b.x - eps)
          expect(p.x).toBeLessThanOrEqual(b.x + b.width + eps)
          expect(p.y).toBeGreaterThanOrEqual(b.y - eps)
          expect(p.y).toBeLessThanOrEqual(b.y + b.height + eps)
          expect(distToPolyline(p, poly)).toBeLessThanOrEqual(tol + 1e-9)
        }
      }),
      { numRuns: RUNS },
    )
  })
})

describe('affine', () => {
  it('refuses to invert a singular transform', () => {
    expectCode(() => invert({ a: 1, b: 2, c: 2, d: 4, e: 0, f: 0 }), 'invalid-argument')
  })
})

describe('object bounds', () => {
  it('follow the transform (a rotated rectangle)', () => {
    let d = createShape(twoBoards(), {
      shapeId: 'r',
      shapeType: 'rectangle',
      parameters: { centerX: 50, centerY: 50, width: 40, height: 10 },
    })
    d = rotateObjects(d, ['r'], Math.PI / 2)
    const b = objectBounds(d.objects.get('r') as VectorObject)
    expect(b?.x).toBeCloseTo(45, 9)
    expect(b?.y).toBeCloseTo(30, 9)
    expect(b?.width).toBeCloseTo(10, 9)
    expect(b?.height).toBeCloseTo(40, 9)
  })

  it('of an ellipse are its analytic box', () => {
    const d = createShape(twoBoards(), {
      shapeId: 'e',
      shapeType: 'ellipse',
      parameters: { centerX: 10, centerY: 20, radiusX: 30, radiusY: 5 },
    })
    const b = objectBounds(d.objects.get('e') as VectorObject)
    expect(b).toEqual({ x: -20, y: 15, width: 60, height: 10 })
  })
})

describe('hit testing', () => {
  function scene() {
    let d = twoBoards()
    // bottom layer l1: a filled square; upper layer l2: a stroked (unfilled) circle over it
    d = createShape(d, {
      shapeId: 'sq',
      layerId: 'l1',
      shapeType: 'rectangle',
      parameters: { centerX: 50, centerY: 50, width: 40, height: 40 },
      style: { fill: '#FF0000' },
    })
    d = createShape(d, {
      shapeId: 'ring',
      layerId: 'l2',
      shapeType: 'ellipse',
      parameters: { centerX: 50, centerY: 50, radiusX: 20, radiusY: 20 },
      style: { stroke: '#000000', strokeWidth: 4 },
    })
    return d
  }

  it('returns hits topmost first and honours stroke width plus tolerance', () => {
    const d = scene()
    expect(hitTest(d, { x: 69, y: 50 })).toEqual(['ring', 'sq'])
    expect(hitTestTopmost(d, { x: 50, y: 50 })).toBe('sq') // inside the ring, which has no fill
    expect(hitTest(d, { x: 50, y: 50 - 20 - 2 - 1.5 }, { tolerance: 2 })).toEqual(['ring'])
    expect(hitTest(d, { x: 50, y: 50 - 20 - 2 - 2.5 }, { tolerance: 2 })).toEqual([])
    expect(hitTest(d, { x: 5, y: 5 })).toEqual([])
  })

  it('skips hidden and locked layers', () => {
    let d = modifyLayer(scene(), { layerId: 'l2', visible: false })
    expect(hitTest(d, { x: 69, y: 50 })).toEqual(['sq'])
    d = modifyLayer(d, { layerId: 'l1', locked: true })
    expect(hitTest(d, { x: 69, y: 50 })).toEqual([])
  })

  it('fills by the nonzero rule (the centre of a self-crossing pentagram is inside)', () => {
    let d = twoBoards()
    const pts = [0, 2, 4, 1, 3].map((k) => {
      const a = (2 * Math.PI * k) / 5
      return { x: 50 + 40 * Math.sin(a), y: 50 - 40 * Math.cos(a) }
    })
    d = createPath(d, {
      pathId: 'star',
      startAnchor: pts[0] as { x: number; y: number },
      style: { fill: '#000000' },
    })
    for (const p of pts.slice(1)) d = addAnchor(d, { pathId: 'star', position: p, anchorType: 'line' })
    d = finishPath(d, 'star', true)
    const star = d.objects.get('star') as VectorObject
    expect(hitTestObject(star, { x: 50, y: 50 })).toBe(true) // winding 2: nonzero fills it (even-odd would not)
    expect(hitTestObject(star, { x: 50, y: 15 })).toBe(true) // in a point
    expect(hitTestObject(star, { x: 20, y: 20 })).toBe(false)
  })

  it('scales the stroke width with the transform', () => {
    let d = createShape(twoBoards(), {
      shapeId: 'c',
      shapeType: 'ellipse',
      parameters: { centerX: 0, centerY: 0, radiusX: 10, radiusY: 10 },
      style: { stroke: '#000000', strokeWidth: 2 },
    })
    expect(hitTestObject(d.objects.get('c') as VectorObject, { x: 13, y: 0 }, { tolerance: 0 })).toBe(false)
    d = scaleObjects(d, ['c'], 4, 4, { x: 0, y: 0 }) // radius 40, stroke 8 wide
    expect(hitTestObject(d.objects.get('c') as VectorObject, { x: 43, y: 0 }, { tolerance: 0 })).toBe(true)
    expect(hitTestObject(d.objects.get('c') as VectorObject, { x: 45, y: 0 }, { tolerance: 0 })).toBe(false)
  })

  it('hits transformed objects where they are drawn', () => {
    let d = createShape(twoBoards(), {
      shapeId: 'bar',
      shapeType: 'rectangle',
      parameters: { centerX: 50, centerY: 50, width: 60, height: 6 },
      style: { fill: '#000000' },
    })
    d = setStyle(d, ['bar'], { fill: '#00FF00' })
    expect(hitTestTopmost(d, { x: 75, y: 50 })).toBe('bar')
    d = rotateObjects(d, ['bar'], Math.PI / 2)
    expect(hitTestTopmost(d, { x: 75, y: 50 }, { tolerance: 0 })).toBeUndefined()
    expect(hitTestTopmost(d, { x: 50, y: 75 })).toBe('bar')
  })
})

describe('hitTestCandidates', () => {
  it('equals hitTest on random stacks of shapes, whatever candidate superset it is given', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            x: fc.integer({ min: 0, max: 90 }),
            y: fc.integer({ min: 0, max: 90 }),
            layer: fc.constantFrom('l1', 'l2', 'l3'),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        fc.record({ x: fc.integer({ min: 0, max: 100 }), y: fc.integer({ min: 0, max: 100 }) }),
        fc.boolean(),
        (shapes, p, hideL2) => {
          let d = twoBoards()
          shapes.forEach((s, i) => {
            d = createShape(d, {
              shapeId: `s${i}`,
              layerId: s.layer,
              shapeType: 'rectangle',
              parameters: { centerX: s.x, centerY: s.y, width: 20, height: 20 },
              style: { fill: '#000000' },
            })
          })
          if (hideL2) d = modifyLayer(d, { layerId: 'l2', visible: false })
          const all = shapes.map((_, i) => `s${i}`)
          expect(hitTestCandidates(d, [...all, 'missing'].reverse(), p)).toEqual(hitTest(d, p))
        },
      ),
      { numRuns: RUNS },
    )
  })
})
