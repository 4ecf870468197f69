/**
 * Public entry of `@wiretuner/event-schema`: the WireTuner event catalog as TypeScript types,
 * runtime validation with complete error listings, canonical serialization, per-type metadata,
 * the event factory, upcasting of older stored forms and the JSON Schema of the catalog.
 */

export type { EventType } from './catalog.js'
export { CREATE_SHAPE_SCHEMA_VERSION, EVENT_TYPES, SHAPE_TYPES } from './catalog.js'
export type {
  EventSchemaErrorCode,
  EventSchemaErrorOptions,
  ParseResult,
  ValidationIssue,
} from './errors.js'
export { EventSchemaError } from './errors.js'
export type { RandomByteSource } from './event-id.js'
export { getRandomByteSource, newEventId, setRandomByteSource } from './event-id.js'
export type { EventFactory, EventFactoryOptions, EventInitOf } from './factory.js'
export { createEvent, createEventFactory } from './factory.js'
export { EVENT_CATALOG_SCHEMA_ID, eventCatalogJsonSchema } from './json-schema.js'
export type { EventMetadata } from './metadata.js'
export { eventLabel, eventMetadata, isEventType, SAMPLING_INTERVAL_MS } from './metadata.js'
export { parseDraftEvent, parseEvent, parseEventJson } from './parse.js'
export { EVENT_ID_PATTERN, UUID_V4_PATTERN } from './primitives.js'
export { serializeEvent } from './serialize.js'
export { serializeValidDraft } from './serialize-draft.js'
export type {
  AddAnchorEvent,
  Bounds,
  ClearSelectionEvent,
  CreateArtboardEvent,
  CreateDocumentEvent,
  CreateEllipseEvent,
  CreateLayerEvent,
  CreatePathEvent,
  CreatePolygonEvent,
  CreateRectangleEvent,
  CreateShapeEvent,
  CreateStarEvent,
  DeleteAnchorEvent,
  DeleteArtboardEvent,
  DeleteLayerEvent,
  DeleteObjectEvent,
  DeselectObjectsEvent,
  DocumentLoadedEvent,
  DraftEvent,
  EllipseParameters,
  EndGroupEvent,
  EnvelopeOf,
  EventEnvelope,
  EventInit,
  EventOfType,
  FinishPathEvent,
  LoadDocumentEvent,
  ModifyAnchorEvent,
  ModifyArtboardEvent,
  ModifyDocumentMetadataEvent,
  ModifyLayerEvent,
  ModifyStyleEvent,
  MoveObjectEvent,
  Point,
  PolygonParameters,
  RectangleParameters,
  RedoEvent,
  ReorderLayerEvent,
  RotateObjectEvent,
  SaveDocumentEvent,
  ScaleObjectEvent,
  SelectObjectsEvent,
  ShapeParameters,
  ShapeType,
  StarParameters,
  StartGroupEvent,
  Style,
  UndoEvent,
  ViewportPanEvent,
  ViewportResetEvent,
  ViewportZoomEvent,
  WireTunerEvent,
} from './types.js'
export type { UpcastResult } from './upcast.js'
export { upcastEvent } from './upcast.js'
export { isEventId, isUuidV4 } from './uuid.js'
export { isDraftEvent, isWireTunerEvent, validateDraftEvent, validateEvent } from './validate.js'
