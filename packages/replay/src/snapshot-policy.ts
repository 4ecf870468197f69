/**
 * The snapshot policy shared by the session and `openSession`: where the cadence puts snapshots
 * (sequences k × snapshotEvery − 1, the seed's "every 1000 events") and how a written snapshot is
 * stored and the older ones pruned (keep the newest `retention`, and drop every off-cadence
 * snapshot older than the newest on-cadence one, so only the newest snapshot can be off cadence).
 */
import type { DocumentStorage, SnapshotInfo } from '@wiretuner/io-services'
import { encodeReplayState } from './snapshot-format.js'
import type { ReplayState } from './state.js'

/** What storing a snapshot needs to know. */
export interface SnapshotPolicy {
  readonly snapshotEvery: number
  readonly snapshotRetention: number
  readonly snapshotCompression: 'gzip' | 'none'
}

/** True when the state after `sequence` is a cadence snapshot: (sequence + 1) % every === 0. */
export function onCadence(sequence: number, every: number): boolean {
  return sequence >= 0 && (sequence + 1) % every === 0
}

/**
 * Ids of the snapshots to delete from `snapshots` (newest first): all beyond the newest
 * `retention`, and every off-cadence one older than the newest on-cadence one.
 */
export function snapshotsToPrune(
  snapshots: readonly SnapshotInfo[],
  every: number,
  retention: number,
): number[] {
  const newestOnCadence = snapshots.findIndex((s) => onCadence(s.eventSequence, every))
  return snapshots
    .filter(
      (s, i) =>
        i >= retention || (newestOnCadence >= 0 && i > newestOnCadence && !onCadence(s.eventSequence, every)),
    )
    .map((s) => s.snapshotId)
}

/**
 * Stores `state` as a snapshot (unless one at its sequence exists) and prunes by the policy;
 * `encoded` is given the snapshot's bytes (the history index reuses them). Returns the stored
 * snapshot's facts. Throws what the storage throws.
 */
export function storeSnapshot(
  storage: DocumentStorage,
  documentId: string,
  state: ReplayState,
  policy: SnapshotPolicy,
  encoded?: (bytes: Uint8Array) => void,
): SnapshotInfo {
  const existing = storage.listSnapshots(documentId)[0]
  if (existing !== undefined && existing.eventSequence === state.sequence) return existing
  const bytes = encodeReplayState(state)
  const info = storage.writeSnapshot(documentId, state.sequence, bytes, {
    compression: policy.snapshotCompression,
  })
  encoded?.(bytes)
  const prune = snapshotsToPrune(
    storage.listSnapshots(documentId),
    policy.snapshotEvery,
    policy.snapshotRetention,
  )
  if (prune.length > 0) storage.deleteSnapshots(documentId, prune)
  return info
}
