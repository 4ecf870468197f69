/**
 * The registry of sealed drafts (see `sealed-drafts.ts`): each sealed object and its canonical
 * JSON, in a private `WeakMap` (an entry lives as long as its draft). Validation and serialization
 * consult it; only `sealed-drafts.ts` adds to it, and only deep-frozen copies it made itself.
 */

/** A sealed draft's canonical JSON (without `eventSequence`), split where `eventSequence` goes. */
interface SealedJson {
  /** The whole canonical JSON of the draft (it has no `eventSequence`). */
  readonly json: string
  /** `{"eventType":…,"eventId":…,`: every event's first two keys; `eventSequence` comes next. */
  readonly head: string
  /** The rest of `json` after `head`. */
  readonly tail: string
}

const sealed = new WeakMap<object, SealedJson>()

/**
 * Registers `frozen` (a deep-frozen copy made by `sealed-drafts.ts`, valid, without
 * `eventSequence`) with its canonical JSON. Leaves it unregistered if the JSON does not start
 * with `eventType` then `eventId` (every catalog type does; then `eventSequence` could not be
 * spliced in). Internal.
 */
export function sealDraftJson(
  frozen: { readonly eventType: string; readonly eventId: string },
  json: string,
): void {
  const head = `{"eventType":${JSON.stringify(frozen.eventType)},"eventId":${JSON.stringify(frozen.eventId)},`
  if (json.startsWith(head)) sealed.set(frozen, { json, head, tail: json.slice(head.length) })
}

/** True when `value` is a sealed draft (made by `createEvent` or `parseDraftEvent`). */
export function isSealedDraft(value: unknown): boolean {
  return typeof value === 'object' && value !== null && sealed.has(value)
}

/**
 * The canonical JSON of a sealed draft, with `eventSequence` when given (a safe integer), or
 * `undefined` when `value` is not sealed (or the sequence is not a safe integer: the caller then
 * takes the generic serializer).
 */
export function sealedJson(value: object, eventSequence: number | undefined): string | undefined {
  const entry = sealed.get(value)
  if (entry === undefined) return undefined
  if (eventSequence === undefined) return entry.json
  if (!Number.isSafeInteger(eventSequence)) return undefined
  return `${entry.head}"eventSequence":${eventSequence},${entry.tail}`
}
