/**
 * The Worker side of the engine protocol: {@link serveEngine} answers the requests a
 * `connectEngine` client posts to this Worker. Requests run one after another in arrival order
 * (each sees the effects of the ones before it); every request gets exactly one reply, and a
 * failure is sent as a wire error (error-wire.ts), never left unanswered.
 */
import { type OpfsSetupOptions, preloadOpfsStorage, setupOpfsStorage } from '@wiretuner/io-services/browser'
import { EngineHost } from './engine-host.js'
import { toWireError } from './error-wire.js'
import type { EngineReply } from './protocol.js'
import { checkRequest, requestId } from './request-check.js'
import { warmUpEngine } from './warm-up.js'

/**
 * The part of a dedicated Worker's global scope the engine uses (typed without the DOM library;
 * a `DedicatedWorkerGlobalScope`, i.e. `self` under TypeScript's `WebWorker` lib, satisfies it).
 */
export interface EngineScope {
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void
  postMessage(message: EngineReply, transfer: Transferable[]): void
}

/** What `postMessage` may transfer (here: the buffers of file bytes). */
type Transferable = ArrayBuffer

/** Options of {@link serveEngine}. */
export interface ServeEngineOptions {
  /** How the SQLite WASM module is loaded (io-services' `setupOpfsStorage`; default: `sqlite3.wasm` next to the bundle). */
  readonly sqlite?: OpfsSetupOptions
  /**
   * Warm up while no request has come yet (default true): once SQLite is loaded, run the open
   * path once on a scratch in-memory database (warm-up.ts), so that a Worker created ahead of its
   * first open (at page load) opens faster. It stops at the first request.
   */
  readonly warmUp?: boolean
}

/** Serves the engine protocol on `scope` (the Worker's `self`); call once when the Worker starts. */
export function serveEngine(scope: EngineScope, options: ServeEngineOptions = {}): void {
  if (options.sqlite !== undefined) setupOpfsStorage(options.sqlite)
  // the SQLite WASM load starts now, while the Worker waits for its first request (issue 13)
  const loaded = preloadOpfsStorage()
  let requested = false
  if (options.warmUp !== false) {
    void loaded.then((ok) => (ok ? warmUpEngine(() => !requested) : false))
  }
  const host = new EngineHost()
  let queue: Promise<void> = Promise.resolve()
  const answer = async (message: unknown): Promise<void> => {
    const id = requestId(message) ?? -1
    try {
      const { value, transfer } = await host.handle(checkRequest(message))
      scope.postMessage({ id, ok: true, value }, [...transfer])
    } catch (error) {
      scope.postMessage({ id, ok: false, error: toWireError(error) }, [])
    }
  }
  scope.addEventListener('message', (event) => {
    requested = true
    queue = queue.then(() => answer(event.data))
  })
}
