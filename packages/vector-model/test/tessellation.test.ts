/**
 * Tessellation: the outline stays within 0.25 px / zoom of the curve, the fill triangles cover
 * exactly the filled area of simple outlines, the binary layout round-trips, and damaged buffers
 * are refused with a precise error.
 */
import {
  createShape,
  decodeTessellation,
  flattenObject,
  getObject,
  objectBounds,
  objectPaintBounds,
  rotateObjects,
  TESSELLATION_HEADER_BYTES,
  type Tessellation,
  tessellateObject,
  type VectorObject,
} from '@wiretuner/vector-model'
import { describe, expect, it } from 'vitest'
import { expectCode, twoBoards } from './helpers.ts'

function ellipse(fill: string | undefined, strokeWidth?: number): VectorObject {
  let d = createShape(twoBoards(), {
    shapeId: 's1',
    layerId: 'l1',
    shapeType: 'ellipse',
    parameters: { centerX: 50, centerY: 40, radiusX: 30, radiusY: 20 },
    style: {
      ...(fill === undefined ? {} : { fill }),
      ...(strokeWidth === undefined ? {} : { stroke: '#000000', strokeWidth }),
    },
  })
  d = rotateObjects(d, ['s1'], 0.3)
  return getObject(d, 's1') as VectorObject
}

function triangleArea(t: Tessellation): number {
  let area = 0
  for (let i = 0; i < t.indices.length; i += 3) {
    const [a, b, c] = [t.indices[i], t.indices[i + 1], t.indices[i + 2]] as [number, number, number]
    const ax = t.vertices[2 * a] as number
    const ay = t.vertices[2 * a + 1] as number
    const bx = t.vertices[2 * b] as number
    const by = t.vertices[2 * b + 1] as number
    const cx = t.vertices[2 * c] as number
    const cy = t.vertices[2 * c + 1] as number
    area += Math.abs((bx - ax) * (cy - ay) - (cx - ax) * (by - ay)) / 2
  }
  return area
}

function polygonArea(v: Float32Array): number {
  let sum = 0
  const n = v.length / 2
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n
    sum += (v[2 * i] as number) * (v[2 * j + 1] as number) - (v[2 * j] as number) * (v[2 * i + 1] as number)
  }
  return Math.abs(sum) / 2
}

describe('tessellateObject', () => {
  it('flattens within 0.25 px at zoom 1 and finer at higher zoom', () => {
    const obj = ellipse('#FF0000')
    const t1 = decodeTessellation(tessellateObject(obj))
    const t4 = decodeTessellation(tessellateObject(obj, { zoom: 4 }))
    expect(t1.tolerance).toBeCloseTo(0.25, 6)
    expect(t4.tolerance).toBeCloseTo(0.0625, 6)
    expect(t4.vertices.length).toBeGreaterThan(t1.vertices.length)
    expect(t1.closed).toBe(true)
    // every vertex lies on the flattened curve of vector-model (same flattening, closing point dropped)
    const poly = flattenObject(obj, 0.25)
    expect(t1.vertices.length).toBe((poly.length - 1) * 2)
    poly.slice(0, -1).forEach((p, i) => {
      expect(t1.vertices[2 * i]).toBeCloseTo(p.x, 3)
      expect(t1.vertices[2 * i + 1]).toBeCloseTo(p.y, 3)
    })
    // the polygon's area approaches the ellipse's π·a·b
    expect(Math.abs(polygonArea(t4.vertices) - Math.PI * 600)).toBeLessThan(0.01 * Math.PI * 600)
  })

  it('triangulates the fill so that the triangles cover the polygon exactly', () => {
    const t = decodeTessellation(tessellateObject(ellipse('#00FF00')))
    expect(t.indices.length % 3).toBe(0)
    expect(t.indices.length / 3).toBe(t.vertices.length / 2 - 2)
    expect(triangleArea(t)).toBeCloseTo(polygonArea(t.vertices), 2)
  })

  it('has no triangles without a fill, and its bounds equal the geometry bounds', () => {
    const obj = ellipse(undefined, 4)
    const t = decodeTessellation(tessellateObject(obj))
    expect(t.indices.length).toBe(0)
    const b = objectBounds(obj)
    if (b === undefined || t.bounds === undefined) throw new Error('bounds expected')
    expect(t.bounds.x).toBeCloseTo(b.x, 1)
    expect(t.bounds.width).toBeCloseTo(b.width, 1)
    const paint = objectPaintBounds(obj)
    expect(paint?.x).toBeCloseTo(b.x - 2, 6)
    expect(paint?.height).toBeCloseTo(b.height + 4, 6)
  })

  it('refuses a zero or non-finite zoom', () => {
    expectCode(() => tessellateObject(ellipse('#000000'), { zoom: 0 }), 'invalid-argument')
    expectCode(() => tessellateObject(ellipse('#000000'), { zoom: Number.NaN }), 'invalid-argument')
  })
})

describe('decodeTessellation', () => {
  const bytes = tessellateObject(ellipse('#0000FF'))

  it('reads an unaligned copy like the original', () => {
    const shifted = new Uint8Array(bytes.length + 1)
    shifted.set(bytes, 1)
    const a = decodeTessellation(bytes)
    const b = decodeTessellation(shifted.subarray(1))
    expect([...b.vertices]).toEqual([...a.vertices])
    expect([...b.indices]).toEqual([...a.indices])
  })

  it('reads a buffer held among others (a range of a larger one) like the original, aligned or not', () => {
    const a = decodeTessellation(bytes)
    for (const at of [4, 7]) {
      const all = new Uint8Array(at + bytes.length + 9)
      all.set(bytes, at)
      const b = decodeTessellation(all, at, bytes.length)
      expect([...b.vertices]).toEqual([...a.vertices])
      expect([...b.indices]).toEqual([...a.indices])
      expect(b.bounds).toEqual(a.bounds)
      expect(
        expectCode(() => decodeTessellation(all, at, bytes.length + 1), 'invalid-argument').message,
      ).toMatch(/need/)
      expect(
        expectCode(() => decodeTessellation(all, at + 10, bytes.length), 'invalid-argument').message,
      ).toMatch(/outside/)
    }
  })

  it.each([
    ['a short buffer', (b: Uint8Array) => b.slice(0, 10), /shorter than/],
    ['a wrong magic', (b: Uint8Array) => b.map((x, i) => (i === 0 ? x ^ 1 : x)), /magic/],
    ['a wrong version', (b: Uint8Array) => b.map((x, i) => (i === 4 ? 9 : x)), /version/],
    ['unknown flags', (b: Uint8Array) => b.map((x, i) => (i === 7 ? 0x80 : x)), /flags/],
    ['a truncated body', (b: Uint8Array) => b.slice(0, b.length - 4), /need/],
    [
      'an index past the vertices',
      (b: Uint8Array) => {
        const c = b.slice()
        const view = new DataView(c.buffer)
        const vertexCount = view.getUint32(12, true)
        view.setUint16(TESSELLATION_HEADER_BYTES + vertexCount * 8, 0xffff, true)
        return c
      },
      /past the/,
    ],
  ])('refuses %s', (_name, damage, message) => {
    const error = expectCode(() => decodeTessellation(damage(bytes)), 'invalid-argument')
    expect(error.message).toMatch(message)
  })
})
