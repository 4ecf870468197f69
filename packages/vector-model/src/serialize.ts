/**
 * Deterministic JSON of a whole document: fixed key order, selection anchors by sorted key, -0 as
 * 0, so equal documents give the same bytes. Parsing (with versioning and migrations) is in
 * `parse.ts`. Numbers are copied as `n + 0`, which turns -0 into 0 (JSON writes both as 0; this
 * keeps the JSON value and the text in step), written inline: these copies run for every object
 * of a document, often in a fresh process where each call is interpreted.
 */
import { makeAnchor } from './records.js'
import { DOCUMENT_FORMAT_VERSION } from './store.js'
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

/** The style with only its defined fields, in canonical order (-0 written as 0). */
export function style(s: Style): Style {
  const out: { fill?: string; stroke?: string; strokeWidth?: number; opacity?: number } = {}
  if (s.fill !== undefined) out.fill = s.fill
  if (s.stroke !== undefined) out.stroke = s.stroke
  if (s.strokeWidth !== undefined) out.strokeWidth = s.strokeWidth + 0
  if (s.opacity !== undefined) out.opacity = s.opacity + 0
  return out
}

/** A copy of the transform (-0 written as 0). */
export function transform(t: Transform): Transform {
  return { a: t.a + 0, b: t.b + 0, c: t.c + 0, d: t.d + 0, e: t.e + 0, f: t.f + 0 }
}

/** A copy of the point (-0 written as 0). */
export function point(p: Point): Point {
  return { x: p.x + 0, y: p.y + 0 }
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
  const centerX = p.centerX + 0
  const centerY = p.centerY + 0
  const width = p.width + 0
  const height = p.height + 0
  return p.cornerRadius === undefined
    ? { centerX, centerY, width, height }
    : { centerX, centerY, width, height, cornerRadius: p.cornerRadius + 0 }
}

function ellipse(p: EllipseParameters): EllipseParameters {
  return { centerX: p.centerX + 0, centerY: p.centerY + 0, radiusX: p.radiusX + 0, radiusY: p.radiusY + 0 }
}

function polygon(p: PolygonParameters): PolygonParameters {
  const centerX = p.centerX + 0
  const centerY = p.centerY + 0
  const radius = p.radius + 0
  const sides = p.sides + 0
  return p.rotation === undefined
    ? { centerX, centerY, radius, sides }
    : { centerX, centerY, radius, sides, rotation: p.rotation + 0 }
}

function star(p: StarParameters): StarParameters {
  const centerX = p.centerX + 0
  const centerY = p.centerY + 0
  const outerRadius = p.outerRadius + 0
  const innerRadius = p.innerRadius + 0
  const points = p.points + 0
  return p.rotation === undefined
    ? { centerX, centerY, outerRadius, innerRadius, points }
    : { centerX, centerY, outerRadius, innerRadius, points, rotation: p.rotation + 0 }
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
    ? {
        format: DOCUMENT_FORMAT,
        schemaVersion: DOCUMENT_FORMAT_VERSION,
        id,
        title,
        artboards,
        selection,
        viewport,
      }
    : {
        format: DOCUMENT_FORMAT,
        schemaVersion: DOCUMENT_FORMAT_VERSION,
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
  const bounds = { x: ab.bounds.x + 0, y: ab.bounds.y + 0, width: ab.bounds.width, height: ab.bounds.height }
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
