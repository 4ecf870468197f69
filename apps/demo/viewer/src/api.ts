/** Typed client of the viewer server's JSON API. */
import type {
  ViewerEvent,
  ViewerGroup,
  ViewerGroups,
  ViewerInfo,
  ViewerState,
} from '../../src/server/backend.ts'

/** The API payload types, shared with the server. */
export type { ViewerEvent, ViewerGroup, ViewerInfo, ViewerState }

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, signal ? { signal } : {})
  if (!res.ok) {
    const body = (await res.json().catch(() => ({ error: res.statusText }))) as { error?: string }
    throw new Error(`${path}: ${res.status} ${body.error ?? ''}`)
  }
  return (await res.json()) as T
}

/** Summary of the served file. */
export const fetchInfo = (): Promise<ViewerInfo> => getJson('/api/info')

/** The document at `seq`: SVG text and tree. */
export const fetchState = (seq: number, signal?: AbortSignal): Promise<ViewerState> =>
  getJson(`/api/state?at=${seq}`, signal)

/** Events `from..to` inclusive. */
export const fetchEvents = async (
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<readonly ViewerEvent[]> =>
  (await getJson<{ events: ViewerEvent[] }>(`/api/events?from=${from}&to=${to}`, signal)).events

/** The undo groups of the whole history; polls while the server is still indexing them. */
export async function fetchGroups(onProgress: (fraction: number) => void): Promise<readonly ViewerGroup[]> {
  for (;;) {
    const status = await getJson<ViewerGroups>('/api/groups')
    if (status.complete) return status.groups
    onProgress(status.total > 0 ? status.scanned / status.total : 0)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
