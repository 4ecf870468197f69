/**
 * The check without generated code: a catalog schema turned into a tree of small closures, built
 * in microseconds. Every schema shares the same few closure bodies, so in a fresh process they
 * are warm (type feedback, baseline code) after a few hundred values of ANY type, where a
 * generated check is interpreted until its own type has been seen often. It is the cold tier of
 * validation (see `tiered-check.ts`) and the whole check where code cannot be generated. Patterns
 * are tested with their regular expressions (cheapest until a check is hot). Same semantics as
 * `compile-check.ts` (a differential test compares them on events, mutations and any input).
 */
import type { TSchema } from 'typebox'
import { asNode, codePoints, type SchemaNode } from './schema-node.js'

/** A check: true when the value satisfies the schema. */
export type Check = (value: unknown) => boolean

function anyOfCheck(members: readonly SchemaNode[]): Check {
  const nonNull = members.filter((m) => m.type !== 'null')
  const nullable = nonNull.length < members.length
  if (nonNull.every((m) => 'const' in m)) {
    // indexOf compares with ===, like the generated `v !== c && ...`
    const allowed = nonNull.map((m) => m.const)
    if (nullable) allowed.push(null)
    return (v) => allowed.indexOf(v) !== -1
  }
  const only = nonNull[0]
  if (nonNull.length !== 1 || only === undefined) throw new Error('unsupported union in compiled check')
  const check = nodeCheck(only)
  return nullable ? (v) => v === null || check(v) : check
}

function objectCheck(node: SchemaNode): Check {
  const properties = node.properties ?? {}
  const required = node.required ?? []
  const keys: string[] = []
  const checks: Check[] = []
  const optional: boolean[] = []
  for (const key in properties) {
    keys.push(key)
    checks.push(nodeCheck(properties[key] as SchemaNode))
    optional.push(!required.includes(key))
  }
  const requiredCount = new Set(required).size
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
    let count = requiredCount
    for (let i = 0; i < keys.length; i++) {
      const p = (v as Record<string, unknown>)[keys[i] as string]
      if (p === undefined) {
        if (optional[i] === true) continue
        return false
      }
      if (optional[i] === true) count++
      if (!(checks[i] as Check)(p)) return false
    }
    // Unknown keys: an object with only catalog keys has exactly `count` enumerable keys.
    let n = 0
    for (const _ in v) n++
    return n === count
  }
}

function arrayCheck(node: SchemaNode): Check {
  const min = node.minItems ?? 0
  const max = node.maxItems ?? Number.POSITIVE_INFINITY
  const item = node.items === undefined ? undefined : nodeCheck(node.items)
  return (v) => {
    if (!Array.isArray(v) || v.length < min || v.length > max) return false
    if (item !== undefined) for (let i = 0; i < v.length; i++) if (!item(v[i])) return false
    return true
  }
}

function stringCheck(node: SchemaNode): Check {
  const min = node.minLength ?? 0
  const max = node.maxLength ?? Number.POSITIVE_INFINITY
  const pattern = node.pattern === undefined ? undefined : new RegExp(node.pattern)
  // the last string that matched `pattern`: ids repeat (every event carries its document's id)
  let matched: string | undefined
  return (v) => {
    if (typeof v !== 'string') return false
    // lengths count code points: a string of n code units has between n / 2 and n of them
    if (v.length < min) return false
    if (min > 1 && v.length < 2 * min && codePoints(v) < min) return false
    if (v.length > max && codePoints(v) > max) return false
    if (pattern === undefined || v === matched) return true
    if (!pattern.test(v)) return false
    matched = v
    return true
  }
}

function numberCheck(node: SchemaNode): Check {
  const integer = node.type === 'integer'
  const min = node.minimum ?? Number.NEGATIVE_INFINITY
  const max = node.maximum ?? Number.POSITIVE_INFINITY
  const above = node.exclusiveMinimum ?? Number.NEGATIVE_INFINITY
  const below = node.exclusiveMaximum ?? Number.POSITIVE_INFINITY
  return (v) =>
    (integer ? Number.isInteger(v) : Number.isFinite(v)) &&
    (v as number) >= min &&
    (v as number) <= max &&
    (v as number) > above &&
    (v as number) < below
}

/**
 * Checks already built, by schema node: the catalog shares its value schemas (ids, envelope
 * fields, points...) between event types, so each is built, and warmed up, once.
 */
const built = new WeakMap<SchemaNode, Check>()

function nodeCheck(node: SchemaNode): Check {
  let check = built.get(node)
  if (check === undefined) {
    check = buildCheck(node)
    built.set(node, check)
  }
  return check
}

function buildCheck(node: SchemaNode): Check {
  if (node.anyOf !== undefined) return anyOfCheck(node.anyOf)
  if ('const' in node) {
    const value = node.const
    return (v) => v === value
  }
  switch (node.type) {
    case 'object':
      return objectCheck(node)
    case 'array':
      return arrayCheck(node)
    case 'string':
      return stringCheck(node)
    case 'number':
    case 'integer':
      return numberCheck(node)
    case 'boolean':
      return (v) => v === true || v === false
    case 'null':
      return (v) => v === null
    default:
      throw new Error(`unsupported schema type ${String(node.type)} in compiled check`)
  }
}

/** Builds the closure check of `schema` (an object schema of the catalog). */
export function closureCheck(schema: TSchema): Check {
  return nodeCheck(asNode(schema))
}
