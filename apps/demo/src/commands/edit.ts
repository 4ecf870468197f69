/**
 * `wiretuner edit FILE [--port P]`: the browser editor for FILE, on 127.0.0.1 only. FILE is
 * checked (a WireTuner file with one document, closed cleanly) or, when missing, created with one
 * artboard and layer; then the server lends it to the page: the page imports FILE into its Origin
 * Private File System, edits it there with the engine in a Worker, and PUTs the file back (saved
 * a second after each change and on Ctrl/Cmd+S). Nothing else touches FILE while the server runs.
 */
import { existsSync } from 'node:fs'
import { basename } from 'node:path'
import type { Command } from '@wiretuner/cli'
import { fileArgument, openDocumentFile, plural, portOption, portValue } from '@wiretuner/cli/command-kit'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { createSession } from '@wiretuner/replay'
import { createEditedFile } from '../server/edited-file.js'
import { startViewerServer } from '../server/server.js'
import { ensureViewerBuilt } from '../server/viewer-assets.js'
import { DEFAULT_PORT } from './serve.js'

/** Creates FILE with an empty document: one 800×600 artboard and a layer. */
async function createFile(path: string): Promise<void> {
  const file = await openWireTunerFile(path)
  try {
    const session = createSession(file, { title: basename(path).replace(/\.wiretuner$/i, '') })
    session.dispatch([
      session.createEvent({
        eventType: 'CreateArtboardEvent',
        artboardId: 'artboard-1',
        name: 'Artboard 1',
        bounds: { x: 0, y: 0, width: 800, height: 600 },
        preset: 'Web 800×600',
      }),
      session.createEvent({
        eventType: 'CreateLayerEvent',
        layerId: 'layer-1',
        artboardId: 'artboard-1',
        name: 'Layer 1',
      }),
    ])
    session.close()
  } finally {
    file.close()
  }
}

/** The `wiretuner edit` command. */
export const editCommand: Command = {
  name: 'edit',
  summary: 'Edit FILE in the browser editor (creates FILE when missing; serves on 127.0.0.1 only)',
  positionals: [{ name: 'FILE', description: 'a .wiretuner file' }],
  options: {
    port: portOption(DEFAULT_PORT),
  },
  details:
    'Open the printed URL; the page keeps the document in the browser (OPFS) and saves it back to FILE. Stops on Ctrl+C.',
  async run(ctx) {
    const path = fileArgument(ctx, 'edit')
    const port = portValue(ctx) ?? DEFAULT_PORT
    if (!existsSync(path)) await createFile(path)
    // checks the file (one document, current format) and closes it cleanly (WAL checkpointed)
    const doc = await openDocumentFile(path)
    const eventCount = doc.eventCount
    doc.file.close()
    const assets = await ensureViewerBuilt(ctx.note)
    const server = await startViewerServer({ assetsDir: assets, port, editedFile: createEditedFile(path) })
    const url = `${server.url}editor.html`
    const until = new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        void server.close().then(resolve)
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })
    return {
      data: { file: path, url, port: server.port, eventCount },
      text: `WireTuner editor for ${path} (${plural(eventCount, 'event')})\n  open ${url}  (Ctrl+C to stop)`,
      until,
    }
  },
}
