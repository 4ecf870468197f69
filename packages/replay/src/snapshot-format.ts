/**
 * What replay stores in a snapshot: one JSON object (UTF-8), the uncompressed bytes handed to
 * io-services, which stores them as one gzip member (or as they are). Keys in this order:
 *
 * ```
 * {"format":"wiretuner.replay-state","schemaVersion":1,"sequence":N,
 *  "history":{"undo":[[groupId,label,first,last],...],"redo":[...],"open"?:id,
 *             "pending"?:{"groupId","label"},"changes"?:{"undo"?:change,"redo"?:change}},
 *  "document":<vector-model documentToJson(state.document)>}
 * ```
 *
 * The history holds each group's METADATA (id, label and sequence range, the open group, a pending
 * label), so opening restores the undo stack without reading the log, and the recorded change of
 * the group on top of each stack (vector-model's `contentChangeToJson`, relative to the document),
 * so the first undo and redo after reopening apply it instead of travelling in time. Encoding is
 * deterministic (the same state gives the same bytes); decoding is strict (unknown keys refused)
 * and never throws: a snapshot is a cache, an unusable one is skipped with a coded reason.
 */
import {
  contentChangeFromJson,
  contentChangeToJson,
  type Document,
  documentFromJson,
  documentToJson,
} from '@wiretuner/vector-model'
import type { History, ReplayState, UndoGroup } from './state.js'

/** The snapshot JSON's `format` value. */
export const REPLAY_STATE_FORMAT = 'wiretuner.replay-state'
/** The snapshot JSON's `schemaVersion` written (and read) by this code. */
export const REPLAY_STATE_FORMAT_VERSION = 1

type GroupRow = readonly [groupId: string, label: string, firstSequence: number, lastSequence: number]

/** The `history` member of the snapshot JSON. */
interface HistoryJson {
  readonly undo: readonly GroupRow[]
  readonly redo: readonly GroupRow[]
  readonly open?: string
  readonly pending?: { readonly groupId: string; readonly label: string }
  /** Recorded changes of the top undo and redo groups (when they have one). */
  readonly changes?: { readonly undo?: unknown; readonly redo?: unknown }
}

/** Why snapshot bytes are unusable. */
export type DecodeReplayStateCode =
  | 'not-json'
  | 'not-a-replay-state'
  | 'unsupported-version'
  | 'sequence-mismatch'
  | 'invalid-history'
  | 'invalid-document'

/** Result of {@link decodeReplayState}: the state (groups without recorded changes) or why it is unusable. */
export type DecodeReplayStateResult =
  | { readonly ok: true; readonly state: ReplayState }
  | { readonly ok: false; readonly code: DecodeReplayStateCode; readonly reason: string }

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

const groupRow = (g: UndoGroup): GroupRow => [g.groupId, g.label, g.firstSequence, g.lastSequence]

/** The recorded changes of the top undo and redo groups, relative to `document` (or undefined). */
function topChangesToJson(h: History, document: Document): HistoryJson['changes'] {
  const undo = h.undoStack.at(-1)?.change
  const redo = h.redoStack.at(-1)?.change
  if (undo === undefined && redo === undefined) return undefined
  return {
    ...(undo === undefined ? {} : { undo: contentChangeToJson(undo, document) }),
    ...(redo === undefined ? {} : { redo: contentChangeToJson(redo, document) }),
  }
}

/** The history's JSON form (keys in the documented order; absent optional fields omitted). */
function historyToJson(h: History, document: Document): HistoryJson {
  const changes = topChangesToJson(h, document)
  return {
    undo: h.undoStack.map(groupRow),
    redo: h.redoStack.map(groupRow),
    ...(h.openGroupId === undefined ? {} : { open: h.openGroupId }),
    ...(h.pendingLabel === undefined
      ? {}
      : { pending: { groupId: h.pendingLabel.groupId, label: h.pendingLabel.label } }),
    ...(changes === undefined ? {} : { changes }),
  }
}

/**
 * Serializes a state for a snapshot: the UTF-8 bytes of its JSON (schema
 * {@link REPLAY_STATE_FORMAT_VERSION}), deterministic.
 */
export function encodeReplayState(state: ReplayState): Uint8Array {
  return encoder.encode(
    JSON.stringify({
      format: REPLAY_STATE_FORMAT,
      schemaVersion: REPLAY_STATE_FORMAT_VERSION,
      sequence: state.sequence,
      history: historyToJson(state.history, state.document),
      document: documentToJson(state.document),
    }),
  )
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** The keys of `value` that are not in `allowed`. */
const unknownKeys = (value: Record<string, unknown>, allowed: readonly string[]): string[] =>
  Object.keys(value).filter((k) => !allowed.includes(k))

function isGroupRow(v: unknown): v is GroupRow {
  return (
    Array.isArray(v) &&
    v.length === 4 &&
    typeof v[0] === 'string' &&
    typeof v[1] === 'string' &&
    Number.isInteger(v[2]) &&
    Number.isInteger(v[3]) &&
    (v[2] as number) <= (v[3] as number)
  )
}

function groupRows(value: unknown, name: string): readonly GroupRow[] | string {
  if (!Array.isArray(value)) return `history.${name} is not a list`
  const bad = value.findIndex((row) => !isGroupRow(row))
  return bad < 0 ? value : `history.${name}[${bad}] is not a [groupId, label, first, last] row`
}

function pendingLabel(value: unknown): HistoryJson['pending'] | string {
  if (value === undefined) return undefined
  if (!isRecord(value) || typeof value.groupId !== 'string' || typeof value.label !== 'string')
    return 'history.pending is not a { groupId, label }'
  const extra = unknownKeys(value, ['groupId', 'label'])
  return extra.length === 0
    ? { groupId: value.groupId, label: value.label }
    : `history.pending has unknown keys ${extra.join(', ')}`
}

/** Reads the `history` member strictly (every key known, every value well formed). */
function historyFromJson(raw: unknown): History | string {
  if (!isRecord(raw)) return 'history is not an object'
  const extra = unknownKeys(raw, ['undo', 'redo', 'open', 'pending', 'changes'])
  if (extra.length > 0) return `history has unknown keys ${extra.join(', ')}`
  const undo = groupRows(raw.undo, 'undo')
  if (typeof undo === 'string') return undo
  const redo = groupRows(raw.redo, 'redo')
  if (typeof redo === 'string') return redo
  if (raw.open !== undefined && typeof raw.open !== 'string') return 'history.open is not a string'
  const pending = pendingLabel(raw.pending)
  if (typeof pending === 'string') return pending
  const group = (r: GroupRow): UndoGroup => ({
    groupId: r[0],
    label: r[1],
    firstSequence: r[2],
    lastSequence: r[3],
  })
  return {
    undoStack: undo.map(group),
    redoStack: redo.map(group),
    ...(raw.open === undefined ? {} : { openGroupId: raw.open }),
    ...(pending === undefined ? {} : { pendingLabel: pending }),
  }
}

/** `history` with the recorded changes of its top groups read from `raw` (a reason when bad). */
function topChanges(history: History, raw: unknown, document: Document): History | string {
  if (raw === undefined) return history
  if (!isRecord(raw)) return 'history.changes is not an object'
  const extra = unknownKeys(raw, ['undo', 'redo'])
  if (extra.length > 0) return `history.changes has unknown keys ${extra.join(', ')}`
  const attach = (
    stack: readonly UndoGroup[],
    json: unknown,
    name: string,
  ): readonly UndoGroup[] | string => {
    if (json === undefined) return stack
    const top = stack.at(-1)
    if (top === undefined) return `history.changes.${name} names no group (the ${name} stack is empty)`
    const read = contentChangeFromJson(json, document)
    if (!read.ok) return `history.changes.${name}: ${read.error.message}`
    return [...stack.slice(0, -1), { ...top, change: read.change }]
  }
  const undoStack = attach(history.undoStack, raw.undo, 'undo')
  if (typeof undoStack === 'string') return undoStack
  const redoStack = attach(history.redoStack, raw.redo, 'redo')
  if (typeof redoStack === 'string') return redoStack
  return { ...history, undoStack, redoStack }
}

const fail = (code: DecodeReplayStateCode, reason: string): DecodeReplayStateResult => ({
  ok: false,
  code,
  reason,
})

/**
 * Decodes snapshot bytes written by {@link encodeReplayState}; `expectedSequence` (the snapshot row's
 * sequence) must match the recorded one. Never throws: unusable bytes give `ok: false` with a
 * code and a reason.
 */
export function decodeReplayState(bytes: Uint8Array, expectedSequence: number): DecodeReplayStateResult {
  let value: unknown
  try {
    value = JSON.parse(decoder.decode(bytes))
  } catch (error) {
    return fail('not-json', `snapshot is not UTF-8 JSON: ${(error as Error).message}`)
  }
  if (!isRecord(value) || value.format !== REPLAY_STATE_FORMAT) {
    return fail('not-a-replay-state', `snapshot is not an object with "format": "${REPLAY_STATE_FORMAT}"`)
  }
  if (value.schemaVersion !== REPLAY_STATE_FORMAT_VERSION) {
    return fail(
      'unsupported-version',
      `snapshot schemaVersion ${JSON.stringify(value.schemaVersion)} (this code reads ${REPLAY_STATE_FORMAT_VERSION})`,
    )
  }
  const extra = unknownKeys(value, ['format', 'schemaVersion', 'sequence', 'history', 'document'])
  if (extra.length > 0) return fail('not-a-replay-state', `snapshot has unknown keys ${extra.join(', ')}`)
  if (!Number.isInteger(value.sequence))
    return fail('not-a-replay-state', 'snapshot sequence is not an integer')
  if (value.sequence !== expectedSequence) {
    return fail(
      'sequence-mismatch',
      `snapshot records sequence ${value.sequence} but is stored at ${expectedSequence}`,
    )
  }
  const history = historyFromJson(value.history)
  if (typeof history === 'string') return fail('invalid-history', history)
  const built = documentFromJson(value.document)
  if (!built.ok) return fail('invalid-document', `document does not parse: ${built.error.message}`)
  const withChanges = topChanges(history, (value.history as Record<string, unknown>).changes, built.document)
  if (typeof withChanges === 'string') return fail('invalid-history', withChanges)
  return { ok: true, state: { document: built.document, history: withChanges, sequence: expectedSequence } }
}
