/**
 * Real WebSockets on 127.0.0.1 (`ws`): clients of the package connect to `startSyncServer`,
 * edits and presence travel between them, presence disappears when a client leaves or goes
 * silent (heartbeat), and the origin rule holds.
 */
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createSyncClient, type Peer, type SyncClient, type SyncSocket } from '../src/index.ts'
import { directoryStore, type RunningSyncServer, startSyncServer } from '../src/server.ts'
import { documentText, SECRET, sleep, tempDir, tokenFor, waitFor } from './support/fixtures.ts'
import { rawClient } from './support/raw-client.ts'

const DOC = '0b8a4c2e-1f3d-4e5a-9b6c-7d8e9f0a1b2c'
const wsSocket = (url: string): SyncSocket => new WebSocket(url) as unknown as SyncSocket

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function server(
  options: { heartbeatTimeoutMs?: number; allowedOrigins?: string[] } = {},
): Promise<RunningSyncServer> {
  const dir = tempDir()
  const running = await startSyncServer({ store: directoryStore(dir.path), secret: SECRET, ...options })
  cleanups.push(async () => {
    await running.close()
    dir.remove()
  })
  return running
}

function client(url: string, userId: string, heartbeatMs?: number): SyncClient {
  const c = createSyncClient({
    url,
    documentId: DOC,
    token: tokenFor(userId, DOC),
    socket: wsSocket,
    ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
  })
  cleanups.push(() => c.close())
  return c
}

const presence = (name: string, x: number) =>
  ({ name, colour: '#ff8800', cursor: { x, y: 2 }, selection: [], viewport: null }) as const

describe('sync over real WebSockets', () => {
  it('listens on loopback and carries edits and presence between two clients', async () => {
    const s = await server()
    expect(s.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/)
    const a = client(s.url, 'alice')
    const b = client(s.url, 'bob')
    await Promise.all([a.whenSynced(), b.whenSynced()])
    let bobSees: ReadonlyMap<string, Peer> = new Map()
    b.onPresence((peers) => {
      bobSees = new Map(peers)
    })
    a.setPresence(presence('Alice', 7))
    const artboardId = crypto.randomUUID()
    a.dispatch([
      a.createEvent({
        eventType: 'CreateArtboardEvent',
        artboardId,
        bounds: { x: 0, y: 0, width: 50, height: 50 },
      }),
    ])
    await waitFor(
      () => b.document.artboards.length === 1 && bobSees.size === 1,
      'bob sees the artboard and alice',
    )
    const peer = [...bobSees.values()][0]
    expect(peer?.userId).toBe('alice')
    expect(peer?.state.cursor).toEqual({ x: 7, y: 2 })
    expect(documentText(b.document)).toBe(documentText(a.document))
    // the stored event carries the token's user and the connection's session
    const hub = await s.core.hub(DOC)
    const stored = hub?.state.document
    expect(stored?.artboards.length).toBe(1)
    a.close()
    await waitFor(() => bobSees.size === 0, "alice to leave bob's presence")
  })

  it('closes a silent connection (heartbeat) and removes its presence', async () => {
    const s = await server({ heartbeatTimeoutMs: 300 })
    const b = client(s.url, 'bob', 50)
    await b.whenSynced()
    const silent = await rawClient(s.url)
    silent.send({ type: 'hello', protocol: 1, token: tokenFor('mallory', DOC), documentId: DOC })
    await silent.next('welcome')
    silent.send({ type: 'catch-up', since: -1 })
    silent.send({ type: 'presence', state: presence('Quiet', 1) })
    await waitFor(() => b.peers.size === 1, 'bob sees the silent peer')
    const closed = await silent.closed
    expect(closed.code).toBe(4408)
    await waitFor(() => b.peers.size === 0, 'the silent peer to leave')
    expect(b.status).toBe('synced') // bob pings every 50 ms: never timed out
  })

  it('refuses a browser origin outside the allow-list, accepts loopback origins and non-browsers', async () => {
    const s = await server()
    await expect(rawClient(s.url, 'http://evil.example')).rejects.toThrow(/HTTP 403/)
    const local = await rawClient(s.url, 'http://127.0.0.1:5173')
    local.socket.close()
    const none = await rawClient(s.url)
    none.socket.close()
    const strict = await server({ allowedOrigins: ['https://app.example'] })
    await expect(rawClient(strict.url, 'http://127.0.0.1:5173')).rejects.toThrow(/HTTP 403/)
    const allowed = await rawClient(strict.url, 'https://app.example')
    allowed.socket.close()
    await sleep(10)
  })
})
