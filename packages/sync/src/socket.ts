/**
 * The one thing the client needs from a connection: the subset of the WebSocket API that the
 * browser's global `WebSocket` and the `ws` package's `WebSocket` share (text frames only), so the
 * client runs unchanged in both, and an in-process transport can stand in for tests.
 */

/** A connection as the client uses it (see the module comment). */
export interface SyncSocket {
  /** 0 connecting, 1 open, 2 closing, 3 closed (the WebSocket values). */
  readonly readyState: number
  send(text: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { readonly data: unknown }) => void) | null
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
}

/** Opens a new connection to `url` (e.g. `(url) => new WebSocket(url)`). */
export type SocketFactory = (url: string) => SyncSocket

/** `readyState` of an open socket. */
export const SOCKET_OPEN = 1
