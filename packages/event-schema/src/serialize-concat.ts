/**
 * The previous canonical serializer generator (string concatenation, ~20 `s +=` pieces per event),
 * kept as the reference implementation: the differential property test checks that the current
 * serializer (`serialize.ts`) gives byte-identical output, and the bench compares their speed.
 * Not exported from the package entry.
 */
import type { TSchema } from 'typebox'
import { asNode, type SchemaNode } from './schema-node.js'
import { quote, serializationSchemaFor } from './serialize.js'
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

/** A compiled serializer. */
export type Serializer = (event: unknown) => string

/** Compiles the concatenating serializer of one event schema (the reference implementation). */
export function compileConcatSerializer(schema: TSchema): Serializer {
  const out: string[] = []
  new Generator().object(asNode(schema), 'e', out)
  const body = `return function serialize(e) {\nlet s = '';\n${out.join('\n')}\nreturn s;\n}`
  return new Function('Q', body)(quote) as Serializer
}

const serializers = new Map<string, Serializer>()

/** The reference serializer's output for `event` (same contract as `serializeEvent`). */
export function concatSerializeEvent(event: WireTunerEvent | DraftEvent): string {
  const key = event.eventType === 'CreateShapeEvent' ? event.shapeType : event.eventType
  let serializer = serializers.get(key)
  if (serializer === undefined) {
    const schema = serializationSchemaFor(key)
    if (schema === undefined) throw new Error(`unknown event type or shape ${key}`)
    serializer = compileConcatSerializer(schema)
    serializers.set(key, serializer)
  }
  return serializer(event)
}
