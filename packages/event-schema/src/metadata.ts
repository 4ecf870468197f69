/**
 * Per-type metadata the layers above need: whether an event type is sampled (throttled to one per
 * 50 ms during a gesture), debounced, undoable (changes document content), its current schema
 * version, and the human label shown in undo menus.
 */
import { CREATE_SHAPE_SCHEMA_VERSION, EVENT_TYPES, type EventType } from './catalog.js'
import { EventSchemaError } from './errors.js'
import type { DraftEvent, ShapeType, WireTunerEvent } from './types.js'

/** Metadata of one event type. */
export interface EventMetadata {
  /** The event type. */
  readonly eventType: EventType
  /** Produced by a continuous gesture and sampled at {@link SAMPLING_INTERVAL_MS}. */
  readonly sampled: boolean
  /** Emitted once a burst of changes settles (ModifyStyleEvent); not sampled. */
  readonly debounced: boolean
  /** Changes document content, so it belongs to an undo group. */
  readonly undoable: boolean
  /** Label for undo menus ("Create Path", "Move Objects"); see {@link eventLabel} for shapes. */
  readonly label: string
  /** Current schema version of the type (absent `schemaVersion` in a stored event means 1). */
  readonly schemaVersion: number
}

/** Sampling interval of sampled event types, in milliseconds. */
export const SAMPLING_INTERVAL_MS = 50

type Flags = 'sampled' | 'undoable' | 'debounced' | 'none' | 'undoable+debounced' | 'sampled+undoable'

const table: Record<EventType, readonly [Flags, string]> = {
  CreateDocumentEvent: ['none', 'Create Document'],
  ModifyDocumentMetadataEvent: ['undoable', 'Edit Document Properties'],
  CreateArtboardEvent: ['undoable', 'Create Artboard'],
  ModifyArtboardEvent: ['undoable', 'Edit Artboard'],
  DeleteArtboardEvent: ['undoable', 'Delete Artboard'],
  CreateLayerEvent: ['undoable', 'Create Layer'],
  ModifyLayerEvent: ['undoable', 'Edit Layer'],
  ReorderLayerEvent: ['undoable', 'Reorder Layer'],
  DeleteLayerEvent: ['undoable', 'Delete Layer'],
  CreatePathEvent: ['undoable', 'Create Path'],
  AddAnchorEvent: ['sampled+undoable', 'Add Anchor'],
  ModifyAnchorEvent: ['sampled+undoable', 'Edit Anchor'],
  DeleteAnchorEvent: ['undoable', 'Delete Anchor'],
  FinishPathEvent: ['undoable', 'Finish Path'],
  CreateShapeEvent: ['undoable', 'Create Shape'],
  MoveObjectEvent: ['sampled+undoable', 'Move Objects'],
  RotateObjectEvent: ['sampled+undoable', 'Rotate Objects'],
  ScaleObjectEvent: ['sampled+undoable', 'Scale Objects'],
  DeleteObjectEvent: ['undoable', 'Delete Objects'],
  ModifyStyleEvent: ['undoable+debounced', 'Change Style'],
  SelectObjectsEvent: ['none', 'Select Objects'],
  DeselectObjectsEvent: ['none', 'Deselect Objects'],
  ClearSelectionEvent: ['none', 'Clear Selection'],
  ViewportPanEvent: ['sampled', 'Pan View'],
  ViewportZoomEvent: ['sampled', 'Zoom View'],
  ViewportResetEvent: ['none', 'Reset View'],
  StartGroupEvent: ['none', 'Start Group'],
  EndGroupEvent: ['none', 'End Group'],
  UndoEvent: ['none', 'Undo'],
  RedoEvent: ['none', 'Redo'],
  SaveDocumentEvent: ['none', 'Save Document'],
  LoadDocumentEvent: ['none', 'Load Document'],
  DocumentLoadedEvent: ['none', 'Document Loaded'],
}

const metadataByType: ReadonlyMap<string, EventMetadata> = new Map(
  EVENT_TYPES.map((eventType) => {
    const [flags, label] = table[eventType]
    const meta: EventMetadata = Object.freeze({
      eventType,
      sampled: flags.startsWith('sampled'),
      debounced: flags.endsWith('debounced'),
      undoable: flags.includes('undoable'),
      label,
      schemaVersion: eventType === 'CreateShapeEvent' ? CREATE_SHAPE_SCHEMA_VERSION : 1,
    })
    return [eventType, meta] as const
  }),
)

/** True when `value` is the name of an event type of the catalog. */
export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && metadataByType.has(value)
}

/**
 * Metadata of an event type. Throws `EventSchemaError` (`invalid-argument`) for a name outside
 * the catalog (use {@link isEventType} first for untrusted input).
 */
export function eventMetadata(type: EventType): EventMetadata {
  const meta = metadataByType.get(type)
  if (meta === undefined) {
    throw new EventSchemaError(
      'invalid-argument',
      `eventMetadata: unknown event type ${JSON.stringify(type)}`,
    )
  }
  return meta
}

const shapeLabels: Record<ShapeType, string> = {
  rectangle: 'Create Rectangle',
  ellipse: 'Create Ellipse',
  polygon: 'Create Polygon',
  star: 'Create Star',
}

/** Undo-menu label of one event: the type's label, or "Create Rectangle"-style for shapes. */
export function eventLabel(event: WireTunerEvent | DraftEvent): string {
  if (event.eventType === 'CreateShapeEvent') return shapeLabels[event.shapeType]
  return eventMetadata(event.eventType).label
}
