/** `wiretuner serve FILE [--port P]`: the history viewer for one file, on 127.0.0.1 only. */

import { statSync } from 'node:fs'
import type { Command } from '@wiretuner/cli'
import { fileArgument, plural, portOption, portValue } from '@wiretuner/cli/command-kit'
import { openServedFile } from '../server/served-file.js'
import { startViewerServer } from '../server/server.js'
import { ensureViewerBuilt } from '../server/viewer-assets.js'
import { serveFolder } from './serve-folder.js'

/** Default port of the viewer. */
export const DEFAULT_PORT = 4173

/** The `wiretuner serve` command. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Open the history viewer for FILE (or a file browser of DIR) in the browser (127.0.0.1 only)',
  positionals: [{ name: 'FILE', description: 'a .wiretuner file, or a folder of them' }],
  options: {
    port: portOption(DEFAULT_PORT),
  },
  details:
    'Stops on Ctrl+C. The server reads only FILE, answers only http://127.0.0.1:P/ and http://localhost:P/.',
  async run(ctx) {
    const path = fileArgument(ctx, 'serve')
    const port = portValue(ctx) ?? DEFAULT_PORT
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory() === true) return serveFolder(ctx, path, port)
    const served = await openServedFile(path)
    const { backend, viewer } = served
    let assets: string
    try {
      assets = await ensureViewerBuilt(ctx.note)
    } catch (err) {
      backend.close()
      throw err
    }
    const { checkpointEvery } = viewer
    const doc = { eventCount: served.eventCount }
    let server: Awaited<ReturnType<typeof startViewerServer>>
    try {
      server = await startViewerServer({ backend, assetsDir: assets, port })
    } catch (err) {
      backend.close()
      throw err
    }
    // Replay's background preparation: a checkpoint every `checkpointEvery` events over the whole
    // log, in short slices, while the server answers (seeks meanwhile are exact, just slower).
    const started = performance.now()
    const preparation = viewer.prepareInBackground()
    void preparation.done.then(
      () => {
        if (preparation.progress >= 1)
          ctx.note(
            `  history indexed: a checkpoint every ${plural(checkpointEvery, 'event')} (${Math.round(performance.now() - started)} ms)`,
          )
      },
      (err: unknown) =>
        ctx.note(`  history indexing stopped: ${err instanceof Error ? err.message : String(err)}`),
    )
    const until = new Promise<void>((resolve) => {
      const stop = (): void => {
        preparation.cancel()
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        void server.close().then(() => {
          backend.close()
          resolve()
        })
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })
    return {
      data: { file: path, url: server.url, port: server.port, eventCount: doc.eventCount },
      text: `WireTuner viewer for ${path} (${plural(doc.eventCount, 'event')})\n  open ${server.url}  (Ctrl+C to stop)`,
      until,
    }
  },
}
