/**
 * Reading events: `parseEvent` = upcast (older stored forms) + validate, the entry the storage
 * layer uses for every stored event; `parseEventJson` adds `JSON.parse`; `parseDraftEvent`
 * validates events not yet appended (current form only, `eventSequence` optional) and gives
 * them the numbers their stored JSON will have (no `-0`).
 */
import { CREATE_SHAPE_SCHEMA_VERSION } from './catalog.js'
import { EventSchemaError, type ParseResult } from './errors.js'
import type { DraftEvent, WireTunerEvent } from './types.js'
import { upcastEvent } from './upcast.js'
import { validateDraftEvent, validateEvent } from './validate.js'

function needsUpcast(input: unknown): boolean {
  if (typeof input !== 'object' || input === null) return false
  const e = input as { eventType?: unknown; schemaVersion?: unknown }
  return e.eventType === 'CreateShapeEvent' && e.schemaVersion !== CREATE_SHAPE_SCHEMA_VERSION
}

/**
 * Parses an untrusted value (e.g. a stored row's `JSON.parse`d payload) into a current-form
 * event: older schema versions are upcast first, then everything is validated. On failure the
 * error lists every problem with its JSON pointer and rule. On success `value` is the input
 * object itself when no upcasting was needed (nothing is copied), else the upcast object.
 */
export function parseEvent(input: unknown): ParseResult<WireTunerEvent> {
  if (!needsUpcast(input)) return validateEvent(input)
  const up = upcastEvent(input)
  if (!up.ok) return up
  const result = validateEvent(up.value)
  if (result.ok || !up.upcast) return result
  const { code, message, issues } = result.error
  const context = `after upcasting from version ${up.fromVersion} to ${up.toVersion}: ${message}`
  return { ok: false, error: new EventSchemaError(code, context, { issues }) }
}

/** `JSON.parse` then {@link parseEvent}; a syntax error gives `invalid-json`. */
export function parseEventJson(text: string): ParseResult<WireTunerEvent> {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (cause) {
    const message = `invalid JSON event text: ${cause instanceof Error ? cause.message : String(cause)}`
    return {
      ok: false,
      error: new EventSchemaError('invalid-json', message, {
        cause,
        issues: [{ path: '', rule: 'json', message }],
      }),
    }
  }
  return parseEvent(raw)
}

/**
 * Parses an event not yet appended (`eventSequence` optional). Drafts come from application code
 * and must be in the current form: no upcasting.
 */
export function parseDraftEvent(input: unknown): ParseResult<DraftEvent> {
  const result = validateDraftEvent(input)
  return result.ok ? { ok: true, value: withoutNegativeZero(result.value) } : result
}

/**
 * `value` with every `-0` as `0`: the input itself when it holds none, else a copy (the input is
 * never changed). JSON cannot hold `-0` (`JSON.stringify(-0)` is `"0"`), so folding a draft as
 * given while storing its JSON would make a live session's state differ from a replay of the same
 * log (e.g. a handle at `x: -0` tessellates to other bytes than one at `x: 0`).
 */
function withoutNegativeZero<T>(value: T): T {
  if (typeof value === 'number') return (Object.is(value, -0) ? 0 : value) as T
  if (typeof value !== 'object' || value === null) return value
  let copy: Record<string, unknown> | unknown[] | undefined
  const source = value as Record<string, unknown>
  for (const key of Object.keys(source)) {
    const item = source[key]
    const clean = withoutNegativeZero(item)
    if (Object.is(clean, item)) continue
    copy ??= Array.isArray(value) ? [...value] : { ...source }
    ;(copy as Record<string, unknown>)[key] = clean
  }
  return (copy ?? value) as T
}
