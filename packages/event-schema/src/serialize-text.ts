/**
 * The generated serializer's code: per event type, a JS expression that writes the canonical JSON
 * text directly (keys in schema order, literal key text, `'' + n` for numbers, strings quoted as
 * they are unless they hold a character JSON escapes), instead of building a canonical-order copy
 * and calling `JSON.stringify` on it. Same bytes as `JSON.stringify` of that copy for every valid
 * event (a differential property test compares it with the interpreted serializer); about a third
 * less CPU on the append path, where number formatting and the copy dominated.
 */
import type { SchemaNode } from './schema-node.js'

/** Characters `JSON.stringify` escapes in a string: `"`, `\`, controls, (lone) surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what JSON escapes
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/

/** True when `JSON.stringify(s)` escapes a character of `s` (else it is `"` + `s` + `"`). */
export function needsEscape(s: string): boolean {
  return ESCAPED.test(s)
}

/** JSON text of a string, `JSON.stringify`'s exactly (anything else: `JSON.stringify`). */
export function stringText(v: unknown): string {
  return typeof v === 'string' && !ESCAPED.test(v) ? `"${v}"` : (JSON.stringify(v) as string)
}

/** JSON text of a number, `JSON.stringify`'s exactly (`'' + n` for a finite one, -0 as 0). */
export function numberText(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? `${v}` : (JSON.stringify(v) as string)
}

/** An object whose parts all start with `,`: `{` + parts without the first comma + `}`. */
export function wrapObject(parts: string): string {
  return parts === '' ? '{}' : `{${parts.slice(1)}}`
}

/** The helpers the generated code calls, by the names it uses. */
export const TEXT_HELPERS = { stringText, numberText, wrapObject } as const

/** A literal JS string holding `text`. */
const literal = (text: string): string => JSON.stringify(text)

/**
 * Generates JS expressions that evaluate to the canonical JSON text of a value of a schema node
 * (`union` says how a union is written: see `unionMember` in `serialize.ts`).
 */
export class TextBuilder {
  readonly #union: (anyOf: readonly SchemaNode[]) => SchemaNode | undefined
  #n = 0
  constructor(union: (anyOf: readonly SchemaNode[]) => SchemaNode | undefined) {
    this.#union = union
  }
  #fresh(): string {
    this.#n++
    return `t${this.#n}`
  }
  value(node: SchemaNode, v: string): string {
    if (node.anyOf !== undefined) {
      const only = this.#union(node.anyOf)
      // an enum of scalars (maybe nullable): stringText writes strings, and anything else as JSON does
      if (only === undefined) return `stringText(${v})`
      return `(${v} === null ? 'null' : ${this.value(only, v)})`
    }
    if ('const' in node) return literal(JSON.stringify(node.const))
    switch (node.type) {
      case 'string':
        return `stringText(${v})`
      case 'number':
      case 'integer':
        return `numberText(${v})`
      case 'boolean':
      case 'null':
        return `JSON.stringify(${v})`
      case 'array': {
        if (node.items === undefined) return `JSON.stringify(${v})`
        const item = this.#fresh()
        return `('[' + ${v}.map((${item}) => ${this.value(node.items, item)}).join(',') + ']')`
      }
      case 'object':
        return this.object(node, v)
      default:
        throw new Error(`unsupported schema type ${String(node.type)} in serializer`)
    }
  }
  /**
   * The object's text. Every key but a required first one is written only when its value is not
   * `undefined` (as `JSON.stringify` omits it); `override.expr`, when not `undefined`, is written
   * as the value of `override.key` (a store's sequence).
   */
  object(node: SchemaNode, v: string, override?: { readonly key: string; readonly expr: string }): string {
    const required = new Set(node.required ?? [])
    const entries = Object.entries(node.properties ?? {})
    const first = entries[0]
    // A required first key opens the object directly; otherwise every part starts with a comma
    // and wrapObject drops the first one.
    const direct = first !== undefined && required.has(first[0]) && override?.key !== first[0]
    const parts: string[] = []
    for (const [i, [key, child]] of entries.entries()) {
      if (key === '__proto__' || /^\d+$/.test(key)) throw new Error(`unsupported key ${key} in serializer`)
      const access = `${v}[${literal(key)}]`
      const opening = `${direct && i === 0 ? '{' : ','}${JSON.stringify(key)}:`
      let part =
        direct && i === 0
          ? `${literal(opening)} + ${this.value(child, access)}`
          : `(${access} === undefined ? '' : ${literal(opening)} + ${this.value(child, access)})`
      if (override?.key === key)
        part = `(${override.expr} === undefined ? ${part} : ${literal(opening)} + numberText(${override.expr}))`
      parts.push(part)
    }
    return direct ? `(${parts.join(' + ')} + '}')` : `wrapObject(''${parts.map((p) => ` + ${p}`).join('')})`
  }
}
