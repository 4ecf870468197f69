/**
 * `@wiretuner/replay/testing`: the one simulator of the workspace. A seeded simulated user
 * (what a user does next, given the live document) plays a realistic editing session on an
 * {@link EditorPort}; the recording editor implements the port over a `DocumentSession` (end-to-end
 * runs, the demo's `simulate`) or over a storage-free {@link LogRecorder} (valid raw logs of any
 * length for tests and benchmarks: {@link simulatedLog}, {@link simulatedStream}). Also the one
 * seeded PRNG ({@link createRandom}). Browser-safe. Not for production use.
 */

export type { EditorPort, LiveStructure, SimEvent } from './simulator/editor-port.js'
export type { LogRecorderOptions } from './simulator/log-recorder.js'
export { LogRecorder } from './simulator/log-recorder.js'
export type { PlayedSession } from './simulator/play-session.js'
export { playSimulatedSession, simulationClock } from './simulator/play-session.js'
export type { Random } from './simulator/random.js'
export { createRandom } from './simulator/random.js'
export type { EditorStats, EditorTarget, RecordingEditor } from './simulator/recording-editor.js'
export { createRecordingEditor } from './simulator/recording-editor.js'
export type { ActionName, SessionScriptOptions } from './simulator/session-script.js'
export { ACTION_WEIGHTS, SessionScript } from './simulator/session-script.js'
export type { SimulatedLogOptions } from './simulator/simulated-log.js'
export { SIMULATION_EPOCH_MS, simulatedLog, simulatedStream } from './simulator/simulated-log.js'
