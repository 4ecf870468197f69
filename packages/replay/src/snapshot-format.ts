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
 * A history with users (some event had a `userId`) is written as schemaVersion 2: the same, the
 * top-level members being the anonymous user's, plus `"recording"?:true` and
 * `"users":{userId:{"undo","redo","open"?,"pending"?,"changes"?,"recording"?},...}` (keys
 * sorted). A history without users is written exactly as before, as schemaVersion 1. A group
 * recorded in parts (see `UndoGroup.parts`) keeps no change in the snapshot.
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
import type { History, ReplayState, UndoGroup, UserHistory } from './state.js'

/** The snapshot JSON's `format` value. */
export const REPLAY_STATE_FORMAT = 'wiretuner.replay-state'
/** The snapshot JSON's `schemaVersion` of a single-user history (read and written unchanged). */
export const REPLAY_STATE_FORMAT_VERSION = 1
/** The snapshot JSON's `schemaVersion` of a history with users (`History.users`). */
export const REPLAY_STATE_MULTI_USER_VERSION = 2

type GroupRow = readonly [groupId: string, label: string, firstSequence: number, lastSequence: number]

/** One user's member of the snapshot JSON's `history`. */
interface UserHistoryJson {
  readonly undo: readonly GroupRow[]
  readonly redo: readonly GroupRow[]
  readonly open?: string
  readonly pending?: { readonly groupId: string; readonly label: string }
  /** Recorded changes of the top undo and redo groups (when they have one). */
  readonly changes?: { readonly undo?: unknown; readonly redo?: unknown }
  readonly recording?: true
}

/** The `history` member of the snapshot JSON. */
interface HistoryJson extends UserHistoryJson {
  readonly users?: Readonly<Record<string, UserHistoryJson>>
}

/** Why snapshot bytes are unusable. */
export type DecodeReplayStateCode =
  | 'not-json'
  | 'not-a-replay-state'
  | 'unsupported-version'
  | 'sequence-mismatch'
  | 'invalid-history'
  | 'invalid-document'
  /** A single-user history of a log whose events carry `userId` (see `TimeTravel`); not from decoding. */
  | 'history-without-users'

/** Result of {@link decodeReplayState}: the state (groups without recorded changes) or why it is unusable. */
export type DecodeReplayStateResult =
  | { readonly ok: true; readonly state: ReplayState }
  | { readonly ok: false; readonly code: DecodeReplayStateCode; readonly reason: string }

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

const groupRow = (g: UndoGroup): GroupRow => [g.groupId, g.label, g.firstSequence, g.lastSequence]

/** A group's recorded change when it is one piece (a group recorded in parts keeps none). */
const wholeChange = (g: UndoGroup | undefined) => (g?.parts === undefined ? g?.change : undefined)

/** The recorded changes of the top undo and redo groups, relative to `document` (or undefined). */
function topChangesToJson(h: UserHistory, document: Document): HistoryJson['changes'] {
  const undo = wholeChange(h.undoStack.at(-1))
  const redo = wholeChange(h.redoStack.at(-1))
  if (undo === undefined && redo === undefined) return undefined
  return {
    ...(undo === undefined ? {} : { undo: contentChangeToJson(undo, document) }),
    ...(redo === undefined ? {} : { redo: contentChangeToJson(redo, document) }),
  }
}

/** A user's history's JSON form (keys in the documented order; absent optional fields omitted). */
function userHistoryToJson(h: UserHistory, document: Document): UserHistoryJson {
  const changes = topChangesToJson(h, document)
  return {
    undo: h.undoStack.map(groupRow),
    redo: h.redoStack.map(groupRow),
    ...(h.openGroupId === undefined ? {} : { open: h.openGroupId }),
    ...(h.pendingLabel === undefined
      ? {}
      : { pending: { groupId: h.pendingLabel.groupId, label: h.pendingLabel.label } }),
    ...(changes === undefined ? {} : { changes }),
    ...(h.recording === true ? { recording: true as const } : {}),
  }
}

/** The history's JSON form: the anonymous user's members, then `users` (keys sorted) if any. */
function historyToJson(h: History, document: Document): HistoryJson {
  const users = h.users
  if (users === undefined) return userHistoryToJson(h, document)
  const out = Object.keys(users)
    .sort()
    .map((id): [string, UserHistoryJson] => [id, userHistoryToJson(users[id] as UserHistory, document)])
  return { ...userHistoryToJson(h, document), users: Object.fromEntries(out) }
}

/**
 * Serializes a state for a snapshot: the UTF-8 bytes of its JSON (schema
 * {@link REPLAY_STATE_FORMAT_VERSION}), deterministic.
 */
export function encodeReplayState(state: ReplayState): Uint8Array {
  return encoder.encode(
    JSON.stringify({
      format: REPLAY_STATE_FORMAT,
      schemaVersion:
        state.history.users === undefined ? REPLAY_STATE_FORMAT_VERSION : REPLAY_STATE_MULTI_USER_VERSION,
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

/**
 * The undo groups of a `[groupId, label, first, last]` row list, or why it is not one. One loop
 * with the row checks written inline: a snapshot holds up to `historyDepth` rows per user, read
 * once per open, interpreted in a fresh process, where a call per row costs more than its checks.
 * (`typeof x === 'number' && x % 1 === 0` is `Number.isInteger(x)`.)
 */
function groupsFromRows(value: unknown, path: string): UndoGroup[] | string {
  if (!Array.isArray(value)) return `${path} is not a list`
  const groups: UndoGroup[] = []
  for (let i = 0; i < value.length; i++) {
    const row: unknown = value[i]
    if (!Array.isArray(row) || row.length !== 4)
      return `${path}[${i}] is not a [groupId, label, first, last] row`
    // indexed, not destructured (array destructuring runs the iterator protocol)
    const groupId: unknown = row[0]
    const label: unknown = row[1]
    const firstSequence: unknown = row[2]
    const lastSequence: unknown = row[3]
    if (
      typeof groupId !== 'string' ||
      typeof label !== 'string' ||
      typeof firstSequence !== 'number' ||
      firstSequence % 1 !== 0 ||
      typeof lastSequence !== 'number' ||
      lastSequence % 1 !== 0 ||
      firstSequence > lastSequence
    )
      return `${path}[${i}] is not a [groupId, label, first, last] row`
    groups.push({ groupId, label, firstSequence, lastSequence })
  }
  return groups
}

function pendingLabel(value: unknown, path: string): UserHistoryJson['pending'] | string {
  if (value === undefined) return undefined
  if (!isRecord(value) || typeof value.groupId !== 'string' || typeof value.label !== 'string')
    return `${path}.pending is not a { groupId, label }`
  const extra = unknownKeys(value, ['groupId', 'label'])
  return extra.length === 0
    ? { groupId: value.groupId, label: value.label }
    : `${path}.pending has unknown keys ${extra.join(', ')}`
}

const V1_KEYS = ['undo', 'redo', 'open', 'pending', 'changes']
const USER_KEYS = [...V1_KEYS, 'recording']

/** Reads one user's history strictly (every key in `keys`, every value well formed). */
function userHistoryFromJson(raw: unknown, path: string, keys: readonly string[]): UserHistory | string {
  if (!isRecord(raw)) return `${path} is not an object`
  const extra = unknownKeys(raw, keys)
  if (extra.length > 0) return `${path} has unknown keys ${extra.join(', ')}`
  const undoStack = groupsFromRows(raw.undo, `${path}.undo`)
  if (typeof undoStack === 'string') return undoStack
  const redoStack = groupsFromRows(raw.redo, `${path}.redo`)
  if (typeof redoStack === 'string') return redoStack
  if (raw.open !== undefined && typeof raw.open !== 'string') return `${path}.open is not a string`
  const pending = pendingLabel(raw.pending, path)
  if (typeof pending === 'string') return pending
  if (raw.recording !== undefined && raw.recording !== true) return `${path}.recording is not true`
  return {
    undoStack,
    redoStack,
    ...(raw.open === undefined ? {} : { openGroupId: raw.open }),
    ...(pending === undefined ? {} : { pendingLabel: pending }),
    ...(raw.recording === true ? { recording: true as const } : {}),
  }
}

/** Reads the `history` member strictly: the schemaVersion 1 form, or the 2 form with `users`. */
function historyFromJson(raw: unknown, version: number): History | string {
  const multi = version === REPLAY_STATE_MULTI_USER_VERSION
  const top = userHistoryFromJson(raw, 'history', multi ? [...USER_KEYS, 'users'] : V1_KEYS)
  if (typeof top === 'string' || !multi) return top
  const users = (raw as Record<string, unknown>).users
  if (!isRecord(users)) return 'history.users is not an object'
  const out: [string, UserHistory][] = []
  let recording = top.recording === true ? 1 : 0
  for (const [id, rawUser] of Object.entries(users)) {
    if (id === '') return 'history.users has an empty user id'
    const user = userHistoryFromJson(rawUser, `history.users[${JSON.stringify(id)}]`, USER_KEYS)
    if (typeof user === 'string') return user
    if (user.recording === true) recording++
    out.push([id, user])
  }
  if (out.length === 0) return 'history.users is empty'
  if (recording > 1) return 'history has more than one user with "recording"'
  return { ...top, users: Object.fromEntries(out) }
}

/** `history` with the recorded changes of its top groups read from `raw` (a reason when bad). */
function topChanges<H extends UserHistory>(
  history: H,
  raw: unknown,
  document: Document,
  path: string,
): H | string {
  if (raw === undefined) return history
  if (!isRecord(raw)) return `${path}.changes is not an object`
  const extra = unknownKeys(raw, ['undo', 'redo'])
  if (extra.length > 0) return `${path}.changes has unknown keys ${extra.join(', ')}`
  const attach = (
    stack: readonly UndoGroup[],
    json: unknown,
    name: string,
  ): readonly UndoGroup[] | string => {
    if (json === undefined) return stack
    const top = stack.at(-1)
    if (top === undefined) return `${path}.changes.${name} names no group (the ${name} stack is empty)`
    const read = contentChangeFromJson(json, document)
    if (!read.ok) return `${path}.changes.${name}: ${read.error.message}`
    return [...stack.slice(0, -1), { ...top, change: read.change }]
  }
  const undoStack = attach(history.undoStack, raw.undo, 'undo')
  if (typeof undoStack === 'string') return undoStack
  const redoStack = attach(history.redoStack, raw.redo, 'redo')
  if (typeof redoStack === 'string') return redoStack
  return { ...history, undoStack, redoStack }
}

/** `history` (and each user's) with the recorded changes of the top groups read from `raw`. */
function allTopChanges(history: History, raw: Record<string, unknown>, document: Document): History | string {
  const top = topChanges(history, raw.changes, document, 'history')
  if (typeof top === 'string' || history.users === undefined) return top
  const rawUsers = raw.users as Record<string, Record<string, unknown>>
  const users: [string, UserHistory][] = []
  for (const [id, user] of Object.entries(history.users)) {
    const read = topChanges(user, rawUsers[id]?.changes, document, `history.users[${JSON.stringify(id)}]`)
    if (typeof read === 'string') return read
    users.push([id, read])
  }
  return { ...top, users: Object.fromEntries(users) }
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
  const version = value.schemaVersion
  if (version !== REPLAY_STATE_FORMAT_VERSION && version !== REPLAY_STATE_MULTI_USER_VERSION) {
    return fail(
      'unsupported-version',
      `snapshot schemaVersion ${JSON.stringify(version)} (this code reads ${REPLAY_STATE_FORMAT_VERSION} and ${REPLAY_STATE_MULTI_USER_VERSION})`,
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
  const history = historyFromJson(value.history, version)
  if (typeof history === 'string') return fail('invalid-history', history)
  const built = documentFromJson(value.document)
  if (!built.ok) return fail('invalid-document', `document does not parse: ${built.error.message}`)
  const withChanges = allTopChanges(history, value.history as Record<string, unknown>, built.document)
  if (typeof withChanges === 'string') return fail('invalid-history', withChanges)
  return { ok: true, state: { document: built.document, history: withChanges, sequence: expectedSequence } }
}
