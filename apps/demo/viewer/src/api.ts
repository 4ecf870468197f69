/**
 * Where the viewer's data comes from: {@link ViewerApi}, implemented over the Node server's JSON
 * API ({@link httpApi}, `wiretuner serve`) and over the engine in a Worker of the page
 * (local-api.ts, the server-less mode), and over a sync server's live document (sync-api.ts,
 * the sync mode). The UI only talks to this interface.
 */
import type {
  ViewerEvent,
  ViewerGroup,
  ViewerGroups,
  ViewerHistoryEntry,
  ViewerInfo,
  ViewerObjectHit,
  ViewerState,
} from '../../src/server/backend.ts'

/** The API payload types, shared with the server. */
export type { ViewerEvent, ViewerGroup, ViewerHistoryEntry, ViewerInfo, ViewerObjectHit, ViewerState }

/** The viewer's data source. */
export interface ViewerApi {
  /** Summary of the open file. */
  info(): Promise<ViewerInfo>
  /** The document at `seq`: SVG text and tree. Rejects with an `AbortError` once `signal` aborts. */
  state(seq: number, signal?: AbortSignal): Promise<ViewerState>
  /** Events `from..to` inclusive. */
  events(from: number, to: number, signal?: AbortSignal): Promise<readonly ViewerEvent[]>
  /** The undo groups of the whole history; `onProgress` hears how far an indexing pass is. */
  groups(onProgress: (fraction: number) => void): Promise<readonly ViewerGroup[]>
  /**
   * Live sources only (the sync mode): calls `listener` with the new summary after every change
   * of the document; returns the unsubscribe function. Absent for a file, which does not change.
   */
  follow?(listener: (info: ViewerInfo) => void): () => void
  /** The topmost object under a world point of the document at `seq`, and its own history. */
  objectAt(
    seq: number,
    point: { readonly x: number; readonly y: number },
    tolerance: number,
  ): Promise<ViewerObjectHit>
}

/** The file of a served folder this page views (`?file=NAME`, `serve DIR`), carried by every API call. */
const servedFile = new URLSearchParams(location.search).get('file')

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const url =
    servedFile === null
      ? path
      : `${path}${path.includes('?') ? '&' : '?'}file=${encodeURIComponent(servedFile)}`
  const res = await fetch(url, signal ? { signal } : {})
  if (!res.ok) {
    const body = (await res.json().catch(() => ({ error: res.statusText }))) as { error?: string }
    throw new Error(`${path}: ${res.status} ${body.error ?? ''}`)
  }
  return (await res.json()) as T
}

/** The viewer server's JSON API (`wiretuner serve`). */
export const httpApi: ViewerApi = {
  info: () => getJson('/api/info'),
  state: (seq, signal) => getJson(`/api/state?at=${seq}`, signal),
  events: async (from, to, signal) =>
    (await getJson<{ events: ViewerEvent[] }>(`/api/events?from=${from}&to=${to}`, signal)).events,
  objectAt: (seq, point, tolerance) =>
    getJson(`/api/object-at?at=${seq}&x=${point.x}&y=${point.y}&tolerance=${tolerance}`),
  // polls while the server is still indexing the groups
  async groups(onProgress) {
    for (;;) {
      const status = await getJson<ViewerGroups>('/api/groups')
      if (status.complete) return status.groups
      onProgress(status.total > 0 ? status.scanned / status.total : 0)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  },
}
