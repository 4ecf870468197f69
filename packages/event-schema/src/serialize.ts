/**
 * Canonical serialization: one JSON text per event with a fixed key order (the catalog's
 * declaration order: envelope, then payload; nested objects likewise), so the same event always
 * gives the same bytes. A specialised serializer per event type (per shape kind for shapes) is
 * generated from the schema on first use. It is on the append path, so it is built for little
 * garbage: it copies the event into a fresh object literal whose keys are written in canonical
 * order (nested objects likewise; absent optional keys are `undefined`, which JSON.stringify
 * omits) and makes ONE native `JSON.stringify` call, which returns one flat string (a former
 * generator concatenated ~20 pieces per event: a tree of cons strings that V8 later flattens).
 */
import type { TSchema } from 'typebox'
import { EVENT_SCHEMAS, SHAPE_EVENT_SCHEMAS } from './catalog.js'
import { CAN_GENERATE_CODE } from './code-generation.js'
import { EventSchemaError } from './errors.js'
import { asNode, type SchemaNode } from './schema-node.js'
import type { DraftEvent, WireTunerEvent } from './types.js'

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

/** Generates the JS expression of a canonical-order copy of the value at `v`. */
class Builder {
  #n = 0
  fresh(): string {
    this.#n++
    return `x${this.#n}`
  }
  value(node: SchemaNode, v: string): string {
    if (node.anyOf !== undefined) {
      const only = unionMember(node.anyOf)
      if (only === undefined) return v
      const inner = this.value(only, v)
      return inner === v ? v : `(${v} === null ? null : ${inner})`
    }
    if ('const' in node) return JSON.stringify(node.const)
    switch (node.type) {
      case 'string':
      case 'number':
      case 'integer':
      case 'boolean':
      case 'null':
        return v // JSON.stringify writes numbers as '' + n does (-0 as 0) and escapes strings
      case 'array': {
        if (node.items === undefined) return v
        const item = this.fresh()
        const copy = this.value(node.items, item)
        return copy === item ? v : `${v}.map((${item}) => ${copy})`
      }
      case 'object':
        return this.object(node, v)
      default:
        throw new Error(`unsupported schema type ${String(node.type)} in serializer`)
    }
  }
  object(node: SchemaNode, v: string, override?: { readonly key: string; readonly expr: string }): string {
    const required = new Set(node.required ?? [])
    const parts: string[] = []
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      // Literal keys keep insertion order unless they look like array indices; `__proto__`
      // would set the prototype. The catalog has neither; refuse them if it ever does.
      if (key === '__proto__' || /^\d+$/.test(key)) throw new Error(`unsupported key ${key} in serializer`)
      const access = `${v}[${JSON.stringify(key)}]`
      let expr = this.value(child, access)
      if (!required.has(key) && expr !== access) expr = `${access} === undefined ? undefined : ${expr}`
      if (override?.key === key) expr = `${override.expr} === undefined ? ${expr} : ${override.expr}`
      parts.push(`${JSON.stringify(key)}: ${expr}`)
    }
    return `{${parts.join(', ')}}`
  }
}

/** A compiled serializer; `sequence`, when given, is written as `eventSequence`. */
export type Serializer = (event: unknown, sequence: number | undefined) => string

function compileSerializer(schema: TSchema): Serializer {
  if (!CAN_GENERATE_CODE) return interpretedSerializer(schema)
  const copy = new Builder().object(asNode(schema), 'e', { key: 'eventSequence', expr: 'q' })
  const body = `return function serialize(e, q) {\nreturn JSON.stringify(${copy});\n}`
  return new Function(body)() as Serializer
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

/** Draft-tolerant schema: `eventSequence` optional, same key order. */
function serializationSchema(schema: TSchema): TSchema {
  const s = schema as unknown as { properties: Record<string, unknown>; required: string[] }
  return { ...s, required: s.required.filter((k) => k !== 'eventSequence') } as unknown as TSchema
}

/**
 * The serialization schema of an event type or shape kind (`eventSequence` optional), or
 * `undefined` for an unknown key. Internal (also used by the reference serializer).
 */
export function serializationSchemaFor(key: string): TSchema | undefined {
  const schema =
    (SHAPE_EVENT_SCHEMAS as Record<string, TSchema>)[key] ?? (EVENT_SCHEMAS as Record<string, TSchema>)[key]
  return schema === undefined || key === 'CreateShapeEvent' ? undefined : serializationSchema(schema)
}

const serializers = new Map<string, Serializer>()

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
    serializer = compileSerializer(schema)
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
