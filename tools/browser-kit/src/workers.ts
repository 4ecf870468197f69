/**
 * Helper Workers for browser suites, typed without the DOM library: a suite starts a helper
 * entry bundled next to it (`helpers` of `runBrowserSuite`) with {@link startHelperWorker} and
 * sends it requests; the helper answers with {@link answerRequests}. One request at a time per
 * Worker; a failure in the helper rejects the request with its message (and `code`, if any).
 */

interface MessageEventLike {
  readonly data: unknown
}

interface WorkerLike {
  onmessage: ((event: MessageEventLike) => void) | null
  onerror: ((event: { readonly message?: string }) => void) | null
  postMessage(message: unknown): void
  terminate(): void
}

type WorkerConstructor = new (url: string | URL, options: { type: 'module' }) => WorkerLike

/** A running helper Worker. */
export interface HelperWorker {
  /** Sends `message`; resolves with the helper's answer, rejects with its error. */
  request(message: unknown): Promise<unknown>
  /** Stops the Worker at once (as closing a tab would). */
  terminate(): void
}

/** An error a helper reported, with its `code` when it had one. */
export class HelperError extends Error {
  readonly code: string | undefined

  constructor(message: string, code: string | undefined) {
    super(message)
    this.name = 'HelperError'
    this.code = code
  }
}

type Reply =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string; readonly code?: string }

/** Starts the helper bundled as `<name>.js` next to the running suite. */
export function startHelperWorker(name: string): HelperWorker {
  const WorkerClass = (globalThis as unknown as { Worker: WorkerConstructor }).Worker
  const base = (globalThis as unknown as { location: { href: string } }).location.href
  const worker = new WorkerClass(new URL(`./${name}.js`, base), { type: 'module' })
  return {
    request: (message) =>
      new Promise((resolve, reject) => {
        worker.onmessage = (event) => {
          const reply = event.data as Reply
          if (reply.ok) resolve(reply.value)
          else reject(new HelperError(reply.message, reply.code))
        }
        worker.onerror = (event) =>
          reject(new HelperError(event.message ?? 'the helper Worker failed', undefined))
        worker.postMessage(message)
      }),
    terminate: () => worker.terminate(),
  }
}

/** In a helper Worker: answers each request with `handler`'s result (or its error). */
export function answerRequests(handler: (message: unknown) => unknown): void {
  const scope = globalThis as unknown as {
    onmessage: ((event: MessageEventLike) => void) | null
    postMessage(message: Reply): void
  }
  scope.onmessage = (event) => {
    Promise.resolve()
      .then(() => handler(event.data))
      .then(
        (value) => scope.postMessage({ ok: true, value }),
        (error: unknown) => {
          const code = (error as { code?: unknown } | null)?.code
          scope.postMessage({
            ok: false,
            message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
            ...(typeof code === 'string' ? { code } : {}),
          })
        },
      )
  }
}
