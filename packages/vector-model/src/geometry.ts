/**
 * Object geometry: the cubic segments of a path or shape (in local or world coordinates),
 * tight bounds under transforms, flattening, and hit testing (stroke within a tolerance, fill by
 * the NONZERO winding rule, topmost first over visible, unlocked layers).
 */
import { applyToPoint } from './affine.js'
import { addCubic, boxToBounds, type Cubic, distToSegment, emptyBox, flattenCubicInto } from './cubic.js'
import { shapeToAnchors } from './shapes.js'
import type { Anchor, Bounds, Document, Layer, Point, Transform, VectorObject } from './types.js'
import { type ZRank, zRanker } from './z-order.js'

/** The anchors and closedness of an object's outline. */
interface Outline {
  readonly anchors: readonly Anchor[]
  readonly closed: boolean
}

/** The anchors and closedness of any object (a shape is converted to its closed outline). */
export function objectOutline(obj: VectorObject): Outline {
  if (obj.kind === 'path') return obj
  return { anchors: shapeToAnchors(obj), closed: true }
}

function controlOut(a: Anchor): Point {
  return a.handleOut === undefined
    ? a.position
    : { x: a.position.x + a.handleOut.x, y: a.position.y + a.handleOut.y }
}

function controlIn(a: Anchor): Point {
  return a.handleIn === undefined
    ? a.position
    : { x: a.position.x + a.handleIn.x, y: a.position.y + a.handleIn.y }
}

/**
 * The cubic segments of an anchor list: segment i joins anchor i and i+1; a closed path adds one
 * closing segment from the last anchor to the first. `transform` maps the control points.
 */
export function anchorSegments(anchors: readonly Anchor[], closed: boolean, transform?: Transform): Cubic[] {
  const n = anchors.length
  const out: Cubic[] = []
  const count = closed && n > 1 ? n : n - 1
  const map = transform === undefined ? (p: Point) => p : (p: Point) => applyToPoint(transform, p)
  for (let i = 0; i < count; i++) {
    const a = anchors[i] as Anchor
    const b = anchors[(i + 1) % n] as Anchor
    out.push({ p0: map(a.position), p1: map(controlOut(a)), p2: map(controlIn(b)), p3: map(b.position) })
  }
  return out
}

/** The object's segments in world coordinates (its transform applied). */
export function objectSegments(obj: VectorObject): Cubic[] {
  const { anchors, closed } = objectOutline(obj)
  return anchorSegments(anchors, closed, obj.transform)
}

/**
 * Tight world bounds of the object's geometry (stroke width not included), or `undefined` for a
 * path without anchors. A single-anchor path has zero-size bounds at that anchor.
 */
export function objectBounds(obj: VectorObject): Bounds | undefined {
  const { anchors, closed } = objectOutline(obj)
  if (anchors.length === 0) return undefined
  const box = emptyBox()
  if (anchors.length === 1) {
    const p = applyToPoint(obj.transform, (anchors[0] as Anchor).position)
    return { x: p.x, y: p.y, width: 0, height: 0 }
  }
  for (const c of anchorSegments(anchors, closed, obj.transform)) addCubic(box, c)
  return boxToBounds(box)
}

/**
 * Half the object's stroke width in world units (0 without a stroke): the stroke is drawn in
 * local units, so it scales with the transform (√|det| for non-uniform scales).
 */
export function strokeHalfWidth(obj: VectorObject): number {
  if (obj.style.stroke === undefined) return 0
  const t = obj.transform
  return ((obj.style.strokeWidth ?? 1) / 2) * Math.sqrt(Math.abs(t.a * t.d - t.b * t.c))
}

/**
 * Tight world bounds of what the object paints: {@link objectBounds} grown by half its stroke
 * width on every side (the bounds a spatial index stores), or `undefined` for a path without anchors.
 */
export function objectPaintBounds(obj: VectorObject): Bounds | undefined {
  const b = objectBounds(obj)
  if (b === undefined) return undefined
  const half = strokeHalfWidth(obj)
  if (half === 0) return b
  return { x: b.x - half, y: b.y - half, width: b.width + 2 * half, height: b.height + 2 * half }
}

/** Union of two bounds. */
export function unionBounds(a: Bounds, b: Bounds): Bounds {
  const x = Math.min(a.x, b.x)
  const y = Math.min(a.y, b.y)
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  }
}

/**
 * The object flattened to polylines in world coordinates, every point on the curve and every
 * segment within `tolerance` of it. A closed outline repeats its first point at the end.
 */
export function flattenObject(obj: VectorObject, tolerance = 0.25): Point[] {
  const segs = objectSegments(obj)
  if (segs.length === 0) {
    const { anchors } = objectOutline(obj)
    const first = anchors[0]
    return first === undefined ? [] : [applyToPoint(obj.transform, first.position)]
  }
  const out: Point[] = [(segs[0] as Cubic).p0]
  for (const c of segs) flattenCubicInto(c, tolerance, out)
  return out
}

/** Nonzero winding number of a closed polyline around `p`. */
export function windingNumber(poly: readonly Point[], p: Point): number {
  let wn = 0
  const n = poly.length
  for (let i = 0; i < n; i++) {
    const a = poly[i] as Point
    const b = poly[(i + 1) % n] as Point
    const cross = (b.x - a.x) * (p.y - a.y) - (p.x - a.x) * (b.y - a.y)
    if (a.y <= p.y) {
      if (b.y > p.y && cross > 0) wn++
    } else if (b.y <= p.y && cross < 0) wn--
  }
  return wn
}

/** Options of hit testing. */
export interface HitTestOptions {
  /** Extra distance (world units) around strokes that still counts as a hit. Default 2. */
  readonly tolerance?: number
  /** Flattening tolerance (world units). Default 0.1. */
  readonly flatness?: number
}

/**
 * Whether `point` (world) hits the object: within `tolerance + strokeWidth/2` (scaled by the
 * transform's √|det|) of its outline
 * when it has a stroke (or within `tolerance` when it has neither stroke nor fill), or inside
 * its fill by the nonzero rule when it has a fill (open paths are filled as if closed, like SVG).
 */
export function hitTestObject(obj: VectorObject, point: Point, options: HitTestOptions = {}): boolean {
  const tol = options.tolerance ?? 2
  const style = obj.style
  const reach = tol + strokeHalfWidth(obj)
  const b = objectBounds(obj)
  if (b === undefined) return false
  if (
    point.x < b.x - reach ||
    point.x > b.x + b.width + reach ||
    point.y < b.y - reach ||
    point.y > b.y + b.height + reach
  ) {
    return false
  }
  const poly = flattenObject(obj, options.flatness ?? 0.1)
  if (style.fill !== undefined && poly.length > 2 && windingNumber(poly, point) !== 0) return true
  if (style.stroke !== undefined || style.fill === undefined) {
    for (let i = 0; i + 1 < poly.length; i++) {
      if (distToSegment(point, poly[i] as Point, poly[i + 1] as Point) <= reach) return true
    }
    if (poly.length === 1 && distToSegment(point, poly[0] as Point, poly[0] as Point) <= reach) return true
  }
  return false
}

function collectHits(doc: Document, point: Point, options: HitTestOptions, firstOnly: boolean): string[] {
  const hits: string[] = []
  for (let ai = doc.artboards.length - 1; ai >= 0; ai--) {
    const ab = doc.artboards[ai]
    if (ab === undefined) continue
    for (let li = ab.layers.length - 1; li >= 0; li--) {
      const layer = ab.layers[li]
      if (layer === undefined || !layer.visible || layer.locked) continue
      const ids = [...layer.objectIds]
      for (let oi = ids.length - 1; oi >= 0; oi--) {
        const obj = doc.objects.get(ids[oi] as string)
        if (obj !== undefined && hitTestObject(obj, point, options)) {
          hits.push(obj.id)
          if (firstOnly) return hits
        }
      }
    }
  }
  return hits
}

/**
 * Ids of the objects under `point` (world), topmost first: later artboards over earlier ones,
 * upper layers over lower, upper objects over lower; hidden or locked layers are skipped.
 */
export function hitTest(doc: Document, point: Point, options: HitTestOptions = {}): string[] {
  return collectHits(doc, point, options, false)
}

/**
 * {@link hitTest} over candidate ids only (e.g. from a spatial index): the candidates under
 * `point`, topmost first, with the same rules (hidden or locked layers skipped, exact geometry).
 * Ids not in the document are ignored. O(k log k) for k candidates once the layer version was
 * ordered before (see {@link drawingOrder}).
 */
export function hitTestCandidates(
  doc: Document,
  candidates: Iterable<string>,
  point: Point,
  options: HitTestOptions = {},
): string[] {
  const hits: string[] = []
  for (const id of drawingOrder(doc, candidates, { skipLocked: true })) {
    if (hitTestObject(doc.objects.get(id) as VectorObject, point, options)) hits.push(id)
  }
  return hits.reverse()
}

/**
 * The ids among `ids` that are drawn (in the document, on a visible layer; with `skipLocked`,
 * an unlocked one), bottom first: artboards, then layers, then z-order within the layer.
 * Duplicates are dropped. O(k log n) for k ids on the first orderings of a layer version; later
 * orderings of the same version reuse a position map built in one pass (O(k log k), `z-order.ts`).
 */
export function drawingOrder(
  doc: Document,
  ids: Iterable<string>,
  options: { readonly skipLocked?: boolean } = {},
): string[] {
  const objects: VectorObject[] = []
  const seen = new Set<string>()
  for (const id of ids) {
    if (seen.has(id)) continue
    seen.add(id)
    const obj = doc.objects.get(id)
    if (obj !== undefined) objects.push(obj)
  }
  return drawingOrderOfObjects(doc, objects, options)
}

/**
 * Options of {@link drawingOrderOfObjects}. `rankOf` lets a caller that remembers z-ranks skip
 * the position-map lookups: it gets the index of an object in `objects` and the ranker of its
 * layer's list ({@link zRanker}), and returns `rank(id)` or a rank it remembered from that same
 * ranker function (ranks of one ranker compare; a new ranker means new numbers).
 */
export interface DrawingOrderOptions {
  readonly skipLocked?: boolean
  readonly rankOf?: (index: number, rank: ZRank) => number
}

/**
 * {@link drawingOrder} of objects already looked up in `doc` (distinct, each `doc.objects.get`
 * of its id: not checked), for a caller that holds them and need not look them up again.
 */
export function drawingOrderOfObjects(
  doc: Document,
  objects: readonly VectorObject[],
  options: DrawingOrderOptions = {},
): string[] {
  const layerPlace = layerPlaces(doc)
  // the drawn objects of each layer, in the order artboards and layers are drawn
  // (indices into `objects`)
  const byLayer = new Map<string, number[]>()
  for (let i = 0; i < objects.length; i++) {
    const obj = objects[i] as VectorObject
    const found = byLayer.get(obj.layerId)
    if (found !== undefined) {
      found.push(i)
      continue
    }
    const place = layerPlace.get(obj.layerId)
    if (place === undefined || !place.layer.visible || (options.skipLocked === true && place.layer.locked))
      continue
    byLayer.set(obj.layerId, [i])
  }
  const layers = [...byLayer.keys()]
  if (layers.length > 1) {
    const key = (id: string) => {
      const place = layerPlace.get(id) as LayerPlace
      return place.artboard * 2 ** 20 + place.index
    }
    layers.sort((a, b) => key(a) - key(b))
  }
  const out: string[] = []
  const { rankOf } = options
  for (const layerId of layers) {
    const group = byLayer.get(layerId) as number[]
    const rank = zRanker((layerPlace.get(layerId) as LayerPlace).layer.objectIds, group.length)
    const ranks =
      rankOf === undefined
        ? group.map((i) => rank((objects[i] as VectorObject).id))
        : group.map((i) => rankOf(i, rank))
    const order = rankOrder(ranks)
    for (let i = 0; i < order.length; i++)
      out.push((objects[group[order[i] as number] as number] as VectorObject).id)
  }
  return out
}

/** Above this many objects, {@link rankOrder} sorts with a comparator instead of packed keys. */
const PACKED_LIMIT = 2 ** 21

/**
 * The indices of `ranks` sorted by rank (stable): rank and index packed into one float64 key each
 * (exact below 2⁵³), sorted natively as numbers, so no comparator runs per comparison.
 */
function rankOrder(ranks: readonly number[]): Uint32Array | number[] {
  const n = ranks.length
  if (n < PACKED_LIMIT && ranks.every((r) => r + 1 < 2 ** 31)) {
    const keys = new Float64Array(n)
    for (let i = 0; i < n; i++) keys[i] = ((ranks[i] as number) + 1) * PACKED_LIMIT + i
    keys.sort()
    const order = new Uint32Array(n)
    for (let i = 0; i < n; i++) order[i] = (keys[i] as number) % PACKED_LIMIT
    return order
  }
  return ranks.map((_, i) => i).sort((a, b) => (ranks[a] as number) - (ranks[b] as number) || a - b)
}

interface LayerPlace {
  readonly layer: Layer
  readonly artboard: number
  readonly index: number
}

/** Each layer with its artboard's index and its own index in that artboard. */
function layerPlaces(doc: Document): Map<string, LayerPlace> {
  const out = new Map<string, LayerPlace>()
  doc.artboards.forEach((ab, artboard) => {
    ab.layers.forEach((layer, index) => {
      out.set(layer.id, { layer, artboard, index })
    })
  })
  return out
}

/** The topmost object id under `point` (world), or `undefined`. */
export function hitTestTopmost(
  doc: Document,
  point: Point,
  options: HitTestOptions = {},
): string | undefined {
  return collectHits(doc, point, options, true)[0]
}
