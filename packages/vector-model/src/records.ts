/**
 * Constructors of object records. Every path and every shape is built with the same property
 * order, so V8 sees one hidden class per kind (fast property access in the hot replay loop), and
 * the `with*` helpers copy a record changing one field.
 */
import type {
  Anchor,
  AnchorType,
  PathObject,
  Point,
  ShapeObject,
  ShapeSpec,
  Style,
  Transform,
  VectorObject,
} from './types.js'

/** A path record. */
export function makePath(
  id: string,
  layerId: string,
  style: Style,
  transform: Transform,
  anchors: readonly Anchor[],
  closed: boolean,
): PathObject {
  return { kind: 'path', id, layerId, style, transform, anchors, closed }
}

/** A shape record. */
export function makeShape(
  id: string,
  layerId: string,
  style: Style,
  transform: Transform,
  spec: ShapeSpec,
): ShapeObject {
  return makeShapeOf(id, layerId, style, transform, spec.shapeType, spec.parameters)
}

/**
 * A shape record from its kind and parameters (the one place shape records are built; readers
 * call it directly instead of wrapping the two in a spec object first).
 */
export function makeShapeOf(
  id: string,
  layerId: string,
  style: Style,
  transform: Transform,
  shapeType: ShapeSpec['shapeType'],
  parameters: ShapeSpec['parameters'],
): ShapeObject {
  return { kind: 'shape', id, layerId, style, transform, shapeType, parameters } as ShapeObject
}

/** A copy of the object with another transform. */
export function withTransform(o: VectorObject, transform: Transform): VectorObject {
  return o.kind === 'path'
    ? makePath(o.id, o.layerId, o.style, transform, o.anchors, o.closed)
    : makeShape(o.id, o.layerId, o.style, transform, o)
}

/** A copy of the object with another style. */
export function withStyle(o: VectorObject, style: Style): VectorObject {
  return o.kind === 'path'
    ? makePath(o.id, o.layerId, style, o.transform, o.anchors, o.closed)
    : makeShape(o.id, o.layerId, style, o.transform, o)
}

/** A copy of the path with other anchors and/or closedness. */
export function withAnchors(p: PathObject, anchors: readonly Anchor[], closed = p.closed): PathObject {
  return makePath(p.id, p.layerId, p.style, p.transform, anchors, closed)
}

/** An anchor record (handles only when present; one property order per combination). */
export function makeAnchor(
  position: Point,
  handleIn: Point | undefined,
  handleOut: Point | undefined,
  anchorType: AnchorType,
): Anchor {
  if (handleIn === undefined) {
    return handleOut === undefined ? { position, anchorType } : { position, handleOut, anchorType }
  }
  return handleOut === undefined
    ? { position, handleIn, anchorType }
    : { position, handleIn, handleOut, anchorType }
}
