/**
 * fast-check arbitraries shared by the property tests: styles, anchors, shape specs, transforms,
 * and whole documents built through the public operations.
 */

import {
  type Anchor,
  addAnchor,
  createArtboard,
  createDocument,
  createLayer,
  createPath,
  createShape,
  type Document,
  finishPath,
  modifyAnchor,
  moveObjects,
  rotateObjects,
  type ShapeSpec,
  type Style,
  scaleObjects,
  selectAnchors,
  selectObjects,
  type Transform,
  zoomViewport,
} from '@wiretuner/vector-model'
import fc from 'fast-check'

/** Runs per property (env WT_PROPERTY_RUNS raises it). */
export const RUNS = Number(process.env.WT_PROPERTY_RUNS ?? 100)

/** A coordinate within ±1000. */
export const coord = fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true })
/** A point within ±1000. */
export const point = fc.record({ x: coord, y: coord })
/** A small offset (handle). */
export const offset = fc.record({
  x: fc.double({ min: -200, max: 200, noNaN: true, noDefaultInfinity: true }),
  y: fc.double({ min: -200, max: 200, noNaN: true, noDefaultInfinity: true }),
})
const colour = fc
  .integer({ min: 0, max: 0xffffff })
  .map((n) => `#${n.toString(16).padStart(6, '0').toUpperCase()}`)
const positive = (max: number) => fc.double({ min: 0.5, max, noNaN: true, noDefaultInfinity: true })

/** A style with any subset of its fields. */
export const style: fc.Arbitrary<Style> = fc.record(
  {
    fill: colour,
    stroke: colour,
    strokeWidth: fc.double({ min: 0, max: 20, noNaN: true }),
    opacity: fc.double({ min: 0, max: 1, noNaN: true }),
  },
  { requiredKeys: [] },
)

/** Shape kinds with valid parameters. */
export const shapeSpec: fc.Arbitrary<ShapeSpec> = fc.oneof(
  fc
    .record({
      centerX: coord,
      centerY: coord,
      width: positive(400),
      height: positive(400),
      f: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ f, ...p }) => ({
      shapeType: 'rectangle' as const,
      parameters: { ...p, cornerRadius: (f * Math.min(p.width, p.height)) / 2 },
    })),
  fc
    .record({ centerX: coord, centerY: coord, radiusX: positive(300), radiusY: positive(300) })
    .map((parameters) => ({ shapeType: 'ellipse' as const, parameters })),
  fc
    .record({
      centerX: coord,
      centerY: coord,
      radius: positive(300),
      sides: fc.integer({ min: 3, max: 20 }),
      rotation: fc.double({ min: -7, max: 7, noNaN: true }),
    })
    .map((parameters) => ({ shapeType: 'polygon' as const, parameters })),
  fc
    .record({
      centerX: coord,
      centerY: coord,
      innerRadius: positive(100),
      extra: positive(200),
      points: fc.integer({ min: 3, max: 12 }),
      rotation: fc.double({ min: -7, max: 7, noNaN: true }),
    })
    .map(({ extra, ...p }) => ({
      shapeType: 'star' as const,
      parameters: { ...p, outerRadius: p.innerRadius + extra },
    })),
)

/** An invertible, well-conditioned transform. */
export const transform: fc.Arbitrary<Transform> = fc
  .record({
    angle: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
    sx: fc.double({ min: 0.1, max: 10, noNaN: true }),
    sy: fc.double({ min: 0.1, max: 10, noNaN: true }),
    shear: fc.double({ min: -2, max: 2, noNaN: true }),
    e: coord,
    f: coord,
  })
  .map(({ angle, sx, sy, shear, e, f }) => {
    const cos = Math.cos(angle)
    const sin = Math.sin(angle)
    // R · Shear · S
    const a = sx
    const c = shear * sy
    const d = sy
    return { a: cos * a, b: sin * a, c: cos * c - sin * d, d: sin * c + cos * d, e, f }
  })

/** Anchors of a path (1..6), with or without handles. */
export const anchorInputs = fc.array(
  fc.record({
    position: point,
    handleIn: fc.option(offset, { nil: undefined }),
    handleOut: fc.option(offset, { nil: undefined }),
  }),
  { minLength: 1, maxLength: 6 },
)

type AnchorInput = {
  position: { x: number; y: number }
  handleIn: { x: number; y: number } | undefined
  handleOut: { x: number; y: number } | undefined
}

type ObjectInput =
  | {
      readonly kind: 'shape'
      readonly spec: ShapeSpec
      readonly style: Style | undefined
      readonly layer: number
    }
  | {
      readonly kind: 'path'
      readonly anchors: readonly AnchorInput[]
      readonly closed: boolean
      readonly style: Style | undefined
      readonly layer: number
      readonly symmetricAt: number
    }

const objectInput: fc.Arbitrary<ObjectInput> = fc.oneof(
  fc.record({
    kind: fc.constant('shape' as const),
    spec: shapeSpec,
    style: fc.option(style, { nil: undefined }),
    layer: fc.nat(3),
  }),
  fc.record({
    kind: fc.constant('path' as const),
    anchors: anchorInputs,
    closed: fc.boolean(),
    style: fc.option(style, { nil: undefined }),
    layer: fc.nat(3),
    symmetricAt: fc.nat(5),
  }),
)

/** A document of 1–2 artboards, up to 4 layers, up to 12 objects, transforms, a selection and a zoom. */
export const documentArb: fc.Arbitrary<Document> = fc
  .record({
    title: fc.string({ maxLength: 12 }),
    author: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
    artboards: fc.integer({ min: 1, max: 2 }),
    objects: fc.array(objectInput, { maxLength: 12 }),
    moves: fc.array(
      fc.record({
        target: fc.nat(11),
        delta: offset,
        angle: fc.double({ min: -3, max: 3, noNaN: true }),
        s: positive(3),
      }),
      { maxLength: 6 },
    ),
    selected: fc.array(fc.nat(11), { maxLength: 4 }),
    zoom: fc.double({ min: 0.1, max: 20, noNaN: true }),
    focal: point,
  })
  .map((r) => {
    let d = createDocument({
      id: 'doc-1',
      title: r.title,
      ...(r.author === undefined ? {} : { author: r.author }),
    })
    for (let a = 0; a < r.artboards; a++) {
      d = createArtboard(d, { artboardId: `ab${a}`, bounds: { x: a * 1200, y: 0, width: 1000, height: 800 } })
    }
    for (let l = 0; l < 4; l++) d = createLayer(d, { layerId: `l${l}`, artboardId: `ab${l % r.artboards}` })
    const ids: string[] = []
    r.objects.forEach((o, i) => {
      const id = `o${i}`
      ids.push(id)
      const common = { layerId: `l${o.layer}`, ...(o.style === undefined ? {} : { style: o.style }) }
      if (o.kind === 'shape') {
        d = createShape(d, { shapeId: id, ...common, ...o.spec })
      } else {
        const [first, ...rest] = o.anchors as [AnchorInput, ...AnchorInput[]]
        d = createPath(d, { pathId: id, ...common, startAnchor: first.position })
        for (const a of rest) {
          d = addAnchor(d, {
            pathId: id,
            position: a.position,
            anchorType: a.handleIn === undefined && a.handleOut === undefined ? 'line' : 'bezier',
            ...(a.handleIn === undefined ? {} : { handleIn: a.handleIn }),
            ...(a.handleOut === undefined ? {} : { handleOut: a.handleOut }),
          })
        }
        const idx = o.symmetricAt % o.anchors.length
        const h = o.anchors[idx]?.handleOut
        if (h !== undefined)
          d = modifyAnchor(d, { pathId: id, anchorIndex: idx, handleOut: h, anchorType: 'symmetric' })
        d = finishPath(d, id, o.closed)
      }
    })
    if (ids.length > 0) {
      for (const m of r.moves) {
        const id = ids[m.target % ids.length] as string
        d = moveObjects(d, [id], m.delta)
        d = rotateObjects(d, [id], m.angle)
        d = scaleObjects(d, [id], m.s, 1 / m.s, m.delta)
      }
      const sel = [...new Set(r.selected.map((i) => ids[i % ids.length] as string))]
      d = selectObjects(d, sel, 'replace')
      const first = sel[0]
      const obj = first === undefined ? undefined : d.objects.get(first)
      if (obj?.kind === 'path') d = selectAnchors(d, obj.id, [0], 'add')
    }
    return zoomViewport(d, r.zoom, r.focal)
  })

/** Anchors as model values (for geometry properties). */
export const anchors: fc.Arbitrary<Anchor[]> = anchorInputs.map((list) =>
  list.map((a) => ({
    position: a.position,
    ...(a.handleIn === undefined ? {} : { handleIn: a.handleIn }),
    ...(a.handleOut === undefined ? {} : { handleOut: a.handleOut }),
    anchorType: 'corner' as const,
  })),
)
