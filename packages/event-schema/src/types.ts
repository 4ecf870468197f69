/**
 * Static types of the catalog: the `WireTunerEvent` union discriminated on `eventType`, one
 * read-only interface per event, the value types, and the draft forms used before the store
 * assigns `eventSequence`. Written out (with documentation per field) rather than computed from
 * the schemas, which keeps type-checking cheap for every package that imports them; the
 * type-level test `test/types-match-schemas.ts` fails to compile if a type and its schema in
 * `catalog.ts` (the source of truth) disagree.
 */
import type { EventType, SHAPE_TYPES } from './catalog.js'

/** Deeply read-only view of a JSON-like value. */
export type Immutable<T> = T extends readonly (infer U)[]
  ? readonly Immutable<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Immutable<T[K]> }
    : T

/** A point or offset `{ x, y }` (finite numbers, y down). */
export interface Point {
  readonly x: number
  readonly y: number
}

/** An axis-aligned rectangle with positive size. */
export interface Bounds {
  readonly x: number
  readonly y: number
  /** > 0 */
  readonly width: number
  /** > 0 */
  readonly height: number
}

/** Appearance of an object; absent fill/stroke = none. */
export interface Style {
  /** `#RRGGBB`. */
  readonly fill?: string
  /** `#RRGGBB`. */
  readonly stroke?: string
  /** ≥ 0; default 1. */
  readonly strokeWidth?: number
  /** 0..1; default 1. */
  readonly opacity?: number
}

/** Shape kind of a `CreateShapeEvent`. */
export type ShapeType = (typeof SHAPE_TYPES)[number]

/** Rectangle parameters. */
export interface RectangleParameters {
  readonly centerX: number
  readonly centerY: number
  /** > 0 */
  readonly width: number
  /** > 0 */
  readonly height: number
  /** 0..min(width, height)/2; default 0. */
  readonly cornerRadius?: number
}

/** Ellipse parameters. */
export interface EllipseParameters {
  readonly centerX: number
  readonly centerY: number
  /** > 0 */
  readonly radiusX: number
  /** > 0 */
  readonly radiusY: number
}

/** Regular polygon parameters; the first vertex is at the top, vertices go clockwise (y down). */
export interface PolygonParameters {
  readonly centerX: number
  readonly centerY: number
  /** Circumradius, > 0. */
  readonly radius: number
  /** Integer 3..20. */
  readonly sides: number
  /** Radians; default 0. */
  readonly rotation?: number
}

/** Star parameters; the first outer vertex is at the top, vertices go clockwise (y down). */
export interface StarParameters {
  readonly centerX: number
  readonly centerY: number
  /** > innerRadius. */
  readonly outerRadius: number
  /** > 0 and < outerRadius. */
  readonly innerRadius: number
  /** Integer 3..100. */
  readonly points: number
  /** Radians; default 0. */
  readonly rotation?: number
}

/** Parameters of any shape kind. */
export type ShapeParameters = RectangleParameters | EllipseParameters | PolygonParameters | StarParameters

/** Envelope fields of an event of type `T` (all but `schemaVersion`, which is per type). */
export interface EnvelopeOf<T extends EventType> {
  /** The discriminator. */
  readonly eventType: T
  /** Lower-case UUIDv7 (time-ordered; the factory's) or UUIDv4 (older logs), globally unique. */
  readonly eventId: string
  /** 0-based, gap-free per document; assigned by the store. */
  readonly eventSequence: number
  /** Unix time in milliseconds, integer ≥ 1. */
  readonly timestamp: number
  /** Lower-case UUIDv4 of the document. */
  readonly documentId: string
  /** Integer 1..60000; 50 for sampled events. */
  readonly samplingIntervalMs?: number
  /** Groups events for atomic undo; an undoable event without it is a group of its own. */
  readonly undoGroupId?: string
  /** Author; `local-user` by default in the application. */
  readonly userId?: string
  /** One editing session. */
  readonly sessionId?: string
}

/** Envelope of a version-1 event type (`schemaVersion` absent or 1). */
export interface VersionOneEnvelope<T extends EventType> extends EnvelopeOf<T> {
  /** Absent means 1. */
  readonly schemaVersion?: 1
}

/** The document's first event. */
export interface CreateDocumentEvent extends VersionOneEnvelope<'CreateDocumentEvent'> {
  readonly title?: string
  readonly author?: string
}
/** Changes the title and/or author. */
export interface ModifyDocumentMetadataEvent extends VersionOneEnvelope<'ModifyDocumentMetadataEvent'> {
  readonly title?: string
  readonly author?: string
}
/** Adds an artboard. */
export interface CreateArtboardEvent extends VersionOneEnvelope<'CreateArtboardEvent'> {
  readonly artboardId: string
  readonly name?: string
  readonly bounds: Bounds
  /** `#RRGGBB`. */
  readonly backgroundColor?: string
  readonly preset?: string
}
/** Renames, resizes or recolours an artboard. */
export interface ModifyArtboardEvent extends VersionOneEnvelope<'ModifyArtboardEvent'> {
  readonly artboardId: string
  readonly name?: string
  readonly bounds?: Bounds
  /** `#RRGGBB`. */
  readonly backgroundColor?: string
}
/** Removes an artboard with its layers and objects. */
export interface DeleteArtboardEvent extends VersionOneEnvelope<'DeleteArtboardEvent'> {
  readonly artboardId: string
}
/** Adds a layer to an artboard. */
export interface CreateLayerEvent extends VersionOneEnvelope<'CreateLayerEvent'> {
  readonly layerId: string
  readonly artboardId: string
  readonly name?: string
  readonly visible?: boolean
  readonly locked?: boolean
  /** Integer ≥ 0. */
  readonly zIndex?: number
}
/** Renames, hides/shows or locks/unlocks a layer. */
export interface ModifyLayerEvent extends VersionOneEnvelope<'ModifyLayerEvent'> {
  readonly layerId: string
  readonly name?: string
  readonly visible?: boolean
  readonly locked?: boolean
}
/** Moves a layer to a new z-index in its artboard. */
export interface ReorderLayerEvent extends VersionOneEnvelope<'ReorderLayerEvent'> {
  readonly layerId: string
  /** Integer ≥ 0. */
  readonly newZIndex: number
}
/** Removes a layer with its objects. */
export interface DeleteLayerEvent extends VersionOneEnvelope<'DeleteLayerEvent'> {
  readonly layerId: string
}
/** Starts an open path with one corner anchor. */
export interface CreatePathEvent extends VersionOneEnvelope<'CreatePathEvent'> {
  readonly pathId: string
  /** Default: the topmost layer of the last artboard. */
  readonly layerId?: string
  /** In local coordinates. */
  readonly startAnchor: Point
  readonly style?: Style
}
/** Appends an anchor to a path. Sampled (pen drag). */
export interface AddAnchorEvent extends VersionOneEnvelope<'AddAnchorEvent'> {
  readonly pathId: string
  /** In local coordinates. */
  readonly position: Point
  /** `line`: no handles allowed (corner anchor); `bezier`: handles as given (smooth anchor). */
  readonly anchorType: 'line' | 'bezier'
  /** Offset relative to `position`. */
  readonly handleIn?: Point
  /** Offset relative to `position`. */
  readonly handleOut?: Point
}
/** Partial update of one anchor. Sampled. */
export interface ModifyAnchorEvent extends VersionOneEnvelope<'ModifyAnchorEvent'> {
  readonly pathId: string
  /** Integer ≥ 0. */
  readonly anchorIndex: number
  readonly position?: Point
  /** Offset relative to the position; `null` clears the handle. */
  readonly handleIn?: Point | null
  /** Offset relative to the position; `null` clears the handle. */
  readonly handleOut?: Point | null
  readonly anchorType?: 'corner' | 'smooth' | 'symmetric'
}
/** Removes one anchor. */
export interface DeleteAnchorEvent extends VersionOneEnvelope<'DeleteAnchorEvent'> {
  readonly pathId: string
  /** Integer ≥ 0. */
  readonly anchorIndex: number
}
/** Ends drawing a path, open or closed. */
export interface FinishPathEvent extends VersionOneEnvelope<'FinishPathEvent'> {
  readonly pathId: string
  readonly closed: boolean
}
/** Fields of every `CreateShapeEvent` (schema version 2). */
export interface CreateShapeEventBase<K extends ShapeType, P> extends EnvelopeOf<'CreateShapeEvent'> {
  /** Always 2 in the current form (an absent version means the original form 1, upcast on read). */
  readonly schemaVersion: 2
  readonly shapeId: string
  /** Default: the topmost layer of the last artboard. */
  readonly layerId?: string
  readonly shapeType: K
  readonly parameters: P
  readonly style?: Style
}
/** `CreateShapeEvent` of a rectangle. */
export interface CreateRectangleEvent extends CreateShapeEventBase<'rectangle', RectangleParameters> {}
/** `CreateShapeEvent` of an ellipse. */
export interface CreateEllipseEvent extends CreateShapeEventBase<'ellipse', EllipseParameters> {}
/** `CreateShapeEvent` of a regular polygon. */
export interface CreatePolygonEvent extends CreateShapeEventBase<'polygon', PolygonParameters> {}
/** `CreateShapeEvent` of a star. */
export interface CreateStarEvent extends CreateShapeEventBase<'star', StarParameters> {}
/** Adds a parametric shape; narrow `parameters` with `shapeType`. */
export type CreateShapeEvent =
  | CreateRectangleEvent
  | CreateEllipseEvent
  | CreatePolygonEvent
  | CreateStarEvent
/** Translates objects by an incremental delta. Sampled. */
export interface MoveObjectEvent extends VersionOneEnvelope<'MoveObjectEvent'> {
  /** 1..10000 ids. */
  readonly objectIds: readonly string[]
  /** Incremental translation since the previous event (never cumulative). */
  readonly delta: Point
}
/** Rotates objects. Sampled. */
export interface RotateObjectEvent extends VersionOneEnvelope<'RotateObjectEvent'> {
  readonly objectIds: readonly string[]
  /** Radians, incremental. */
  readonly angle: number
  /** Default: centre of the union of the objects' transformed bounds. */
  readonly pivot?: Point
}
/** Scales objects. Sampled. */
export interface ScaleObjectEvent extends VersionOneEnvelope<'ScaleObjectEvent'> {
  readonly objectIds: readonly string[]
  /** > 0 */
  readonly scaleX: number
  /** > 0 */
  readonly scaleY: number
  /** Default: centre of the union of the objects' transformed bounds. */
  readonly pivot?: Point
}
/** Deletes objects (also drops them from the selection). */
export interface DeleteObjectEvent extends VersionOneEnvelope<'DeleteObjectEvent'> {
  readonly objectIds: readonly string[]
}
/** Changes the style of objects. Debounced. */
export interface ModifyStyleEvent extends VersionOneEnvelope<'ModifyStyleEvent'> {
  readonly objectIds: readonly string[]
  /** `#RRGGBB`; `null` removes the fill. */
  readonly fill?: string | null
  /** `#RRGGBB`; `null` removes the stroke. */
  readonly stroke?: string | null
  /** ≥ 0 */
  readonly strokeWidth?: number
  /** 0..1 */
  readonly opacity?: number
}
/** Changes the selection. */
export interface SelectObjectsEvent extends VersionOneEnvelope<'SelectObjectsEvent'> {
  readonly objectIds: readonly string[]
  readonly mode: 'replace' | 'add' | 'toggle' | 'subtract'
}
/** Removes objects from the selection. */
export interface DeselectObjectsEvent extends VersionOneEnvelope<'DeselectObjectsEvent'> {
  readonly objectIds: readonly string[]
}
/** Empties the selection. */
export interface ClearSelectionEvent extends VersionOneEnvelope<'ClearSelectionEvent'> {}
/** Pans the viewport. Sampled. */
export interface ViewportPanEvent extends VersionOneEnvelope<'ViewportPanEvent'> {
  /** Incremental pan. */
  readonly delta: Point
}
/** Zooms the viewport about a focal point. Sampled. */
export interface ViewportZoomEvent extends VersionOneEnvelope<'ViewportZoomEvent'> {
  /** > 0; multiplies the zoom, the result is clamped to 0.05..8. */
  readonly factor: number
  /** Stays fixed on screen. */
  readonly focalPoint: Point
}
/** Resets the viewport. */
export interface ViewportResetEvent extends VersionOneEnvelope<'ViewportResetEvent'> {}
/** Opens an undo group and names it (marker only; changes no state). */
export interface StartGroupEvent extends VersionOneEnvelope<'StartGroupEvent'> {
  readonly groupId: string
  readonly label?: string
}
/** Closes an undo group (marker only; changes no state). */
export interface EndGroupEvent extends VersionOneEnvelope<'EndGroupEvent'> {
  readonly groupId: string
  readonly label?: string
}
/** Undoes the undo group `groupId`. */
export interface UndoEvent extends VersionOneEnvelope<'UndoEvent'> {
  readonly groupId: string
}
/** Redoes the undo group `groupId`. */
export interface RedoEvent extends VersionOneEnvelope<'RedoEvent'> {
  readonly groupId: string
}
/** Lifecycle marker: the document was saved. */
export interface SaveDocumentEvent extends VersionOneEnvelope<'SaveDocumentEvent'> {
  readonly filePath?: string
  /** Integer ≥ 0. */
  readonly eventCount?: number
}
/** Lifecycle marker: loading started. */
export interface LoadDocumentEvent extends VersionOneEnvelope<'LoadDocumentEvent'> {
  readonly filePath?: string
  /** Integer ≥ 0. */
  readonly eventCount?: number
}
/** Lifecycle marker: loading finished. */
export interface DocumentLoadedEvent extends VersionOneEnvelope<'DocumentLoadedEvent'> {
  readonly filePath?: string
  /** Integer ≥ 0. */
  readonly eventCount?: number
}

/** Any event of the catalog, discriminated on `eventType`. */
export type WireTunerEvent =
  | CreateDocumentEvent
  | ModifyDocumentMetadataEvent
  | CreateArtboardEvent
  | ModifyArtboardEvent
  | DeleteArtboardEvent
  | CreateLayerEvent
  | ModifyLayerEvent
  | ReorderLayerEvent
  | DeleteLayerEvent
  | CreatePathEvent
  | AddAnchorEvent
  | ModifyAnchorEvent
  | DeleteAnchorEvent
  | FinishPathEvent
  | CreateShapeEvent
  | MoveObjectEvent
  | RotateObjectEvent
  | ScaleObjectEvent
  | DeleteObjectEvent
  | ModifyStyleEvent
  | SelectObjectsEvent
  | DeselectObjectsEvent
  | ClearSelectionEvent
  | ViewportPanEvent
  | ViewportZoomEvent
  | ViewportResetEvent
  | StartGroupEvent
  | EndGroupEvent
  | UndoEvent
  | RedoEvent
  | SaveDocumentEvent
  | LoadDocumentEvent
  | DocumentLoadedEvent

/** The event type whose `eventType` is `T`. */
export type EventOfType<T extends EventType> = Extract<WireTunerEvent, { readonly eventType: T }>

/** The envelope of an event (every field of `WireTunerEvent` that is not payload). */
export interface EventEnvelope extends EnvelopeOf<EventType> {
  /** Absent means 1. */
  readonly schemaVersion?: number
}

/** Fields the store or the factory fill in. */
interface Filled {
  readonly eventId?: string
  readonly timestamp?: number
  readonly eventSequence?: number
}

/** An event not yet appended: `eventSequence` is optional (the store assigns it). Distributive. */
export type DraftEvent<E extends WireTunerEvent = WireTunerEvent> = E extends WireTunerEvent
  ? { readonly [K in keyof E as K extends 'eventSequence' ? never : K]: E[K] } & {
      readonly eventSequence?: number
    }
  : never

/**
 * What application code gives `createEvent`: an event without `eventId`, `timestamp`,
 * `eventSequence` and `schemaVersion` (filled by the factory; the first three may be given).
 * Distributive over the union.
 */
export type EventInit<E extends WireTunerEvent = WireTunerEvent> = E extends WireTunerEvent
  ? {
      readonly [K in keyof E as K extends 'eventId' | 'timestamp' | 'eventSequence' | 'schemaVersion'
        ? never
        : K]: E[K]
    } & Filled
  : never
