/**
 * The viewer for `wiretuner sync-server --viewer-port P`: the built viewer's assets on 127.0.0.1
 * with no file behind it (its sync mode reads the sync server), and the addresses that open a
 * document live in it: the viewer following it, the editor editing it with the other users.
 */
import { startViewerServer, type ViewerServer } from './server.js'
import { ensureViewerBuilt } from './viewer-assets.js'

/** The viewer address following `documentId` on the sync server `syncUrl` (`ws://…`) with `token`. */
export function syncViewerUrl(viewerUrl: string, syncUrl: string, documentId: string, token: string): string {
  const query = new URLSearchParams({ sync: syncUrl, doc: documentId, token })
  return `${viewerUrl}?${query}`
}

/** The editor address editing `documentId` on the sync server `syncUrl` together (collaborative mode). */
export function syncEditorUrl(viewerUrl: string, syncUrl: string, documentId: string, token: string): string {
  return syncViewerUrl(`${viewerUrl}editor.html`, syncUrl, documentId, token)
}

/** Builds the viewer when needed and serves its assets alone on `port` (0: a free one). */
export async function startSyncViewer(port: number, note: (line: string) => void): Promise<ViewerServer> {
  return startViewerServer({ assetsDir: await ensureViewerBuilt(note), port })
}
