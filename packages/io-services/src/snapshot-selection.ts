/**
 * Picking and checking stored snapshots, shared by both stores: the newest snapshot that passes
 * its checks (reporting every newer one that does not), and the list of failing snapshots.
 */
import type { SnapshotCodec } from './gzip-codecs.js'
import { decodeSnapshot } from './snapshot-codec.js'
import type { SnapshotInfo, SnapshotLoadResult, SnapshotProblem } from './types.js'

/** A stored snapshot as a store hands it over: its row facts and its stored blob. */
export interface StoredSnapshot {
  readonly info: SnapshotInfo
  readonly blob: Uint8Array
}

/** How a store decodes its snapshots: the size limit and the gzip implementation. */
export interface SnapshotDecoding {
  readonly maxBytes: number
  readonly codec: SnapshotCodec
}

function check(
  candidate: StoredSnapshot,
  decoding: SnapshotDecoding,
): { data: Uint8Array } | SnapshotProblem {
  const { info, blob } = candidate
  if (!Number.isSafeInteger(info.eventSequence) || info.eventSequence < 0) {
    // a row edited behind the engine's back (2998.5): it names no state of the log
    return {
      snapshotId: info.snapshotId,
      eventSequence: info.eventSequence,
      code: 'corrupt-snapshot',
      reason: `sequence ${info.eventSequence} is not a non-negative integer`,
    }
  }
  const decoded = decodeSnapshot(blob, { ...decoding, compression: info.compression })
  if (decoded.ok) return { data: decoded.data }
  return {
    snapshotId: info.snapshotId,
    eventSequence: info.eventSequence,
    code: decoded.code,
    reason: decoded.reason,
  }
}

/** The first candidate (newest first) whose blob passes every check; the failing ones before it. */
export function latestGoodSnapshot(
  candidates: Iterable<StoredSnapshot>,
  decoding: SnapshotDecoding,
): SnapshotLoadResult {
  const skipped: SnapshotProblem[] = []
  for (const candidate of candidates) {
    const result = check(candidate, decoding)
    if ('data' in result) return { snapshot: { ...candidate.info, data: result.data }, skipped }
    skipped.push(result)
  }
  return { skipped }
}

/** Every candidate whose blob fails its checks, in the order given. */
export function snapshotProblems(
  candidates: Iterable<StoredSnapshot>,
  decoding: SnapshotDecoding,
): SnapshotProblem[] {
  const problems: SnapshotProblem[] = []
  for (const candidate of candidates) {
    const result = check(candidate, decoding)
    if (!('data' in result)) problems.push(result)
  }
  return problems
}
