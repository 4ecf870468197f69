/**
 * Acceptance property tests (fast-check; the seed is printed on failure): serialization round
 * trip, transform laws, bounds vs flattening, and shape-to-path conversion against the analytic
 * outlines.
 */

import {
  applyToPoint,
  compose,
  createArtboard,
  createDocument,
  createLayer,
  createShape,
  documentsEqual,
  documentToJson,
  flattenObject,
  IDENTITY,
  invert,
  moveObjects,
  objectBounds,
  parseDocument,
  serializeDocument,
  setTransform,
  shapeToAnchors,
  type VectorObject,
} from '@wiretuner/vector-model'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { effectiveCornerRadius } from '../src/shapes.ts'
import { anchors, documentArb, offset, RUNS, shapeSpec, transform } from './arbitraries.ts'

const params = { numRuns: RUNS } as const

describe('serialization round trip', () => {
  it('parse(serialize(d)) is deep-equal and byte-equal', () => {
    fc.assert(
      fc.property(documentArb, (d) => {
        const text = serializeDocument(d)
        const parsed = parseDocument(text)
        expect(parsed.ok).toBe(true)
        if (!parsed.ok) return
        expect(documentsEqual(parsed.document, d)).toBe(true)
        expect(documentToJson(parsed.document)).toEqual(documentToJson(d))
        expect(serializeDocument(parsed.document)).toBe(text)
      }),
      params,
    )
  })
})

describe('transform laws', () => {
  const near = (x: number, y: number) => Math.abs(x - y) <= 1e-9

  it('compose with the inverse is the identity within 1e-9', () => {
    fc.assert(
      fc.property(transform, (t) => {
        for (const m of [compose(t, invert(t)), compose(invert(t), t)]) {
          for (const k of ['a', 'b', 'c', 'd', 'e', 'f'] as const) {
            if (!near(m[k], IDENTITY[k]))
              throw new Error(`${k}: ${m[k]} vs ${IDENTITY[k]} for ${JSON.stringify(t)}`)
          }
        }
      }),
      params,
    )
  })

  it('compose applies the inner transform first', () => {
    fc.assert(
      fc.property(
        transform,
        transform,
        fc.record({
          x: fc.double({ min: -100, max: 100, noNaN: true }),
          y: fc.double({ min: -100, max: 100, noNaN: true }),
        }),
        (s, t, p) => {
          const a = applyToPoint(compose(s, t), p)
          const b = applyToPoint(s, applyToPoint(t, p))
          expect(Math.abs(a.x - b.x)).toBeLessThan(1e-6 * (1 + Math.abs(b.x)))
          expect(Math.abs(a.y - b.y)).toBeLessThan(1e-6 * (1 + Math.abs(b.y)))
        },
      ),
      params,
    )
  })

  it('moving by d then by -d restores the document', () => {
    fc.assert(
      fc.property(documentArb, offset, (d, delta) => {
        const ids = [...d.objects.values()].map((o) => o.id)
        if (ids.length === 0) return
        const moved = moveObjects(d, ids, delta)
        const back = moveObjects(moved, ids, { x: -delta.x, y: -delta.y })
        expect(documentsEqual(back, d, { tolerance: 1e-9 })).toBe(true)
        for (const id of ids) {
          const before = d.objects.get(id) as VectorObject
          const after = back.objects.get(id) as VectorObject
          if (before.kind === 'path' && after.kind === 'path') expect(after.anchors).toBe(before.anchors)
        }
      }),
      params,
    )
  })
})

/** One object (path or shape) under a random transform, in a one-layer document. */
const objectArb = fc
  .record({ shape: fc.option(shapeSpec, { nil: undefined }), anchors, closed: fc.boolean(), t: transform })
  .map(({ shape, anchors: list, closed, t }): VectorObject => {
    const base = { id: 'o', layerId: 'l', style: {}, transform: t }
    return shape === undefined
      ? { kind: 'path', ...base, anchors: list, closed }
      : ({ kind: 'shape', ...base, ...shape } as VectorObject)
  })

describe('bounds and flattening', () => {
  const tolerance = 0.5

  it('bounds contain every flattened point and are tight within the tolerance', () => {
    fc.assert(
      fc.property(objectArb, (obj) => {
        const b = objectBounds(obj)
        const pts = flattenObject(obj, tolerance)
        expect(b).toBeDefined()
        if (b === undefined) return
        const eps = 1e-9 * (1 + Math.abs(b.x) + Math.abs(b.y) + b.width + b.height)
        let minX = Infinity
        let minY = Infinity
        let maxX = -Infinity
        let maxY = -Infinity
        for (const p of pts) {
          expect(p.x).toBeGreaterThanOrEqual(b.x - eps)
          expect(p.y).toBeGreaterThanOrEqual(b.y - eps)
          expect(p.x).toBeLessThanOrEqual(b.x + b.width + eps)
          expect(p.y).toBeLessThanOrEqual(b.y + b.height + eps)
          minX = Math.min(minX, p.x)
          minY = Math.min(minY, p.y)
          maxX = Math.max(maxX, p.x)
          maxY = Math.max(maxY, p.y)
        }
        expect(minX - b.x).toBeLessThanOrEqual(tolerance + eps)
        expect(minY - b.y).toBeLessThanOrEqual(tolerance + eps)
        expect(b.x + b.width - maxX).toBeLessThanOrEqual(tolerance + eps)
        expect(b.y + b.height - maxY).toBeLessThanOrEqual(tolerance + eps)
      }),
      params,
    )
  })

  it('object bounds equal the bounds of the document object after setTransform', () => {
    fc.assert(
      fc.property(shapeSpec, transform, (spec, t) => {
        let d = createDocument({ id: 'd' })
        d = createArtboard(d, { artboardId: 'a', bounds: { x: 0, y: 0, width: 10, height: 10 } })
        d = createLayer(d, { layerId: 'l', artboardId: 'a' })
        d = createShape(d, { shapeId: 's', ...spec })
        d = setTransform(d, 's', t)
        const obj = d.objects.get('s') as VectorObject
        const direct = objectBounds({ ...obj })
        expect(objectBounds(obj)).toEqual(direct)
      }),
      { numRuns: Math.max(10, Math.floor(RUNS / 4)) },
    )
  })
})

describe('shape to path', () => {
  const KAPPA_ERROR = 3e-4 // relative radial error of the 4-cubic circle approximation (≈ 2.7e-4)

  it('has the expected anchor counts and lies on the analytic outline', () => {
    fc.assert(
      fc.property(shapeSpec, (spec) => {
        const list = shapeToAnchors(spec)
        const obj = {
          kind: 'shape',
          id: 's',
          layerId: 'l',
          style: {},
          transform: IDENTITY,
          ...spec,
        } as VectorObject
        const pts = flattenObject(obj, 0.05)
        const p = spec.parameters
        const cx = p.centerX
        const cy = p.centerY
        switch (spec.shapeType) {
          case 'rectangle': {
            const q = spec.parameters
            const r = effectiveCornerRadius(q)
            expect(list.length).toBe(r > 0 ? 8 : 4)
            for (const pt of pts) {
              // signed distance of a rounded box
              const qx = Math.abs(pt.x - cx) - (q.width / 2 - r)
              const qy = Math.abs(pt.y - cy) - (q.height / 2 - r)
              const dist = Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r
              expect(Math.abs(dist)).toBeLessThanOrEqual(
                KAPPA_ERROR * r + 1e-9 * (1 + Math.abs(cx) + Math.abs(cy)),
              )
            }
            break
          }
          case 'ellipse': {
            const q = spec.parameters
            expect(list.length).toBe(4)
            for (const pt of pts) {
              const rho = Math.hypot((pt.x - cx) / q.radiusX, (pt.y - cy) / q.radiusY)
              expect(Math.abs(rho - 1)).toBeLessThanOrEqual(KAPPA_ERROR)
            }
            break
          }
          case 'polygon':
          case 'star': {
            const n = spec.shapeType === 'polygon' ? spec.parameters.sides : 2 * spec.parameters.points
            expect(list.length).toBe(n)
            const radius = (i: number) =>
              spec.shapeType === 'polygon'
                ? spec.parameters.radius
                : i % 2 === 0
                  ? spec.parameters.outerRadius
                  : spec.parameters.innerRadius
            const rotation = spec.parameters.rotation ?? 0
            list.forEach((a, i) => {
              const dx = a.position.x - cx
              const dy = a.position.y - cy
              const scale = 1e-9 * (1 + Math.abs(cx) + Math.abs(cy))
              expect(Math.abs(Math.hypot(dx, dy) - radius(i))).toBeLessThanOrEqual(scale)
              // angle measured clockwise from the top (y down)
              const angle = Math.atan2(dx, -dy)
              const expected = rotation + (2 * Math.PI * i) / n
              const diff = Math.atan2(Math.sin(angle - expected), Math.cos(angle - expected))
              expect(Math.abs(diff)).toBeLessThanOrEqual(1e-6)
              expect(a.handleIn).toBeUndefined()
              expect(a.handleOut).toBeUndefined()
            })
            break
          }
        }
        // closed with one implicit closing segment: the first anchor is never repeated
        const first = list[0]?.position
        const last = list[list.length - 1]?.position
        expect(first?.x === last?.x && first?.y === last?.y).toBe(false)
      }),
      params,
    )
  })
})
