/**
 * The sync protocol, version 1: every message is one JSON object with a `type`, sent as one
 * WebSocket text frame. One connection serves one document. The client opens with `hello` (its
 * token and the document), the server answers `welcome` (who the token says the client is, a
 * fresh session id, the access granted and the log's head). The client asks for `catch-up`
 * (events after the last sequence it holds) and then `push`es its pending events; the server
 * answers every push with `ack` (accepted events and their sequences) and `reject` (one per
 * refused event), and `broadcast`s the new events to every client of the document, the sender
 * included. Presence is ephemeral (never in the log). Plain data only: browser-safe.
 */
import type { WireTunerEvent } from '@wiretuner/event-schema'

/** The protocol version this code speaks (in `hello` and `welcome`). */
export const PROTOCOL_VERSION = 1

/** What a token grants on a document. */
export type Access = 'read' | 'write'

/** A point in document coordinates. */
export interface PresencePoint {
  readonly x: number
  readonly y: number
}

/** The part of the document a user looks at (pan in screen pixels, zoom factor). */
export interface PresenceViewport {
  readonly panX: number
  readonly panY: number
  readonly zoom: number
}

/** What a user shows the others: never stored, gone when the user leaves. */
export interface PresenceState {
  /** Display name (1..100 characters). */
  readonly name: string
  /** Colour as `#rrggbb`. */
  readonly colour: string
  /** Pointer position, or `null` when the pointer is outside the canvas. */
  readonly cursor: PresencePoint | null
  /** Selected object ids (at most 10,000). */
  readonly selection: readonly string[]
  readonly viewport: PresenceViewport | null
}

/** First message of a connection: the token and the document. */
export interface HelloMessage {
  readonly type: 'hello'
  readonly protocol: number
  readonly token: string
  readonly documentId: string
}

/** Asks for the events after sequence `since` (-1: the whole log) and subscribes to broadcasts. */
export interface CatchUpMessage {
  readonly type: 'catch-up'
  readonly since: number
}

/**
 * Pending events of the client, in the order it applied them; `baseSequence` is the last server
 * sequence it had folded when it built them (diagnostics: the server checks each event against
 * its current state, whatever the base).
 */
export interface PushMessage {
  readonly type: 'push'
  readonly baseSequence: number
  /** Draft events (validated one by one by the server; an invalid one is rejected alone). */
  readonly events: readonly unknown[]
}

/** The sender's presence (the server adds its user and session). */
export interface PresenceMessage {
  readonly type: 'presence'
  readonly state: PresenceState
}

/** Keeps the connection alive (the server closes connections silent for longer than its timeout). */
export interface PingMessage {
  readonly type: 'ping'
}

/** Every message a client sends. */
export type ClientMessage = HelloMessage | CatchUpMessage | PushMessage | PresenceMessage | PingMessage

/** The server's answer to a valid hello. */
export interface WelcomeMessage {
  readonly type: 'welcome'
  readonly protocol: number
  readonly documentId: string
  /** The user the token names: stamped on every event this connection appends. */
  readonly userId: string
  /** A new id per connection: stamped as the events' `sessionId`. */
  readonly sessionId: string
  readonly access: Access
  /** Sequence of the log's last event when the connection was accepted. */
  readonly head: number
}

/** Events of the log, sequences `from`..`to` (inclusive, gap-free, in order). */
export interface BroadcastMessage {
  readonly type: 'broadcast'
  readonly from: number
  readonly to: number
  readonly events: readonly WireTunerEvent[]
  /** True for the answer to a `catch-up`, false for new events. */
  readonly catchUp: boolean
}

/** One accepted event of a push. */
export interface AckedEvent {
  readonly eventId: string
  readonly sequence: number
}

/** The events of a push the log holds (new, or already there: a re-sent event is acked again). */
export interface AckMessage {
  readonly type: 'ack'
  readonly accepted: readonly AckedEvent[]
}

/** Why the server refused an event. */
export type RejectCode =
  /** Not a valid draft event of the catalog (event-schema's message in `reason`). */
  | 'invalid-event'
  /** Its `documentId` is not the connection's document. */
  | 'wrong-document'
  /** Its `userId` names another user than the token's. */
  | 'foreign-user'
  /** The connection's token grants read access only. */
  | 'forbidden'
  /** It does not apply to the document (replay's reducer refused it). */
  | 'not-applicable'
  | 'nothing-to-undo'
  | 'nothing-to-redo'
  /** The storage failed; the event was not written. */
  | 'storage-failed'

/** One refused event of a push: it is not in the log and never will be. */
export interface RejectMessage {
  readonly type: 'reject'
  /** The event's id, or `null` when the item had no readable `eventId`. */
  readonly eventId: string | null
  readonly code: RejectCode
  readonly reason: string
}

/** Another client's presence (sent on change, and the current ones after a catch-up). */
export interface PeerPresenceMessage {
  readonly type: 'presence'
  readonly sessionId: string
  readonly userId: string
  readonly state: PresenceState
}

/** Another client left (closed, timed out or was refused). */
export interface PresenceLeaveMessage {
  readonly type: 'presence-leave'
  readonly sessionId: string
  readonly userId: string
}

/** Answer to `ping`. */
export interface PongMessage {
  readonly type: 'pong'
}

/** Why the server closes a connection (sent just before closing it). */
export type ServerErrorCode =
  | 'malformed-message'
  | 'unsupported-protocol'
  | 'message-too-large'
  | 'unauthorized'
  | 'rate-limited'
  | 'timeout'
  | 'unknown-document'
  | 'storage-failed'
  | 'server-closing'

/** The server's last message before it closes the connection. */
export interface ErrorMessage {
  readonly type: 'error'
  readonly code: ServerErrorCode
  readonly reason: string
}

/** Every message a server sends. */
export type ServerMessage =
  | WelcomeMessage
  | BroadcastMessage
  | AckMessage
  | RejectMessage
  | PeerPresenceMessage
  | PresenceLeaveMessage
  | PongMessage
  | ErrorMessage

/** WebSocket close codes the server uses (4000-4999 is the application range). */
export const CLOSE_CODES: Readonly<Record<ServerErrorCode, number>> = Object.freeze({
  'malformed-message': 4400,
  'unsupported-protocol': 4426,
  'message-too-large': 4413,
  unauthorized: 4401,
  'rate-limited': 4429,
  timeout: 4408,
  'unknown-document': 4404,
  'storage-failed': 4500,
  'server-closing': 4503,
})
