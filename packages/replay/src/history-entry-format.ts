/**
 * What the history index (history-index.ts) stores in an entry: either a whole state, the same
 * JSON as a snapshot (snapshot-format.ts), or a DIFFERENCE to the whole state at an earlier
 * sequence `base`:
 *
 * ```
 * {"format":"wiretuner.replay-state-delta","schemaVersion":1|2,"sequence":N,"base":B,
 *  "history":<as in a snapshot>,"document":<as in a snapshot, each object unchanged since B
 *  written as its id>}
 * ```
 *
 * Only the document's objects are shared with the base (an object of the state at B, by id, in the
 * same layer); the history, the artboards, the layers' order, the selection and the viewport are
 * written whole, so an entry reads the base's objects and nothing else of it. Documents are a
 * function of the log, so any trusted whole state at B (an entry, a snapshot, a cached
 * checkpoint) serves as the base. A difference entry whose base is not available is unusable
 * (`unavailable-base`), like a corrupt one.
 */
import { type Document, documentToJson } from '@wiretuner/vector-model'
import {
  type DecodeReplayStateResult,
  decodeStateValue,
  encodeStateJson,
  parseStateBytes,
} from './snapshot-format.js'
import type { ReplayState } from './state.js'

/** The `format` of a difference entry. */
export const HISTORY_DELTA_FORMAT = 'wiretuner.replay-state-delta'

interface JsonLayer {
  objects: unknown[]
}
interface JsonDocument {
  readonly artboards: readonly { readonly layers: readonly JsonLayer[] }[]
}

/**
 * The entry bytes of `state` as its difference to `base` (the state at an earlier sequence): the
 * objects `state` shares with `base` (the same record: folded from it, untouched) written as ids.
 */
export function encodeHistoryDelta(state: ReplayState, base: ReplayState): Uint8Array {
  const json = documentToJson(state.document) as JsonDocument
  const mine = state.document.objects
  const theirs = base.document.objects
  for (const artboard of json.artboards) {
    for (const layer of artboard.layers) {
      const objects = layer.objects
      for (let i = 0; i < objects.length; i++) {
        const id = (objects[i] as { readonly id: string }).id
        const record = mine.get(id)
        if (record !== undefined && record === theirs.get(id)) objects[i] = id
      }
    }
  }
  return encodeStateJson(state, HISTORY_DELTA_FORMAT, base.sequence, json)
}

/**
 * Decodes an entry at `expectedSequence`: a whole state, or a difference whose base document
 * `baseDocument(b)` gives (a reason string when unavailable). Never throws.
 */
export function decodeHistoryEntry(
  bytes: Uint8Array,
  expectedSequence: number,
  baseDocument: (sequence: number) => Document | string,
): DecodeReplayStateResult {
  const parsed = parseStateBytes(bytes)
  if (!parsed.ok) return parsed
  const value = parsed.value
  const format = (value as { readonly format?: unknown } | null)?.format
  if (format !== HISTORY_DELTA_FORMAT) return decodeStateValue(value, expectedSequence)
  const base = (value as { readonly base?: unknown }).base
  if (typeof base !== 'number' || !Number.isSafeInteger(base) || base < 0 || base >= expectedSequence) {
    return {
      ok: false,
      code: 'not-a-replay-state',
      reason: `difference entry at ${expectedSequence} names base ${JSON.stringify(base)}, not an earlier sequence`,
    }
  }
  const document = baseDocument(base)
  if (typeof document === 'string') {
    return {
      ok: false,
      code: 'unavailable-base',
      reason: `difference entry at ${expectedSequence}: its base state at ${base} is unavailable (${document})`,
    }
  }
  return decodeStateValue(value, expectedSequence, { format: HISTORY_DELTA_FORMAT, base: document })
}

const DELTA_PREFIX = new TextEncoder().encode(`{"format":"${HISTORY_DELTA_FORMAT}"`)

/**
 * Whether entry bytes are a difference entry as {@link encodeHistoryDelta} writes them (by their
 * first bytes, without parsing: for the builder's choice of bases, which decoding checks anyway).
 */
export function isDeltaEntry(bytes: Uint8Array): boolean {
  if (bytes.length < DELTA_PREFIX.length) return false
  for (let i = 0; i < DELTA_PREFIX.length; i++) if (bytes[i] !== DELTA_PREFIX[i]) return false
  return true
}
