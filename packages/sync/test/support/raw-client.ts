/** A raw WebSocket client for protocol and security tests: sends anything, records everything. */
import WebSocket from 'ws'
import { decodeServerMessage, type ServerMessage } from '../../src/index.ts'
import { waitFor } from './fixtures.ts'

/** A connected raw client. */
export interface RawClient {
  readonly socket: WebSocket
  readonly messages: ServerMessage[]
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ readonly code: number; readonly reason: string }>
  send(message: unknown): void
  /** Waits for a message of `type` (after `afterIndex`) and returns it. */
  next<T extends ServerMessage['type']>(
    type: T,
    afterIndex?: number,
  ): Promise<Extract<ServerMessage, { type: T }>>
}

/** Connects to `url` (optionally with an Origin header); resolves when open. */
export async function rawClient(url: string, origin?: string): Promise<RawClient> {
  const socket = new WebSocket(url, origin === undefined ? {} : { origin })
  const messages: ServerMessage[] = []
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  socket.on('message', (data) => {
    const decoded = decodeServerMessage(data.toString())
    if (!decoded.ok) throw decoded.error
    messages.push(decoded.message)
  })
  socket.on('error', () => {})
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    socket.once('error', reject)
  })
  return {
    socket,
    messages,
    closed,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    async next(type, afterIndex = -1) {
      let found: ServerMessage | undefined
      await waitFor(
        () => {
          found = messages.find((m, i) => i > afterIndex && m.type === type)
          return found !== undefined
        },
        `a ${type} message`,
        5_000,
      )
      return found as never
    },
  }
}
