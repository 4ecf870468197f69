/**
 * Static types of the catalog, derived from the schemas in `catalog.ts` (one source of truth) and
 * made deeply read-only: the `WireTunerEvent` union discriminated on `eventType`, one type per
 * event, the value types, and the draft form used before the store assigns `eventSequence`.
 */
import type { Static } from 'typebox'
import type {
  CreateEllipseEventSchema,
  CreatePolygonEventSchema,
  CreateRectangleEventSchema,
  CreateStarEventSchema,
  EllipseParameters as EllipseParametersSchema,
  EVENT_SCHEMAS,
  EventType,
  PolygonParameters as PolygonParametersSchema,
  RectangleParameters as RectangleParametersSchema,
  SHAPE_TYPES,
  StarParameters as StarParametersSchema,
} from './catalog.js'
import type { Bounds as BoundsSchema, Point as PointSchema, Style as StyleSchema } from './primitives.js'

/** Deeply read-only view of a JSON-like value. */
export type Immutable<T> = T extends readonly (infer U)[]
  ? readonly Immutable<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Immutable<T[K]> }
    : T

/** A point or offset `{ x, y }` (y down). */
export type Point = Immutable<Static<typeof PointSchema>>
/** An axis-aligned rectangle `{ x, y, width > 0, height > 0 }`. */
export type Bounds = Immutable<Static<typeof BoundsSchema>>
/** Fill and stroke colours (`#RRGGBB`, absent = none), strokeWidth ≥ 0 (default 1), opacity 0..1 (default 1). */
export type Style = Immutable<Static<typeof StyleSchema>>
/** Shape kind of a `CreateShapeEvent`. */
export type ShapeType = (typeof SHAPE_TYPES)[number]
/** Rectangle parameters: centre, size, optional corner radius. */
export type RectangleParameters = Immutable<Static<typeof RectangleParametersSchema>>
/** Ellipse parameters: centre and radii. */
export type EllipseParameters = Immutable<Static<typeof EllipseParametersSchema>>
/** Regular polygon parameters: centre, circumradius, sides, rotation (radians). */
export type PolygonParameters = Immutable<Static<typeof PolygonParametersSchema>>
/** Star parameters: centre, outer and inner radius, points, rotation (radians). */
export type StarParameters = Immutable<Static<typeof StarParametersSchema>>
/** Parameters of any shape kind. */
export type ShapeParameters = RectangleParameters | EllipseParameters | PolygonParameters | StarParameters

type EventSchemas = typeof EVENT_SCHEMAS
type EventStatic<K extends EventType> = Immutable<Static<EventSchemas[K]>>

/** The document's first event. */
export type CreateDocumentEvent = EventStatic<'CreateDocumentEvent'>
/** Changes the title and/or author. */
export type ModifyDocumentMetadataEvent = EventStatic<'ModifyDocumentMetadataEvent'>
/** Adds an artboard. */
export type CreateArtboardEvent = EventStatic<'CreateArtboardEvent'>
/** Renames, resizes or recolours an artboard. */
export type ModifyArtboardEvent = EventStatic<'ModifyArtboardEvent'>
/** Removes an artboard with its layers and objects. */
export type DeleteArtboardEvent = EventStatic<'DeleteArtboardEvent'>
/** Adds a layer to an artboard. */
export type CreateLayerEvent = EventStatic<'CreateLayerEvent'>
/** Renames, hides/shows or locks/unlocks a layer. */
export type ModifyLayerEvent = EventStatic<'ModifyLayerEvent'>
/** Moves a layer to a new z-index in its artboard. */
export type ReorderLayerEvent = EventStatic<'ReorderLayerEvent'>
/** Removes a layer with its objects. */
export type DeleteLayerEvent = EventStatic<'DeleteLayerEvent'>
/** Starts an open path with one corner anchor. */
export type CreatePathEvent = EventStatic<'CreatePathEvent'>
/** Appends an anchor to a path (`line`: no handles; `bezier`: handles as given). Sampled. */
export type AddAnchorEvent = EventStatic<'AddAnchorEvent'>
/** Partial update of one anchor; a handle set to `null` is cleared. Sampled. */
export type ModifyAnchorEvent = EventStatic<'ModifyAnchorEvent'>
/** Removes one anchor. */
export type DeleteAnchorEvent = EventStatic<'DeleteAnchorEvent'>
/** Ends drawing a path, open or closed. */
export type FinishPathEvent = EventStatic<'FinishPathEvent'>
/** `CreateShapeEvent` of a rectangle. */
export type CreateRectangleEvent = Immutable<Static<typeof CreateRectangleEventSchema>>
/** `CreateShapeEvent` of an ellipse. */
export type CreateEllipseEvent = Immutable<Static<typeof CreateEllipseEventSchema>>
/** `CreateShapeEvent` of a regular polygon. */
export type CreatePolygonEvent = Immutable<Static<typeof CreatePolygonEventSchema>>
/** `CreateShapeEvent` of a star. */
export type CreateStarEvent = Immutable<Static<typeof CreateStarEventSchema>>
/** Adds a parametric shape (schema version 2); narrow `parameters` with `shapeType`. */
export type CreateShapeEvent =
  | CreateRectangleEvent
  | CreateEllipseEvent
  | CreatePolygonEvent
  | CreateStarEvent
/** Translates objects by an incremental delta. Sampled. */
export type MoveObjectEvent = EventStatic<'MoveObjectEvent'>
/** Rotates objects by `angle` radians about `pivot` (default: their centre). Sampled. */
export type RotateObjectEvent = EventStatic<'RotateObjectEvent'>
/** Scales objects about `pivot` (default: their centre). Sampled. */
export type ScaleObjectEvent = EventStatic<'ScaleObjectEvent'>
/** Deletes objects (also drops them from the selection). */
export type DeleteObjectEvent = EventStatic<'DeleteObjectEvent'>
/** Changes the style of objects; `fill`/`stroke` set to `null` remove them. Debounced. */
export type ModifyStyleEvent = EventStatic<'ModifyStyleEvent'>
/** Changes the selection (`replace`, `add`, `toggle`, `subtract`). */
export type SelectObjectsEvent = EventStatic<'SelectObjectsEvent'>
/** Removes objects from the selection. */
export type DeselectObjectsEvent = EventStatic<'DeselectObjectsEvent'>
/** Empties the selection. */
export type ClearSelectionEvent = EventStatic<'ClearSelectionEvent'>
/** Pans the viewport. Sampled. */
export type ViewportPanEvent = EventStatic<'ViewportPanEvent'>
/** Zooms the viewport about a focal point. Sampled. */
export type ViewportZoomEvent = EventStatic<'ViewportZoomEvent'>
/** Resets the viewport. */
export type ViewportResetEvent = EventStatic<'ViewportResetEvent'>
/** Opens an undo group and names it (marker only; changes no state). */
export type StartGroupEvent = EventStatic<'StartGroupEvent'>
/** Closes an undo group (marker only; changes no state). */
export type EndGroupEvent = EventStatic<'EndGroupEvent'>
/** Undoes the undo group `groupId`. */
export type UndoEvent = EventStatic<'UndoEvent'>
/** Redoes the undo group `groupId`. */
export type RedoEvent = EventStatic<'RedoEvent'>
/** Lifecycle marker: the document was saved. */
export type SaveDocumentEvent = EventStatic<'SaveDocumentEvent'>
/** Lifecycle marker: loading started. */
export type LoadDocumentEvent = EventStatic<'LoadDocumentEvent'>
/** Lifecycle marker: loading finished. */
export type DocumentLoadedEvent = EventStatic<'DocumentLoadedEvent'>

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

/** Envelope field names (every event has them; some are optional). */
export type EnvelopeKey =
  | 'eventType'
  | 'eventId'
  | 'eventSequence'
  | 'timestamp'
  | 'documentId'
  | 'schemaVersion'
  | 'samplingIntervalMs'
  | 'undoGroupId'
  | 'userId'
  | 'sessionId'

/** The envelope of an event (every field of `WireTunerEvent` that is not payload). */
export type EventEnvelope = Pick<WireTunerEvent, Exclude<EnvelopeKey, 'schemaVersion'>> & {
  readonly schemaVersion?: number
}

type Simplify<T> = { [K in keyof T]: T[K] } & {}

/** An event not yet appended: `eventSequence` is optional (the store assigns it). Distributive. */
export type DraftEvent<E extends WireTunerEvent = WireTunerEvent> = E extends WireTunerEvent
  ? Simplify<Omit<E, 'eventSequence'> & { readonly eventSequence?: number }>
  : never

/**
 * What application code gives `createEvent`: an event without `eventId`, `timestamp`,
 * `eventSequence` and `schemaVersion` (filled by the factory; the first two may be given).
 * Distributive over the union.
 */
export type EventInit<E extends WireTunerEvent = WireTunerEvent> = E extends WireTunerEvent
  ? Simplify<
      Omit<E, 'eventId' | 'timestamp' | 'eventSequence' | 'schemaVersion'> & {
        readonly eventId?: string
        readonly timestamp?: number
        readonly eventSequence?: number
      }
    >
  : never
