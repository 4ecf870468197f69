/**
 * Options of a document session, their defaults, and what opening a document reports.
 */
import { type EventInit, newEventId } from '@wiretuner/event-schema'
import type { HistoryIndexOptions } from './history-index.js'
import type { RenderCacheOptions } from './render-caches.js'
import type { ReplayProblem, ReplayState } from './state.js'
import type { SkippedHistoryEntry, SkippedSnapshot } from './time-travel.js'

/** How snapshot writes are scheduled: now, in a microtask, or by a function of yours. */
export type SnapshotScheduling = 'sync' | 'microtask' | ((task: () => void) => void)

/** Options of `openSession` and `createSession`. */
export interface SessionOptions {
  /**
   * Snapshot cadence: the state after sequence k × snapshotEvery − 1 is snapshotted (999, 1999, …
   * for the default 1000), wherever it falls in a dispatched batch.
   */
  readonly snapshotEvery?: number
  /**
   * Snapshots kept (newest first); older ones are pruned after each write, and so is every
   * off-cadence (close) snapshot older than the newest cadence one. Default 10.
   */
  readonly snapshotRetention?: number
  /** `close()` writes a snapshot when at least this many events follow the last one. Default 100. */
  readonly closeSnapshotMinTail?: number
  /** Compression of written snapshots. Default `gzip`. */
  readonly snapshotCompression?: 'gzip' | 'none'
  /** When snapshot writes run; default `microtask` (after the dispatch returns). */
  readonly snapshotScheduling?: SnapshotScheduling
  /** Undo groups kept. Default 200. */
  readonly historyDepth?: number
  /** In-memory time-travel checkpoints: distance (default 1000) and count (default 128). */
  readonly checkpointEvery?: number
  readonly maxCheckpoints?: number
  /** Clock and id source for the events the session creates (undo, redo, createEvent). */
  readonly now?: () => number
  /**
   * Event ids (default event-schema's `newEventId`: time-ordered UUIDv7); `createSession` also
   * takes a new document's id from it when given (else a random UUIDv4).
   */
  readonly newId?: () => string
  /** Envelope fields stamped on events made by {@link DocumentSession.createEvent}, undo and redo. */
  readonly userId?: string
  readonly sessionId?: string
  /**
   * The persistent history index (entries at snapshot cadence points that make time travel fast
   * anywhere in a long log): kept complete in the background by default on writable storages.
   */
  readonly historyIndex?: HistoryIndexOptions
  /**
   * The render caches (tessellations, the R*Tree of bounds) of storages that have them: kept by
   * default, written after a quiet delay, at close, or before a read.
   */
  readonly renderCaches?: RenderCacheOptions
}

/** What opening a document did: where it started, what was skipped and why. */
export interface LoadReport {
  readonly documentId: string
  /** Sequence of the stored state (snapshot or history index entry) the load started from; -1 for a full replay. */
  readonly snapshotSequence: number
  /** True when no usable snapshot existed and the whole log was replayed. */
  readonly fullReplay: boolean
  /** Where the load started: a snapshot, a history index entry, or the empty document. */
  readonly baseSource: 'snapshot' | 'history-index' | 'empty'
  /** Snapshots that were newer than the one used but failed their checks, newest first. */
  readonly skippedSnapshots: readonly SkippedSnapshot[]
  /** History index entries newer than the base that were stale or damaged (never used). */
  readonly skippedHistoryEntries: readonly SkippedHistoryEntry[]
  /** Events folded after the snapshot (applied, not counting skipped ones). */
  readonly eventsReplayed: number
  /** Events of the tail that were skipped: exact sequence, type and reason. */
  readonly problems: readonly ReplayProblem[]
  /** Sequence of the last event of the log (-1 for an empty log). */
  readonly sequence: number
  /**
   * True when the load wrote a snapshot of the head: it found no usable snapshot (or skipped bad
   * ones), replayed at least `snapshotEvery` events, and the storage is writable.
   */
  readonly wroteSnapshot: boolean
  readonly durationMs: number
}

/** An event as an editor writes it: `documentId`, `eventId`, `timestamp` may be left to the session. */
export type SessionEventInit = EventInit extends infer E
  ? E extends EventInit
    ? Omit<E, 'documentId'> & { readonly documentId?: string }
    : never
  : never

/** Listener of session state changes. */
export type SessionListener = (state: ReplayState) => void

/** Parameters of `createSession`. */
export interface NewDocumentParams {
  /** UUIDv4 of the document; generated when absent. */
  readonly documentId?: string
  readonly title?: string
  readonly author?: string
}

/** Options with their defaults applied. */
export interface ResolvedOptions {
  readonly snapshotEvery: number
  readonly snapshotRetention: number
  readonly closeSnapshotMinTail: number
  readonly snapshotCompression: 'gzip' | 'none'
  readonly schedule: (task: () => void) => void
  readonly now: () => number
  readonly newId: () => string
  readonly userId: string | undefined
  readonly sessionId: string | undefined
  readonly historyIndex: HistoryIndexOptions
  readonly renderCaches: RenderCacheOptions
}

/** Applies the defaults. */
export function resolveOptions(options: SessionOptions): ResolvedOptions {
  const s = options.snapshotScheduling ?? 'microtask'
  return {
    snapshotEvery: options.snapshotEvery ?? 1_000,
    snapshotRetention: options.snapshotRetention ?? 10,
    closeSnapshotMinTail: options.closeSnapshotMinTail ?? 100,
    snapshotCompression: options.snapshotCompression ?? 'gzip',
    schedule: s === 'sync' ? (task) => task() : s === 'microtask' ? (task) => queueMicrotask(task) : s,
    now: options.now ?? Date.now,
    newId: options.newId ?? (() => newEventId()),
    userId: options.userId,
    sessionId: options.sessionId,
    historyIndex: options.historyIndex ?? {},
    renderCaches: options.renderCaches ?? {},
  }
}
