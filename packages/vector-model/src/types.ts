/**
 * Public value types of the vector document model. They are readonly views; every operation
 * returns a new document and shares whatever it did not change. Point, Style and Bounds are
 * structurally identical to the event payload values, so the replay reducer passes them through.
 */

/** A 2-D point or offset. */
export interface Point {
  readonly x: number
  readonly y: number
}

/** An axis-aligned rectangle: top-left corner plus size (y grows downwards). */
export interface Bounds {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/** A canvas size in screen pixels. */
export interface Size {
  readonly width: number
  readonly height: number
}

/**
 * Paint of an object. Colours are `#RRGGBB`. Absent fill or stroke paints nothing;
 * `strokeWidth` defaults to 1 and `opacity` to 1.
 */
export interface Style {
  readonly fill?: string
  readonly stroke?: string
  readonly strokeWidth?: number
  readonly opacity?: number
}

/**
 * A 2-D affine transform in SVG matrix order: `x' = a·x + c·y + e`, `y' = b·x + d·y + f`.
 * It maps an object's local coordinates to world coordinates.
 */
export interface Transform {
  readonly a: number
  readonly b: number
  readonly c: number
  readonly d: number
  readonly e: number
  readonly f: number
}

/** `corner`: independent handles; `smooth`: collinear handles; `symmetric`: mirrored, same length. */
export type AnchorType = 'corner' | 'smooth' | 'symmetric'

/** A path anchor. Handles are offsets relative to `position`; a missing handle sits on the anchor. */
export interface Anchor {
  readonly position: Point
  readonly handleIn?: Point
  readonly handleOut?: Point
  readonly anchorType: AnchorType
}

/** Rectangle parameters: centre, size and an optional corner radius (clamped to min(w,h)/2). */
export interface RectangleParameters {
  readonly centerX: number
  readonly centerY: number
  readonly width: number
  readonly height: number
  readonly cornerRadius?: number
}

/** Ellipse parameters: centre and the two radii. */
export interface EllipseParameters {
  readonly centerX: number
  readonly centerY: number
  readonly radiusX: number
  readonly radiusY: number
}

/** Regular polygon parameters; `rotation` in radians (default 0, clockwise with y down). */
export interface PolygonParameters {
  readonly centerX: number
  readonly centerY: number
  readonly radius: number
  readonly sides: number
  readonly rotation?: number
}

/** Star parameters; `rotation` in radians (default 0, clockwise with y down). */
export interface StarParameters {
  readonly centerX: number
  readonly centerY: number
  readonly outerRadius: number
  readonly innerRadius: number
  readonly points: number
  readonly rotation?: number
}

/** The four shape kinds. */
export type ShapeType = 'rectangle' | 'ellipse' | 'polygon' | 'star'

/** A shape kind with its parameters (discriminated by `shapeType`). */
export type ShapeSpec =
  | { readonly shapeType: 'rectangle'; readonly parameters: RectangleParameters }
  | { readonly shapeType: 'ellipse'; readonly parameters: EllipseParameters }
  | { readonly shapeType: 'polygon'; readonly parameters: PolygonParameters }
  | { readonly shapeType: 'star'; readonly parameters: StarParameters }

/** Fields common to every object. `layerId` is the layer that holds it. */
export interface ObjectBase {
  readonly id: string
  readonly layerId: string
  readonly style: Style
  readonly transform: Transform
}

/** A path: anchors in local coordinates; a closed path has one implicit closing segment. */
export interface PathObject extends ObjectBase {
  readonly kind: 'path'
  readonly anchors: readonly Anchor[]
  readonly closed: boolean
}

/** A parametric shape (parameters in local coordinates); converts to a closed path. */
export type ShapeObject = ObjectBase & { readonly kind: 'shape' } & ShapeSpec

/** Any drawable object. */
export type VectorObject = PathObject | ShapeObject

/** Readonly ordered set of object ids (bottom first); iterate it with `for…of`. */
export interface IdList extends Iterable<string> {
  readonly size: number
  has(id: string): boolean
}

/** Readonly map of every object of the document by id (iteration order unspecified; layers give z-order). */
export interface ObjectTable {
  readonly size: number
  get(id: string): VectorObject | undefined
  has(id: string): boolean
  values(): IterableIterator<VectorObject>
}

/** A layer: its objects in z-order (index 0 = bottom), by id; objects live in `Document.objects`. */
export interface Layer {
  readonly id: string
  readonly name: string
  readonly visible: boolean
  readonly locked: boolean
  readonly objectIds: IdList
}

/** An artboard with its layers (index 0 = bottom). */
export interface Artboard {
  readonly id: string
  readonly name: string
  readonly bounds: Bounds
  readonly backgroundColor: string
  readonly preset?: string
  readonly layers: readonly Layer[]
}

/** Selected object ids (a set, in selection order) and, per object, selected anchor indices (ascending). */
export interface Selection {
  readonly objectIds: readonly string[]
  readonly anchors: Readonly<Record<string, readonly number[]>>
}

/**
 * The view: `pan` is the world point shown at the canvas centre, `zoom` is screen pixels per
 * world unit (0.05..8), `canvasSize` is the screen size in pixels. Screen = (world − pan)·zoom + canvas/2.
 */
export interface Viewport {
  readonly pan: Point
  readonly zoom: number
  readonly canvasSize: Size
}

/** The whole document. `objects` holds every object; layers give their order. */
export interface Document {
  readonly schemaVersion: number
  readonly id: string
  readonly title: string
  readonly author?: string
  readonly artboards: readonly Artboard[]
  readonly objects: ObjectTable
  readonly selection: Selection
  readonly viewport: Viewport
}

/** Selection modes of `selectObjects`. */
export type SelectionMode = 'replace' | 'add' | 'toggle' | 'subtract'
