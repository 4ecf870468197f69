/**
 * Deterministic JSON of a whole document: fixed key order, selection anchors by sorted key, -0 as
 * 0, so equal documents give the same bytes. Parsing (with versioning and migrations) is in
 * `parse.ts`.
 */
import { makeAnchor } from './records.js'
import { SCHEMA_VERSION } from './store.js'
import type {
  Anchor,
  Artboard,
  Document,
  EllipseParameters,
  Layer,
  ObjectTable,
  Point,
  PolygonParameters,
  RectangleParameters,
  Selection,
  ShapeSpec,
  StarParameters,
  Style,
  Transform,
  VectorObject,
} from './types.js'

/** Value of the `format` field of serialized documents. */
export const DOCUMENT_FORMAT = 'wiretuner.vector-document'

/** -0 becomes 0 (JSON writes both as 0; this keeps the JSON value and the text in step). */
function z(n: number): number {
  return n + 0
}

/** The style with only its defined fields, in canonical order (-0 written as 0). */
export function style(s: Style): Style {
  const out: { fill?: string; stroke?: string; strokeWidth?: number; opacity?: number } = {}
  if (s.fill !== undefined) out.fill = s.fill
  if (s.stroke !== undefined) out.stroke = s.stroke
  if (s.strokeWidth !== undefined) out.strokeWidth = z(s.strokeWidth)
  if (s.opacity !== undefined) out.opacity = z(s.opacity)
  return out
}

/** A copy of the transform (-0 written as 0). */
export function transform(t: Transform): Transform {
  return { a: z(t.a), b: z(t.b), c: z(t.c), d: z(t.d), e: z(t.e), f: z(t.f) }
}

/** A copy of the point (-0 written as 0). */
export function point(p: Point): Point {
  return { x: z(p.x), y: z(p.y) }
}

/** A copy of the anchor (-0 written as 0; handles only when present). */
export function anchor(a: Anchor): Anchor {
  return makeAnchor(
    point(a.position),
    a.handleIn === undefined ? undefined : point(a.handleIn),
    a.handleOut === undefined ? undefined : point(a.handleOut),
    a.anchorType,
  )
}

/**
 * A copy of the parameters of a shape with only the fields of its kind, in canonical order (-0
 * written as 0). One object literal per kind and optional field, so each has one hidden class.
 */
export function parameters(spec: ShapeSpec): ShapeSpec['parameters'] {
  switch (spec.shapeType) {
    case 'rectangle':
      return rectangle(spec.parameters)
    case 'ellipse':
      return ellipse(spec.parameters)
    case 'polygon':
      return polygon(spec.parameters)
    case 'star':
      return star(spec.parameters)
  }
}

function rectangle(p: RectangleParameters): RectangleParameters {
  const centerX = z(p.centerX)
  const centerY = z(p.centerY)
  const width = z(p.width)
  const height = z(p.height)
  return p.cornerRadius === undefined
    ? { centerX, centerY, width, height }
    : { centerX, centerY, width, height, cornerRadius: z(p.cornerRadius) }
}

function ellipse(p: EllipseParameters): EllipseParameters {
  return { centerX: z(p.centerX), centerY: z(p.centerY), radiusX: z(p.radiusX), radiusY: z(p.radiusY) }
}

function polygon(p: PolygonParameters): PolygonParameters {
  const centerX = z(p.centerX)
  const centerY = z(p.centerY)
  const radius = z(p.radius)
  const sides = z(p.sides)
  return p.rotation === undefined
    ? { centerX, centerY, radius, sides }
    : { centerX, centerY, radius, sides, rotation: z(p.rotation) }
}

function star(p: StarParameters): StarParameters {
  const centerX = z(p.centerX)
  const centerY = z(p.centerY)
  const outerRadius = z(p.outerRadius)
  const innerRadius = z(p.innerRadius)
  const points = z(p.points)
  return p.rotation === undefined
    ? { centerX, centerY, outerRadius, innerRadius, points }
    : { centerX, centerY, outerRadius, innerRadius, points, rotation: z(p.rotation) }
}

/** The object as a plain JSON value (without its `layerId`: documents nest objects in layers). */
export function objectToJson(o: VectorObject): unknown {
  if (o.kind === 'path') {
    return {
      kind: 'path',
      id: o.id,
      style: style(o.style),
      transform: transform(o.transform),
      anchors: o.anchors.map(anchor),
      closed: o.closed,
    }
  }
  return {
    kind: 'shape',
    id: o.id,
    style: style(o.style),
    transform: transform(o.transform),
    shapeType: o.shapeType,
    parameters: parameters(o),
  }
}

/** The document as a plain JSON value (the form {@link serializeDocument} writes). */
export function documentToJson(doc: Document): unknown {
  const artboards = doc.artboards.map((ab) => artboardToJson(ab, doc.objects))
  const selection = selectionToJson(doc.selection)
  const viewport = {
    pan: point(doc.viewport.pan),
    zoom: doc.viewport.zoom,
    canvasSize: { width: doc.viewport.canvasSize.width, height: doc.viewport.canvasSize.height },
  }
  const { id, title, author } = doc
  return author === undefined
    ? { format: DOCUMENT_FORMAT, schemaVersion: SCHEMA_VERSION, id, title, artboards, selection, viewport }
    : {
        format: DOCUMENT_FORMAT,
        schemaVersion: SCHEMA_VERSION,
        id,
        title,
        author,
        artboards,
        selection,
        viewport,
      }
}

function artboardToJson(ab: Artboard, objects: ObjectTable): unknown {
  const { id, name, backgroundColor, preset } = ab
  const bounds = { x: z(ab.bounds.x), y: z(ab.bounds.y), width: ab.bounds.width, height: ab.bounds.height }
  const layers = ab.layers.map((l) => layerToJson(l, objects))
  return preset === undefined
    ? { id, name, bounds, backgroundColor, layers }
    : { id, name, bounds, backgroundColor, preset, layers }
}

function layerToJson(l: Layer, table: ObjectTable): unknown {
  const objects: unknown[] = []
  for (const id of l.objectIds) objects.push(objectToJson(table.get(id) as VectorObject))
  return { id: l.id, name: l.name, visible: l.visible, locked: l.locked, objects }
}

function selectionToJson(s: Selection): unknown {
  const anchors: Record<string, number[]> = {}
  for (const k of Object.keys(s.anchors).sort()) anchors[k] = [...(s.anchors[k] ?? [])]
  return { objectIds: [...s.objectIds], anchors }
}

/** Deterministic JSON text of the document: the same document always gives the same bytes. */
export function serializeDocument(doc: Document): string {
  return JSON.stringify(documentToJson(doc))
}
