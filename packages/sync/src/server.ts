/**
 * `@wiretuner/sync/server` (Node): the sync server. {@link startSyncServer} listens on a
 * WebSocket (loopback by default); {@link SyncServerCore} is the transport-free protocol engine
 * under it. Documents live in a {@link directoryStore} (one `.wiretuner` file each) or any
 * `AsyncDocumentStorage` ({@link sharedStore}). Tokens: {@link createToken}, {@link verifyToken}.
 */

export type { HubMember, PushOutcome, PushTiming } from './server/document-hub.js'
export { DocumentHub } from './server/document-hub.js'
export type { DirectoryStoreOptions, DocumentStore } from './server/document-stores.js'
export { directoryStore, sharedStore } from './server/document-stores.js'
export type { RateLimit } from './server/rate-limit.js'
export { DEFAULT_RATE_LIMIT } from './server/rate-limit.js'
export type {
  AppendNotifier,
  PeerHandle,
  ServerPeer,
  SyncServerCoreOptions,
  SyncServerStats,
} from './server/sync-server.js'
export { SyncServerCore } from './server/sync-server.js'
export type { TokenClaims, TokenProblem, VerifyTokenResult } from './server/tokens.js'
export { accessFor, createToken, verifyToken } from './server/tokens.js'
export type { RunningSyncServer, SyncServerOptions } from './server/websocket-listener.js'
export { startSyncServer } from './server/websocket-listener.js'
