/**
 * What replay stores in a snapshot (the uncompressed bytes handed to io-services, which frames,
 * compresses and checks them): the history METADATA (groups' ids, labels and sequence ranges, the
 * open group, a pending label) next to the serialized document, so opening restores the undo
 * stack without reading the log. Both layouts start with magic `WTRS` and a format version byte.
 *  - Version 2 (written): u32 big-endian columns length, u32 big-endian structure length, then the
 *    value `{ history, document }` (history JSON, vector-model's `documentToJson`) in the
 *    "JSON columns" form of `json-columns.ts`: the numbers in binary columns, then the JSON text
 *    with every number replaced by 0. gzip compresses the two homogeneous parts far better than
 *    JSON text in which every number breaks the repetitions (issue 5: >= 10:1); columns first
 *    compresses slightly better in one gzip stream (0-2% on the benchmark documents).
 *  - Version 1 (still read): u32 big-endian length of the history JSON, the history JSON, then the
 *    document JSON (vector-model's deterministic form).
 */
import { documentFromJson, documentToJson, parseDocument } from '@wiretuner/vector-model'
import { decodeJsonColumns, encodeJsonColumns } from './json-columns.js'
import type { History, ReplayState, UndoGroup } from './state.js'

/** Snapshot payload format version written by this code (version 1 is still read). */
export const SNAPSHOT_FORMAT_VERSION = 2
const MAGIC = [0x57, 0x54, 0x52, 0x53] // "WTRS"
const HEADER_V1 = 9
const HEADER_V2 = 13

type GroupRow = readonly [groupId: string, label: string, firstSequence: number, lastSequence: number]

interface HistoryJson {
  readonly sequence: number
  readonly undo: readonly GroupRow[]
  readonly redo: readonly GroupRow[]
  readonly open?: string
  readonly pending?: { readonly groupId: string; readonly label: string }
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

const row = (g: UndoGroup): GroupRow => [g.groupId, g.label, g.firstSequence, g.lastSequence]

function historyJson(state: ReplayState): HistoryJson {
  const h = state.history
  return {
    sequence: state.sequence,
    undo: h.undoStack.map(row),
    redo: h.redoStack.map(row),
    ...(h.openGroupId === undefined ? {} : { open: h.openGroupId }),
    ...(h.pendingLabel === undefined
      ? {}
      : { pending: { groupId: h.pendingLabel.groupId, label: h.pendingLabel.label } }),
  }
}

/**
 * Serializes a state for a snapshot in format {@link SNAPSHOT_FORMAT_VERSION} (deterministic: the
 * same state gives the same bytes).
 */
export function encodeSnapshot(state: ReplayState): Uint8Array {
  const { structure, columns } = encodeJsonColumns({
    history: historyJson(state),
    document: documentToJson(state.document),
  })
  const text = encoder.encode(structure)
  const out = new Uint8Array(HEADER_V2 + columns.length + text.length)
  out.set(MAGIC, 0)
  out[4] = SNAPSHOT_FORMAT_VERSION
  const view = new DataView(out.buffer)
  view.setUint32(5, columns.length, false)
  view.setUint32(9, text.length, false)
  out.set(columns, HEADER_V2)
  out.set(text, HEADER_V2 + columns.length)
  return out
}

/**
 * The version 1 payload of a state (history JSON + document JSON): what {@link decodeSnapshot}
 * still reads, and the plain JSON form the compression ratio is measured against.
 */
export function encodeSnapshotV1(state: ReplayState): Uint8Array {
  const history = encoder.encode(JSON.stringify(historyJson(state)))
  const document = encoder.encode(JSON.stringify(documentToJson(state.document)))
  const out = new Uint8Array(HEADER_V1 + history.length + document.length)
  out.set(MAGIC, 0)
  out[4] = 1
  new DataView(out.buffer).setUint32(5, history.length, false)
  out.set(history, HEADER_V1)
  out.set(document, HEADER_V1 + history.length)
  return out
}

/** Result of {@link decodeSnapshot}: the state (groups without documents) or why it is unusable. */
export type DecodeSnapshotResult =
  | { readonly ok: true; readonly state: ReplayState }
  | { readonly ok: false; readonly reason: string }

function isRow(v: unknown): v is GroupRow {
  return (
    Array.isArray(v) &&
    v.length === 4 &&
    typeof v[0] === 'string' &&
    typeof v[1] === 'string' &&
    Number.isInteger(v[2]) &&
    Number.isInteger(v[3])
  )
}

function parseHistory(text: string): HistoryJson | string {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    return `history JSON does not parse: ${(error as Error).message}`
  }
  return checkHistory(raw)
}

function checkHistory(raw: unknown): HistoryJson | string {
  if (typeof raw !== 'object' || raw === null) return 'history is not an object'
  const h = raw as Record<string, unknown>
  if (!Number.isInteger(h.sequence)) return 'history.sequence is not an integer'
  if (!Array.isArray(h.undo) || !h.undo.every(isRow)) return 'history.undo is not a list of groups'
  if (!Array.isArray(h.redo) || !h.redo.every(isRow)) return 'history.redo is not a list of groups'
  if (h.open !== undefined && typeof h.open !== 'string') return 'history.open is not a string'
  const p = h.pending as Record<string, unknown> | undefined
  if (
    p !== undefined &&
    (typeof p !== 'object' || typeof p.groupId !== 'string' || typeof p.label !== 'string')
  ) {
    return 'history.pending is not a { groupId, label }'
  }
  return raw as HistoryJson
}

const group = (r: GroupRow): UndoGroup => ({
  groupId: r[0],
  label: r[1],
  firstSequence: r[2],
  lastSequence: r[3],
})

function restoredHistory(h: HistoryJson): History {
  return {
    undoStack: h.undo.map(group),
    redoStack: h.redo.map(group),
    ...(h.open === undefined ? {} : { openGroupId: h.open }),
    ...(h.pending === undefined
      ? {}
      : { pendingLabel: { groupId: h.pending.groupId, label: h.pending.label } }),
  }
}

const sequenceMismatch = (recorded: number, expected: number): DecodeSnapshotResult => ({
  ok: false,
  reason: `snapshot records sequence ${recorded} but is stored at ${expected}`,
})

function decodeV1(bytes: Uint8Array, view: DataView, expectedSequence: number): DecodeSnapshotResult {
  if (bytes.length < HEADER_V1) return { ok: false, reason: 'snapshot header is truncated' }
  const historyLength = view.getUint32(5, false)
  if (HEADER_V1 + historyLength > bytes.length)
    return { ok: false, reason: 'history length exceeds the snapshot' }
  let historyText: string
  let documentText: string
  try {
    historyText = decoder.decode(bytes.subarray(HEADER_V1, HEADER_V1 + historyLength))
    documentText = decoder.decode(bytes.subarray(HEADER_V1 + historyLength))
  } catch {
    return { ok: false, reason: 'snapshot is not valid UTF-8' }
  }
  const h = parseHistory(historyText)
  if (typeof h === 'string') return { ok: false, reason: h }
  if (h.sequence !== expectedSequence) return sequenceMismatch(h.sequence, expectedSequence)
  const parsed = parseDocument(documentText)
  if (!parsed.ok) return { ok: false, reason: `document does not parse: ${parsed.error.message}` }
  return { ok: true, state: { document: parsed.document, history: restoredHistory(h), sequence: h.sequence } }
}

function decodeV2(bytes: Uint8Array, view: DataView, expectedSequence: number): DecodeSnapshotResult {
  if (bytes.length < HEADER_V2) return { ok: false, reason: 'snapshot header is truncated' }
  const columnsLength = view.getUint32(5, false)
  const structureLength = view.getUint32(9, false)
  if (HEADER_V2 + columnsLength + structureLength !== bytes.length) {
    return {
      ok: false,
      reason: `snapshot holds ${bytes.length} bytes, its header describes ${HEADER_V2 + columnsLength + structureLength}`,
    }
  }
  let structure: string
  try {
    structure = decoder.decode(bytes.subarray(HEADER_V2 + columnsLength))
  } catch {
    return { ok: false, reason: 'snapshot structure is not valid UTF-8' }
  }
  const joined = decodeJsonColumns(structure, bytes.subarray(HEADER_V2, HEADER_V2 + columnsLength))
  if (!joined.ok) return { ok: false, reason: `snapshot numbers: ${joined.reason}` }
  const value = joined.value as { history?: unknown; document?: unknown } | null
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'snapshot value is not an object { history, document }' }
  }
  const h = checkHistory(value.history)
  if (typeof h === 'string') return { ok: false, reason: h }
  if (h.sequence !== expectedSequence) return sequenceMismatch(h.sequence, expectedSequence)
  const built = documentFromJson(value.document)
  if (!built.ok) return { ok: false, reason: `document does not parse: ${built.error.message}` }
  return { ok: true, state: { document: built.document, history: restoredHistory(h), sequence: h.sequence } }
}

/**
 * Decodes snapshot bytes written by {@link encodeSnapshot} (format 2) or by earlier versions
 * (format 1); `expectedSequence` (the snapshot row's sequence) must match the recorded one.
 * Never throws: unusable bytes give `ok: false` with the reason.
 */
export function decodeSnapshot(bytes: Uint8Array, expectedSequence: number): DecodeSnapshotResult {
  if (bytes.length < 5 || MAGIC.some((m, i) => bytes[i] !== m)) {
    return { ok: false, reason: 'not a replay snapshot (magic WTRS missing)' }
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes[4] === 1) return decodeV1(bytes, view, expectedSequence)
  if (bytes[4] === 2) return decodeV2(bytes, view, expectedSequence)
  return { ok: false, reason: `unsupported replay snapshot format version ${bytes[4]}` }
}
