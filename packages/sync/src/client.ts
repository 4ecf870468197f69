/**
 * The sync client: the document a user edits, kept in step with a sync server. Edits apply
 * optimistically to the local state (`dispatch`, `undo`, `redo`: the `EditorTarget` contract of
 * replay's simulator and editors) and queue until the server acknowledges them; server events
 * rebase the queue (`client-log.ts`), and a pending event that no longer applies is reported to
 * `onDropped`, never lost silently. The connection reconnects with exponential backoff; offline,
 * editing goes on against the local state, and on reconnect the client catches up (events after
 * its last sequence) and then pushes what it holds (the server acknowledges an event it already
 * has again, by `eventId`: nothing is applied twice). Browser-safe: the socket comes from a
 * factory, by default the global `WebSocket`.
 */
import {
  createEvent,
  type DraftEvent,
  type EventInit,
  EventSchemaError,
  type WireTunerEvent,
} from '@wiretuner/event-schema'
import {
  type ReplayState,
  type SessionEventInit,
  type UndoConflict,
  type UserHistory,
  userHistory,
} from '@wiretuner/replay'
import type { Document } from '@wiretuner/vector-model'
import { ClientLog, type DroppedEvent } from './client-log.js'
import { SyncError } from './errors.js'
import { Listeners, type Unsubscribe } from './listeners.js'
import type { Access, AckedEvent, PresenceState, ServerErrorCode, ServerMessage } from './protocol.js'
import { PROTOCOL_VERSION } from './protocol.js'
import { decodeServerMessage, encodeMessage } from './protocol-codec.js'
import { SOCKET_OPEN, type SocketFactory, type SyncSocket } from './socket.js'

/** Where the client is: `connecting` (socket or hello), `syncing` (catching up), `synced`, `offline` (waiting to reconnect), `failed` (refused for good), `closed`. */
export type SyncStatus = 'connecting' | 'syncing' | 'synced' | 'offline' | 'failed' | 'closed'

/** Another client of the document, as its last presence message showed it. */
export interface Peer {
  readonly sessionId: string
  readonly userId: string
  readonly state: PresenceState
}

/** Options of {@link createSyncClient}. */
export interface SyncClientOptions {
  /** The server's WebSocket URL (`ws://127.0.0.1:PORT`). */
  readonly url: string
  readonly documentId: string
  /** The token (see the server's `createToken`), or a function giving a fresh one per connection. */
  readonly token: string | (() => string)
  /** Opens a socket; default `(url) => new WebSocket(url)` (the global WebSocket). */
  readonly socket?: SocketFactory
  /** The user the token names: stamped on events made before the first `welcome`. */
  readonly userId?: string
  /** First reconnection delay (doubles per attempt, with jitter). Default 100 ms. */
  readonly minReconnectDelayMs?: number
  /** Longest reconnection delay. Default 5000 ms. */
  readonly maxReconnectDelayMs?: number
  /** Interval of keep-alive pings. Default 10,000 ms. */
  readonly heartbeatMs?: number
  /** Jitter source in [0, 1). Default `Math.random`. */
  readonly random?: () => number
  /** Clock of event timestamps (Unix ms). Default `Date.now`. */
  readonly now?: () => number
  /** Source of event ids. Default event-schema's `newEventId`. */
  readonly newId?: () => string
}

/** Server error codes after which reconnecting cannot help. */
const FATAL: ReadonlySet<ServerErrorCode> = new Set([
  'unauthorized',
  'unsupported-protocol',
  'unknown-document',
])

/** A client of one document; see the module comment. Create it with {@link createSyncClient}. */
export class SyncClient {
  readonly documentId: string
  readonly #options: SyncClientOptions
  readonly #log: ClientLog
  readonly #change = new Listeners<ReplayState>()
  readonly #dropped = new Listeners<readonly DroppedEvent[]>()
  readonly #presence = new Listeners<ReadonlyMap<string, Peer>>()
  readonly #status = new Listeners<SyncStatus>()
  readonly #ack = new Listeners<readonly AckedEvent[]>()
  readonly #errors = new Listeners<SyncError>()
  readonly #conflicts = new Listeners<readonly UndoConflict[]>()
  readonly #confirmedEvents = new Listeners<readonly WireTunerEvent[]>()
  readonly #peers = new Map<string, Peer>()
  #socket: SyncSocket | undefined
  #statusValue: SyncStatus = 'connecting'
  #userId: string | undefined
  #sessionId: string | undefined
  #access: Access | undefined
  #caughtUp = false
  #flushQueued = false
  #attempt = 0
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined
  #heartbeat: ReturnType<typeof setInterval> | undefined
  #presenceState: PresenceState | undefined
  #lastError: SyncError | undefined

  constructor(options: SyncClientOptions) {
    this.documentId = options.documentId
    this.#options = options
    this.#userId = options.userId
    this.#log = new ClientLog(options.documentId)
    this.#connect()
  }

  // ---- state -------------------------------------------------------------------------------

  /** Connection status. */
  get status(): SyncStatus {
    return this.#statusValue
  }

  /** The user the server knows this client as (after `welcome`; else the `userId` option). */
  get userId(): string | undefined {
    return this.#userId
  }

  /** The session id of the current connection (undefined before the first `welcome`). */
  get sessionId(): string | undefined {
    return this.#sessionId
  }

  /** Access the token grants (undefined before the first `welcome`). */
  get access(): Access | undefined {
    return this.#access
  }

  /** The local state: the server's log with this client's pending events on top. */
  get state(): ReplayState {
    return this.#log.local
  }

  /** The local document. */
  get document(): Document {
    return this.#log.local.document
  }

  /** Sequence of the local state's last event (pending events count: provisional). */
  get sequence(): number {
    return this.#log.local.sequence
  }

  /** The state of the server's log as far as this client has seen it. */
  get confirmedState(): ReplayState {
    return this.#log.confirmed
  }

  /** Sequence of the last server event this client folded (-1 before any). */
  get confirmedSequence(): number {
    return this.#log.confirmedSequence
  }

  /** Events made here that the server has not confirmed yet, oldest first. */
  get pending(): readonly DraftEvent[] {
    return this.#log.pending
  }

  /** This client's user's undo/redo stacks in the local state (replay's per-user history). */
  get userHistory(): UserHistory {
    return userHistory(this.#log.local.history, this.#userId)
  }

  /** True when this client's user has a group to undo (other users' groups never count). */
  get canUndo(): boolean {
    return this.userHistory.undoStack.length > 0
  }

  /** True when this client's user has a group to redo. */
  get canRedo(): boolean {
    return this.userHistory.redoStack.length > 0
  }

  /** The other clients of the document by session id. */
  get peers(): ReadonlyMap<string, Peer> {
    return this.#peers
  }

  /** The last error the server sent or the connection reported. */
  get lastError(): SyncError | undefined {
    return this.#lastError
  }

  // ---- listeners ---------------------------------------------------------------------------

  /** Called with the local state after every change (local edit, server events, rebase). */
  onChange(listener: (state: ReplayState) => void): Unsubscribe {
    return this.#change.add(listener)
  }

  /**
   * Called with the server's events this client folded into its confirmed state, in sequence
   * order and each once (the catch-up included: a listener added before the first `welcome`
   * hears the whole log), before the `onChange` they cause. For a history of the shared log.
   */
  onConfirmed(listener: (events: readonly WireTunerEvent[]) => void): Unsubscribe {
    return this.#confirmedEvents.add(listener)
  }

  /** Called with pending events that were dropped (no longer applicable, or rejected by the server). */
  onDropped(listener: (dropped: readonly DroppedEvent[]) => void): Unsubscribe {
    return this.#dropped.add(listener)
  }

  /** Called with the peers after every presence change. */
  onPresence(listener: (peers: ReadonlyMap<string, Peer>) => void): Unsubscribe {
    return this.#presence.add(listener)
  }

  /** Called on every status change. */
  onStatus(listener: (status: SyncStatus) => void): Unsubscribe {
    return this.#status.add(listener)
  }

  /** Called with the events the server acknowledged (with their sequences). */
  onAck(listener: (accepted: readonly AckedEvent[]) => void): Unsubscribe {
    return this.#ack.add(listener)
  }

  /** Called with what this client's undos/redos left as other users made it (see {@link undo}). */
  onUndoConflict(listener: (conflicts: readonly UndoConflict[]) => void): Unsubscribe {
    return this.#conflicts.add(listener)
  }

  /** Called with protocol and connection errors (the client keeps reconnecting unless `failed`). */
  onError(listener: (error: SyncError) => void): Unsubscribe {
    return this.#errors.add(listener)
  }

  // ---- editing -----------------------------------------------------------------------------

  /** Builds a validated draft event of this document (throws `invalid-event`). */
  createEvent(init: SessionEventInit): DraftEvent {
    const full = {
      ...(this.#userId === undefined ? {} : { userId: this.#userId }),
      ...init,
      documentId: this.documentId,
    } as EventInit
    try {
      return createEvent(full, {
        ...(this.#options.now === undefined ? {} : { now: this.#options.now }),
        ...(this.#options.newId === undefined ? {} : { newId: this.#options.newId }),
      })
    } catch (cause) {
      const message = cause instanceof EventSchemaError ? cause.message : String(cause)
      throw new SyncError('invalid-event', message, { cause })
    }
  }

  /**
   * Applies the drafts to the local state, all or none, and queues them for the server. Throws
   * `not-applicable` (nothing applied), `forbidden` (read-only token), `closed`.
   */
  dispatch(drafts: readonly DraftEvent[]): readonly UndoConflict[] {
    if (this.#statusValue === 'closed')
      throw new SyncError('closed', `dispatch: the client of ${this.documentId} is closed`)
    if (this.#access === 'read') {
      throw new SyncError('forbidden', `dispatch: the token grants read access only to ${this.documentId}`)
    }
    if (drafts.length === 0) return []
    const conflicts = this.#log.apply(drafts)
    this.#changed()
    if (conflicts.length > 0) this.#conflicts.emit(conflicts)
    this.#scheduleFlush()
    return conflicts
  }

  /**
   * Undoes this client's user's last group (records an UndoEvent): other users' groups are never
   * undone, and units another user changed since are left as that user made them (replay's
   * multi-user undo rule). Returns what was left (also given to `onUndoConflict`), `undefined`
   * when everything was restored. Throws `not-applicable` when the user has nothing to undo.
   */
  undo(): UndoConflict | undefined {
    const top = this.userHistory.undoStack.at(-1)
    if (top === undefined)
      throw new SyncError('not-applicable', `undo: ${this.#who()} has nothing to undo in ${this.documentId}`)
    return this.dispatch([this.createEvent({ eventType: 'UndoEvent', groupId: top.groupId })])[0]
  }

  /** Redoes this client's user's last undone group; see {@link undo}. */
  redo(): UndoConflict | undefined {
    const top = this.userHistory.redoStack.at(-1)
    if (top === undefined)
      throw new SyncError('not-applicable', `redo: ${this.#who()} has nothing to redo in ${this.documentId}`)
    return this.dispatch([this.createEvent({ eventType: 'RedoEvent', groupId: top.groupId })])[0]
  }

  #who(): string {
    return this.#userId === undefined ? 'the anonymous user' : `user ${JSON.stringify(this.#userId)}`
  }

  /** Shows `state` to the other clients (sent now when connected, and again after each reconnect). */
  setPresence(state: PresenceState): void {
    this.#presenceState = state
    if (this.#caughtUp) this.#send({ type: 'presence', state })
  }

  /** Resolves when the client is synced with nothing pending (rejects when it fails or closes). */
  whenSynced(): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (this.#statusValue === 'synced' && this.#log.pending.length === 0) {
          resolve()
          return true
        }
        if (this.#statusValue === 'failed' || this.#statusValue === 'closed') {
          reject(
            this.#lastError ??
              new SyncError('closed', `the client of ${this.documentId} is ${this.#statusValue}`),
          )
          return true
        }
        return false
      }
      if (check()) return
      const offs = [
        this.onAck(() => check() && offAll()),
        this.onStatus(() => check() && offAll()),
        this.onChange(() => check() && offAll()),
      ]
      const offAll = (): void => {
        for (const off of offs) off()
      }
    })
  }

  /** Closes the connection for good (pending events stay unsent). */
  close(): void {
    if (this.#statusValue === 'closed') return
    this.#stopTimers()
    const socket = this.#socket
    this.#socket = undefined
    if (socket !== undefined) {
      socket.onclose = null
      socket.onmessage = null
      socket.close(1000, 'client closed')
    }
    this.#setStatus('closed')
  }

  // ---- connection --------------------------------------------------------------------------

  #connect(): void {
    this.#reconnectTimer = undefined
    this.#caughtUp = false
    this.#setStatus('connecting')
    const factory = this.#options.socket ?? defaultSocket
    let socket: SyncSocket
    try {
      socket = factory(this.#options.url)
    } catch (cause) {
      this.#report(
        new SyncError('connection-closed', `cannot open ${this.#options.url}: ${String(cause)}`, { cause }),
      )
      this.#scheduleReconnect()
      return
    }
    this.#socket = socket
    socket.onopen = () => {
      const token = typeof this.#options.token === 'function' ? this.#options.token() : this.#options.token
      this.#send({ type: 'hello', protocol: PROTOCOL_VERSION, token, documentId: this.documentId })
    }
    socket.onmessage = (event) => this.#receive(event.data)
    socket.onerror = () => {}
    socket.onclose = (event) => this.#closed(socket, event.code, event.reason)
  }

  #closed(socket: SyncSocket, code: number, reason: string): void {
    if (this.#socket !== socket) return
    this.#socket = undefined
    this.#stopTimers()
    this.#caughtUp = false
    this.#log.markAllUnsent()
    if (this.#peers.size > 0) {
      this.#peers.clear()
      this.#presence.emit(this.#peers)
    }
    if (this.#statusValue === 'failed' || this.#statusValue === 'closed') return
    this.#report(
      new SyncError('connection-closed', `connection to ${this.#options.url} closed (${code} ${reason})`),
    )
    this.#setStatus('offline')
    this.#scheduleReconnect()
  }

  #scheduleReconnect(): void {
    const min = this.#options.minReconnectDelayMs ?? 100
    const max = this.#options.maxReconnectDelayMs ?? 5000
    const base = Math.min(max, min * 2 ** Math.min(this.#attempt, 20))
    const delay = base * (0.5 + (this.#options.random ?? Math.random)() / 2)
    this.#attempt++
    this.#reconnectTimer = setTimeout(() => this.#connect(), delay)
  }

  #stopTimers(): void {
    if (this.#reconnectTimer !== undefined) clearTimeout(this.#reconnectTimer)
    if (this.#heartbeat !== undefined) clearInterval(this.#heartbeat)
    this.#reconnectTimer = undefined
    this.#heartbeat = undefined
  }

  #send(message: Parameters<typeof encodeMessage>[0]): void {
    const socket = this.#socket
    if (socket !== undefined && socket.readyState === SOCKET_OPEN) socket.send(encodeMessage(message))
  }

  #receive(data: unknown): void {
    const decoded = decodeServerMessage(data)
    if (!decoded.ok) {
      this.#report(decoded.error)
      this.#socket?.close(4400, 'malformed server message')
      return
    }
    this.#handle(decoded.message)
  }

  #handle(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        this.#userId = message.userId
        this.#sessionId = message.sessionId
        this.#access = message.access
        if (message.access === 'read' && this.#log.pending.length > 0) {
          // edits made offline before the server said the token is read-only: never accepted
          this.#dropped.emit(this.#log.dropAll('forbidden', 'the token grants read access only'))
          this.#change.emit(this.#log.local)
        }
        this.#setStatus('syncing')
        this.#heartbeat = setInterval(() => this.#send({ type: 'ping' }), this.#options.heartbeatMs ?? 10_000)
        this.#send({ type: 'catch-up', since: this.#log.confirmedSequence })
        return
      case 'broadcast': {
        const before = this.#log.confirmedSequence
        const result = this.#log.receive(message.events)
        if (result.applied > 0) {
          const after = this.#log.confirmedSequence
          this.#confirmedEvents.emit(
            message.events.filter((e) => e.eventSequence > before && e.eventSequence <= after),
          )
        }
        if (result.dropped.length > 0) this.#dropped.emit(result.dropped)
        if (result.applied > 0 || result.dropped.length > 0) this.#changed()
        if (result.gap) {
          this.#send({ type: 'catch-up', since: this.#log.confirmedSequence })
          return
        }
        if (message.catchUp && !this.#caughtUp) {
          this.#caughtUp = true
          this.#attempt = 0
          if (this.#presenceState !== undefined) this.#send({ type: 'presence', state: this.#presenceState })
          this.#flush()
          this.#updateSynced()
        }
        return
      }
      case 'ack':
        this.#ack.emit(message.accepted)
        this.#updateSynced()
        return
      case 'reject': {
        if (message.eventId === null) return
        const dropped = this.#log.reject(message.eventId, message.code, message.reason)
        if (dropped.length > 0) {
          this.#dropped.emit(dropped)
          this.#changed()
        }
        this.#updateSynced()
        return
      }
      case 'presence':
        this.#peers.set(message.sessionId, {
          sessionId: message.sessionId,
          userId: message.userId,
          state: message.state,
        })
        this.#presence.emit(this.#peers)
        return
      case 'presence-leave':
        if (this.#peers.delete(message.sessionId)) this.#presence.emit(this.#peers)
        return
      case 'pong':
        return
      case 'error': {
        const error = new SyncError(
          message.code === 'unauthorized' ? 'unauthorized' : 'connection-closed',
          `server closed the connection: ${message.code}: ${message.reason}`,
        )
        this.#report(error)
        if (FATAL.has(message.code)) this.#setStatus('failed')
        return
      }
    }
  }

  #scheduleFlush(): void {
    if (this.#flushQueued) return
    this.#flushQueued = true
    queueMicrotask(() => {
      this.#flushQueued = false
      this.#flush()
    })
  }

  #flush(): void {
    if (!this.#caughtUp || this.#access !== 'write') return
    const events = this.#log.takeUnsent()
    if (events.length > 0) this.#send({ type: 'push', baseSequence: this.#log.confirmedSequence, events })
  }

  #updateSynced(): void {
    if (!this.#caughtUp) return
    this.#setStatus(this.#log.pending.length === 0 ? 'synced' : 'syncing')
  }

  #changed(): void {
    this.#change.emit(this.#log.local)
    this.#updateSynced()
  }

  #setStatus(status: SyncStatus): void {
    if (this.#statusValue === status) return
    this.#statusValue = status
    this.#status.emit(status)
  }

  #report(error: SyncError): void {
    this.#lastError = error
    this.#errors.emit(error)
  }
}

function defaultSocket(url: string): SyncSocket {
  const ctor = (globalThis as { WebSocket?: new (url: string) => SyncSocket }).WebSocket
  if (ctor === undefined) {
    throw new SyncError(
      'invalid-option',
      'no global WebSocket here: pass the `socket` option (e.g. the ws package)',
    )
  }
  return new ctor(url)
}

/** Creates a client of `options.documentId` and starts connecting. */
export function createSyncClient(options: SyncClientOptions): SyncClient {
  return new SyncClient(options)
}
