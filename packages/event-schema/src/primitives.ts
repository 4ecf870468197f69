/**
 * Value schemas shared by every event: ids, UUIDs, numbers, colours, points, bounds, style and the
 * envelope fields. Each constant is a TypeBox schema (plain JSON Schema 2020-12 at run time) and is
 * the single source of truth for both the static types and the runtime checks.
 */
import Type from 'typebox'

/** Lower-case canonical UUID version 4 (variant 10xx), as `crypto.randomUUID()` produces. */
export const UUID_V4_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
/**
 * An event id: a lower-case canonical UUID version 7 (time-ordered, what the factory generates)
 * or version 4 (what it generated before; stored v4 ids stay valid). Variant 10xx.
 */
export const EVENT_ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[47][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
/** A colour `#RRGGBB` (hex digits in either case; stored as given). */
export const COLOUR_PATTERN = '^#[0-9A-Fa-f]{6}$'
/** Longest id (object, layer, artboard, path, shape, group, user and session ids). */
export const MAX_ID_LENGTH = 128
/** Longest free text (titles, names, labels, presets). */
export const MAX_TEXT_LENGTH = 1024
/** Longest file path carried by lifecycle markers. */
export const MAX_PATH_LENGTH = 4096
/** Most object ids one event may address. */
export const MAX_OBJECT_IDS = 10_000

/** UUIDv4 in canonical lower-case form (document ids). */
export const UuidV4 = Type.String({ pattern: UUID_V4_PATTERN, description: 'UUID version 4, lower case' })
/** An event id: UUIDv7 or UUIDv4 in canonical lower-case form (see {@link EVENT_ID_PATTERN}). */
export const EventId = Type.String({
  pattern: EVENT_ID_PATTERN,
  description: 'UUID version 7 (or 4), lower case',
})
/** A non-empty id of at most {@link MAX_ID_LENGTH} characters. */
export const Id = Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, description: 'non-empty id' })
/** Free text (may be empty) of at most {@link MAX_TEXT_LENGTH} characters. */
export const Text = Type.String({ maxLength: MAX_TEXT_LENGTH })
/** A colour `#RRGGBB`. */
export const Colour = Type.String({ pattern: COLOUR_PATTERN, description: 'colour #RRGGBB' })
/** A finite number (NaN and ±Infinity are rejected). */
export const Finite = Type.Number()
/** A finite number > 0. */
export const Positive = Type.Number({ exclusiveMinimum: 0 })
/** An integer 0 ≤ n ≤ 2^53 − 1. */
export const Index = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })

/** A point or offset `{ x, y }` (finite numbers, y down). */
export const Point = Type.Object({ x: Finite, y: Finite }, { additionalProperties: false })

/** An axis-aligned rectangle with positive size. */
export const Bounds = Type.Object(
  { x: Finite, y: Finite, width: Positive, height: Positive },
  { additionalProperties: false },
)

/** Fill, stroke, stroke width (≥ 0, default 1) and opacity (0..1, default 1); absent fill/stroke = none. */
export const Style = Type.Object(
  {
    fill: Type.Optional(Colour),
    stroke: Type.Optional(Colour),
    strokeWidth: Type.Optional(Type.Number({ minimum: 0 })),
    opacity: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  },
  { additionalProperties: false },
)

/** A non-empty list of object ids. */
export const ObjectIds = Type.Array(Id, { minItems: 1, maxItems: MAX_OBJECT_IDS })

/**
 * Envelope fields every event carries, in canonical order. `eventType` and `schemaVersion` are
 * added per type by the catalog.
 */
export const envelopeFields = {
  eventId: EventId,
  timestamp: Type.Integer({
    minimum: 1,
    maximum: Number.MAX_SAFE_INTEGER,
    description: 'Unix time in milliseconds',
  }),
  eventSequence: Type.Integer({
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description: '0-based, gap-free per document; assigned by the store',
  }),
  documentId: UuidV4,
  samplingIntervalMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 60_000 })),
  undoGroupId: Type.Optional(Id),
  userId: Type.Optional(Id),
  sessionId: Type.Optional(Id),
} as const
