/**
 * Snapshot content against the log: a snapshot whose frame is intact (gzip CRC, JSON, a valid
 * document at the right sequence) can still hold a state that is not the log's (a blob copied
 * from another row, a bug, a restore of the wrong backup), and loading trusts it. The audit folds
 * the log once from the first event and compares each snapshot's document with the fold's at its
 * sequence (the canonical serialization, so equal documents compare equal). It costs one full
 * replay: validation, not every open.
 */
import type { DocumentStorage } from '@wiretuner/io-services'
import { serializeDocument } from '@wiretuner/vector-model'
import { Folder } from './fold.js'
import { type DecodeReplayStateCode, decodeReplayState } from './snapshot-format.js'
import { initialState } from './state.js'

/**
 * Why a snapshot is not the log's state at its sequence: its bytes are not a replay state of it
 * (a {@link DecodeReplayStateCode}), or they hold a document other than the log's (`different-document`).
 */
export type SnapshotMismatchCode = DecodeReplayStateCode | 'different-document'

/** A snapshot that is not the log's state at its sequence: a code to switch on and a message. */
export interface SnapshotMismatch {
  readonly snapshotId: number
  readonly eventSequence: number
  readonly code: SnapshotMismatchCode
  readonly reason: string
}

/** Compares every usable snapshot of `documentId` with a full replay of its log; see the module comment. */
export function auditSnapshots(storage: DocumentStorage, documentId: string): readonly SnapshotMismatch[] {
  const listed = storage.listSnapshots(documentId).filter((s) => Number.isSafeInteger(s.eventSequence))
  if (listed.length === 0) return []
  const wanted = new Set(listed.map((s) => s.eventSequence))
  const last = Math.max(...wanted)
  // the log's documents at the snapshot sequences, serialized (a missing row leaves the state as it was)
  const expected = new Map<number, string>()
  const folder = new Folder(initialState(documentId))
  const record = (upTo: number): void => {
    for (const s of wanted)
      if (s <= upTo && !expected.has(s)) expected.set(s, serializeDocument(folder.state().document))
  }
  for (const item of storage.readEvents(documentId, { from: 0, to: last })) {
    const at = item.kind === 'gap' ? item.from : item.sequence
    if (Number.isSafeInteger(at)) record(at - 1)
    if (item.kind === 'event') folder.apply(item.event)
    else if (item.kind === 'invalid' && Number.isSafeInteger(item.sequence)) folder.skip(item.sequence)
    else if (item.kind === 'gap') folder.skip(item.to)
  }
  record(last)
  const mismatches: SnapshotMismatch[] = []
  let limit = Number.MAX_SAFE_INTEGER
  // newest first, each snapshot decoded once (those whose frame fails are the report's own finding)
  for (;;) {
    const snap = storage.loadLatestSnapshot(documentId, { atOrBefore: limit }).snapshot
    if (snap === undefined) break
    const decoded = decodeReplayState(snap.data, snap.eventSequence)
    if (!decoded.ok) {
      // an intact frame around bytes that are not this sequence's replay state (loading skips it)
      mismatches.push({
        snapshotId: snap.snapshotId,
        eventSequence: snap.eventSequence,
        code: decoded.code,
        reason: `snapshot ${snap.snapshotId} at sequence ${snap.eventSequence} is not a replay state of it (${decoded.code}: ${decoded.reason})`,
      })
    } else if (serializeDocument(decoded.state.document) !== expected.get(snap.eventSequence)) {
      mismatches.push({
        snapshotId: snap.snapshotId,
        eventSequence: snap.eventSequence,
        code: 'different-document',
        reason: `snapshot ${snap.snapshotId} at sequence ${snap.eventSequence} holds a document other than the log's at that sequence`,
      })
    }
    limit = snap.eventSequence - 1
    if (limit < 0) break
  }
  return mismatches
}
