/**
 * An in-process network for tests: sockets that connect a real SyncClient to a real
 * SyncServerCore, each direction FIFO (as a WebSocket is) with a random delay per message, so
 * clients see each other's events late and in varying interleavings; `dropAll` cuts every
 * connection (both ends see the close), `setServer` points new connections at another server
 * (a restart). Randomness comes from replay's seeded PRNG.
 */
import { createRandom, type Random } from '@wiretuner/replay/testing'
import { createSyncClient, type SocketFactory, type SyncClient, type SyncSocket } from '../../src/index.ts'
import {
  directoryStore,
  type PeerHandle,
  SyncServerCore,
  type SyncServerCoreOptions,
} from '../../src/server.ts'
import { SECRET, tempDir, tokenFor } from './fixtures.ts'

interface Link {
  readonly socket: LoopbackSocket
  readonly handle: PeerHandle
}

class LoopbackSocket implements SyncSocket {
  readyState = 0
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { readonly data: unknown }) => void) | null = null
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  readonly #net: LoopbackNetwork
  handle: PeerHandle | undefined
  #upAt = 0
  #downAt = 0

  constructor(net: LoopbackNetwork) {
    this.#net = net
  }

  /** Time at which the next message in a direction is delivered (FIFO per direction). */
  at(direction: 'up' | 'down'): number {
    const now = performance.now()
    const t = Math.max(now + this.#net.delay(), direction === 'up' ? this.#upAt : this.#downAt)
    if (direction === 'up') this.#upAt = t
    else this.#downAt = t
    return t - now
  }

  send(text: string): void {
    if (this.readyState !== 1) return
    setTimeout(() => {
      if (this.readyState === 1) this.handle?.message(text, Buffer.byteLength(text))
    }, this.at('up'))
  }

  /** Called by the server side. */
  deliver(text: string): void {
    if (this.readyState !== 1) return
    setTimeout(() => {
      if (this.readyState === 1) this.onmessage?.({ data: text })
    }, this.at('down'))
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) return
    this.readyState = 3
    this.handle?.closed()
    setTimeout(() => this.onclose?.({ code, reason }), this.#net.delay())
  }
}

/** The network; see the module comment. */
export class LoopbackNetwork {
  readonly #rnd: Random
  readonly #maxDelayMs: number
  readonly #links = new Set<Link>()
  #server: SyncServerCore | undefined

  constructor(rnd: Random, maxDelayMs: number) {
    this.#rnd = rnd
    this.#maxDelayMs = maxDelayMs
  }

  delay(): number {
    return this.#rnd.next() * this.#maxDelayMs
  }

  /** New connections go to `server` (undefined: they fail, as when the server is down). */
  setServer(server: SyncServerCore | undefined): void {
    this.#server = server
  }

  /** The factory clients use. */
  readonly factory: SocketFactory = () => {
    const socket = new LoopbackSocket(this)
    const server = this.#server
    setTimeout(() => {
      if (server === undefined || socket.readyState !== 0) {
        socket.close(1006, 'connection refused')
        return
      }
      const handle = server.accept({
        send: (text) => socket.deliver(text),
        close: (code, reason) => {
          // the server closes: the client sees the frames already sent, then the close
          setTimeout(() => socket.close(code, reason), socket.at('down') + 1)
        },
      })
      socket.handle = handle
      const link = { socket, handle }
      this.#links.add(link)
      socket.readyState = 1
      socket.onopen?.({})
    }, this.delay())
    return socket
  }

  /** Cuts every open connection. */
  dropAll(): void {
    for (const link of this.#links) link.socket.close(1006, 'network dropped')
    this.#links.clear()
  }
}

/** A server core on a temporary directory store, its in-process network, and a client factory. */
export interface LoopbackSetup {
  readonly core: SyncServerCore
  readonly net: LoopbackNetwork
  /** The temporary directory of the store (one `.wiretuner` file per document). */
  readonly directory: string
  /** A client of `documentId` for `userId` (through `net` unless another network is given). */
  client(userId: string, access?: 'read' | 'write', via?: LoopbackNetwork): SyncClient
}

/**
 * Starts a {@link LoopbackSetup} for `documentId` (network delays up to 3 ms, seeded by `seed`);
 * `onCleanup` receives the teardown (clients closed, server closed, directory removed).
 */
export function loopbackSetup(
  seed: string,
  documentId: string,
  onCleanup: (cleanup: () => Promise<void>) => void,
  options: Partial<Omit<SyncServerCoreOptions, 'store' | 'secret'>> = {},
): LoopbackSetup {
  const dir = tempDir()
  const core = new SyncServerCore({ store: directoryStore(dir.path), secret: SECRET, ...options })
  const net = new LoopbackNetwork(createRandom(seed), 3)
  net.setServer(core)
  const clients: SyncClient[] = []
  onCleanup(async () => {
    for (const c of clients) c.close()
    await core.close()
    dir.remove()
  })
  return {
    core,
    net,
    directory: dir.path,
    client(userId, access = 'write', via = net) {
      const c = createSyncClient({
        url: 'loopback',
        documentId,
        token: tokenFor(userId, documentId, access),
        socket: via.factory,
        minReconnectDelayMs: 5,
        maxReconnectDelayMs: 20,
      })
      clients.push(c)
      return c
    },
  }
}
