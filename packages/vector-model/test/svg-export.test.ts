/**
 * SVG export checked by a real renderer: golden documents are rasterized with @resvg/resvg-js and
 * compared with the stored PNGs in test/golden/ (regenerate with test/update-goldens.ts and look
 * at them before committing); pixel probes check colours at known places independently of the
 * goldens; plus the text form (precision, escaping, curves, closing, hidden layers).
 */
import { fileURLToPath } from 'node:url'
import {
  addAnchor,
  createArtboard,
  createDocument,
  createLayer,
  createPath,
  createShape,
  deleteAnchor,
  exportSvg,
  finishPath,
  hitTestObject,
  modifyLayer,
  pathData,
  rotateObjects,
  scaleObjects,
  VectorModelError,
  type VectorObject,
} from '@wiretuner/vector-model'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatNumber } from '../src/svg.ts'
import { RUNS } from './arbitraries.ts'
import { goldenCases } from './golden-docs.ts'
import { differingPixels, pixel, rasterize, readPng, rgb } from './render.ts'

const cases = goldenCases()
const byName = (name: string) => {
  const c = cases.find((g) => g.name === name)
  if (c === undefined) throw new Error(`no golden case ${name}`)
  return rasterize(exportSvg(c.doc, c.artboardId === undefined ? {} : { artboardId: c.artboardId }))
}

function expectColour(img: ReturnType<typeof byName>, x: number, y: number, hex: string, tol = 6): void {
  const [r, g, b, a] = pixel(img, x, y)
  const [er, eg, eb] = rgb(hex)
  expect({
    at: [x, y],
    r: Math.abs(r - er) <= tol,
    g: Math.abs(g - eg) <= tol,
    b: Math.abs(b - eb) <= tol,
    a,
  }).toEqual({
    at: [x, y],
    r: true,
    g: true,
    b: true,
    a: 255,
  })
}

describe('golden documents rendered by resvg', () => {
  for (const c of cases) {
    it(`${c.name} matches test/golden/${c.name}.png within tolerance`, () => {
      const actual = byName(c.name)
      const expected = readPng(fileURLToPath(new URL(`./golden/${c.name}.png`, import.meta.url)))
      expect([actual.width, actual.height]).toEqual([200, 200])
      // at most 0.5% of the pixels may differ by more than 8 per channel (anti-aliasing noise)
      expect(differingPixels(actual, expected, 8)).toBeLessThanOrEqual(200)
    })
  }

  it('draws shapes with their fills, strokes and opacity', () => {
    const img = byName('shapes')
    expectColour(img, 50, 50, '#D03030') // rounded rectangle fill
    expectColour(img, 10, 50, '#000000', 40) // its 3-unit black stroke at x = 10
    expectColour(img, 12, 22, '#F0F0F0') // the rounded corner leaves the background
    expectColour(img, 150, 50, '#F0F0F0') // ellipse has no fill
    expectColour(img, 150, 25, '#2040C0') // ellipse stroke at the top
    // polygon: #30A040 at 50% over #F0F0F0
    expectColour(img, 50, 145, '#90C898', 4)
    expectColour(img, 150, 140, '#F0C000') // star centre
    expectColour(img, 150, 118, '#F0C000') // star top point (vertex at the top)
    expectColour(img, 140, 112, '#F0F0F0') // beside the top point
    expectColour(img, 115, 110, '#F0F0F0') // between star points
  })

  it('honours transforms, layer order and visibility', () => {
    const img = byName('transforms')
    expectColour(img, 100, 100, '#E04040') // the top layer's rotated rectangle over the bottom one
    expectColour(img, 50, 100, '#2060D0') // bottom rectangle still visible beside it
    expectColour(img, 100, 50, '#E04040') // rotated: now vertical
    expectColour(img, 160, 160, '#10A010') // moved and scaled ellipse
    expectColour(img, 160, 150, '#F0F0F0') // scaled by 0.6 vertically: radius 9
    expectColour(img, 30, 170, '#F0F0F0') // hidden layer not drawn
  })

  it('draws curves as curves and closes closed paths', () => {
    const img = byName('curves')
    // the wave bulges: its first segment passes well above y = 60 near x = 50
    let top = 200
    for (let y = 0; y < 200; y++) {
      const [r, g, b] = pixel(img, 50, y)
      if (Math.abs(r - 0xc0) < 30 && Math.abs(g - 0x20) < 30 && Math.abs(b - 0x80) < 30) {
        top = y
        break
      }
    }
    expect(top).toBeLessThan(50)
    expectColour(img, 85, 150, '#20A0A0') // inside the closed curved drop
  })

  it('exports one artboard with its own viewBox, clipped', () => {
    const img = byName('artboard')
    expectColour(img, 100, 100, '#8040C0') // circle centre (400,150) → (100,100)
    expectColour(img, 20, 20, '#00A000') // the part of the clipped square inside
    expectColour(img, 190, 190, '#FFFFE0') // background of the second artboard
  })
})

describe('SVG text', () => {
  function doc() {
    let d = createDocument({ id: 'd', title: 'A & B <"x">' })
    d = createArtboard(d, {
      artboardId: 'a',
      name: "it's <a>",
      bounds: { x: 0, y: 0, width: 100, height: 100 },
    })
    d = createLayer(d, { layerId: 'l&1', artboardId: 'a', name: 'L "1"' })
    return d
  }

  it('escapes text and attributes and is well-formed enough for the renderer', () => {
    const svg = exportSvg(doc())
    expect(svg).toContain('<title>A &amp; B &lt;&quot;x&quot;&gt;</title>')
    expect(svg).toContain('data-name="it&apos;s &lt;a&gt;"')
    expect(svg).toContain('data-layer="l&amp;1" data-name="L &quot;1&quot;"')
    expect(() => rasterize(svg)).not.toThrow()
  })

  it('writes curves as C, straight segments as L, one implicit closing segment', () => {
    let d = doc()
    d = createPath(d, { pathId: 'p', startAnchor: { x: 0, y: 0 } })
    d = addAnchor(d, { pathId: 'p', position: { x: 10, y: 0 }, anchorType: 'line' })
    d = addAnchor(d, {
      pathId: 'p',
      position: { x: 10, y: 10 },
      anchorType: 'bezier',
      handleIn: { x: 1, y: -2 },
    })
    d = finishPath(d, 'p', true)
    const p = d.objects.get('p')
    if (p === undefined) throw new Error('missing')
    expect(pathData(p)).toBe('M0 0 L10 0 C10 0 11 8 10 10 Z')
    d = createShape(d, {
      shapeId: 'r',
      shapeType: 'rectangle',
      parameters: { centerX: 5, centerY: 5, width: 10, height: 10 },
    })
    const r = d.objects.get('r')
    if (r === undefined) throw new Error('missing')
    expect(pathData(r)).toBe('M0 0 L10 0 L10 10 L0 10 Z')
  })

  it('leaves out a path whose anchors were all deleted', () => {
    let d = createPath(doc(), { pathId: 'p', startAnchor: { x: 1, y: 1 } })
    expect(exportSvg(d)).toContain('data-id="p" d="M1 1"')
    d = deleteAnchor(d, 'p', 0)
    expect(exportSvg(d)).not.toContain('data-id="p"')
  })

  it('uses a fixed precision and no -0', () => {
    expect(formatNumber(1 / 3)).toBe('0.333')
    expect(formatNumber(2.5, 0)).toBe('3')
    expect(formatNumber(-0.0001)).toBe('0')
    expect(formatNumber(10)).toBe('10')
    expect(formatNumber(1.23456, 4)).toBe('1.2346')
  })

  it('writes the transform matrix and leaves out hidden layers', () => {
    let d = doc()
    d = createShape(d, {
      shapeId: 's',
      shapeType: 'ellipse',
      parameters: { centerX: 0, centerY: 0, radiusX: 5, radiusY: 5 },
    })
    d = rotateObjects(d, ['s'], Math.PI, { x: 0, y: 0 })
    expect(exportSvg(d)).toContain('transform="matrix(-1 0 0 -1 0 0)"')
    d = modifyLayer(d, { layerId: 'l&1', visible: false })
    expect(exportSvg(d)).not.toContain('data-id="s"')
  })

  it('refuses an unknown artboard with not-found', () => {
    expect(() => exportSvg(doc(), { artboardId: 'nope' })).toThrow(VectorModelError)
    try {
      exportSvg(doc(), { artboardId: 'nope' })
    } catch (e) {
      expect((e as VectorModelError).code).toBe('not-found')
    }
  })
})

describe('renderer and hit testing agree', () => {
  const shapeInBox = fc.oneof(
    fc
      .record({
        w: fc.integer({ min: 20, max: 120 }),
        h: fc.integer({ min: 20, max: 120 }),
        r: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ w, h, r }) => ({
        shapeType: 'rectangle' as const,
        parameters: {
          centerX: 100,
          centerY: 100,
          width: w,
          height: h,
          cornerRadius: (r * Math.min(w, h)) / 2,
        },
      })),
    fc
      .record({ rx: fc.integer({ min: 10, max: 70 }), ry: fc.integer({ min: 10, max: 70 }) })
      .map(({ rx, ry }) => ({
        shapeType: 'ellipse' as const,
        parameters: { centerX: 100, centerY: 100, radiusX: rx, radiusY: ry },
      })),
    fc
      .record({
        radius: fc.integer({ min: 20, max: 70 }),
        sides: fc.integer({ min: 3, max: 12 }),
        rotation: fc.double({ min: 0, max: 6, noNaN: true }),
      })
      .map((p) => ({ shapeType: 'polygon' as const, parameters: { centerX: 100, centerY: 100, ...p } })),
    fc
      .record({
        inner: fc.integer({ min: 10, max: 30 }),
        extra: fc.integer({ min: 10, max: 40 }),
        points: fc.integer({ min: 3, max: 9 }),
      })
      .map(({ inner, extra, points }) => ({
        shapeType: 'star' as const,
        parameters: { centerX: 100, centerY: 100, innerRadius: inner, outerRadius: inner + extra, points },
      })),
  )

  it('a filled, transformed shape covers exactly the pixels hit testing reports inside (away from edges)', () => {
    fc.assert(
      fc.property(
        shapeInBox,
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        fc.double({ min: 0.6, max: 1.3, noNaN: true }),
        fc.array(fc.record({ x: fc.integer({ min: 0, max: 199 }), y: fc.integer({ min: 0, max: 199 }) }), {
          minLength: 60,
          maxLength: 60,
        }),
        (spec, angle, scale, probes) => {
          let d = createDocument({ id: 'h' })
          d = createArtboard(d, {
            artboardId: 'a',
            bounds: { x: 0, y: 0, width: 200, height: 200 },
            backgroundColor: '#FFFFFF',
          })
          d = createLayer(d, { layerId: 'l', artboardId: 'a' })
          d = createShape(d, { shapeId: 's', ...spec, style: { fill: '#000000' } })
          d = rotateObjects(d, ['s'], angle)
          d = scaleObjects(d, ['s'], scale, 1 / scale)
          const img = rasterize(exportSvg(d))
          const obj = d.objects.get('s') as VectorObject
          for (const { x, y } of probes) {
            const [r] = pixel(img, x, y)
            const centre = { x: x + 0.5, y: y + 0.5 }
            if (r <= 2)
              expect({ x, y, inside: hitTestObject(obj, centre, { tolerance: 0 }) }).toEqual({
                x,
                y,
                inside: true,
              })
            if (r >= 253)
              expect({ x, y, inside: hitTestObject(obj, centre, { tolerance: 0 }) }).toEqual({
                x,
                y,
                inside: false,
              })
          }
        },
      ),
      { numRuns: Math.min(RUNS, 40) },
    )
  })
})
