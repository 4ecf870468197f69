/**
 * `wiretuner serve DIR`: the file-browser page of a folder's `.wiretuner` files (titles, sizes,
 * event counts and thumbnails, read without replaying: server/folder.ts); a click opens a file in
 * the viewer (`index.html?file=NAME`), whose API calls carry the file name. Each file is opened
 * for the viewer on its first request and stays open until the server stops.
 */
import type { CommandContext, CommandResult } from '@wiretuner/cli'
import type { ViewerBackend } from '../server/backend.js'
import { openFolder } from '../server/folder.js'
import { openServedFile } from '../server/served-file.js'
import { startViewerServer } from '../server/server.js'
import { ensureViewerBuilt } from '../server/viewer-assets.js'

/** Serves the folder `dir` on `port` until SIGINT/SIGTERM. */
export async function serveFolder(ctx: CommandContext, dir: string, port: number): Promise<CommandResult> {
  const assets = await ensureViewerBuilt(ctx.note)
  const folder = openFolder(dir)
  const opened = new Map<string, Promise<ViewerBackend>>()
  const backendFor = (name: string): Promise<ViewerBackend> => {
    let backend = opened.get(name)
    if (backend === undefined) {
      backend = (async () => (await openServedFile(folder.pathOf(name))).backend)()
      // a failed open is not kept: the next request tries again
      backend.catch(() => opened.delete(name))
      opened.set(name, backend)
    }
    return backend
  }
  const server = await startViewerServer({ folder: { folder, backendFor }, assetsDir: assets, port })
  const files = (await folder.list()).length
  const until = new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      void server.close().then(async () => {
        for (const backend of opened.values()) (await backend.catch(() => undefined))?.close()
        resolve()
      })
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  return {
    data: { dir, url: server.url, port: server.port, files },
    text: `WireTuner file browser for ${dir} (${files} .wiretuner files)\n  open ${server.url}  (Ctrl+C to stop)`,
    until,
  }
}
