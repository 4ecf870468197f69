/**
 * @wiretuner/replay: the engine that turns WireTuner event logs into documents and records what
 * users do: document sessions (snapshot policy, time travel, undo/redo), playback, the sampler,
 * undo groups and the snapshot audit. The fold, the time-travel engine and the replay state's
 * JSON codec are the `./advanced` entry; playback's timing rule alone is `./playback-timing`.
 */

export type { BackgroundPreparationOptions, TimeTravelPreparation } from './background-preparation.js'
export type { Clock, ManualScheduler, Scheduler, TimerHandle } from './clock.js'
export { createManualScheduler, systemScheduler } from './clock.js'
export type { ReplayErrorCode } from './errors.js'
export { isReplayError, ReplayError } from './errors.js'
export { touchedObjectIds } from './event-effects.js'
export type { HistoryIndexOptions, HistoryIndexReport } from './history-index.js'
export { DEFAULT_HISTORY_INDEX_SHARE } from './history-index.js'
export { createSession, openSession } from './open-session.js'
export type { Playback, PlaybackListener, PlaybackOptions, PlaybackSource } from './playback.js'
export { createPlayback, playbackSpeeds } from './playback.js'
export type { RenderCacheOptions, RenderCacheReport } from './render-caches.js'
export type { PushOptions, Sampler, SamplerOptions } from './sampler.js'
export { createSampler } from './sampler.js'
export type { MergeRule, SampleableEvent } from './sampler-rules.js'
export { sampledEventTypes } from './sampler-rules.js'
export { DocumentSession } from './session.js'
export type {
  LoadReport,
  NewDocumentParams,
  SessionEventInit,
  SessionListener,
  SessionOptions,
  SnapshotScheduling,
} from './session-options.js'
export type { SnapshotMismatch, SnapshotMismatchCode } from './snapshot-audit.js'
export { auditSnapshots } from './snapshot-audit.js'
export type { DecodeReplayStateCode } from './snapshot-format.js'
export type {
  History,
  ReplayProblem,
  ReplayProblemKind,
  ReplayState,
  UndoConflict,
  UndoGroup,
  UserHistory,
} from './state.js'
export { userHistory } from './state.js'
export type { RenderedThumbnail, Thumbnail, ThumbnailRenderer } from './thumbnails.js'
export { MAX_THUMBNAIL_BYTES } from './thumbnails.js'
export type {
  SkippedHistoryEntry,
  SkippedHistoryEntryCode,
  SkippedSnapshot,
  SkippedSnapshotCode,
} from './time-travel.js'
export type { RecordedUndoGroup } from './undo-groups.js'
export { collectUndoGroups, DEFAULT_HISTORY_DEPTH, UndoGroupCollector, undoGroupOf } from './undo-groups.js'
