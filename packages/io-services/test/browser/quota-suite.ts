/**
 * Browser suite run with a small storage quota (browser-kit's `quotaBytes`, through the Chrome
 * DevTools Protocol): writing past the quota fails with `io` (as a full disk does on Node: SQLite
 * reports an I/O error), the failed transaction leaves nothing behind, and everything stored
 * before is intact, also after a reopen.
 */
import { browserTestApi, serveSuiteInWorker } from '@wiretuner/browser-kit/runner'
import { deleteOpfsFile, openOpfsFile } from '../../src/browser.js'
import { sessionEvents } from '../shared/document-events.js'
import { uniqueName } from './opfs-backend.js'

const { describe, it, expect } = browserTestApi
const DOC = '44444444-4444-4444-8444-444444444444'

/** `bytes` of incompressible-looking data (stored uncompressed anyway). */
function filler(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes)
  for (let i = 0; i < bytes; i += 65_536) crypto.getRandomValues(out.subarray(i, Math.min(bytes, i + 65_536)))
  return out
}

describe('OPFS quota exceeded', () => {
  it('a write past the quota is io; nothing stored before is lost', async () => {
    const name = uniqueName('quota')
    const file = await openOpfsFile(name)
    file.createDocument({ documentId: DOC, title: 'quota' })
    const ids = file.append(DOC, sessionEvents(DOC, 50), { expectedSequence: 0 }).events.map((e) => e.eventId)
    const blob = filler(2 * 1024 * 1024)
    let written = 0
    let failure: unknown
    for (let i = 0; i < 40 && failure === undefined; i++) {
      try {
        file.writeSnapshot(DOC, 49, blob, { compression: 'none' })
        written++
      } catch (error) {
        failure = error
      }
    }
    expect(failure).toMatchObject({ name: 'StorageError', code: 'io' })
    expect(written).toBeGreaterThan(0)
    expect(written).toBeLessThan(10) // below the retention: every written snapshot stays
    expect(file.listSnapshots(DOC)).toHaveLength(written)
    file.close()
    const reopened = await openOpfsFile(name, { create: false })
    try {
      const read = [...reopened.readEvents(DOC)].map((item) =>
        item.kind === 'event' ? item.event.eventId : item.kind,
      )
      expect(read).toEqual(ids)
      expect(reopened.listSnapshots(DOC)).toHaveLength(written)
      expect(reopened.loadLatestSnapshot(DOC).snapshot?.eventSequence).toBe(49)
      const integrity = reopened.validate().checks.find((c) => c.id === 'sqlite.integrity-check')
      expect(integrity?.status).toBe('pass')
    } finally {
      reopened.close()
    }
    await deleteOpfsFile(name)
  }, 60_000)
})

serveSuiteInWorker()
