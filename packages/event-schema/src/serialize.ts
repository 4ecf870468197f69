/**
 * Canonical serialization: one JSON text per event with a fixed key order (the catalog's
 * declaration order: envelope, then payload; nested objects likewise), so the same event always
 * gives the same bytes. A specialised serializer per event type (per shape kind for shapes) is
 * generated from the schema on first use; it is on the append path, so it avoids generic walks.
 */
import type { TSchema } from 'typebox'
import { EVENT_SCHEMAS, SHAPE_EVENT_SCHEMAS } from './catalog.js'
import { EventSchemaError } from './errors.js'
import { asNode, type SchemaNode } from './schema-node.js'
import type { DraftEvent, WireTunerEvent } from './types.js'

/** Generates statements appending the JSON text of the value in local `v` to `s`. */
class Generator {
  #n = 0
  fresh(): string {
    this.#n++
    return `v${this.#n}`
  }
  value(node: SchemaNode, v: string, out: string[]): void {
    if (node.anyOf !== undefined) {
      const nonNull = node.anyOf.filter((m) => m.type !== 'null')
      const nullable = nonNull.length < node.anyOf.length
      if (nonNull.every((m) => 'const' in m)) {
        out.push(`s += ${nullable ? `${v} === null ? 'null' : ` : ''}JSON.stringify(${v});`)
        return
      }
      const only = nonNull[0]
      if (nonNull.length !== 1 || only === undefined) throw new Error('unsupported union in serializer')
      out.push(`if (${v} === null) { s += 'null'; } else {`)
      this.value(only, v, out)
      out.push('}')
      return
    }
    if ('const' in node) {
      out.push(`s += ${JSON.stringify(JSON.stringify(node.const))};`)
      return
    }
    switch (node.type) {
      case 'string':
        out.push(`s += Q(${v});`)
        return
      case 'number':
      case 'integer':
        out.push(`s += '' + ${v};`)
        return
      case 'boolean':
        out.push(`s += ${v} ? 'true' : 'false';`)
        return
      case 'null':
        out.push(`s += 'null';`)
        return
      case 'array': {
        const i = this.fresh()
        const item = this.fresh()
        out.push(`s += '[';`, `for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`, `if (${i} !== 0) s += ',';`)
        out.push(`const ${item} = ${v}[${i}];`)
        if (node.items !== undefined) this.value(node.items, item, out)
        out.push('}', `s += ']';`)
        return
      }
      case 'object':
        this.object(node, v, out)
        return
      default:
        throw new Error(`unsupported schema type ${String(node.type)} in serializer`)
    }
  }
  object(node: SchemaNode, v: string, out: string[]): void {
    const required = new Set(node.required ?? [])
    const props = Object.entries(node.properties ?? {})
    out.push(`s += '{';`)
    // Until a required key has been written, whether a comma is needed is known only at run time.
    const comma = this.fresh()
    const firstRequired = props.length > 0 && required.has(props[0]?.[0] ?? '')
    if (!firstRequired) out.push(`let ${comma} = '';`)
    let written = false
    for (const [key, child] of props) {
      const local = this.fresh()
      const keyText = JSON.stringify(JSON.stringify(key))
      const isRequired = required.has(key)
      out.push(`const ${local} = ${v}[${JSON.stringify(key)}];`)
      if (!isRequired) out.push(`if (${local} !== undefined) {`)
      if (written) out.push(`s += ',' + ${keyText} + ':';`)
      else if (firstRequired) out.push(`s += ${keyText} + ':';`)
      else out.push(`s += ${comma} + ${keyText} + ':'; ${comma} = ',';`)
      this.value(child, local, out)
      if (!isRequired) out.push('}')
      if (isRequired) written = true
    }
    out.push(`s += '}';`)
  }
}

type Serializer = (event: unknown) => string

/** Characters that never need escaping in a JSON string (surrogates left to JSON.stringify). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what JSON must escape
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/

/** JSON text of a string, byte-identical to `JSON.stringify(s)`, faster for the common plain case. */
export function quote(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s)
}

function compileSerializer(schema: TSchema): Serializer {
  const out: string[] = []
  new Generator().object(asNode(schema), 'e', out)
  const body = `return function serialize(e) {\nlet s = '';\n${out.join('\n')}\nreturn s;\n}`
  return new Function('Q', body)(quote) as Serializer
}

/** Draft-tolerant schema: `eventSequence` optional, same key order. */
function serializationSchema(schema: TSchema): TSchema {
  const s = schema as unknown as { properties: Record<string, unknown>; required: string[] }
  return { ...s, required: s.required.filter((k) => k !== 'eventSequence') } as unknown as TSchema
}

const serializers = new Map<string, Serializer>()

function serializerFor(key: string): Serializer {
  let serializer = serializers.get(key)
  if (serializer === undefined) {
    const schema =
      (SHAPE_EVENT_SCHEMAS as Record<string, TSchema>)[key] ?? (EVENT_SCHEMAS as Record<string, TSchema>)[key]
    if (schema === undefined || key === 'CreateShapeEvent') {
      throw new EventSchemaError(
        'invalid-argument',
        `serializeEvent: unknown event type or shape ${JSON.stringify(key)}`,
      )
    }
    serializer = compileSerializer(serializationSchema(schema))
    serializers.set(key, serializer)
  }
  return serializer
}

/**
 * Canonical JSON text of an event or draft (a draft without `eventSequence` omits it): keys in
 * catalog order, optional fields only when present, no whitespace; `-0` is written as `0`.
 * Keys outside the catalog are not written. The event must be valid (validate untrusted input
 * first: a non-finite number would not give valid JSON). Throws `EventSchemaError`
 * (`invalid-argument`) for an unknown `eventType`/`shapeType`.
 */
export function serializeEvent(event: WireTunerEvent | DraftEvent): string {
  const key = event.eventType === 'CreateShapeEvent' ? event.shapeType : event.eventType
  return serializerFor(key)(event)
}
