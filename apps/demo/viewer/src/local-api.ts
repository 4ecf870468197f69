/**
 * The viewer's data from the engine in a Worker of this page (no server): a local `.wiretuner`
 * file is imported into the Origin Private File System through `@wiretuner/worker`, opened
 * read-only, and every request of the {@link ViewerApi} becomes a request to the Worker (SVG
 * rendered there). Files an earlier visit imported are deleted first.
 */
import { hitTestTopmost } from '@wiretuner/vector-model'
import { connectEngine, type EngineSession } from '@wiretuner/worker'
import { objectHistory, viewerEvents, viewerState } from '../../src/server/viewer-data.ts'
import type { ViewerApi, ViewerHistoryEntry, ViewerInfo } from './api.ts'

/** Prefix of the OPFS names the viewer imports under. */
const PREFIX = 'viewer-'

/** An OPFS name for `fileName` (io-services' name rule: letters, digits, `._- `, at most 100). */
function opfsName(fileName: string): string {
  const stem = fileName
    .replace(/\.wiretuner$/i, '')
    .replace(/[^A-Za-z0-9._\- ]/g, '_')
    .slice(0, 60)
  return `${PREFIX}${Date.now()}-${stem}.wiretuner`
}

function aborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('the request was superseded', 'AbortError')
}

async function describeFile(session: EngineSession, fileName: string): Promise<ViewerInfo> {
  const head = session.sequence
  const { metadata, snapshots } = await session.describe()
  const first = head >= 0 ? viewerEvents(await session.events(0, 0))[0] : undefined
  const last = head >= 0 ? viewerEvents(await session.events(head, head))[0] : undefined
  return {
    fileName,
    documentId: session.documentId,
    title: metadata.title,
    eventCount: head + 1,
    headSequence: head,
    snapshotSequences: snapshots.map((s) => s.eventSequence),
    firstTimestamp: first?.timestamp ?? null,
    lastTimestamp: last?.timestamp ?? null,
  }
}

/** Imports `file` into OPFS in a new engine Worker and opens it; rejects with the engine's typed error. */
export async function openLocalApi(file: File, onStatus: (text: string) => void): Promise<ViewerApi> {
  const engine = connectEngine(new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module' }))
  for (const old of await engine.list()) {
    if (old.startsWith(PREFIX)) await engine.delete(old).catch(() => {}) // open in another tab: keep it
  }
  onStatus(`Importing ${file.name} (${Math.round(file.size / 1024)} KiB)…`)
  const name = opfsName(file.name)
  await engine.import(name, new Uint8Array(await file.arrayBuffer()))
  onStatus(`Opening ${file.name}…`)
  const session = await engine.open(name, { readOnly: true })
  const info = await describeFile(session, file.name)
  return {
    info: async () => info,
    async state(seq, signal) {
      const [svg, doc] = await Promise.all([session.svgAt(seq), session.documentAt(seq)])
      aborted(signal)
      return viewerState(seq, doc, svg)
    },
    async events(from, to, signal) {
      const items = await session.events(from, to)
      aborted(signal)
      return viewerEvents(items)
    },
    groups: async () => session.undoGroups(),
    // the document at `seq` comes from the Worker; the hit test and the history scan run here
    async objectAt(seq, point, tolerance) {
      const objectId = hitTestTopmost(await session.documentAt(seq), point, { tolerance }) ?? null
      const history: ViewerHistoryEntry[] = []
      if (objectId !== null) {
        for (let from = 0; from <= seq; from += 2000) {
          history.push(...objectHistory(await session.events(from, Math.min(seq, from + 1999)), objectId))
        }
      }
      return { sequence: seq, objectId, history }
    },
  }
}
