/**
 * The client in real headless Chromium (browser-kit: a Worker, the global WebSocket, a page served
 * from 127.0.0.1, so the server's default origin rule applies) against a real server, with a Node
 * client (ws) on the other side: the browser's edit reaches Node, Node's answer and presence reach
 * the browser. Each browser test becomes one vitest test here.
 */
import { fileURLToPath } from 'node:url'
import { declareBrowserResults, runBrowserSuite } from '@wiretuner/browser-kit'
import WebSocket from 'ws'
import { createSyncClient, type SyncSocket } from '../src/index.ts'
import { directoryStore, startSyncServer } from '../src/server.ts'
import { SECRET, tempDir, tokenFor } from './support/fixtures.ts'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const documentId = '9e8d7c6b-5a49-4382-9172-6a5b4c3d2e1f'
const dir = tempDir()
const server = await startSyncServer({ store: directoryStore(dir.path), secret: SECRET })
const node = createSyncClient({
  url: server.url,
  documentId,
  token: tokenFor('node-user', documentId),
  socket: (url) => new WebSocket(url) as unknown as SyncSocket,
})
let answered = false
node.onChange((state) => {
  const artboard = state.document.artboards[0]
  if (answered || artboard === undefined) return
  answered = true
  node.dispatch([
    node.createEvent({
      eventType: 'CreateLayerEvent',
      layerId: crypto.randomUUID(),
      artboardId: artboard.id,
    }),
  ])
  node.setPresence({
    name: 'Node',
    colour: '#336699',
    cursor: { x: 12, y: 34 },
    selection: [],
    viewport: null,
  })
})
try {
  const run = await runBrowserSuite({
    suite: here('./browser/client-suite.ts'),
    files: {
      'config.json': new TextEncoder().encode(
        JSON.stringify({ url: server.url, documentId, token: tokenFor('browser-user', documentId) }),
      ),
    },
    timeoutMs: 120_000,
  })
  declareBrowserResults('in Chromium', run.results)
} finally {
  node.close()
  await server.close()
  dir.remove()
}
