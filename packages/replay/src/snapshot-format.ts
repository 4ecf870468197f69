/**
 * What replay stores in a snapshot (the uncompressed bytes handed to io-services, which frames,
 * compresses and checks them): the history METADATA (groups' ids, labels and sequence ranges, the
 * open group, a pending label) next to the serialized document, so opening restores the undo
 * stack without reading the log. Layout: magic `WTRS`, format version byte, u32 big-endian length
 * of the history JSON, the history JSON, then the document JSON (vector-model's deterministic form).
 */
import { parseDocument, serializeDocument } from '@wiretuner/vector-model'
import type { History, ReplayState, UndoGroup } from './state.js'

/** Snapshot payload format version written by this code. */
export const SNAPSHOT_FORMAT_VERSION = 1
const MAGIC = [0x57, 0x54, 0x52, 0x53] // "WTRS"
const HEADER = 9

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

/** Serializes a state for a snapshot (deterministic: the same state gives the same bytes). */
export function encodeSnapshot(state: ReplayState): Uint8Array {
  const h = state.history
  const json: HistoryJson = {
    sequence: state.sequence,
    undo: h.undoStack.map(row),
    redo: h.redoStack.map(row),
    ...(h.openGroupId === undefined ? {} : { open: h.openGroupId }),
    ...(h.pendingLabel === undefined
      ? {}
      : { pending: { groupId: h.pendingLabel.groupId, label: h.pendingLabel.label } }),
  }
  const history = encoder.encode(JSON.stringify(json))
  const document = encoder.encode(serializeDocument(state.document))
  const out = new Uint8Array(HEADER + history.length + document.length)
  out.set(MAGIC, 0)
  out[4] = SNAPSHOT_FORMAT_VERSION
  new DataView(out.buffer).setUint32(5, history.length, false)
  out.set(history, HEADER)
  out.set(document, HEADER + history.length)
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

/**
 * Decodes snapshot bytes written by {@link encodeSnapshot}; `expectedSequence` (the snapshot
 * row's sequence) must match the recorded one. Never throws.
 */
export function decodeSnapshot(bytes: Uint8Array, expectedSequence: number): DecodeSnapshotResult {
  if (bytes.length < HEADER || MAGIC.some((m, i) => bytes[i] !== m)) {
    return { ok: false, reason: 'not a replay snapshot (magic WTRS missing)' }
  }
  if (bytes[4] !== SNAPSHOT_FORMAT_VERSION) {
    return { ok: false, reason: `unsupported replay snapshot format version ${bytes[4]}` }
  }
  const historyLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(5, false)
  if (HEADER + historyLength > bytes.length)
    return { ok: false, reason: 'history length exceeds the snapshot' }
  let historyText: string
  let documentText: string
  try {
    historyText = decoder.decode(bytes.subarray(HEADER, HEADER + historyLength))
    documentText = decoder.decode(bytes.subarray(HEADER + historyLength))
  } catch {
    return { ok: false, reason: 'snapshot is not valid UTF-8' }
  }
  const h = parseHistory(historyText)
  if (typeof h === 'string') return { ok: false, reason: h }
  if (h.sequence !== expectedSequence) {
    return {
      ok: false,
      reason: `snapshot records sequence ${h.sequence} but is stored at ${expectedSequence}`,
    }
  }
  const parsed = parseDocument(documentText)
  if (!parsed.ok) return { ok: false, reason: `document does not parse: ${parsed.error.message}` }
  const history: History = {
    undoStack: h.undo.map(group),
    redoStack: h.redo.map(group),
    ...(h.open === undefined ? {} : { openGroupId: h.open }),
    ...(h.pending === undefined
      ? {}
      : { pendingLabel: { groupId: h.pending.groupId, label: h.pending.label } }),
  }
  return { ok: true, state: { document: parsed.document, history, sequence: h.sequence } }
}
