/**
 * The sync server's core, independent of the transport: it accepts connections (anything that
 * sends text and closes, see {@link ServerPeer}), runs the protocol on each and keeps one
 * {@link DocumentHub} per open document. Rules per connection: the first message must be a
 * `hello` with a valid token for the document (else `unauthorized` and close: no events, no
 * presence); every message is size-checked, rate-limited (token bucket) and decoded before use
 * (a malformed one closes that connection only); a connection silent for longer than the
 * heartbeat timeout is closed and its presence removed. A document no connection has used for
 * `unloadAfterMs` is unloaded (its queued work finished first, its file closed by the store) and
 * loaded again from the storage by the next `hello`. The WebSocket listener
 * (`websocket-listener.ts`) is a thin adapter over this.
 */
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import {
  type Access,
  CLOSE_CODES,
  type ClientMessage,
  type HelloMessage,
  PROTOCOL_VERSION,
  type PresenceState,
  type ServerErrorCode,
  type ServerMessage,
} from '../protocol.js'
import { decodeClientMessage, encodeMessage } from '../protocol-codec.js'
import { DocumentHub, type HubMember, type PushTiming } from './document-hub.js'
import type { DocumentStore } from './document-stores.js'
import { DEFAULT_RATE_LIMIT, type RateLimit, TokenBucket } from './rate-limit.js'
import { accessFor, checkSecret, verifyToken } from './tokens.js'

/** A connection as the server core uses it. */
export interface ServerPeer {
  send(text: string): void
  close(code: number, reason: string): void
}

/** What the transport reports to the core about one connection. */
export interface PeerHandle {
  /** A text frame arrived (`byteLength`: its size on the wire). */
  message(text: unknown, byteLength: number): void
  /** The connection closed. */
  closed(): void
}

/**
 * A way to learn that a process appended to a document (PostgreSQL LISTEN/NOTIFY): the listener
 * gets the document and, when known, its next sequence after the append.
 */
export type AppendNotifier = (listener: (documentId: string, nextSequence?: number) => void) => () => void

/** Options of {@link SyncServerCore}. */
export interface SyncServerCoreOptions {
  readonly store: DocumentStore
  /** The HMAC secret of the tokens (at least 16 bytes). */
  readonly secret: string | Uint8Array
  /** Largest message accepted, in bytes. Default 1 MiB. */
  readonly maxMessageBytes?: number
  /** Per-connection message rate. Default 100/s, bursts of 200. */
  readonly rateLimit?: RateLimit
  /** A connection silent (no message, not even `ping`) this long is closed. Default 30,000 ms. */
  readonly heartbeatTimeoutMs?: number
  /** Create a document on the first `hello` of a write token when it does not exist. Default true. */
  readonly createDocuments?: boolean
  /** Notifications of appends by other processes (the hub then reads and broadcasts them). */
  readonly onAppend?: AppendNotifier
  /** Called after each broadcast of a push (benchmarks). */
  readonly onPushTiming?: (timing: PushTiming) => void
  /** Clock (Unix ms) of token expiry and the heartbeat. Default `Date.now`. */
  readonly now?: () => number
  /**
   * Unload a document this long after its last connection closed (its hub's memory freed, its
   * file closed by the store); the next `hello` loads it again. Default 60,000 ms; `Infinity`
   * keeps every loaded document until the server closes.
   */
  readonly unloadAfterMs?: number
}

/** Counters of the server (tests, monitoring). */
export interface SyncServerStats {
  connections: number
  /** Documents unloaded after `unloadAfterMs` without a connection. */
  documentsUnloaded: number
  closedByRule: Record<ServerErrorCode, number>
}

interface Connection extends HubMember {
  hub: DocumentHub | undefined
  /** The document this connection's `hello` named (it keeps the document loaded). */
  documentId: string | undefined
  presence: PresenceState | undefined
  lastSeen: number
  readonly bucket: TokenBucket
  closed: boolean
  /** Messages handled one at a time, in arrival order. */
  queue: Promise<void>
}

/** The protocol engine of the sync server; see the module comment. */
export class SyncServerCore {
  readonly #options: SyncServerCoreOptions
  readonly #now: () => number
  readonly #hubs = new Map<string, Promise<DocumentHub>>()
  readonly #connections = new Map<Connection, ServerPeer>()
  /** Connections per document (from `hello` to close): a document at 0 is unloaded later. */
  readonly #users = new Map<string, number>()
  readonly #unloadTimers = new Map<string, ReturnType<typeof setTimeout>>()
  readonly #heartbeat: ReturnType<typeof setInterval>
  readonly #stopNotifications: (() => void) | undefined
  readonly stats: SyncServerStats = {
    connections: 0,
    documentsUnloaded: 0,
    closedByRule: Object.fromEntries(Object.keys(CLOSE_CODES).map((k) => [k, 0])) as Record<
      ServerErrorCode,
      number
    >,
  }
  #closing = false

  constructor(options: SyncServerCoreOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
    checkSecret(options.secret)
    const timeout = options.heartbeatTimeoutMs ?? 30_000
    this.#heartbeat = setInterval(() => this.#sweep(timeout), Math.max(50, timeout / 4))
    this.#heartbeat.unref?.()
    this.#stopNotifications = options.onAppend?.((documentId, nextSequence) => {
      void this.#hubs
        .get(documentId)
        ?.then((hub) => hub.refresh(nextSequence))
        .catch(() => undefined)
    })
  }

  /** Largest message accepted, in bytes. */
  get maxMessageBytes(): number {
    return this.#options.maxMessageBytes ?? 1024 * 1024
  }

  /** The loaded hub of `documentId` (tests: the server's state). */
  hub(documentId: string): Promise<DocumentHub> | undefined {
    return this.#hubs.get(documentId)
  }

  /** Starts serving `peer`; the transport reports its frames and its end to the returned handle. */
  accept(peer: ServerPeer): PeerHandle {
    const conn: Connection = {
      userId: '',
      sessionId: randomUUID(),
      access: 'read',
      hub: undefined,
      documentId: undefined,
      presence: undefined,
      lastSeen: this.#now(),
      bucket: new TokenBucket(this.#options.rateLimit ?? DEFAULT_RATE_LIMIT, this.#now),
      closed: false,
      queue: Promise.resolve(),
      send: (text) => {
        if (!conn.closed) peer.send(text)
      },
    }
    this.#connections.set(conn, peer)
    this.stats.connections++
    if (this.#closing) this.#refuse(conn, 'server-closing', 'the server is shutting down')
    return {
      message: (text, byteLength) => this.#frame(conn, text, byteLength),
      closed: () => this.#drop(conn),
    }
  }

  #frame(conn: Connection, text: unknown, byteLength: number): void {
    if (conn.closed) return
    conn.lastSeen = this.#now()
    if (byteLength > this.maxMessageBytes) {
      this.#refuse(conn, 'message-too-large', `${byteLength} bytes > ${this.maxMessageBytes}`)
      return
    }
    if (!conn.bucket.take()) {
      this.#refuse(conn, 'rate-limited', 'too many messages')
      return
    }
    const decoded = decodeClientMessage(text)
    if (!decoded.ok) {
      const code =
        decoded.error.code === 'unsupported-protocol' ? 'unsupported-protocol' : 'malformed-message'
      this.#refuse(conn, code, decoded.error.message)
      return
    }
    const receivedAt = performance.now()
    conn.queue = conn.queue
      .then(() => (conn.closed ? undefined : this.#handle(conn, decoded.message, receivedAt)))
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error)
        this.#refuse(conn, 'storage-failed', reason)
      })
  }

  async #handle(conn: Connection, message: ClientMessage, receivedAt: number): Promise<void> {
    if (conn.hub === undefined) {
      if (message.type !== 'hello')
        return this.#refuse(conn, 'unauthorized', `${message.type} before a valid hello`)
      return this.#hello(conn, message)
    }
    const hub = conn.hub
    switch (message.type) {
      case 'hello':
        return this.#refuse(conn, 'malformed-message', 'a second hello on the same connection')
      case 'catch-up': {
        const reply = await hub.catchUp(message.since, conn)
        this.#send(conn, reply)
        for (const other of hub.members) {
          const c = other as Connection
          if (c !== conn && c.presence !== undefined) {
            this.#send(conn, {
              type: 'presence',
              sessionId: c.sessionId,
              userId: c.userId,
              state: c.presence,
            })
          }
        }
        return
      }
      case 'push': {
        // queued in arrival order; not awaited, so the connection's next pushes join the same
        // group commit (the hub answers them in order)
        void hub.push(message.events, conn, receivedAt, this.#options.onPushTiming).then(
          (outcome) => {
            if (outcome.accepted.length > 0) this.#send(conn, { type: 'ack', accepted: outcome.accepted })
            for (const r of outcome.rejected) this.#send(conn, r)
          },
          (error: unknown) =>
            this.#refuse(conn, 'storage-failed', error instanceof Error ? error.message : String(error)),
        )
        return
      }
      case 'presence':
        conn.presence = message.state
        if (hub.members.has(conn)) {
          hub.relay(
            encodeMessage({
              type: 'presence',
              sessionId: conn.sessionId,
              userId: conn.userId,
              state: message.state,
            }),
            conn,
          )
        }
        return
      case 'ping':
        return this.#send(conn, { type: 'pong' })
    }
  }

  async #hello(conn: Connection, hello: HelloMessage): Promise<void> {
    const verified = verifyToken(hello.token, this.#options.secret, this.#now())
    if (!verified.ok)
      return this.#refuse(conn, 'unauthorized', `token refused: ${verified.problem}: ${verified.reason}`)
    const access: Access | undefined = accessFor(verified.claims, hello.documentId)
    if (access === undefined)
      return this.#refuse(conn, 'unauthorized', `the token does not grant document ${hello.documentId}`)
    const create = access === 'write' && (this.#options.createDocuments ?? true)
    if (conn.documentId === undefined) {
      conn.documentId = hello.documentId
      this.#use(hello.documentId, +1)
    }
    const hub = await this.#hubFor(hello.documentId, create ? verified.claims.userId : undefined)
    if (hub === undefined) return this.#refuse(conn, 'unknown-document', `no document ${hello.documentId}`)
    Object.assign(conn, { userId: verified.claims.userId, access })
    conn.hub = hub
    this.#send(conn, {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      documentId: hello.documentId,
      userId: conn.userId,
      sessionId: conn.sessionId,
      access,
      head: hub.head,
    })
  }

  async #hubFor(documentId: string, creator: string | undefined): Promise<DocumentHub | undefined> {
    const loaded = this.#hubs.get(documentId)
    if (loaded !== undefined) return loaded
    const storage = await this.#options.store.storageFor(documentId, creator !== undefined)
    if (storage === undefined) return undefined
    const again = this.#hubs.get(documentId) // another hello loaded it meanwhile
    if (again !== undefined) return again
    const hub = DocumentHub.load(documentId, storage, creator)
    this.#hubs.set(documentId, hub)
    hub.catch(() => this.#hubs.delete(documentId))
    return hub
  }

  /** Counts a connection using `documentId` in or out; at 0 the document's unload is scheduled. */
  #use(documentId: string, delta: 1 | -1): void {
    const users = (this.#users.get(documentId) ?? 0) + delta
    clearTimeout(this.#unloadTimers.get(documentId))
    this.#unloadTimers.delete(documentId)
    if (users > 0) {
      this.#users.set(documentId, users)
      return
    }
    this.#users.delete(documentId)
    const after = this.#options.unloadAfterMs ?? 60_000
    if (this.#closing || !Number.isFinite(after)) return
    const timer = setTimeout(() => void this.#unload(documentId).catch(() => undefined), Math.max(0, after))
    timer.unref?.()
    this.#unloadTimers.set(documentId, timer)
  }

  /** Unloads `documentId` when still unused after its queued work: see the module comment. */
  async #unload(documentId: string): Promise<void> {
    this.#unloadTimers.delete(documentId)
    const loading = this.#hubs.get(documentId)
    if (loading === undefined || this.#users.has(documentId) || this.#closing) return
    const hub = await loading
    await hub.idle()
    // a hello may have come in meanwhile: it counted itself in before loading
    if (this.#users.has(documentId) || this.#closing || this.#hubs.get(documentId) !== loading) return
    this.#hubs.delete(documentId)
    this.stats.documentsUnloaded++
    await this.#options.store.release?.(documentId)
  }

  #send(conn: Connection, message: ServerMessage): void {
    conn.send(encodeMessage(message))
  }

  /** Sends the error, closes the connection and counts the rule. */
  #refuse(conn: Connection, code: ServerErrorCode, reason: string): void {
    if (conn.closed) return
    this.#send(conn, { type: 'error', code, reason })
    this.stats.closedByRule[code]++
    const peer = this.#connections.get(conn)
    this.#drop(conn)
    peer?.close(CLOSE_CODES[code], code)
  }

  #drop(conn: Connection): void {
    if (conn.closed) return
    conn.closed = true
    this.#connections.delete(conn)
    if (conn.documentId !== undefined) this.#use(conn.documentId, -1)
    const hub = conn.hub
    if (hub === undefined) return
    const wasMember = hub.members.has(conn)
    hub.leave(conn)
    if (wasMember && conn.presence !== undefined) {
      hub.relay(encodeMessage({ type: 'presence-leave', sessionId: conn.sessionId, userId: conn.userId }))
    }
  }

  #sweep(timeout: number): void {
    const now = this.#now()
    for (const conn of [...this.#connections.keys()]) {
      if (now - conn.lastSeen > timeout)
        this.#refuse(conn, 'timeout', `no message for ${now - conn.lastSeen} ms`)
    }
  }

  /** Closes every connection (`server-closing`), waits for queued work, closes the store. */
  async close(): Promise<void> {
    if (this.#closing) return
    this.#closing = true
    clearInterval(this.#heartbeat)
    for (const timer of this.#unloadTimers.values()) clearTimeout(timer)
    this.#unloadTimers.clear()
    this.#stopNotifications?.()
    const queues = [...this.#connections.keys()].map((c) => c.queue)
    for (const conn of [...this.#connections.keys()])
      this.#refuse(conn, 'server-closing', 'the server is shutting down')
    await Promise.allSettled(queues)
    // pushes already accepted for a group commit are written before the store closes
    const hubs = await Promise.allSettled([...this.#hubs.values()])
    await Promise.allSettled(hubs.map((h) => (h.status === 'fulfilled' ? h.value.idle() : undefined)))
    this.#hubs.clear()
    await this.#options.store.close()
  }
}
