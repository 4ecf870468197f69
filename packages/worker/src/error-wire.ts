/**
 * Errors across the Worker boundary: the Worker turns what a request threw into a
 * {@link WireError} (class, literal `code`, message, diagnostics); the client re-creates the same
 * class with the same `code` and message, so `error.code` switches work as on Node. The Worker's
 * name, stack and cause message are kept as the re-created error's `cause`.
 */
import { EventSchemaError, type EventSchemaErrorCode, type ValidationIssue } from '@wiretuner/event-schema'
import { StorageError, type StorageErrorCode, type StorageErrorDetails } from '@wiretuner/io-services'
import { ReplayError, type ReplayErrorCode } from '@wiretuner/replay'
import { WorkerError, type WorkerErrorCode } from './errors.js'
import type { WireError } from './protocol.js'

/** The Worker-side facts of a re-created error (its `cause`). */
export interface RemoteErrorInfo {
  readonly name: string
  readonly stack: string
  readonly cause?: string
}

function causeText(error: Error): string | undefined {
  const cause = (error as { cause?: unknown }).cause
  if (cause === undefined) return undefined
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)
}

function remoteOf(error: Error): RemoteErrorInfo {
  const cause = causeText(error)
  return { name: error.name, stack: error.stack ?? '', ...(cause === undefined ? {} : { cause }) }
}

/** In the Worker: the wire form of whatever a request threw. */
export function toWireError(error: unknown): WireError {
  if (error instanceof StorageError) {
    return {
      kind: 'storage',
      code: error.code,
      message: error.message,
      remote: remoteOf(error),
      extra: { details: error.details },
    }
  }
  if (error instanceof ReplayError) {
    return { kind: 'replay', code: error.code, message: error.message, remote: remoteOf(error) }
  }
  if (error instanceof EventSchemaError) {
    return {
      kind: 'event-schema',
      code: error.code,
      message: error.message,
      remote: remoteOf(error),
      extra: { issues: error.issues },
    }
  }
  if (error instanceof WorkerError) {
    return { kind: 'worker', code: error.code, message: error.message, remote: remoteOf(error) }
  }
  const described = error instanceof Error ? error : new Error(String(error))
  return {
    kind: 'worker',
    code: 'internal',
    message: `the engine Worker failed unexpectedly: ${described.name}: ${described.message}`,
    remote: remoteOf(described),
  }
}

/** On the main thread: the error a {@link WireError} stands for (same class, code and message). */
export function fromWireError(wire: WireError): Error {
  const options = { cause: wire.remote }
  switch (wire.kind) {
    case 'storage':
      return new StorageError(wire.code as StorageErrorCode, wire.message, {
        ...options,
        details: (wire.extra?.details ?? {}) as StorageErrorDetails,
      })
    case 'replay':
      return new ReplayError(wire.code as ReplayErrorCode, wire.message, options)
    case 'event-schema':
      return new EventSchemaError(wire.code as EventSchemaErrorCode, wire.message, {
        ...options,
        issues: (wire.extra?.issues ?? []) as readonly ValidationIssue[],
      })
    case 'worker':
      return new WorkerError(wire.code as WorkerErrorCode, wire.message, options)
  }
}
