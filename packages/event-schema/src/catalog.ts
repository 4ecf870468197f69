/**
 * The event catalog as TypeBox schemas: one flat object schema per event type (envelope and
 * payload fields side by side, unknown keys rejected), in the canonical key order that
 * serialization follows. `CreateShapeEvent` is a union of one schema per shape kind.
 */
import Type, { type TProperties } from 'typebox'
import {
  Bounds,
  Colour,
  envelopeFields,
  Finite,
  Id,
  Index,
  MAX_ID_LENGTH,
  MAX_PATH_LENGTH,
  ObjectIds,
  Positive,
  Style,
  Text,
} from './primitives.js'

/** Every event type, in catalog order. */
export const EVENT_TYPES = [
  'CreateDocumentEvent',
  'ModifyDocumentMetadataEvent',
  'CreateArtboardEvent',
  'ModifyArtboardEvent',
  'DeleteArtboardEvent',
  'CreateLayerEvent',
  'ModifyLayerEvent',
  'ReorderLayerEvent',
  'DeleteLayerEvent',
  'CreatePathEvent',
  'AddAnchorEvent',
  'ModifyAnchorEvent',
  'DeleteAnchorEvent',
  'FinishPathEvent',
  'CreateShapeEvent',
  'MoveObjectEvent',
  'RotateObjectEvent',
  'ScaleObjectEvent',
  'DeleteObjectEvent',
  'ModifyStyleEvent',
  'SelectObjectsEvent',
  'DeselectObjectsEvent',
  'ClearSelectionEvent',
  'ViewportPanEvent',
  'ViewportZoomEvent',
  'ViewportResetEvent',
  'StartGroupEvent',
  'EndGroupEvent',
  'UndoEvent',
  'RedoEvent',
  'SaveDocumentEvent',
  'LoadDocumentEvent',
  'DocumentLoadedEvent',
] as const

/** Name of an event type (the `eventType` discriminator). */
export type EventType = (typeof EVENT_TYPES)[number]

/** Shape kinds of `CreateShapeEvent`. */
export const SHAPE_TYPES = ['rectangle', 'ellipse', 'polygon', 'star'] as const

/** Current schema version of `CreateShapeEvent` (version 1 is the original application's form). */
export const CREATE_SHAPE_SCHEMA_VERSION = 2

const { eventId, timestamp, eventSequence, documentId, samplingIntervalMs, undoGroupId, userId, sessionId } =
  envelopeFields

function envelope<T extends string, V extends TProperties>(eventType: T, version: V) {
  return {
    eventType: Type.Literal(eventType),
    eventId,
    eventSequence,
    timestamp,
    documentId,
    ...version,
    samplingIntervalMs,
    undoGroupId,
    userId,
    sessionId,
  }
}

const versionOne = { schemaVersion: Type.Optional(Type.Literal(1)) }

/** Builds the schema of a version-1 event type: envelope first, then the payload fields in order. */
function defineEvent<T extends string, P extends TProperties>(eventType: T, payload: P) {
  return Type.Object({ ...envelope(eventType, versionOne), ...payload }, { additionalProperties: false })
}

const Title = Type.Optional(Text)
const Name = Type.Optional(Text)
const LifecycleMarker = {
  filePath: Type.Optional(Type.String({ maxLength: MAX_PATH_LENGTH })),
  eventCount: Type.Optional(Index),
}
const GroupMarker = { groupId: Id, label: Type.Optional(Text) }
/** A point schema `{ x, y }` carrying a description for the JSON Schema. */
const point = (description: string) =>
  Type.Object({ x: Finite, y: Finite }, { additionalProperties: false, description })
const handle = 'offset of the control point relative to the anchor position'
const defaultLayer = 'default: the topmost layer of the last artboard'
const pivot = Type.Optional(point("default: centre of the union of the objects' transformed bounds"))
const radians = (description: string) => Type.Number({ description: `radians; ${description}` })
const NullableColour = Type.Union([Colour, Type.Null()], { description: 'null removes it' })

/** Rectangle: centre, size (> 0) and an optional corner radius 0..min(width, height)/2. */
export const RectangleParameters = Type.Object(
  {
    centerX: Finite,
    centerY: Finite,
    width: Positive,
    height: Positive,
    cornerRadius: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { additionalProperties: false },
)
/** Ellipse: centre and radii (> 0). */
export const EllipseParameters = Type.Object(
  { centerX: Finite, centerY: Finite, radiusX: Positive, radiusY: Positive },
  { additionalProperties: false },
)
/** Regular polygon: centre, circumradius (> 0), 3..20 sides, rotation in radians (default 0). */
export const PolygonParameters = Type.Object(
  {
    centerX: Finite,
    centerY: Finite,
    radius: Positive,
    sides: Type.Integer({ minimum: 3, maximum: 20 }),
    rotation: Type.Optional(radians('default 0; the first vertex is at the top, vertices go clockwise')),
  },
  { additionalProperties: false },
)
/** Star: centre, outerRadius > innerRadius > 0, 3..100 points, rotation in radians (default 0). */
export const StarParameters = Type.Object(
  {
    centerX: Finite,
    centerY: Finite,
    outerRadius: Positive,
    innerRadius: Positive,
    points: Type.Integer({ minimum: 3, maximum: 100 }),
    rotation: Type.Optional(
      radians('default 0; the first outer vertex is at the top, vertices go clockwise'),
    ),
  },
  { additionalProperties: false },
)

function defineShape<K extends string, P extends TProperties>(shapeType: K, parameters: P) {
  return Type.Object(
    {
      ...envelope('CreateShapeEvent', { schemaVersion: Type.Literal(CREATE_SHAPE_SCHEMA_VERSION) }),
      shapeId: Id,
      layerId: Type.Optional(
        Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, description: defaultLayer }),
      ),
      shapeType: Type.Literal(shapeType),
      parameters: Type.Object(parameters, { additionalProperties: false }),
      style: Type.Optional(Style),
    },
    { additionalProperties: false },
  )
}

/** `CreateShapeEvent` with `shapeType: 'rectangle'`. */
export const CreateRectangleEventSchema = defineShape('rectangle', RectangleParameters.properties)
/** `CreateShapeEvent` with `shapeType: 'ellipse'`. */
export const CreateEllipseEventSchema = defineShape('ellipse', EllipseParameters.properties)
/** `CreateShapeEvent` with `shapeType: 'polygon'`. */
export const CreatePolygonEventSchema = defineShape('polygon', PolygonParameters.properties)
/** `CreateShapeEvent` with `shapeType: 'star'`. */
export const CreateStarEventSchema = defineShape('star', StarParameters.properties)

/** One schema per shape kind, keyed by `shapeType`. */
export const SHAPE_EVENT_SCHEMAS = {
  rectangle: CreateRectangleEventSchema,
  ellipse: CreateEllipseEventSchema,
  polygon: CreatePolygonEventSchema,
  star: CreateStarEventSchema,
} as const

/** The schema of every event type, keyed by `eventType`. */
export const EVENT_SCHEMAS = {
  CreateDocumentEvent: defineEvent('CreateDocumentEvent', { title: Title, author: Type.Optional(Text) }),
  ModifyDocumentMetadataEvent: defineEvent('ModifyDocumentMetadataEvent', {
    title: Title,
    author: Type.Optional(Text),
  }),
  CreateArtboardEvent: defineEvent('CreateArtboardEvent', {
    artboardId: Id,
    name: Name,
    bounds: Bounds,
    backgroundColor: Type.Optional(Colour),
    preset: Type.Optional(Text),
  }),
  ModifyArtboardEvent: defineEvent('ModifyArtboardEvent', {
    artboardId: Id,
    name: Name,
    bounds: Type.Optional(Bounds),
    backgroundColor: Type.Optional(Colour),
  }),
  DeleteArtboardEvent: defineEvent('DeleteArtboardEvent', { artboardId: Id }),
  CreateLayerEvent: defineEvent('CreateLayerEvent', {
    layerId: Id,
    artboardId: Id,
    name: Name,
    visible: Type.Optional(Type.Boolean()),
    locked: Type.Optional(Type.Boolean()),
    zIndex: Type.Optional(Index),
  }),
  ModifyLayerEvent: defineEvent('ModifyLayerEvent', {
    layerId: Id,
    name: Name,
    visible: Type.Optional(Type.Boolean()),
    locked: Type.Optional(Type.Boolean()),
  }),
  ReorderLayerEvent: defineEvent('ReorderLayerEvent', { layerId: Id, newZIndex: Index }),
  DeleteLayerEvent: defineEvent('DeleteLayerEvent', { layerId: Id }),
  CreatePathEvent: defineEvent('CreatePathEvent', {
    pathId: Id,
    layerId: Type.Optional(
      Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, description: defaultLayer }),
    ),
    startAnchor: point('the first (corner) anchor, in local coordinates'),
    style: Type.Optional(Style),
  }),
  AddAnchorEvent: defineEvent('AddAnchorEvent', {
    pathId: Id,
    position: point('anchor position, in local coordinates'),
    anchorType: Type.Union([Type.Literal('line'), Type.Literal('bezier')], {
      description: 'line: no handles (corner anchor); bezier: handles as given (smooth anchor)',
    }),
    handleIn: Type.Optional(point(handle)),
    handleOut: Type.Optional(point(handle)),
  }),
  ModifyAnchorEvent: defineEvent('ModifyAnchorEvent', {
    pathId: Id,
    anchorIndex: Index,
    position: Type.Optional(point('new anchor position, in local coordinates')),
    handleIn: Type.Optional(
      Type.Union([point(handle), Type.Null()], { description: 'null clears the handle' }),
    ),
    handleOut: Type.Optional(
      Type.Union([point(handle), Type.Null()], { description: 'null clears the handle' }),
    ),
    anchorType: Type.Optional(
      Type.Union([Type.Literal('corner'), Type.Literal('smooth'), Type.Literal('symmetric')]),
    ),
  }),
  DeleteAnchorEvent: defineEvent('DeleteAnchorEvent', { pathId: Id, anchorIndex: Index }),
  FinishPathEvent: defineEvent('FinishPathEvent', { pathId: Id, closed: Type.Boolean() }),
  CreateShapeEvent: Type.Union([
    CreateRectangleEventSchema,
    CreateEllipseEventSchema,
    CreatePolygonEventSchema,
    CreateStarEventSchema,
  ]),
  MoveObjectEvent: defineEvent('MoveObjectEvent', {
    objectIds: ObjectIds,
    delta: point('incremental translation since the previous event (never cumulative)'),
  }),
  RotateObjectEvent: defineEvent('RotateObjectEvent', {
    objectIds: ObjectIds,
    angle: radians('incremental rotation'),
    pivot,
  }),
  ScaleObjectEvent: defineEvent('ScaleObjectEvent', {
    objectIds: ObjectIds,
    scaleX: Positive,
    scaleY: Positive,
    pivot,
  }),
  DeleteObjectEvent: defineEvent('DeleteObjectEvent', { objectIds: ObjectIds }),
  ModifyStyleEvent: defineEvent('ModifyStyleEvent', {
    objectIds: ObjectIds,
    fill: Type.Optional(NullableColour),
    stroke: Type.Optional(NullableColour),
    strokeWidth: Type.Optional(Type.Number({ minimum: 0 })),
    opacity: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  }),
  SelectObjectsEvent: defineEvent('SelectObjectsEvent', {
    objectIds: ObjectIds,
    mode: Type.Union([
      Type.Literal('replace'),
      Type.Literal('add'),
      Type.Literal('toggle'),
      Type.Literal('subtract'),
    ]),
  }),
  DeselectObjectsEvent: defineEvent('DeselectObjectsEvent', { objectIds: ObjectIds }),
  ClearSelectionEvent: defineEvent('ClearSelectionEvent', {}),
  ViewportPanEvent: defineEvent('ViewportPanEvent', { delta: point('incremental pan') }),
  ViewportZoomEvent: defineEvent('ViewportZoomEvent', {
    factor: Type.Number({
      exclusiveMinimum: 0,
      description: 'multiplies the zoom; the result is clamped to 0.05..8',
    }),
    focalPoint: point('stays fixed on screen'),
  }),
  ViewportResetEvent: defineEvent('ViewportResetEvent', {}),
  StartGroupEvent: defineEvent('StartGroupEvent', GroupMarker),
  EndGroupEvent: defineEvent('EndGroupEvent', GroupMarker),
  UndoEvent: defineEvent('UndoEvent', { groupId: Id }),
  RedoEvent: defineEvent('RedoEvent', { groupId: Id }),
  SaveDocumentEvent: defineEvent('SaveDocumentEvent', LifecycleMarker),
  LoadDocumentEvent: defineEvent('LoadDocumentEvent', LifecycleMarker),
  DocumentLoadedEvent: defineEvent('DocumentLoadedEvent', LifecycleMarker),
} as const

const keyLists = new Map<unknown, readonly string[]>([
  ...Object.entries(EVENT_SCHEMAS)
    .filter(([type]) => type !== 'CreateShapeEvent')
    .map(([type, schema]) => [type, Object.keys((schema as { properties: object }).properties)] as const),
  ...Object.entries(SHAPE_EVENT_SCHEMAS).map(
    ([shape, schema]) => [shape, Object.keys(schema.properties)] as const,
  ),
])

/**
 * The keys of an event type (of a shape kind for `CreateShapeEvent`) in canonical order, or
 * undefined when `eventType`/`shapeType` name nothing in the catalog.
 */
export function canonicalKeys(eventType: unknown, shapeType: unknown): readonly string[] | undefined {
  return keyLists.get(eventType === 'CreateShapeEvent' ? shapeType : eventType)
}
