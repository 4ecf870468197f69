/**
 * Canonical serialization: one JSON text per event with a fixed key order (the catalog's
 * declaration order: envelope, then payload; nested objects likewise), so the same event always
 * gives the same bytes. A specialised serializer per event type (per shape kind for shapes) is
 * generated from the schema on first use (`serialize-text.ts`): it writes the JSON text directly,
 * key by key, and flattens it at once, so that it leaves no tree of string pieces to the garbage
 * collector while a store holds a batch of payloads. (A former concatenating generator left such
 * trees and lost to a canonical-order copy + one `JSON.stringify`; flattened on the spot, direct
 * text beats that copy by ~0.6 µs per event: 2.3 vs 3.0 µs including the UTF-8 pass a store's
 * binding makes, 2026-12-07.) Where code cannot be generated the interpreted serializer makes the
 * canonical-order copy and calls `JSON.stringify` (same bytes; a differential test compares).
 * Serializers are tiered like the checks: the first {@link COMPILE_SERIALIZER_AFTER} events of a
 * type go through the interpreted serializer, so a type written once in a process (the first
 * undo after opening a file, a redo, a rename) never pays for generating and compiling code
 * (measured in a fresh process, 2026-12-07: first UndoEvent 2.7 ms generated, 0.75 ms interpreted).
 */
import type { TSchema } from 'typebox'
import { EVENT_SCHEMAS, SHAPE_EVENT_SCHEMAS } from './catalog.js'
import { CAN_GENERATE_CODE } from './code-generation.js'
import { EventSchemaError } from './errors.js'
import { asNode, type SchemaNode } from './schema-node.js'
import { TEXT_HELPERS, TextBuilder } from './serialize-text.js'
import type { DraftEvent, WireTunerEvent } from './types.js'
import { draftSchemaOf } from './validate.js'

/**
 * How the serializers copy a union: `undefined` for an enum of scalars (maybe nullable; the value
 * is written as it is), else its one non-null member (the value is `null` or that member).
 */
function unionMember(anyOf: readonly SchemaNode[]): SchemaNode | undefined {
  const nonNull = anyOf.filter((m) => m.type !== 'null')
  if (nonNull.every((m) => 'const' in m)) return undefined
  const only = nonNull[0]
  if (nonNull.length !== 1 || only === undefined) throw new Error('unsupported union in serializer')
  return only
}

/** A compiled serializer; `sequence`, when given, is written as `eventSequence`. */
export type Serializer = (event: unknown, sequence: number | undefined) => string

/** The generated serializer of `schema` (needs code generation; see {@link tieredSerializer}). */
export function compileSerializer(schema: TSchema): Serializer {
  const text = new TextBuilder(unionMember).object(asNode(schema), 'e', { key: 'eventSequence', expr: 'q' })
  const names = Object.keys(TEXT_HELPERS)
  // Reading the last character flattens the concatenation right away (V8 turns a tree of
  // pieces into one flat string on indexed access): the pieces die young instead of living on,
  // and being promoted, while a store holds a whole batch of payloads before binding them.
  const body = `return function serialize(e, q) {
const t = ${text};
if (t.charCodeAt(t.length - 1) !== 125) throw new Error('serializer wrote no object');
return t;
}`
  return new Function(...names, body)(...Object.values(TEXT_HELPERS)) as Serializer
}

/** A canonical-order copy of `v`, as the generated copy expression of {@link Builder} makes it. */
function copyValue(node: SchemaNode, v: unknown): unknown {
  if (node.anyOf !== undefined) {
    const only = unionMember(node.anyOf)
    return only === undefined || v === null ? v : copyValue(only, v)
  }
  if ('const' in node) return node.const
  switch (node.type) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'null':
      return v
    case 'array': {
      const items = node.items
      return items === undefined ? v : (v as unknown[]).map((x) => copyValue(items, x))
    }
    case 'object':
      return copyObject(node, v, undefined)
    default:
      throw new Error(`unsupported schema type ${String(node.type)} in serializer`)
  }
}

function copyObject(node: SchemaNode, v: unknown, sequence: number | undefined): Record<string, unknown> {
  const source = v as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (key === '__proto__' || /^\d+$/.test(key)) throw new Error(`unsupported key ${key} in serializer`)
    const value = source[key]
    out[key] =
      key === 'eventSequence' && sequence !== undefined
        ? sequence
        : value === undefined && !(node.required ?? []).includes(key)
          ? undefined
          : copyValue(child, value)
  }
  return out
}

/**
 * The serializer without generated code (see `code-generation.ts`): the same canonical-order copy,
 * built by walking the schema, then one `JSON.stringify`. Gives the same text as the compiled one.
 */
export function interpretedSerializer(schema: TSchema): Serializer {
  const node = asNode(schema)
  return (event, sequence) => JSON.stringify(copyObject(node, event, sequence))
}

/**
 * The serialization schema of an event type or shape kind (the draft schema: `eventSequence`
 * optional), or `undefined` for an unknown key or `CreateShapeEvent` itself (its kinds have the
 * schemas). Internal (also used by the reference serializer).
 */
export function serializationSchemaFor(key: string): TSchema | undefined {
  const known = Object.hasOwn(SHAPE_EVENT_SCHEMAS, key) || Object.hasOwn(EVENT_SCHEMAS, key)
  return !known || key === 'CreateShapeEvent' ? undefined : draftSchemaOf(key)
}

const serializers = new Map<string, Serializer>()

/**
 * Events of one type serialized by the interpreted serializer before its code is generated. The
 * interpreted one costs ~25 µs an event against ~2 µs once generated, and generating costs about
 * as much as 80 interpreted calls: a few calls, then code.
 */
export const COMPILE_SERIALIZER_AFTER = 8

/**
 * The serializer of `schema`: interpreted for the first {@link COMPILE_SERIALIZER_AFTER} calls,
 * then generated code (where code can be generated). Both give the same text.
 */
export function tieredSerializer(schema: TSchema, generate = CAN_GENERATE_CODE): Serializer {
  const cold = interpretedSerializer(schema)
  if (!generate) return cold
  let serialize = cold
  let left = COMPILE_SERIALIZER_AFTER
  return (event, sequence) => {
    if (left > 0 && --left === 0) serialize = compileSerializer(schema)
    return serialize(event, sequence)
  }
}

function serializerFor(key: string): Serializer {
  let serializer = serializers.get(key)
  if (serializer === undefined) {
    const schema = serializationSchemaFor(key)
    if (schema === undefined) {
      throw new EventSchemaError(
        'invalid-argument',
        `serializeEvent: unknown event type or shape ${JSON.stringify(key)}`,
      )
    }
    serializer = tieredSerializer(schema)
    serializers.set(key, serializer)
  }
  return serializer
}

/**
 * Canonical JSON text of an event or draft (a draft without `eventSequence` omits it): keys in
 * catalog order, optional fields only when present, no whitespace; `-0` is written as `0`.
 * Keys outside the catalog are not written. The event must be valid (validate untrusted input
 * first: a non-finite number would not give valid JSON). `eventSequence`, when given, is
 * written in place of the event's own (a store serializing a draft at its sequence without
 * copying it). Throws `EventSchemaError` (`invalid-argument`) for an unknown
 * `eventType`/`shapeType`.
 */
export function serializeEvent(event: WireTunerEvent | DraftEvent, eventSequence?: number): string {
  const key = event.eventType === 'CreateShapeEvent' ? event.shapeType : event.eventType
  return serializerFor(key)(event, eventSequence)
}
