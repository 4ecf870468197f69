/**
 * The viewer's data from a sync server (`?sync=ws://…&doc=ID&token=…`): a `@wiretuner/sync`
 * client (the browser's global WebSocket) keeps the document, and the {@link ViewerApi} shows
 * its live state: the head only (the client keeps the current document, not the history), with
 * `follow` telling the viewer about every change (local edit, other users' events, rebase).
 */
import { createSyncClient, type SyncClient, type SyncStatus } from '@wiretuner/sync'
import { hitTestTopmost } from '@wiretuner/vector-model'
import { viewerState } from '../../src/server/viewer-data.ts'
import type { ViewerApi, ViewerInfo } from './api.ts'

/** Where the live document comes from (the page's query parameters). */
export interface SyncTarget {
  /** The sync server's WebSocket URL (`ws://127.0.0.1:PORT`). */
  readonly url: string
  readonly documentId: string
  readonly token: string
}

/** Reads `?sync=URL&doc=ID&token=T`; undefined when the page is not in sync mode, throws when incomplete. */
export function syncTargetOf(search: string): SyncTarget | undefined {
  const params = new URLSearchParams(search)
  const url = params.get('sync')
  if (url === null) return undefined
  const documentId = params.get('doc')
  const token = params.get('token')
  if (!/^wss?:\/\//.test(url))
    throw new Error(`?sync must be a ws:// or wss:// URL, got ${JSON.stringify(url)}`)
  if (documentId === null || documentId === '') throw new Error('?sync needs &doc=DOCUMENT_ID')
  if (token === null || token === '') throw new Error('?sync needs &token=TOKEN (wiretuner sync-token)')
  return { url, documentId, token }
}

function superseded(): DOMException {
  return new DOMException('the live document has moved on', 'AbortError')
}

function infoOf(client: SyncClient, target: SyncTarget): ViewerInfo {
  const head = client.sequence
  return {
    fileName: `${target.url} (live)`,
    documentId: client.documentId,
    title: client.document.title || client.documentId,
    eventCount: head + 1,
    headSequence: head,
    snapshotSequences: [],
    firstTimestamp: null,
    lastTimestamp: null,
  }
}

/** The live {@link ViewerApi} over `client` (already caught up); `follow` is called on every change. */
export function liveApi(client: SyncClient, target: SyncTarget): ViewerApi {
  return {
    info: async () => infoOf(client, target),
    // only the head exists here: a request for an older sequence was overtaken by a change
    async state(seq) {
      if (seq !== client.sequence) throw superseded()
      return viewerState(seq, client.document)
    },
    events: async () => [],
    groups: async () => [],
    // the live document's topmost object (no history: the client keeps no events)
    async objectAt(seq, point, tolerance) {
      if (seq !== client.sequence) throw superseded()
      return {
        sequence: seq,
        objectId: hitTestTopmost(client.document, point, { tolerance }) ?? null,
        history: [],
      }
    },
    follow(listener) {
      return client.onChange(() => listener(infoOf(client, target)))
    },
  }
}

/**
 * Connects to the sync server and resolves once the document is caught up (rejects when the
 * server refuses the token); `onStatus` hears every status meanwhile (e.g. offline, retrying).
 * `prepare` gets the client before it has heard anything (to listen to the whole log).
 */
export async function connectSync(
  target: SyncTarget,
  onStatus: (status: SyncStatus) => void,
  prepare?: (client: SyncClient) => void,
): Promise<SyncClient> {
  const client = createSyncClient({ url: target.url, documentId: target.documentId, token: target.token })
  prepare?.(client)
  const off = client.onStatus(onStatus)
  try {
    await client.whenSynced()
  } catch (error) {
    client.close()
    throw error
  } finally {
    off()
  }
  return client
}
