/**
 * Browser suite: the client in a Worker of headless Chromium with the global WebSocket, against
 * the Node test's server. It creates an artboard, then waits for the Node client's answer (a
 * layer on that artboard) and its presence.
 */
import { expect, fetchFile, it, serveSuiteInWorker } from '@wiretuner/browser-kit/runner'
import { createSyncClient } from '../../src/index.js'

interface Config {
  readonly url: string
  readonly token: string
  readonly documentId: string
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const start = Date.now()
  while (!condition()) {
    if (Date.now() - start > 10_000) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

it('syncs with a Node client over the global WebSocket: edits both ways and presence', async () => {
  const config = JSON.parse(new TextDecoder().decode(await fetchFile('config.json'))) as Config
  const client = createSyncClient({ url: config.url, documentId: config.documentId, token: config.token })
  try {
    await client.whenSynced()
    expect(client.userId).toBe('browser-user')
    const artboardId = crypto.randomUUID()
    client.dispatch([
      client.createEvent({
        eventType: 'CreateArtboardEvent',
        artboardId,
        bounds: { x: 0, y: 0, width: 40, height: 30 },
      }),
    ])
    await client.whenSynced()
    await until(() => (client.document.artboards[0]?.layers.length ?? 0) > 0, "the Node client's layer")
    await until(() => client.peers.size === 1, "the Node client's presence")
    const peer = [...client.peers.values()][0]
    expect(peer?.userId).toBe('node-user')
    expect(peer?.state.cursor).toEqual({ x: 12, y: 34 })
  } finally {
    client.close()
  }
})

serveSuiteInWorker()
