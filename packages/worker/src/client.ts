/**
 * The main-thread side of the engine protocol: {@link connectEngine} wraps a dedicated Worker
 * that runs `serveEngine` into a typed async client. Each call posts one request with a fresh
 * id and resolves with the reply of that id; file bytes are transferred, not copied. Failures
 * reject with the engine's own error classes and codes (`StorageError`, `ReplayError`,
 * `EventSchemaError`) or a {@link WorkerError} for the boundary itself. Nothing here blocks: all
 * SQLite and replay work happens in the Worker.
 */

import type { NewDocumentParams } from '@wiretuner/replay'
import { fromWireError } from './error-wire.js'
import { WorkerError } from './errors.js'
import type { EngineOp, EngineOps, EngineReply, ImportResult, OpenSessionOptions } from './protocol.js'
import { EngineSession } from './session-client.js'

type MessageListener = (event: { readonly data: unknown }) => void

type ErrorListener = (event: { readonly message?: string }) => void

/** The part of a `Worker` the client uses (typed without the DOM library). */
export interface EngineWorker {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void
  addEventListener(type: 'message', listener: MessageListener): void
  addEventListener(type: 'error', listener: ErrorListener): void
  terminate(): void
}

interface Pending {
  readonly resolve: (value: unknown) => void
  readonly reject: (error: Error) => void
}

/** Sends one request and resolves with its reply value (used by {@link EngineSession}). */
export type EngineCall = <K extends EngineOp>(
  op: K,
  args: EngineOps[K]['args'],
  transfer?: ArrayBuffer[],
) => Promise<EngineOps[K]['value']>

/** A typed client of one engine Worker; see the module comment. */
export class EngineClient {
  readonly #worker: EngineWorker
  readonly #pending = new Map<number, Pending>()
  #nextId = 1
  #failure: WorkerError | undefined

  /** @internal Use {@link connectEngine}. */
  constructor(worker: EngineWorker) {
    this.#worker = worker
    worker.addEventListener('message', (event) => this.#receive(event.data as EngineReply))
    worker.addEventListener('error', (event) =>
      this.#fail(
        new WorkerError(
          'worker-failed',
          `the engine Worker failed: ${event.message ?? 'unknown error (see the console)'}`,
        ),
      ),
    )
  }

  /** Sends one request; see {@link EngineCall}. */
  readonly call: EngineCall = (op, args, transfer = []) => {
    if (this.#failure !== undefined) return Promise.reject(this.#failure)
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      this.#worker.postMessage({ ...args, id, op }, transfer)
    })
  }

  /** The names of the `.wiretuner` files in this origin's OPFS, sorted. */
  list(): Promise<readonly string[]> {
    return this.call('list', {})
  }

  /**
   * Stores a `.wiretuner` file's bytes in OPFS as `name` (typed errors as opening it on Node:
   * `not-sqlite`, `not-wiretuner`, `newer-format`, `corrupt`...; an existing `name` is refused).
   * The bytes' buffer is transferred to the Worker (detached here) when the view covers all of it;
   * otherwise the bytes are copied first.
   */
  import(name: string, bytes: Uint8Array): Promise<ImportResult> {
    const whole =
      bytes.byteOffset === 0 &&
      bytes.byteLength === bytes.buffer.byteLength &&
      bytes.buffer instanceof ArrayBuffer
    const sent = whole ? bytes : bytes.slice()
    return this.call('import', { name, bytes: sent }, [sent.buffer as ArrayBuffer])
  }

  /** The bytes of the OPFS file `name` as a `.wiretuner` file for disk (Node opens them). */
  export(name: string): Promise<Uint8Array> {
    return this.call('export', { name })
  }

  /** Deletes the OPFS file `name` (it must not be open). */
  async delete(name: string): Promise<void> {
    await this.call('delete', { name })
  }

  /** Creates a document in the OPFS file `name` (the file is created when missing) and opens a session on it. */
  async create(
    name: string,
    document: NewDocumentParams = {},
    options: OpenSessionOptions = {},
  ): Promise<EngineSession> {
    return new EngineSession(this.call, await this.call('create', { name, document, options }))
  }

  /** Opens a document of the existing OPFS file `name` (by default its only document). */
  async open(name: string, options: OpenSessionOptions = {}): Promise<EngineSession> {
    return new EngineSession(this.call, await this.call('open', { name, options }))
  }

  /**
   * Terminates the Worker (as closing the tab would; sessions are not flushed: close them
   * first). Pending and later requests reject with `worker-closed`.
   */
  terminate(): void {
    this.#fail(new WorkerError('worker-closed', 'the engine client was terminated'))
    this.#worker.terminate()
  }

  #receive(reply: EngineReply): void {
    const pending = this.#pending.get(reply.id)
    if (pending === undefined) return
    this.#pending.delete(reply.id)
    if (reply.ok) pending.resolve(reply.value)
    else pending.reject(fromWireError(reply.error))
  }

  #fail(error: WorkerError): void {
    this.#failure ??= error
    for (const pending of this.#pending.values()) pending.reject(this.#failure)
    this.#pending.clear()
  }
}

/** A typed client of `worker`, a dedicated Worker whose module calls `serveEngine(self)`. */
export function connectEngine(worker: EngineWorker): EngineClient {
  return new EngineClient(worker)
}
