/**
 * @wiretuner/replay: the engine that turns WireTuner event logs into documents and records what
 * users do: reducer, document session, snapshot policy, time travel, playback, sampler, undo/redo.
 */

export type { BackgroundPreparationOptions, TimeTravelPreparation } from './background-preparation.js'
export type { Clock, ManualScheduler, Scheduler, TimerHandle } from './clock.js'
export { createManualScheduler, systemScheduler } from './clock.js'
export type { ReplayErrorCode } from './errors.js'
export { isReplayError, ReplayError } from './errors.js'
export { applyEffect } from './event-effects.js'
export type { FoldOptions } from './fold.js'
export { Folder, foldEvents, reduce } from './fold.js'
export type { HistoryIndexOptions, HistoryIndexReport } from './history-index.js'
export { DEFAULT_HISTORY_INDEX_SHARE } from './history-index.js'
export { createSession, openSession } from './open-session.js'
export type { Playback, PlaybackListener, PlaybackOptions, PlaybackSource } from './playback.js'
export { createPlayback, playbackSpeeds } from './playback.js'
export type { PlaybackTimeline, PlayheadTime } from './playback-timing.js'
export { advancePlayhead, DEFAULT_MAX_GAP_MS, gapBefore } from './playback-timing.js'
export type { PushOptions, Sampler, SamplerOptions } from './sampler.js'
export { createSampler } from './sampler.js'
export type { MergeRule, SampleableEvent } from './sampler-rules.js'
export { mergeRules, sampledEventTypes } from './sampler-rules.js'
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
export type { DecodeReplayStateCode, DecodeReplayStateResult } from './snapshot-format.js'
export {
  decodeReplayState,
  encodeReplayState,
  REPLAY_STATE_FORMAT,
  REPLAY_STATE_FORMAT_VERSION,
} from './snapshot-format.js'
export type { History, ReplayProblem, ReplayProblemKind, ReplayState, UndoGroup } from './state.js'
export { EMPTY_HISTORY, initialState } from './state.js'
export type {
  FoldBase,
  SkippedHistoryEntry,
  SkippedHistoryEntryCode,
  SkippedSnapshot,
  SkippedSnapshotCode,
  StoredFold,
  TimeTravelOptions,
} from './time-travel.js'
export { TimeTravel } from './time-travel.js'
export type { RecordedUndoGroup } from './undo-groups.js'
export { collectUndoGroups, DEFAULT_HISTORY_DEPTH, UndoGroupCollector, undoGroupOf } from './undo-groups.js'
