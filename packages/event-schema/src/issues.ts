/**
 * The slow path of validation: walks a catalog schema next to a value and lists EVERY broken
 * rule with its JSON pointer. Only used after the compiled check has failed, so it favours
 * precise messages over speed. Handles exactly the JSON Schema subset the catalog uses.
 */
import type { TSchema } from 'typebox'
import type { ValidationIssue } from './errors.js'
import { COLOUR_PATTERN, EVENT_ID_PATTERN, UUID_V4_PATTERN } from './primitives.js'
import { asNode, codePoints, type SchemaNode } from './schema-node.js'

const patternRules: ReadonlyMap<string, readonly [rule: string, what: string]> = new Map([
  [UUID_V4_PATTERN, ['uuidv4', 'a lower-case UUID version 4']],
  [EVENT_ID_PATTERN, ['uuidv4or7', 'a lower-case UUID version 7 or 4']],
  [COLOUR_PATTERN, ['colour', 'a colour #RRGGBB']],
])
const regexCache = new Map<string, RegExp>()
const NO_SKIP: ReadonlySet<string> = new Set()

/**
 * Most issues listed for one value: beyond it (only a damaged or hostile value gets there, e.g.
 * an array of a million bad ids) the walk stops and {@link collectIssues} adds one `tooManyIssues`
 * issue, so that an error never grows without bound.
 */
export const MAX_ISSUES = 1000

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1')
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string')
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value)
  return typeof value
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Appends to `issues` every rule of `schema` that `value` breaks, at JSON pointer `path`.
 * `skip` names top-level properties not to check (used when a discriminator is invalid).
 */
export function collectIssues(
  schema: TSchema,
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  skip: ReadonlySet<string> = NO_SKIP,
): void {
  walk(asNode(schema), value, path, issues, skip)
  if (issues.length >= MAX_ISSUES && issues[issues.length - 1]?.rule !== 'tooManyIssues') {
    issues.push({
      path,
      rule: 'tooManyIssues',
      message: `more problems not listed (stopped after ${MAX_ISSUES})`,
    })
  }
}

function walk(
  node: SchemaNode,
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  skip: ReadonlySet<string>,
): void {
  if (issues.length >= MAX_ISSUES) return
  const add = (rule: string, message: string): void => {
    issues.push({ path, rule, message })
  }
  if (node.anyOf !== undefined) {
    const members = node.anyOf
    if (members.every((m) => 'const' in m)) {
      if (!members.some((m) => m.const === value)) {
        add(
          'enum',
          `must be one of ${members.map((m) => JSON.stringify(m.const)).join(', ')}; got ${describe(value)}`,
        )
      }
      return
    }
    if (value === null && members.some((m) => m.type === 'null')) return
    const first = members.find((m) => m.type !== 'null')
    if (first !== undefined) walk(first, value, path, issues, skip)
    return
  }
  if ('const' in node) {
    if (value !== node.const) add('const', `must be ${JSON.stringify(node.const)}; got ${describe(value)}`)
    return
  }
  switch (node.type) {
    case 'object':
      walkObject(node, value, path, issues, skip)
      return
    case 'array': {
      if (!Array.isArray(value)) {
        add('type', `must be an array; got ${describe(value)}`)
        return
      }
      if (node.minItems !== undefined && value.length < node.minItems) {
        add('minItems', `must have at least ${node.minItems} item(s); has ${value.length}`)
      }
      if (node.maxItems !== undefined && value.length > node.maxItems) {
        add('maxItems', `must have at most ${node.maxItems} items; has ${value.length}`)
      }
      const items = node.items
      if (items !== undefined) {
        for (let i = 0; i < value.length && issues.length < MAX_ISSUES; i++) {
          walk(items, value[i], `${path}/${i}`, issues, NO_SKIP)
        }
      }
      return
    }
    case 'string': {
      if (typeof value !== 'string') {
        add('type', `must be a string; got ${describe(value)}`)
        return
      }
      if (
        node.minLength !== undefined &&
        (value.length < node.minLength || codePoints(value) < node.minLength)
      ) {
        add(
          'minLength',
          node.minLength === 1 ? 'must not be empty' : `must have at least ${node.minLength} characters`,
        )
      }
      if (
        node.maxLength !== undefined &&
        value.length > node.maxLength &&
        codePoints(value) > node.maxLength
      ) {
        add('maxLength', `must have at most ${node.maxLength} characters; has ${codePoints(value)}`)
      }
      if (node.pattern !== undefined) {
        let re = regexCache.get(node.pattern)
        if (re === undefined) {
          re = new RegExp(node.pattern)
          regexCache.set(node.pattern, re)
        }
        if (!re.test(value)) {
          const [rule, what] = patternRules.get(node.pattern) ?? [
            'pattern',
            `a string matching ${node.pattern}`,
          ]
          add(rule, `must be ${what}; got ${describe(value)}`)
        }
      }
      return
    }
    case 'number':
    case 'integer': {
      if (typeof value !== 'number') {
        add('type', `must be a number; got ${describe(value)}`)
        return
      }
      if (!Number.isFinite(value)) {
        add('finite', `must be a finite number; got ${describe(value)}`)
        return
      }
      if (node.type === 'integer' && !Number.isInteger(value)) {
        add('integer', `must be an integer; got ${describe(value)}`)
      }
      if (node.minimum !== undefined && value < node.minimum)
        add('minimum', `must be ≥ ${node.minimum}; got ${value}`)
      if (node.maximum !== undefined && value > node.maximum)
        add('maximum', `must be ≤ ${node.maximum}; got ${value}`)
      if (node.exclusiveMinimum !== undefined && value <= node.exclusiveMinimum) {
        add('exclusiveMinimum', `must be > ${node.exclusiveMinimum}; got ${value}`)
      }
      if (node.exclusiveMaximum !== undefined && value >= node.exclusiveMaximum) {
        add('exclusiveMaximum', `must be < ${node.exclusiveMaximum}; got ${value}`)
      }
      return
    }
    case 'boolean':
      if (typeof value !== 'boolean') add('type', `must be a boolean; got ${describe(value)}`)
      return
    case 'null':
      if (value !== null) add('type', `must be null; got ${describe(value)}`)
      return
    default:
      return
  }
}

function walkObject(
  node: SchemaNode,
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  skip: ReadonlySet<string>,
): void {
  if (!isPlainObject(value)) {
    issues.push({ path, rule: 'type', message: `must be an object; got ${describe(value)}` })
    return
  }
  const properties = node.properties ?? {}
  for (const key of node.required ?? []) {
    if (!skip.has(key) && (!Object.hasOwn(value, key) || value[key] === undefined)) {
      issues.push({ path: `${path}/${pointerSegment(key)}`, rule: 'required', message: 'is required' })
    }
  }
  for (const key of Object.getOwnPropertyNames(value)) {
    if (issues.length >= MAX_ISSUES) return
    if (!Object.hasOwn(properties, key)) {
      issues.push({
        path: `${path}/${pointerSegment(key)}`,
        rule: 'unknownKey',
        message: `unknown key ${JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key)} is not allowed here`,
      })
    }
  }
  for (const key of Object.keys(properties)) {
    const child = properties[key]
    if (child === undefined || skip.has(key) || !Object.hasOwn(value, key)) continue
    const v = value[key]
    if (v === undefined) {
      if (!(node.required ?? []).includes(key)) {
        issues.push({
          path: `${path}/${pointerSegment(key)}`,
          rule: 'type',
          message: 'is present with the value undefined (omit the key instead)',
        })
      }
      continue
    }
    walk(child, v, `${path}/${pointerSegment(key)}`, issues, NO_SKIP)
  }
}
