/**
 * Validation of current-form events: a compiled check per event type (per shape kind for
 * `CreateShapeEvent`), compiled lazily and dispatched on `eventType`, is the fast path; on failure
 * the schema walker lists every problem. No upcasting here (see `parse.ts`).
 */
import type { TSchema } from 'typebox'
import { EVENT_SCHEMAS, EVENT_TYPES, SHAPE_EVENT_SCHEMAS, SHAPE_TYPES } from './catalog.js'
import type { Check } from './closure-check.js'
import { describeIssues, EventSchemaError, type ParseResult, type ValidationIssue } from './errors.js'
import { collectIssues } from './issues.js'
import { crossFieldIssues, crossFieldOk } from './rules.js'
import { tieredCheck } from './tiered-check.js'
import type { DraftEvent, WireTunerEvent } from './types.js'

type Loose = Record<string, unknown>

/**
 * The draft form of an event's object schema: the same schema (keys, order, `additionalProperties:
 * false`) with `eventSequence` left out of `required`, which is what every check, issue walker and
 * serializer of this package reads. A plain copy: no TypeBox construction on a type's first check.
 */
function draftOf(schema: TSchema): TSchema {
  const s = schema as unknown as { readonly required: readonly string[] }
  return { ...schema, required: s.required.filter((k) => k !== 'eventSequence') } as TSchema
}

/** Lazily compiled checks and draft schemas (compiling all types up front costs start-up time). */
class Checks {
  readonly #draft: boolean
  readonly #byKey = new Map<string, Check>()
  readonly #byType = new Map<unknown, Check>()
  readonly #schemas = new Map<string, TSchema>()
  constructor(draft: boolean) {
    this.#draft = draft
  }
  /** Schema of an event type, or of `CreateShapeEvent`'s kind `shapeType`. */
  schema(key: string): TSchema {
    let schema = this.#schemas.get(key)
    if (schema === undefined) {
      const base =
        (SHAPE_EVENT_SCHEMAS as Record<string, TSchema>)[key] ??
        (EVENT_SCHEMAS as Record<string, TSchema>)[key]
      if (base === undefined) throw new EventSchemaError('invalid-argument', `no schema for ${key}`)
      schema = this.#draft ? draftOf(base) : base
      this.#schemas.set(key, schema)
    }
    return schema
  }
  check(key: string): Check {
    let check = this.#byKey.get(key)
    if (check === undefined) {
      check = tieredCheck(this.schema(key))
      this.#byKey.set(key, check)
    }
    return check
  }
  /**
   * The complete check of an event type (schema, shape dispatch, cross-field rules), or
   * undefined for a value that is not a catalog event type. The hot path: one map lookup.
   */
  forType(type: unknown): Check | undefined {
    let check = this.#byType.get(type)
    if (check === undefined && typeof type === 'string' && knownTypes.has(type)) {
      check = this.#buildForType(type)
      this.#byType.set(type, check)
    }
    return check
  }
  #buildForType(type: string): Check {
    if (type === 'CreateShapeEvent') {
      // each kind's check is built when the first event of that kind is checked
      return (value) => {
        const shape = (value as Loose).shapeType
        if (typeof shape !== 'string' || !knownShapes.has(shape)) return false
        return this.check(shape)(value) && crossFieldOk(type, value as Loose)
      }
    }
    const check = this.check(type)
    if (type === 'AddAnchorEvent') return (value) => check(value) && crossFieldOk(type, value as Loose)
    return check
  }
}

const knownTypes: ReadonlySet<string> = new Set(EVENT_TYPES)
const knownShapes: ReadonlySet<string> = new Set(SHAPE_TYPES)
const eventChecks = new Checks(false)
const draftChecks = new Checks(true)

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Fast boolean check of a current-form value (no issue list, no upcasting). */
function passes(value: unknown, checks: Checks): boolean {
  if (typeof value !== 'object' || value === null) return false
  const check = checks.forType((value as Loose).eventType)
  return check?.(value) === true
}

/** Lists every problem of a value that failed {@link passes}. */
export function listIssues(
  value: unknown,
  draft: boolean,
): { code: 'invalid-event' | 'unknown-event-type'; issues: ValidationIssue[] } {
  const checks = draft ? draftChecks : eventChecks
  const issues: ValidationIssue[] = []
  if (!isObject(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value
    issues.push({ path: '', rule: 'type', message: `an event must be a JSON object; got ${got}` })
    return { code: 'invalid-event', issues }
  }
  const type = value.eventType
  if (typeof type !== 'string' || !knownTypes.has(type)) {
    const message =
      type === undefined
        ? 'is required'
        : `must be one of the ${EVENT_TYPES.length} catalog event types; got ${typeof type === 'string' ? JSON.stringify(type.slice(0, 80)) : typeof type}`
    issues.push({ path: '/eventType', rule: type === undefined ? 'required' : 'eventType', message })
    return { code: 'unknown-event-type', issues }
  }
  if (type === 'CreateShapeEvent') {
    const shape = value.shapeType
    if (typeof shape === 'string' && knownShapes.has(shape)) {
      collectIssues(checks.schema(shape), value, '', issues)
    } else {
      issues.push({
        path: '/shapeType',
        rule: shape === undefined ? 'required' : 'enum',
        message: shape === undefined ? 'is required' : `must be one of ${SHAPE_TYPES.join(', ')}`,
      })
      collectIssues(checks.schema('rectangle'), value, '', issues, new Set(['shapeType', 'parameters']))
    }
  } else {
    collectIssues(checks.schema(type), value, '', issues)
  }
  crossFieldIssues(type, value, issues)
  if (issues.length === 0) {
    issues.push({
      path: '',
      rule: 'schema',
      message: 'does not match its event schema (inherited or non-plain properties?)',
    })
  }
  return { code: 'invalid-event', issues }
}

function fail(value: unknown, draft: boolean): { ok: false; error: EventSchemaError } {
  const { code, issues } = listIssues(value, draft)
  const type = isObject(value) && typeof value.eventType === 'string' ? value.eventType.slice(0, 80) : 'event'
  return {
    ok: false,
    error: new EventSchemaError(code, describeIssues(`invalid ${type}`, issues), { issues }),
  }
}

/** Validates a current-form event (no upcasting): the typed event itself, or every problem. */
export function validateEvent(input: unknown): ParseResult<WireTunerEvent> {
  if (passes(input, eventChecks)) return { ok: true, value: input as WireTunerEvent }
  return fail(input, false)
}

/** Validates a current-form draft event (`eventSequence` optional; no upcasting). */
export function validateDraftEvent(input: unknown): ParseResult<DraftEvent> {
  if (passes(input, draftChecks)) return { ok: true, value: input as DraftEvent }
  return fail(input, true)
}

/** Type guard: `value` is a valid current-form event (fast; no issue list, no upcasting). */
export function isWireTunerEvent(value: unknown): value is WireTunerEvent {
  return passes(value, eventChecks)
}

/** Type guard: `value` is a valid current-form draft event (`eventSequence` optional). */
export function isDraftEvent(value: unknown): value is DraftEvent {
  return passes(value, draftChecks)
}

/**
 * The draft schema (`eventSequence` optional) of an event type or of a `CreateShapeEvent` kind
 * (internal: the serializers are made from it). Throws for an unknown key.
 */
export function draftSchemaOf(key: string): TSchema {
  return draftChecks.schema(key)
}
