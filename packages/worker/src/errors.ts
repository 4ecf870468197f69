/**
 * The one error class of the worker package: failures of the Worker boundary itself (the Worker
 * failed or was terminated, a request the Worker does not understand, an unknown session handle).
 * Failures of the engine inside the Worker arrive as the engine's own classes
 * (`StorageError`, `ReplayError`, `EventSchemaError`) with the same `code` as on Node.
 */

/** Every failure the worker package itself reports. */
export type WorkerErrorCode =
  /** The Worker failed to start or crashed (a script error, an out-of-memory kill...). */
  | 'worker-failed'
  /** The client was closed (or the Worker terminated) before the request was answered. */
  | 'worker-closed'
  /** A request the Worker cannot read: unknown `op`, missing or mistyped arguments. */
  | 'invalid-request'
  /** A session handle the Worker does not know (never opened, or closed). */
  | 'unknown-session'
  /** The Worker threw something that is not one of the engine's errors (a bug: see `cause`). */
  | 'internal'

/** Error raised by the worker package; `code` says which failure it is. */
export class WorkerError extends Error {
  /** Which failure this is. */
  readonly code: WorkerErrorCode

  /** Creates an error with a literal code, a precise message and an optional cause. */
  constructor(code: WorkerErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'WorkerError'
    this.code = code
  }
}

/** True when `value` is a {@link WorkerError} (optionally with the given code). */
export function isWorkerError(value: unknown, code?: WorkerErrorCode): value is WorkerError {
  return value instanceof WorkerError && (code === undefined || value.code === code)
}
