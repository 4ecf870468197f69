/**
 * Where the editor's document comes from and goes back to. The page itself holds the document:
 * a `.wiretuner` file in the Origin Private File System, opened by the engine Worker.
 *
 * - Served by `wiretuner edit FILE` (`GET /api/file/info` answers): FILE's bytes are imported into
 *   OPFS when the page opens, unless OPFS already holds this file at the version the server has
 *   (same ETag as the page's last import or save, kept in localStorage): then the OPFS copy,
 *   which may hold newer unsaved edits, is opened as it is, so a reload loses nothing. Saving
 *   exports the OPFS file and PUTs it back (`If-Match` the last ETag; the server writes FILE
 *   atomically and answers the new ETag).
 * - Without a server (a static host, `?mode=local`): the document lives in OPFS only
 *   (`editor-local.wiretuner`, created with one artboard and layer on first use).
 */
import type { EngineClient, EngineSession } from '@wiretuner/worker'

/** Information about the served file (`GET /api/file/info`). */
export interface ServedFileInfo {
  readonly fileName: string
  readonly etag: string
  readonly bytes: number
}

/** An open document and how to save it. */
export interface OpenedDocument {
  readonly session: EngineSession
  /** The name shown to the user (the served file's name or the OPFS name). */
  readonly displayName: string
  /** True when the page imported the served file (false: reopened the OPFS copy or local mode). */
  readonly imported: boolean
  /** Writes the document back to where it came from; undefined in local mode. */
  readonly save: (() => Promise<void>) | undefined
}

const LOCAL_NAME = 'editor-local.wiretuner'
const etagKey = (name: string) => `wiretuner-editor-etag:${name}`

/** The OPFS name of a served file (one per file name). */
export function opfsNameOf(fileName: string): string {
  const stem = fileName
    .replace(/\.wiretuner$/i, '')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 60)
  return `editor-${stem}.wiretuner`
}

async function servedInfo(): Promise<ServedFileInfo | undefined> {
  if (new URLSearchParams(location.search).get('mode') === 'local') return undefined
  try {
    const res = await fetch('/api/file/info', { cache: 'no-store' })
    if (!res.ok) return undefined
    return (await res.json()) as ServedFileInfo
  } catch {
    return undefined
  }
}

/** The artboard and layer a new document starts with. */
export const STARTER_EVENTS = [
  {
    eventType: 'CreateArtboardEvent',
    artboardId: 'artboard-1',
    name: 'Artboard 1',
    bounds: { x: 0, y: 0, width: 800, height: 600 },
    preset: 'Web 800×600',
  },
  { eventType: 'CreateLayerEvent', layerId: 'layer-1', artboardId: 'artboard-1', name: 'Layer 1' },
] as const

/** Opens the editor's document (see the module comment). */
export async function openEditorDocument(
  engine: EngineClient,
  onStatus: (text: string) => void,
): Promise<OpenedDocument> {
  const served = await servedInfo()
  const existing = await engine.list()
  if (served === undefined) {
    if (existing.includes(LOCAL_NAME)) {
      return {
        session: await engine.open(LOCAL_NAME),
        displayName: LOCAL_NAME,
        imported: false,
        save: undefined,
      }
    }
    const session = await engine.create(LOCAL_NAME, { title: 'Untitled' })
    await session.dispatch([...STARTER_EVENTS])
    return { session, displayName: LOCAL_NAME, imported: false, save: undefined }
  }
  const name = opfsNameOf(served.fileName)
  let etag = served.etag
  let imported = false
  if (!(existing.includes(name) && localStorage.getItem(etagKey(name)) === served.etag)) {
    onStatus(`importing ${served.fileName} (${Math.round(served.bytes / 1024)} KiB)…`)
    const res = await fetch('/api/file', { cache: 'no-store' })
    if (!res.ok) throw new Error(`GET /api/file: ${res.status} ${await res.text()}`)
    await engine.import(name, new Uint8Array(await res.arrayBuffer()))
    etag = res.headers.get('ETag') ?? served.etag
    localStorage.setItem(etagKey(name), etag)
    imported = true
  }
  const session = await engine.open(name)
  if (session.sequence < 0 || (await session.documentAt(session.sequence)).artboards.length === 0) {
    await session.dispatch([...STARTER_EVENTS])
  }
  const save = async (): Promise<void> => {
    const bytes = await engine.export(name)
    const res = await fetch('/api/file', {
      method: 'PUT',
      body: bytes as Uint8Array<ArrayBuffer>,
      headers: { 'Content-Type': 'application/octet-stream', 'If-Match': etag },
    })
    if (!res.ok) throw new Error(`saving ${served.fileName}: ${res.status} ${await res.text()}`)
    etag = res.headers.get('ETag') ?? etag
    localStorage.setItem(etagKey(name), etag)
  }
  return { session, displayName: served.fileName, imported, save }
}
