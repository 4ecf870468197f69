/**
 * Derives, from the catalog schemas, every single-rule mutation of a valid event: remove a
 * required key, add an unknown key, break a type, a pattern (UUIDv4, colour), a length, a range,
 * an enum, integrality or finiteness, or a cross-field rule. Each mutation knows the JSON pointer
 * and rule the error must name.
 */
import type { TSchema } from 'typebox'
import { EVENT_SCHEMAS, SHAPE_EVENT_SCHEMAS } from '../src/catalog.ts'
import { pointerSegment } from '../src/issues.ts'
import { COLOUR_PATTERN, EVENT_ID_PATTERN, UUID_V4_PATTERN } from '../src/primitives.ts'
import type { SchemaNode } from '../src/schema-node.ts'
import type { WireTunerEvent } from '../src/types.ts'

/** One mutation: how to apply it and what the error must name. */
export interface Mutation {
  readonly path: string
  readonly rule: string
  readonly description: string
  readonly apply: (event: WireTunerEvent) => unknown
}

type Segments = readonly (string | number)[]

/** Deep copy with the value at `at` replaced (or deleted when `value` is `DELETE`). */
const DELETE = Symbol('delete')
function setAt(root: unknown, at: Segments, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(root))
  let target = copy
  for (const seg of at.slice(0, -1)) target = target[seg]
  const last = at[at.length - 1] as string | number
  if (value === DELETE) delete target[last]
  else if (last === '__proto__')
    Object.defineProperty(target, last, { value, enumerable: true, writable: true, configurable: true })
  else target[last] = value
  return copy
}

const pointer = (at: Segments) => at.map((s) => `/${pointerSegment(s)}`).join('')

function mutationsOf(node: SchemaNode, value: unknown, at: Segments, out: Mutation[]): void {
  const add = (rule: string, replacement: unknown, description: string, where: Segments = at) =>
    out.push({
      path: pointer(where),
      rule,
      description: `${pointer(where)}: ${description}`,
      apply: (e) => setAt(e, where, replacement),
    })
  if (node.anyOf !== undefined) {
    const members = node.anyOf
    if (members.every((m) => 'const' in m)) {
      add('enum', 'no-such-value', 'value outside the enum')
      return
    }
    if (value === null) {
      add('type', 12, 'a number where an object, a string or null belongs')
      return
    }
    const first = members.find((m) => m.type !== 'null')
    if (first !== undefined) mutationsOf(first, value, at, out)
    return
  }
  if ('const' in node) {
    if (at.length === 1 && at[0] === 'eventType') return
    if (at.length === 1 && at[0] === 'schemaVersion' && node.const === 2) return // version 1 = legacy form
    const discriminator = at.length === 1 && at[0] === 'shapeType' // dispatch reports it as an enum
    add(discriminator ? 'enum' : 'const', 99, 'wrong literal')
    return
  }
  switch (node.type) {
    case 'object': {
      const obj = value as Record<string, unknown>
      add('type', [], 'an array where an object belongs')
      for (const key of node.required ?? []) {
        if (key === 'eventType' || key === 'shapeType') continue
        const legacy = at.length === 0 && key === 'schemaVersion' // absent = version 1, upcast on read
        out.push({
          path: pointer([...at, key]),
          rule: legacy ? 'schemaVersion' : 'required',
          description: `${pointer([...at, key])}: removed`,
          apply: (e) => setAt(e, [...at, key], DELETE),
        })
      }
      for (const key of ['__proto__', 'constructor', 'unexpected']) {
        add('unknownKey', { polluted: true }, `unknown key ${key}`, [...at, key])
      }
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        if (Object.hasOwn(obj, key) && obj[key] !== undefined) mutationsOf(child, obj[key], [...at, key], out)
      }
      return
    }
    case 'array': {
      const arr = value as unknown[]
      add('type', 'not-an-array', 'a string where an array belongs')
      if (node.minItems !== undefined && node.minItems > 0) add('minItems', [], 'empty array')
      if (node.items !== undefined && arr.length > 0) mutationsOf(node.items, arr[0], [...at, 0], out)
      return
    }
    case 'string':
      add('type', 12, 'a number where a string belongs')
      if (node.minLength !== undefined && node.minLength > 0) add('minLength', '', 'empty string')
      if (node.maxLength !== undefined) add('maxLength', 'x'.repeat(node.maxLength + 1), 'too long')
      if (node.pattern === UUID_V4_PATTERN) {
        add('uuidv4', (value as string).toUpperCase(), 'upper-case UUID')
        add('uuidv4', 'a8098c1a-f86e-11da-bd1a-00112444be1e', 'UUID version 1')
        add('uuidv4', '01890a5d-ac96-774b-bcce-b302099a8057', 'UUID version 7')
      }
      if (node.pattern === EVENT_ID_PATTERN) {
        add('uuidv4or7', (value as string).toUpperCase(), 'upper-case UUID')
        add('uuidv4or7', 'a8098c1a-f86e-11da-bd1a-00112444be1e', 'UUID version 1')
        add('uuidv4or7', '01890a5d-ac96-874b-bcce-b302099a8057', 'UUID version 8')
        add('uuidv4or7', '01890a5d-ac96-774b-7cce-b302099a8057', 'UUID of another variant')
      }
      if (node.pattern === COLOUR_PATTERN) add('colour', 'red', 'colour name')
      return
    case 'number':
    case 'integer': {
      add('type', '1', 'a numeric string')
      add('finite', Number.NaN, 'NaN')
      add('finite', Number.POSITIVE_INFINITY, 'Infinity')
      if (node.type === 'integer') {
        const lo = node.minimum ?? 0
        if (node.maximum === undefined || lo + 0.5 <= node.maximum) add('integer', lo + 0.5, 'a fraction')
      }
      if (node.minimum !== undefined) add('minimum', node.minimum - 1, 'below minimum')
      if (node.maximum !== undefined)
        add(
          'maximum',
          node.maximum === Number.MAX_SAFE_INTEGER ? 2 ** 53 : node.maximum + 0.5,
          'above maximum',
        )
      if (node.exclusiveMinimum !== undefined)
        add('exclusiveMinimum', node.exclusiveMinimum, 'at the exclusive minimum')
      return
    }
    case 'boolean':
      add('type', 'true', 'a string where a boolean belongs')
      return
    default:
      return
  }
}

function crossFieldMutations(event: WireTunerEvent, out: Mutation[]): void {
  if (event.eventType === 'CreateShapeEvent') {
    const p = event.parameters as unknown as Record<string, number>
    if (event.shapeType === 'rectangle') {
      const radius = Math.min(p.width ?? 0, p.height ?? 0) * 0.75
      if (Number.isFinite(radius) && radius > Math.min(p.width ?? 0, p.height ?? 0) / 2) {
        out.push({
          path: '/parameters/cornerRadius',
          rule: 'cornerRadius',
          description: 'corner radius above min(w, h)/2',
          apply: (e) => setAt(e, ['parameters', 'cornerRadius'], radius),
        })
      }
    }
    if (event.shapeType === 'star') {
      out.push({
        path: '/parameters/innerRadius',
        rule: 'starRadii',
        description: 'inner radius = outer radius',
        apply: (e) => setAt(e, ['parameters', 'innerRadius'], p.outerRadius),
      })
    }
  }
  if (event.eventType === 'AddAnchorEvent' && event.anchorType === 'line') {
    out.push({
      path: '/handleOut',
      rule: 'lineHandles',
      description: 'a line anchor with a handle',
      apply: (e) => setAt(e, ['handleOut'], { x: 1, y: 1 }),
    })
  }
  out.push({
    path: '/eventType',
    rule: 'eventType',
    description: 'unknown event type',
    apply: (e) => setAt(e, ['eventType'], `${event.eventType}V2`),
  })
}

/** The catalog schema an event is checked against (per shape kind for CreateShapeEvent). */
export function schemaOf(event: WireTunerEvent): TSchema {
  return (
    event.eventType === 'CreateShapeEvent'
      ? SHAPE_EVENT_SCHEMAS[event.shapeType]
      : EVENT_SCHEMAS[event.eventType]
  ) as TSchema
}

/** Every single-rule mutation of `event`. */
export function enumerateMutations(event: WireTunerEvent): Mutation[] {
  const schema = schemaOf(event)
  const out: Mutation[] = []
  mutationsOf(schema as unknown as SchemaNode, event, [], out)
  crossFieldMutations(event, out)
  // The root itself: replacing the whole event is not a field mutation.
  return out.filter((m) => m.path !== '')
}
