/**
 * The sync server on a real socket: an HTTP server with a `ws` WebSocketServer, a thin adapter
 * over {@link SyncServerCore}. Binds to loopback (127.0.0.1) unless told otherwise. Origin rule:
 * a request without an `Origin` header (not a browser) is accepted; a browser's `Origin` must be
 * in the allow-list (default: any port of http(s)://127.0.0.1, localhost and [::1]), else the
 * upgrade is refused with HTTP 403. Frames above twice the message limit are cut off by `ws`
 * itself (close 1009); smaller oversized ones get the core's `message-too-large` error.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type RawData, WebSocketServer } from 'ws'
import { SyncError } from '../errors.js'
import { SyncServerCore, type SyncServerCoreOptions } from './sync-server.js'

/** Options of {@link startSyncServer}. */
export interface SyncServerOptions extends SyncServerCoreOptions {
  /** Port; 0 (default) picks a free one. */
  readonly port?: number
  /** Interface to bind. Default `127.0.0.1` (loopback only). */
  readonly host?: string
  /** Browser origins allowed to connect (exact `scheme://host:port`); default: loopback origins. */
  readonly allowedOrigins?: readonly string[]
}

/** A running server. */
export interface RunningSyncServer {
  /** `ws://host:port`. */
  readonly url: string
  readonly port: number
  /** The protocol engine (stats, loaded documents). */
  readonly core: SyncServerCore
  /** Closes every connection, the listener and the store. */
  close(): Promise<void>
}

const LOOPBACK_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/

function originAllowed(request: IncomingMessage, allowed: readonly string[] | undefined): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return true
  return allowed === undefined ? LOOPBACK_ORIGIN.test(origin) : allowed.includes(origin)
}

function textOf(data: RawData, isBinary: boolean): { text: unknown; bytes: number } {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
  return { text: isBinary ? buffer : buffer.toString('utf8'), bytes: buffer.length }
}

/** Starts the sync server; resolves when it listens. */
export async function startSyncServer(options: SyncServerOptions): Promise<RunningSyncServer> {
  const port = options.port ?? 0
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new SyncError('invalid-option', `port ${port} is not 0..65535`)
  const core = new SyncServerCore(options)
  const http: Server = createServer((_request, response) => {
    response
      .writeHead(426, { 'content-type': 'text/plain' })
      .end('WireTuner sync server: connect with a WebSocket\n')
  })
  const wss = new WebSocketServer({
    server: http,
    maxPayload: core.maxMessageBytes * 2,
    verifyClient: (
      info: { req: IncomingMessage },
      done: (ok: boolean, status?: number, message?: string) => void,
    ) =>
      originAllowed(info.req, options.allowedOrigins) ? done(true) : done(false, 403, 'origin not allowed'),
  })
  wss.on('connection', (socket) => {
    const handle = core.accept({
      send: (text) => socket.send(text),
      close: (code, reason) => socket.close(code, reason),
    })
    socket.on('message', (data, isBinary) => {
      const { text, bytes } = textOf(data, isBinary)
      handle.message(text, bytes)
    })
    socket.on('close', () => handle.closed())
    socket.on('error', () => socket.terminate())
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    http.once('error', (cause) =>
      reject(
        new SyncError('invalid-option', `cannot listen on ${host}:${port}: ${cause.message}`, { cause }),
      ),
    )
    http.listen(port, host, () => resolve())
  })
  const bound = (http.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `ws://${shownHost}:${bound}`,
    port: bound,
    core,
    async close() {
      await core.close()
      for (const client of wss.clients) client.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}
