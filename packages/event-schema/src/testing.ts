/**
 * fast-check arbitraries for every event type, for property tests in this package and the ones
 * above it (import from `@wiretuner/event-schema/testing`; fast-check is an optional peer
 * dependency). Every generated event is valid, including the cross-field rules; the legacy
 * arbitrary generates version-1 `CreateShapeEvent`s that upcast to valid events.
 */
import fc from 'fast-check'
import { EVENT_TYPES, type EventType, SHAPE_TYPES } from './catalog.js'
import { MAX_OBJECT_IDS } from './primitives.js'
import type {
  Bounds,
  DraftEvent,
  EventOfType,
  Point,
  ShapeParameters,
  ShapeType,
  Style,
  WireTunerEvent,
} from './types.js'

type Loose = Record<string, unknown>

/** Options of the event arbitraries. */
export interface EventArbitraryOptions {
  /** Fix the document id (e.g. one document's log); default: any UUIDv4. */
  readonly documentId?: string
}

function record<T extends Loose>(
  model: { [K in keyof T]: fc.Arbitrary<T[K]> },
  required: readonly (keyof T)[],
): fc.Arbitrary<Partial<T>> {
  return fc.record(model, { requiredKeys: [...required], noNullPrototype: true }) as fc.Arbitrary<Partial<T>>
}

const noNegativeZero = (n: number): number => (Object.is(n, -0) ? 0 : n)

/** A lower-case UUIDv4. */
export function arbitraryUuidV4(): fc.Arbitrary<string> {
  return fc.uuid({ version: 4 })
}

/** An event id: a lower-case UUIDv7 (what the factory makes) or UUIDv4 (older logs). */
export function arbitraryEventId(): fc.Arbitrary<string> {
  return fc.oneof(fc.uuid({ version: 7 }), fc.uuid({ version: 4 }))
}

/** A non-empty id (any characters, short). */
export function arbitraryId(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ minLength: 1, maxLength: 24 }),
    fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }),
    arbitraryUuidV4(),
  )
}

/** Free text (may be empty). */
export function arbitraryText(): fc.Arbitrary<string> {
  return fc.oneof(fc.string({ maxLength: 40 }), fc.string({ maxLength: 10, unit: 'grapheme' }))
}

/** A finite number (never NaN, ±Infinity or -0): any magnitude, with small values favoured. */
export function arbitraryFinite(): fc.Arbitrary<number> {
  return fc
    .oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    )
    .map(noNegativeZero)
}

/** A finite number > 0 in [1e-6, 1e6]. */
export function arbitraryPositive(): fc.Arbitrary<number> {
  return fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }))
}

/** A coordinate of bounded magnitude (|n| ≤ 1e6), for values that are combined arithmetically. */
export function arbitraryCoordinate(): fc.Arbitrary<number> {
  return fc
    .oneof(fc.integer({ min: -100_000, max: 100_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }))
    .map(noNegativeZero)
}

/** A point or offset `{ x, y }`. */
export function arbitraryPoint(): fc.Arbitrary<Point> {
  return fc.record({ x: arbitraryFinite(), y: arbitraryFinite() }, { noNullPrototype: true })
}

/** A colour `#RRGGBB` (either case). */
export function arbitraryColour(): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: 0, max: 0xffffff }), fc.boolean()).map(([n, upper]) => {
    const hex = n.toString(16).padStart(6, '0')
    return `#${upper ? hex.toUpperCase() : hex}`
  })
}

/** A style with any subset of fill, stroke, strokeWidth, opacity. */
export function arbitraryStyle(): fc.Arbitrary<Style> {
  return record(
    {
      fill: arbitraryColour(),
      stroke: arbitraryColour(),
      strokeWidth: fc.oneof(fc.constant(0), arbitraryPositive()),
      opacity: fc.double({ min: 0, max: 1, noNaN: true }).map(noNegativeZero),
    },
    [],
  ) as fc.Arbitrary<Style>
}

/** Bounds with positive size. */
export function arbitraryBounds(): fc.Arbitrary<Bounds> {
  return fc.record(
    { x: arbitraryFinite(), y: arbitraryFinite(), width: arbitraryPositive(), height: arbitraryPositive() },
    { noNullPrototype: true },
  )
}

/** A non-empty list of object ids. */
export function arbitraryObjectIds(): fc.Arbitrary<string[]> {
  return fc.array(arbitraryId(), { minLength: 1, maxLength: Math.min(6, MAX_OBJECT_IDS) })
}

/** Valid parameters of a shape kind (corner radius ≤ min(w, h)/2; inner radius < outer radius). */
export function arbitraryShapeParameters(shapeType: ShapeType): fc.Arbitrary<ShapeParameters> {
  const centre = { centerX: arbitraryFinite(), centerY: arbitraryFinite() }
  const rotation = arbitraryFinite()
  switch (shapeType) {
    case 'rectangle':
      return fc
        .record(
          {
            ...centre,
            width: arbitraryPositive(),
            height: arbitraryPositive(),
            t: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
          },
          { noNullPrototype: true },
        )
        .map(({ t, ...p }) =>
          t === null ? p : { ...p, cornerRadius: noNegativeZero((Math.min(p.width, p.height) / 2) * t) },
        )
    case 'ellipse':
      return fc.record(
        { ...centre, radiusX: arbitraryPositive(), radiusY: arbitraryPositive() },
        { noNullPrototype: true },
      )
    case 'polygon':
      return record(
        { ...centre, radius: arbitraryPositive(), sides: fc.integer({ min: 3, max: 20 }), rotation },
        ['centerX', 'centerY', 'radius', 'sides'],
      ) as fc.Arbitrary<ShapeParameters>
    case 'star':
      return record(
        {
          ...centre,
          outerRadius: fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
          ratio: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
          points: fc.integer({ min: 3, max: 100 }),
          rotation,
        },
        ['centerX', 'centerY', 'outerRadius', 'ratio', 'points'],
      ).map(
        ({ ratio, ...p }) =>
          ({ ...p, innerRadius: (p.outerRadius as number) * (ratio as number) }) as ShapeParameters,
      )
  }
}

function envelope(options: EventArbitraryOptions, draft: boolean): fc.Arbitrary<Loose> {
  return record(
    {
      eventId: arbitraryEventId(),
      eventSequence: fc.oneof(fc.nat({ max: 100_000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
      timestamp: fc.oneof(
        fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      ),
      documentId: options.documentId === undefined ? arbitraryUuidV4() : fc.constant(options.documentId),
      samplingIntervalMs: fc.oneof(fc.constant(50), fc.integer({ min: 1, max: 60_000 })),
      undoGroupId: arbitraryId(),
      userId: fc.oneof(fc.constant('local-user'), arbitraryId()),
      sessionId: arbitraryId(),
    },
    draft ? ['eventId', 'timestamp', 'documentId'] : ['eventId', 'eventSequence', 'timestamp', 'documentId'],
  )
}

const marker = () => record({ filePath: fc.string({ maxLength: 60 }), eventCount: fc.nat() }, [])
const group = () => record({ groupId: arbitraryId(), label: arbitraryText() }, ['groupId'])

/** Payload arbitraries (without envelope) per event type. */
function payload(type: EventType): fc.Arbitrary<Loose> {
  switch (type) {
    case 'CreateDocumentEvent':
    case 'ModifyDocumentMetadataEvent':
      return record({ title: arbitraryText(), author: arbitraryText() }, [])
    case 'CreateArtboardEvent':
      return record(
        {
          artboardId: arbitraryId(),
          name: arbitraryText(),
          bounds: arbitraryBounds(),
          backgroundColor: arbitraryColour(),
          preset: arbitraryText(),
        },
        ['artboardId', 'bounds'],
      )
    case 'ModifyArtboardEvent':
      return record(
        {
          artboardId: arbitraryId(),
          name: arbitraryText(),
          bounds: arbitraryBounds(),
          backgroundColor: arbitraryColour(),
        },
        ['artboardId'],
      )
    case 'DeleteArtboardEvent':
      return record({ artboardId: arbitraryId() }, ['artboardId'])
    case 'CreateLayerEvent':
      return record(
        {
          layerId: arbitraryId(),
          artboardId: arbitraryId(),
          name: arbitraryText(),
          visible: fc.boolean(),
          locked: fc.boolean(),
          zIndex: fc.nat(),
        },
        ['layerId', 'artboardId'],
      )
    case 'ModifyLayerEvent':
      return record(
        { layerId: arbitraryId(), name: arbitraryText(), visible: fc.boolean(), locked: fc.boolean() },
        ['layerId'],
      )
    case 'ReorderLayerEvent':
      return record({ layerId: arbitraryId(), newZIndex: fc.nat() }, ['layerId', 'newZIndex'])
    case 'DeleteLayerEvent':
      return record({ layerId: arbitraryId() }, ['layerId'])
    case 'CreatePathEvent':
      return record(
        {
          pathId: arbitraryId(),
          layerId: arbitraryId(),
          startAnchor: arbitraryPoint(),
          style: arbitraryStyle(),
        },
        ['pathId', 'startAnchor'],
      )
    case 'AddAnchorEvent':
      return fc.oneof(
        record({ pathId: arbitraryId(), position: arbitraryPoint(), anchorType: fc.constant('line') }, [
          'pathId',
          'position',
          'anchorType',
        ]),
        record(
          {
            pathId: arbitraryId(),
            position: arbitraryPoint(),
            anchorType: fc.constant('bezier'),
            handleIn: arbitraryPoint(),
            handleOut: arbitraryPoint(),
          },
          ['pathId', 'position', 'anchorType'],
        ),
      )
    case 'ModifyAnchorEvent':
      return record(
        {
          pathId: arbitraryId(),
          anchorIndex: fc.nat(),
          position: arbitraryPoint(),
          handleIn: fc.option(arbitraryPoint()),
          handleOut: fc.option(arbitraryPoint()),
          anchorType: fc.constantFrom('corner', 'smooth', 'symmetric'),
        },
        ['pathId', 'anchorIndex'],
      )
    case 'DeleteAnchorEvent':
      return record({ pathId: arbitraryId(), anchorIndex: fc.nat() }, ['pathId', 'anchorIndex'])
    case 'FinishPathEvent':
      return record({ pathId: arbitraryId(), closed: fc.boolean() }, ['pathId', 'closed'])
    case 'CreateShapeEvent':
      return fc.constantFrom(...SHAPE_TYPES).chain((shapeType) =>
        record(
          {
            schemaVersion: fc.constant(2),
            shapeId: arbitraryId(),
            layerId: arbitraryId(),
            shapeType: fc.constant(shapeType),
            parameters: arbitraryShapeParameters(shapeType),
            style: arbitraryStyle(),
          },
          ['schemaVersion', 'shapeId', 'shapeType', 'parameters'],
        ),
      )
    case 'MoveObjectEvent':
      return record({ objectIds: arbitraryObjectIds(), delta: arbitraryPoint() }, ['objectIds', 'delta'])
    case 'RotateObjectEvent':
      return record({ objectIds: arbitraryObjectIds(), angle: arbitraryFinite(), pivot: arbitraryPoint() }, [
        'objectIds',
        'angle',
      ])
    case 'ScaleObjectEvent':
      return record(
        {
          objectIds: arbitraryObjectIds(),
          scaleX: arbitraryPositive(),
          scaleY: arbitraryPositive(),
          pivot: arbitraryPoint(),
        },
        ['objectIds', 'scaleX', 'scaleY'],
      )
    case 'DeleteObjectEvent':
    case 'DeselectObjectsEvent':
      return record({ objectIds: arbitraryObjectIds() }, ['objectIds'])
    case 'ModifyStyleEvent':
      return record(
        {
          objectIds: arbitraryObjectIds(),
          fill: fc.option(arbitraryColour()),
          stroke: fc.option(arbitraryColour()),
          strokeWidth: fc.oneof(fc.constant(0), arbitraryPositive()),
          opacity: fc.double({ min: 0, max: 1, noNaN: true }).map(noNegativeZero),
        },
        ['objectIds'],
      )
    case 'SelectObjectsEvent':
      return record(
        { objectIds: arbitraryObjectIds(), mode: fc.constantFrom('replace', 'add', 'toggle', 'subtract') },
        ['objectIds', 'mode'],
      )
    case 'ClearSelectionEvent':
    case 'ViewportResetEvent':
      return fc.constant({})
    case 'ViewportPanEvent':
      return record({ delta: arbitraryPoint() }, ['delta'])
    case 'ViewportZoomEvent':
      return record({ factor: arbitraryPositive(), focalPoint: arbitraryPoint() }, ['factor', 'focalPoint'])
    case 'StartGroupEvent':
    case 'EndGroupEvent':
      return group()
    case 'UndoEvent':
    case 'RedoEvent':
      return record({ groupId: arbitraryId() }, ['groupId'])
    case 'SaveDocumentEvent':
    case 'LoadDocumentEvent':
    case 'DocumentLoadedEvent':
      return marker()
  }
}

function eventOf(type: EventType, options: EventArbitraryOptions, draft: boolean): fc.Arbitrary<Loose> {
  const version: fc.Arbitrary<Loose> =
    type === 'CreateShapeEvent' ? fc.constant({}) : record({ schemaVersion: fc.constant(1) }, [])
  return fc
    .tuple(envelope(options, draft), version, payload(type))
    .map(([env, v, p]) => ({ eventType: type, ...env, ...v, ...p }))
}

/** A valid stored event of type `type`. */
export function arbitraryEventOfType<T extends EventType>(
  type: T,
  options: EventArbitraryOptions = {},
): fc.Arbitrary<EventOfType<T>> {
  return eventOf(type, options, false) as unknown as fc.Arbitrary<EventOfType<T>>
}

/** A valid stored event of any type (types equally likely). */
export function arbitraryEvent(options: EventArbitraryOptions = {}): fc.Arbitrary<WireTunerEvent> {
  return fc.oneof(
    ...EVENT_TYPES.map((type) => arbitraryEventOfType(type, options)),
  ) as fc.Arbitrary<WireTunerEvent>
}

/** A valid draft event (`eventSequence` may be absent) of any type. */
export function arbitraryDraftEvent(options: EventArbitraryOptions = {}): fc.Arbitrary<DraftEvent> {
  return fc.oneof(
    ...EVENT_TYPES.map((type) => eventOf(type, options, true)),
  ) as unknown as fc.Arbitrary<DraftEvent>
}

/** Old-form (version 1) shape parameters, as the original application wrote them. */
export function arbitraryLegacyShapeParameters(shapeType: ShapeType): fc.Arbitrary<Loose> {
  const box = {
    boundingLeft: arbitraryCoordinate(),
    boundingTop: arbitraryCoordinate(),
    boundingWidth: arbitraryPositive(),
    boundingHeight: arbitraryPositive(),
  }
  const degrees = fc.double({ min: -720, max: 720, noNaN: true }).map(noNegativeZero)
  switch (shapeType) {
    case 'rectangle':
      return fc
        .record(
          {
            centreX: arbitraryFinite(),
            centreY: arbitraryFinite(),
            width: arbitraryPositive(),
            height: arbitraryPositive(),
            t: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
          },
          { noNullPrototype: true },
        )
        .map(({ t, ...p }) =>
          t === null ? p : { ...p, cornerRadius: noNegativeZero((Math.min(p.width, p.height) / 2) * t) },
        )
    case 'ellipse':
      return fc.record(
        {
          centreX: arbitraryFinite(),
          centreY: arbitraryFinite(),
          width: arbitraryPositive(),
          height: arbitraryPositive(),
        },
        { noNullPrototype: true },
      )
    case 'polygon':
      return record({ sides: fc.integer({ min: 3, max: 20 }), rotation: degrees, ...box }, [
        'sides',
        'boundingLeft',
        'boundingTop',
        'boundingWidth',
        'boundingHeight',
      ])
    case 'star':
      return record(
        {
          points: fc.integer({ min: 3, max: 100 }),
          innerRadiusRatio: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
          rotation: degrees,
          ...box,
        },
        ['points', 'innerRadiusRatio', 'boundingLeft', 'boundingTop', 'boundingWidth', 'boundingHeight'],
      )
  }
}

/** A version-1 `CreateShapeEvent` (no `schemaVersion`, or `1`) of any shape kind. */
export function arbitraryLegacyCreateShapeEvent(options: EventArbitraryOptions = {}): fc.Arbitrary<Loose> {
  return fc.constantFrom(...SHAPE_TYPES).chain((shapeType) =>
    fc
      .tuple(
        envelope(options, false),
        record({ schemaVersion: fc.constant(1) }, []),
        record(
          {
            shapeId: arbitraryId(),
            layerId: arbitraryId(),
            parameters: arbitraryLegacyShapeParameters(shapeType),
            style: arbitraryStyle(),
          },
          ['shapeId', 'parameters'],
        ),
      )
      .map(([env, v, p]) => ({ eventType: 'CreateShapeEvent', ...env, ...v, shapeType, ...p })),
  )
}
