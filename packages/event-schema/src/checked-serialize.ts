/**
 * Validation and canonical serialization of a draft event in one pass, for a store's append path:
 * generated code that checks each field exactly as the compiled check does (`compile-check.ts`
 * emits those statements) and, as it goes, writes the field's JSON text as the generated
 * serializer would (`serialize-text.ts`). One read of each field instead of two, no call per
 * number or string, literal key text merged across required fields (`","sessionId":"` is one
 * piece), and no escape test for a string its pattern limits to hex digits (ids, colours). The
 * result is the serializer's text for a value the check accepts and `undefined` for any other
 * (a differential property test compares both on events and on every single-rule mutation).
 */
import type { TSchema } from 'typebox'
import { CheckGenerator, isColour } from './compile-check.js'
import { numberText } from './number-text.js'
import { COLOUR_PATTERN, EVENT_ID_PATTERN, UUID_V4_PATTERN } from './primitives.js'
import { asNode, codePoints, type SchemaNode } from './schema-node.js'
import { needsEscape } from './serialize-text.js'
import { isEventId, isUuidV4 } from './uuid.js'

/**
 * The canonical JSON text of `value` with `sequence` written as its `eventSequence`, when `value`
 * passes the schema's check; `undefined` when it does not (nothing is said about why).
 */
export type CheckedSerializer = (value: unknown, sequence: number) => string | undefined

/** Patterns that admit only hex digits, `-` and `#`: such a string needs no JSON escape. */
const PLAIN_PATTERNS: ReadonlySet<string> = new Set([UUID_V4_PATTERN, EVENT_ID_PATTERN, COLOUR_PATTERN])

/** A literal JS string holding `text`. */
const literal = (text: string): string => JSON.stringify(text)

/** JSON text of a string that needs escapes, without its quotes. */
function escapedInner(s: string): string {
  return JSON.stringify(s).slice(1, -1)
}

/**
 * Emits the statements of a checked serializer: the checks of {@link CheckGenerator} (failing with
 * `return undefined;`) and `t += …` appends of the text. Literal text waits in `#pending` and goes
 * out with the next value, so consecutive keys and punctuation cost one concatenation.
 */
class CheckedTextGenerator {
  readonly checks = new CheckGenerator('return undefined;')
  /** Names of the closure's memo variables (see {@link string}). */
  readonly memos: string[] = []
  #pending = ''

  /** Appends literal text (written with the next value or flush). */
  literal(text: string): void {
    this.#pending += text
  }
  /** Appends the pending literal text and the value of JS expression `expr`. */
  write(expr: string, out: string[]): void {
    out.push(this.#pending === '' ? `t += ${expr};` : `t += ${literal(this.#pending)} + ${expr};`)
    this.#pending = ''
  }
  /** Writes the pending literal text out (before a branch or a loop). */
  flush(out: string[]): void {
    if (this.#pending !== '') out.push(`t += ${literal(this.#pending)};`)
    this.#pending = ''
  }

  value(node: SchemaNode, v: string, out: string[]): void {
    if (node.anyOf !== undefined) {
      this.union(node, node.anyOf, v, out)
      return
    }
    if ('const' in node) {
      this.checks.emit(node, v, out)
      this.literal(JSON.stringify(node.const))
      return
    }
    switch (node.type) {
      case 'string':
        this.string(node, v, out)
        return
      case 'number':
        // a finite number's JSON text, with number-text.ts's shortcut for two-decimal values
        this.checks.emit(node, v, out)
        this.write(`NUM(${v})`, out)
        return
      case 'integer':
      case 'boolean':
        // a finite number's string is JSON's (-0 gives "0"); a boolean's is `true` / `false`
        this.checks.emit(node, v, out)
        this.write(v, out)
        return
      case 'null':
        this.checks.emit(node, v, out)
        this.literal('null')
        return
      case 'array':
        this.array(node, v, out)
        return
      case 'object':
        this.object(node, v, out)
        return
      default:
        throw new Error(`unsupported schema type ${String(node.type)} in checked serializer`)
    }
  }

  /**
   * A string. Except for event ids (unique by design), a one-entry memo per field remembers the
   * last string that passed the checks and needs no escape: the next event's equal string
   * (usually the very same object: a document id, a session id) skips them. Exact: strings are
   * immutable, and an equal string gets the same verdict.
   */
  string(node: SchemaNode, v: string, out: string[]): void {
    const plain = node.pattern !== undefined && PLAIN_PATTERNS.has(node.pattern)
    const memo = node.pattern === EVENT_ID_PATTERN ? undefined : this.checks.fresh('m')
    const escaped = plain ? undefined : this.checks.fresh('e')
    if (escaped !== undefined) out.push(`let ${escaped} = false;`)
    if (memo !== undefined) {
      this.memos.push(memo)
      out.push(`if (${v} !== ${memo}) {`)
    }
    this.checks.emit(node, v, out)
    if (escaped !== undefined && memo !== undefined)
      out.push(`if (ESC(${v})) ${escaped} = true; else ${memo} = ${v};`)
    else if (escaped !== undefined) out.push(`${escaped} = ESC(${v});`)
    else if (memo !== undefined) out.push(`${memo} = ${v};`)
    if (memo !== undefined) out.push('}')
    this.literal('"')
    this.write(escaped === undefined ? v : `(${escaped} ? INNER(${v}) : ${v})`, out)
    this.literal('"')
  }

  union(node: SchemaNode, anyOf: readonly SchemaNode[], v: string, out: string[]): void {
    const nonNull = anyOf.filter((m) => m.type !== 'null')
    if (nonNull.every((m) => 'const' in m)) {
      this.checks.emit(node, v, out)
      const plain = nonNull.every((m) => typeof m.const === 'string' && literal(m.const) === `"${m.const}"`)
      this.write(plain ? `(${v} === null ? 'null' : '"' + ${v} + '"')` : `JSON.stringify(${v})`, out)
      return
    }
    const only = nonNull[0]
    if (nonNull.length !== 1 || only === undefined) throw new Error('unsupported union in checked serializer')
    if (nonNull.length === anyOf.length) {
      this.value(only, v, out)
      return
    }
    this.flush(out)
    out.push(`if (${v} === null) t += 'null'; else {`)
    this.value(only, v, out)
    this.flush(out)
    out.push('}')
  }

  array(node: SchemaNode, v: string, out: string[]): void {
    this.checks.arrayShape(node, v, out)
    if (node.items === undefined) {
      this.write(`JSON.stringify(${v})`, out)
      return
    }
    const i = this.checks.fresh('i')
    const item = this.checks.fresh('x')
    this.literal('[')
    this.flush(out)
    out.push(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`, `const ${item} = ${v}[${i}];`)
    out.push(`if (${i} !== 0) t += ',';`)
    this.value(node.items, item, out)
    this.flush(out)
    out.push('}')
    this.literal(']')
  }

  /**
   * An object: keys in schema order, each read once; `override`, when given, names the key whose
   * value is checked but whose text is the sequence `q`. Until a required key has been written,
   * the separator before a key is a run-time local (`{` first, then `,`).
   */
  object(node: SchemaNode, v: string, out: string[], override?: string): void {
    const fail = this.checks.fail
    const { count, required, props } = this.checks.objectHead(node, v, out)
    // the separator is static once a key is certainly written; before that, `sep` holds it
    let opened = false
    const sep = this.checks.fresh('s')
    const first = props[0]
    if (first !== undefined && required.has(first[0]) && first[0] !== override) {
      this.literal('{')
      opened = true
    } else {
      out.push(`let ${sep} = '{';`)
    }
    for (const [index, [key, child]] of props.entries()) {
      if (key === '__proto__' || /^\d+$/.test(key)) throw new Error(`unsupported key ${key} in serializer`)
      const local = this.checks.fresh('p')
      out.push(`const ${local} = ${v}[${literal(key)}];`)
      const keyText = `${JSON.stringify(key)}:`
      if (key === override) {
        if (!opened) throw new Error(`unsupported position of ${key} in checked serializer`)
        out.push(`if (${local} !== undefined) {`, `${count}++;`)
        this.checks.emit(child, local, out)
        out.push('}')
        this.literal(`,${keyText}`)
        this.write('q', out)
      } else if (required.has(key)) {
        out.push(`if (${local} === undefined) ${fail}`)
        if (opened) {
          this.literal(index === 0 ? keyText : `,${keyText}`)
        } else {
          this.write(sep, out)
          this.literal(keyText)
        }
        this.value(child, local, out)
        opened = true
      } else {
        this.flush(out)
        out.push(`if (${local} !== undefined) {`, `${count}++;`)
        if (opened) {
          this.literal(`,${keyText}`)
        } else {
          this.write(sep, out)
          this.literal(keyText)
          out.push(`${sep} = ',';`)
        }
        this.value(child, local, out)
        this.flush(out)
        out.push('}')
      }
    }
    if (opened) this.literal('}')
    else this.write(`(${sep} === '{' ? '{}' : '}')`, out)
    this.checks.noUnknownKeys(v, count, out)
  }
}

/**
 * Compiles the checked serializer of a draft event schema (an object schema of the catalog whose
 * `eventSequence` is optional; needs code generation, see `serialize-draft.ts`).
 */
export function compileCheckedSerializer(schema: TSchema): CheckedSerializer {
  const generator = new CheckedTextGenerator()
  const out: string[] = []
  generator.object(asNode(schema), 'value', out, 'eventSequence')
  generator.flush(out)
  // Reading the last character flattens the concatenation at once (see `serialize.ts`).
  const memos = generator.memos.map((m) => `let ${m} = NONE;`).join('\n')
  const body = `${memos}
return function serializeChecked(value, q) {
let t = '';
${out.join('\n')}
if (t.charCodeAt(t.length - 1) !== 125) throw new Error('serializer wrote no object');
return t;
}`
  const compile = new Function('RE', 'CP', 'UUID', 'EVENT_ID', 'COLOUR', 'ESC', 'INNER', 'NONE', 'NUM', body)
  return compile(
    generator.checks.patterns,
    codePoints,
    isUuidV4,
    isEventId,
    isColour,
    needsEscape,
    escapedInner,
    Symbol('no string yet'),
    numberText,
  ) as CheckedSerializer
}
