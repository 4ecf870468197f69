/**
 * Deterministic JSON of a whole document: fixed key order, selection anchors by sorted key, -0 as
 * 0, so equal documents give the same bytes. Parsing (with versioning and migrations) is in
 * `parse.ts`.
 */
import { SCHEMA_VERSION } from './store.js'
import type {
  Anchor,
  Document,
  Point,
  ShapeObject,
  ShapeSpec,
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

/** The style with only its defined fields, in canonical order. */
export function style(s: Style): Style {
  const out: Record<string, unknown> = {}
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

function anchor(a: Anchor): unknown {
  const out: Record<string, unknown> = { position: point(a.position) }
  if (a.handleIn !== undefined) out.handleIn = point(a.handleIn)
  if (a.handleOut !== undefined) out.handleOut = point(a.handleOut)
  out.anchorType = a.anchorType
  return out
}

/** The shape's parameters with only the fields of its kind, in canonical order. */
export function parameters(o: ShapeObject): unknown {
  const p = o.parameters as unknown as Record<string, unknown>
  const keys: Record<ShapeSpec['shapeType'], readonly string[]> = {
    rectangle: ['centerX', 'centerY', 'width', 'height', 'cornerRadius'],
    ellipse: ['centerX', 'centerY', 'radiusX', 'radiusY'],
    polygon: ['centerX', 'centerY', 'radius', 'sides', 'rotation'],
    star: ['centerX', 'centerY', 'outerRadius', 'innerRadius', 'points', 'rotation'],
  }
  const out: Record<string, unknown> = {}
  for (const k of keys[o.shapeType]) {
    const v = p[k]
    if (v !== undefined) out[k] = typeof v === 'number' ? z(v) : v
  }
  return out
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
  const anchors: Record<string, number[]> = {}
  for (const k of Object.keys(doc.selection.anchors).sort())
    anchors[k] = [...(doc.selection.anchors[k] ?? [])]
  return {
    format: DOCUMENT_FORMAT,
    schemaVersion: SCHEMA_VERSION,
    id: doc.id,
    title: doc.title,
    ...(doc.author === undefined ? {} : { author: doc.author }),
    artboards: doc.artboards.map((ab) => ({
      id: ab.id,
      name: ab.name,
      bounds: { x: z(ab.bounds.x), y: z(ab.bounds.y), width: ab.bounds.width, height: ab.bounds.height },
      backgroundColor: ab.backgroundColor,
      ...(ab.preset === undefined ? {} : { preset: ab.preset }),
      layers: ab.layers.map((l) => ({
        id: l.id,
        name: l.name,
        visible: l.visible,
        locked: l.locked,
        objects: [...l.objectIds].map((id) => objectToJson(doc.objects.get(id) as VectorObject)),
      })),
    })),
    selection: { objectIds: [...doc.selection.objectIds], anchors },
    viewport: {
      pan: point(doc.viewport.pan),
      zoom: doc.viewport.zoom,
      canvasSize: { width: doc.viewport.canvasSize.width, height: doc.viewport.canvasSize.height },
    },
  }
}

/** Deterministic JSON text of the document: the same document always gives the same bytes. */
export function serializeDocument(doc: Document): string {
  return JSON.stringify(documentToJson(doc))
}
