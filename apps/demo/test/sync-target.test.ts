/**
 * The viewer's sync-mode address (`?sync=ws://…&doc=ID&token=T`): read from the query, with a
 * precise error for an incomplete or non-WebSocket one, and built the same way by
 * `sync-server --viewer-port` (`syncViewerUrl`, and `syncEditorUrl` for the editor).
 */
import { describe, expect, it } from 'vitest'
import { syncEditorUrl, syncViewerUrl } from '../src/server/sync-viewer.ts'
import { syncTargetOf } from '../viewer/src/sync-api.ts'

describe('the sync mode address', () => {
  it('is absent without ?sync and read back from what sync-server prints', () => {
    expect(syncTargetOf('?mode=local')).toBeUndefined()
    const url = new URL(syncViewerUrl('http://127.0.0.1:4174/', 'ws://127.0.0.1:4180', 'doc-1', 'wt1.a.b'))
    expect(url.origin).toBe('http://127.0.0.1:4174')
    expect(syncTargetOf(url.search)).toEqual({
      url: 'ws://127.0.0.1:4180',
      documentId: 'doc-1',
      token: 'wt1.a.b',
    })
    // the editor's collaborative mode reads the same query
    const editor = new URL(syncEditorUrl('http://127.0.0.1:4174/', 'ws://127.0.0.1:4180', 'doc-1', 'wt1.a.b'))
    expect(editor.pathname).toBe('/editor.html')
    expect(syncTargetOf(editor.search)).toEqual(syncTargetOf(url.search))
  })

  it('refuses an incomplete or non-WebSocket address with a message naming what is missing', () => {
    expect(() => syncTargetOf('?sync=http://127.0.0.1:4180&doc=d&token=t')).toThrow(/ws:\/\/ or wss:\/\//)
    expect(() => syncTargetOf('?sync=ws://127.0.0.1:4180&token=t')).toThrow(/&doc=DOCUMENT_ID/)
    expect(() => syncTargetOf('?sync=ws://127.0.0.1:4180&doc=d&token=')).toThrow(/&token=TOKEN/)
  })
})
