/**
 * The replay session behind the history viewer: a read-only session over the file with dense
 * in-memory checkpoints (a cached document every 250 events, at most 800 of them), which replay's
 * `prepareTimeTravelInBackground` lays down after the server starts, so any sequence the viewer
 * asks for is at most one short fold away. The same settings serve `wiretuner serve`, the server
 * tests and the scrubbing benchmark.
 */
import type { DocumentStorage } from '@wiretuner/io-services'
import {
  type BackgroundPreparationOptions,
  type DocumentSession,
  openSession,
  type TimeTravelPreparation,
} from '@wiretuner/replay'
import type { Document } from '@wiretuner/vector-model'

/** Most in-memory checkpoints the viewer keeps (about 75 MiB on a 100,000-event log). */
export const VIEWER_MAX_CHECKPOINTS = 800

/** Events folded per background slice, rounded to whole checkpoint distances (~4 ms of work). */
const SLICE_EVENTS = 500

/** Checkpoint distance for a log: at least `min`, and few enough checkpoints to fit `maxCheckpoints`. */
export function checkpointDistance(eventCount: number, maxCheckpoints: number, min = 250): number {
  return Math.max(min, Math.ceil(eventCount / Math.max(1, maxCheckpoints - 40)))
}

/** A read-only session for the viewer; see the module comment. */
export interface ViewerSession {
  readonly session: DocumentSession
  /** Distance between the session's in-memory checkpoints. */
  readonly checkpointEvery: number
  /**
   * Starts replay's background preparation of time travel. Its slices are whole checkpoint
   * distances, so every slice ends on a checkpoint and the cache holds exactly one checkpoint
   * every `checkpointEvery` events (no extra slice-end checkpoints to evict on long logs).
   */
  prepareInBackground(options?: Omit<BackgroundPreparationOptions, 'sliceEvents'>): TimeTravelPreparation
  /**
   * The document after `sequence`; a sequence past the session's head first folds the events
   * another writer appended since the session opened (the viewer follows a growing file).
   */
  documentAt(sequence: number): Document
}

/** Opens the viewer's session over `documentId` of `storage` (newest snapshot + tail). */
export function openViewerSession(storage: DocumentStorage, documentId: string): ViewerSession {
  const checkpointEvery = checkpointDistance(storage.eventCount(documentId), VIEWER_MAX_CHECKPOINTS)
  const session = openSession(storage, documentId, {
    checkpointEvery,
    maxCheckpoints: VIEWER_MAX_CHECKPOINTS,
  })
  const sliceEvents = checkpointEvery * Math.max(1, Math.round(SLICE_EVENTS / checkpointEvery))
  return {
    session,
    checkpointEvery,
    prepareInBackground: (options = {}) => session.prepareTimeTravelInBackground({ ...options, sliceEvents }),
    documentAt: (sequence) => {
      if (sequence > session.sequence) session.refresh()
      return session.documentAt(sequence)
    },
  }
}
