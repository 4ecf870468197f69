/**
 * {@link serializeValidDraft}: a store's append path in one call per event, validation and
 * canonical text together. A type is served by the separate check and serializer for its first
 * {@link COMPILE_SERIALIZER_AFTER} events (no code generated for a type appended once, e.g. the
 * first undo after opening a file), then by its generated checked serializer
 * (`checked-serialize.ts`); without code generation, always by the separate pair. Same text and
 * same verdict either way.
 */
import { EVENT_TYPES, SHAPE_TYPES } from './catalog.js'
import { type CheckedSerializer, compileCheckedSerializer } from './checked-serialize.js'
import { CAN_GENERATE_CODE } from './code-generation.js'
import { EventSchemaError } from './errors.js'
import { crossFieldOk } from './rules.js'
import { COMPILE_SERIALIZER_AFTER, serializeEvent } from './serialize.js'
import { draftSchemaOf, isDraftEvent } from './validate.js'

type Loose = Record<string, unknown>

/** The separate check and serializer: the cold tier, and the whole path without code generation. */
function separate(value: unknown, sequence: number): string | undefined {
  return isDraftEvent(value) ? serializeEvent(value, sequence) : undefined
}

const knownTypes: ReadonlySet<unknown> = new Set(EVENT_TYPES)
const knownShapes: ReadonlySet<unknown> = new Set(SHAPE_TYPES)
/** The serializer in use per event type or shape kind (the generated one replaces the first). */
const byKey = new Map<unknown, CheckedSerializer>()

/**
 * The cold tier of one event type or shape kind: the separate pair, counting calls; at the
 * {@link COMPILE_SERIALIZER_AFTER}-th it puts the generated serializer in its place in `byKey`
 * (no wrapper stays on the hot path).
 */
function cold(key: string): CheckedSerializer {
  let left = COMPILE_SERIALIZER_AFTER
  return (value, sequence) => {
    if (--left === 0) byKey.set(key, compileCheckedSerializer(draftSchemaOf(key)))
    return separate(value, sequence)
  }
}

function serializerOf(key: string): CheckedSerializer {
  let serializer = byKey.get(key)
  if (serializer === undefined) {
    serializer = CAN_GENERATE_CODE ? cold(key) : separate
    byKey.set(key, serializer)
  }
  return serializer
}

/**
 * The canonical JSON text of `input` stored at `eventSequence` (the bytes of
 * `serializeEvent(input, eventSequence)`), when `input` is a valid current-form draft event
 * (exactly when `isDraftEvent(input)`); `undefined` otherwise: call `validateDraftEvent` for the
 * list of problems. `input`'s own `eventSequence`, if any, is validated but not written: the
 * caller checks that it equals `eventSequence`. Throws `EventSchemaError` (`invalid-argument`)
 * when `eventSequence` is not a non-negative safe integer.
 */
export function serializeValidDraft(input: unknown, eventSequence: number): string | undefined {
  if (!Number.isSafeInteger(eventSequence) || eventSequence < 0) {
    throw new EventSchemaError(
      'invalid-argument',
      `serializeValidDraft: eventSequence must be a non-negative safe integer; got ${String(eventSequence)}`,
    )
  }
  if (typeof input !== 'object' || input === null) return undefined
  const type = (input as Loose).eventType
  if (!knownTypes.has(type)) return undefined
  if (type === 'CreateShapeEvent') {
    const shape = (input as Loose).shapeType
    if (!knownShapes.has(shape)) return undefined
    const text = serializerOf(shape as string)(input, eventSequence)
    return text !== undefined && crossFieldOk(type, input as Loose) ? text : undefined
  }
  const text = serializerOf(type as string)(input, eventSequence)
  if (type === 'AddAnchorEvent' && text !== undefined && !crossFieldOk(type, input as Loose)) return undefined
  return text
}
