/**
 * @wiretuner/replay: the engine that turns WireTuner event logs into documents and records what
 * users do: reducer, document session, snapshot policy, time travel, playback, sampler, undo/redo.
 */
export type { Clock, ManualScheduler, Scheduler, TimerHandle } from './clock.js'
export { createManualScheduler, systemScheduler } from './clock.js'
export type { ReplayErrorCode } from './errors.js'
export { isReplayError, ReplayError } from './errors.js'
export type { Playback, PlaybackListener, PlaybackOptions, PlaybackSource } from './playback.js'
export { createPlayback, playbackSpeeds } from './playback.js'
export type { PushOptions, Sampler, SamplerOptions } from './sampler.js'
export { createSampler } from './sampler.js'
export type { MergeRule, SampleableEvent } from './sampler-rules.js'
export { mergeRules, sampledEventTypes } from './sampler-rules.js'
