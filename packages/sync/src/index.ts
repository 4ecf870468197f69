/**
 * `@wiretuner/sync` (browser-safe): the sync protocol (messages, decoding, version) and the
 * client ({@link createSyncClient}): optimistic edits, a pending queue rebased on the server's
 * events, reconnection, presence. The server is `@wiretuner/sync/server` (Node).
 */

export type { Peer, SyncClientOptions, SyncStatus } from './client.js'
export { createSyncClient, SyncClient } from './client.js'
export type { DroppedEvent, ReceiveResult } from './client-log.js'
export { ClientLog } from './client-log.js'
export type { SyncErrorCode } from './errors.js'
export { isSyncError, SyncError } from './errors.js'
export type { Unsubscribe } from './listeners.js'
export type {
  Access,
  AckedEvent,
  AckMessage,
  BroadcastMessage,
  CatchUpMessage,
  ClientMessage,
  ErrorMessage,
  HelloMessage,
  PeerPresenceMessage,
  PingMessage,
  PongMessage,
  PresenceLeaveMessage,
  PresenceMessage,
  PresencePoint,
  PresenceState,
  PresenceViewport,
  PushMessage,
  RejectCode,
  RejectMessage,
  ServerErrorCode,
  ServerMessage,
  WelcomeMessage,
} from './protocol.js'
export { CLOSE_CODES, PROTOCOL_VERSION } from './protocol.js'
export type { DecodeResult } from './protocol-codec.js'
export { decodeClientMessage, decodeServerMessage, encodeMessage } from './protocol-codec.js'
export type { SocketFactory, SyncSocket } from './socket.js'
export { SOCKET_OPEN } from './socket.js'
