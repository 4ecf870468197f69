/**
 * Event versioning: an upcaster registry that turns older stored forms into the current one on
 * read. One real upcaster ships: `CreateShapeEvent` version 1 (the original application's
 * parameters) → version 2 (this catalog's shape parameter sets). See the README for the old form.
 */
import Type, { type TProperties, type TSchema } from 'typebox'
import { CREATE_SHAPE_SCHEMA_VERSION, CreateRectangleEventSchema, SHAPE_TYPES } from './catalog.js'
import { describeIssues, EventSchemaError, type ValidationIssue } from './errors.js'
import { collectIssues } from './issues.js'
import { eventMetadata, isEventType } from './metadata.js'
import { envelopeFields, Finite, Id, Positive, Style } from './primitives.js'
import { tieredCheck } from './tiered-check.js'

type Loose = Record<string, unknown>

/** Outcome of one upcaster step. */
export type UpcastStep =
  | { readonly ok: true; readonly value: Loose; readonly notes: readonly string[] }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] }

/** Turns one version of one event type into the next version. */
export interface Upcaster {
  readonly eventType: string
  readonly fromVersion: number
  readonly toVersion: number
  /** What changes between the two versions. */
  readonly description: string
  /** Converts a raw event of `fromVersion` (checked by the upcaster itself). Pure. */
  readonly upcast: (raw: Readonly<Loose>) => UpcastStep
}

/** Result of {@link upcastEvent}. */
export type UpcastResult =
  | {
      readonly ok: true
      /** The event in its current form (not yet validated against the current schema). */
      readonly value: unknown
      /** Version found in the input (absent `schemaVersion` = 1). */
      readonly fromVersion: number
      /** Version of `value` (the type's current version). */
      readonly toVersion: number
      /** True when at least one upcaster ran (`value` is then a new object). */
      readonly upcast: boolean
      /** Remarks about lossy conversions (e.g. a non-square polygon box). */
      readonly notes: readonly string[]
    }
  | { readonly ok: false; readonly error: EventSchemaError }

const { eventId, timestamp, eventSequence, documentId, samplingIntervalMs, undoGroupId, userId, sessionId } =
  envelopeFields

const boxFields = {
  boundingLeft: Finite,
  boundingTop: Finite,
  boundingWidth: Positive,
  boundingHeight: Positive,
}
const rotationDegrees = Type.Optional(Finite)

/** Parameter sets of the original application's `CreateShapeEvent` (schema version 1). */
export const LEGACY_SHAPE_PARAMETERS = {
  rectangle: {
    centreX: Finite,
    centreY: Finite,
    width: Positive,
    height: Positive,
    cornerRadius: Type.Optional(Type.Number({ minimum: 0 })),
  },
  ellipse: { centreX: Finite, centreY: Finite, width: Positive, height: Positive },
  polygon: { sides: Type.Integer({ minimum: 3, maximum: 20 }), rotation: rotationDegrees, ...boxFields },
  star: {
    points: Type.Integer({ minimum: 3, maximum: 100 }),
    innerRadiusRatio: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
    rotation: rotationDegrees,
    ...boxFields,
  },
} as const satisfies Record<(typeof SHAPE_TYPES)[number], TProperties>

function legacyShapeSchema<K extends string, P extends TProperties>(shapeType: K, parameters: P) {
  return Type.Object(
    {
      eventType: Type.Literal('CreateShapeEvent'),
      eventId,
      eventSequence,
      timestamp,
      documentId,
      schemaVersion: Type.Optional(Type.Literal(1)),
      samplingIntervalMs,
      undoGroupId,
      userId,
      sessionId,
      shapeId: Id,
      layerId: Type.Optional(Id),
      shapeType: Type.Literal(shapeType),
      parameters: Type.Object(parameters, { additionalProperties: false }),
      style: Type.Optional(Style),
    },
    { additionalProperties: false },
  )
}

/** Schemas of the version-1 `CreateShapeEvent`, one per shape kind. */
export const LEGACY_CREATE_SHAPE_SCHEMAS = {
  rectangle: legacyShapeSchema('rectangle', LEGACY_SHAPE_PARAMETERS.rectangle),
  ellipse: legacyShapeSchema('ellipse', LEGACY_SHAPE_PARAMETERS.ellipse),
  polygon: legacyShapeSchema('polygon', LEGACY_SHAPE_PARAMETERS.polygon),
  star: legacyShapeSchema('star', LEGACY_SHAPE_PARAMETERS.star),
} as const

const legacyChecks = new Map<string, (v: unknown) => boolean>()
function legacyCheck(shape: keyof typeof LEGACY_CREATE_SHAPE_SCHEMAS): (v: unknown) => boolean {
  let check = legacyChecks.get(shape)
  if (check === undefined) {
    check = tieredCheck(LEGACY_CREATE_SHAPE_SCHEMAS[shape] as TSchema)
    legacyChecks.set(shape, check)
  }
  return check
}

function isShape(value: unknown): value is keyof typeof LEGACY_CREATE_SHAPE_SCHEMAS {
  return typeof value === 'string' && Object.hasOwn(LEGACY_CREATE_SHAPE_SCHEMAS, value)
}

/** Converts old parameters (already checked) to the current set. */
/** The numeric fields of old parameters (already checked by the version-1 schema). */
interface LegacyNumbers {
  readonly centreX: number
  readonly centreY: number
  readonly width: number
  readonly height: number
  readonly cornerRadius?: number
  readonly sides: number
  readonly points: number
  readonly innerRadiusRatio: number
  readonly rotation?: number
  readonly boundingLeft: number
  readonly boundingTop: number
  readonly boundingWidth: number
  readonly boundingHeight: number
}

/** Converts old parameters (already checked) to the current set. */
function convertParameters(shape: string, p: LegacyNumbers, notes: string[]): Loose {
  switch (shape) {
    case 'rectangle':
      return p.cornerRadius === undefined
        ? { centerX: p.centreX, centerY: p.centreY, width: p.width, height: p.height }
        : {
            centerX: p.centreX,
            centerY: p.centreY,
            width: p.width,
            height: p.height,
            cornerRadius: p.cornerRadius,
          }
    case 'ellipse':
      return { centerX: p.centreX, centerY: p.centreY, radiusX: p.width / 2, radiusY: p.height / 2 }
    default: {
      const w = p.boundingWidth
      const h = p.boundingHeight
      const radius = Math.min(w, h) / 2
      if (w !== h) {
        notes.push(`${shape} bounding box ${w}×${h} is not square: radius ${radius} fits the shorter side`)
      }
      const centerX = p.boundingLeft + w / 2
      const centerY = p.boundingTop + h / 2
      const out: Loose =
        shape === 'polygon'
          ? { centerX, centerY, radius, sides: p.sides }
          : {
              centerX,
              centerY,
              outerRadius: radius,
              innerRadius: radius * p.innerRadiusRatio,
              points: p.points,
            }
      if (p.rotation !== undefined) out.rotation = (p.rotation * Math.PI) / 180
      return out
    }
  }
}

/** Keys of the current `CreateShapeEvent` (the same for every shape kind), in canonical order. */
const CURRENT_KEYS = Object.keys(CreateRectangleEventSchema.properties)

/** `CreateShapeEvent` 1 → 2: the original parameters into this catalog's parameter sets. */
export const createShapeV1Upcaster: Upcaster = {
  eventType: 'CreateShapeEvent',
  fromVersion: 1,
  toVersion: CREATE_SHAPE_SCHEMA_VERSION,
  description:
    'rectangle/ellipse centreX/centreY/width/height → centerX/centerY and width/height or radii; ' +
    'polygon/star unit shape in boundingLeft/Top/Width/Height → centre and radius (shorter side / 2), rotation degrees → radians',
  upcast(raw) {
    const shape = raw.shapeType
    if (!isShape(shape)) {
      return {
        ok: false,
        issues: [
          {
            path: '/shapeType',
            rule: shape === undefined ? 'required' : 'enum',
            message: `must be one of ${SHAPE_TYPES.join(', ')}`,
          },
        ],
      }
    }
    if (!legacyCheck(shape)(raw)) {
      const issues: ValidationIssue[] = []
      collectIssues(LEGACY_CREATE_SHAPE_SCHEMAS[shape] as TSchema, raw, '', issues)
      if (issues.length === 0)
        issues.push({ path: '', rule: 'schema', message: 'does not match the version-1 form' })
      return { ok: false, issues }
    }
    const notes: string[] = []
    const parameters = convertParameters(shape, raw.parameters as LegacyNumbers, notes)
    // Built key by key in canonical order (the old form has no other keys: checked above), which
    // gives objects of one hidden class that validate as fast as parsed ones (a spread copy
    // validated about 5× slower).
    const value: Loose = {}
    for (const key of CURRENT_KEYS) {
      const v =
        key === 'parameters' ? parameters : key === 'schemaVersion' ? CREATE_SHAPE_SCHEMA_VERSION : raw[key]
      if (v !== undefined) value[key] = v
    }
    return { ok: true, value, notes }
  },
}

/** Every registered upcaster. */
export const UPCASTERS: readonly Upcaster[] = [createShapeV1Upcaster]

/** eventType → fromVersion → upcaster. */
const registry = new Map<string, Map<number, Upcaster>>()
for (const upcaster of UPCASTERS) {
  const byVersion = registry.get(upcaster.eventType) ?? new Map<number, Upcaster>()
  byVersion.set(upcaster.fromVersion, upcaster)
  registry.set(upcaster.eventType, byVersion)
}

function versionError(message: string, issues: ValidationIssue[]): UpcastResult {
  return {
    ok: false,
    error: new EventSchemaError('unsupported-version', describeIssues(message, issues), { issues }),
  }
}

/**
 * Brings a raw stored event to its type's current schema version by running the registered
 * upcasters in order. An event already current (or of an unknown type, left to validation) is
 * returned as is. Does not validate the result against the current schema: `parseEvent` does.
 */
export function upcastEvent(raw: unknown): UpcastResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: true, value: raw, fromVersion: 1, toVersion: 1, upcast: false, notes: [] }
  }
  const loose = raw as Loose
  const type = loose.eventType
  const declared = loose.schemaVersion
  const fromVersion = declared === undefined ? 1 : declared
  if (typeof fromVersion !== 'number' || !Number.isInteger(fromVersion) || fromVersion < 1) {
    const issues = [
      {
        path: '/schemaVersion',
        rule: 'schemaVersion',
        message: `must be a positive integer; got ${JSON.stringify(declared)}`,
      },
    ]
    return versionError('invalid schemaVersion', issues)
  }
  if (!isEventType(type)) {
    return { ok: true, value: raw, fromVersion, toVersion: fromVersion, upcast: false, notes: [] }
  }
  const current = eventMetadata(type).schemaVersion
  if (fromVersion > current) {
    const issues = [
      {
        path: '/schemaVersion',
        rule: 'schemaVersion',
        message: `${type} is at version ${current}; got ${fromVersion}`,
      },
    ]
    return versionError(`${type} version ${fromVersion} is newer than this package`, issues)
  }
  let value: Loose = loose
  const notes: string[] = []
  for (let version = fromVersion; version < current; ) {
    const upcaster = registry.get(type)?.get(version)
    if (upcaster === undefined) {
      const issues = [
        {
          path: '/schemaVersion',
          rule: 'schemaVersion',
          message: `no upcaster for ${type} version ${version}`,
        },
      ]
      return versionError(`${type} version ${version} cannot be upcast`, issues)
    }
    const step = upcaster.upcast(value)
    if (!step.ok) {
      const issues =
        declared === undefined
          ? [
              {
                path: '/schemaVersion',
                rule: 'schemaVersion',
                message: `is absent, so the event was read as version 1; the current form needs schemaVersion ${current}`,
              },
              ...step.issues,
            ]
          : step.issues
      const error = new EventSchemaError(
        'upcast-failed',
        describeIssues(`${type} version ${version} is not a valid version-${version} event`, issues),
        { issues },
      )
      return { ok: false, error }
    }
    value = step.value
    notes.push(...step.notes)
    version = upcaster.toVersion
  }
  return { ok: true, value, fromVersion, toVersion: current, upcast: fromVersion < current, notes }
}
