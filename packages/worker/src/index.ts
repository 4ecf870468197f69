/**
 * @wiretuner/worker: the WireTuner engine in a dedicated Web Worker. The main thread calls
 * {@link connectEngine} on a Worker whose module runs `serveEngine(self)` (entry
 * `@wiretuner/worker/worker`) and drives replay sessions over `.wiretuner` files in the Origin
 * Private File System through a typed async client; failures keep their engine error class and code.
 */

export type { EngineCall, EngineWorker } from './client.js'
export { connectEngine, EngineClient } from './client.js'
export type { RemoteErrorInfo } from './error-wire.js'
export type { WorkerErrorCode } from './errors.js'
export { isWorkerError, WorkerError } from './errors.js'
export type {
  DispatchResult,
  EngineOp,
  EngineOps,
  EngineReply,
  EngineRequest,
  ImportResult,
  OpenedSession,
  OpenSessionOptions,
  SessionSummary,
  WireError,
  WireErrorKind,
} from './protocol.js'
export { EngineSession } from './session-client.js'
