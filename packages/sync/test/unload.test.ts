/**
 * Documents nobody uses are unloaded: after `unloadAfterMs` without a connection the server drops
 * its hub and the directory store closes the document's file (checked through the process's open
 * file descriptors); the next client loads it again from the file and sees the whole log; a
 * client arriving during the wait keeps it loaded; after an unload another reader of the file
 * finds the whole log.
 */
import { readdirSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { createRandom } from '@wiretuner/replay/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { createSyncClient, type SyncClient } from '../src/index.ts'
import { directoryStore, SyncServerCore } from '../src/server.ts'
import { documentText, loadedHub, SECRET, sleep, tempDir, tokenFor, waitFor } from './support/fixtures.ts'
import { LoopbackNetwork } from './support/loopback.ts'

const DOC = '3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** Descriptors this process holds open on `path` (its -wal and -shm included). */
function openDescriptors(path: string): number {
  let n = 0
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith(path)) n++
    } catch {
      // closed while listing
    }
  }
  return n
}

function setup(unloadAfterMs: number) {
  const dir = tempDir()
  const core = new SyncServerCore({ store: directoryStore(dir.path), secret: SECRET, unloadAfterMs })
  const net = new LoopbackNetwork(createRandom(`unload/${unloadAfterMs}`), 2)
  net.setServer(core)
  const clients: SyncClient[] = []
  cleanups.push(async () => {
    for (const c of clients) c.close()
    await core.close()
    dir.remove()
  })
  const client = (userId: string): SyncClient => {
    const c = createSyncClient({
      url: 'loopback',
      documentId: DOC,
      token: tokenFor(userId, DOC),
      socket: net.factory,
      minReconnectDelayMs: 5,
      maxReconnectDelayMs: 20,
    })
    clients.push(c)
    return c
  }
  return { core, client, file: join(dir.path, `${DOC}.wiretuner`) }
}

function addArtboard(c: SyncClient, name: string): void {
  c.dispatch([
    c.createEvent({
      eventType: 'CreateArtboardEvent',
      artboardId: crypto.randomUUID(),
      name,
      bounds: { x: 0, y: 0, width: 100, height: 100 },
    }),
  ])
}

describe('unloading unused documents', () => {
  it('unloads a document after its last connection, closes its file, and loads it again on the next hello', async () => {
    const s = setup(100)
    const a = s.client('alice')
    await a.whenSynced()
    addArtboard(a, 'one')
    addArtboard(a, 'two')
    await a.whenSynced()
    const before = documentText(a.document)
    expect(openDescriptors(s.file)).toBeGreaterThan(0)
    a.close()
    await waitFor(() => s.core.hub(DOC) === undefined, 'the document to unload')
    expect(s.core.stats.documentsUnloaded).toBe(1)
    expect(openDescriptors(s.file)).toBe(0)
    const b = s.client('bob')
    await b.whenSynced()
    expect(b.confirmedSequence).toBe(2)
    expect(documentText(b.document)).toBe(before)
    addArtboard(b, 'three')
    await b.whenSynced()
    const hub = await loadedHub(s.core, DOC)
    expect(hub.head).toBe(3)
    expect(documentText(hub.state.document)).toBe(documentText(b.document))
  })

  it('keeps a document loaded when a client comes back before the delay ends', async () => {
    const s = setup(300)
    const a = s.client('alice')
    await a.whenSynced()
    const loaded = s.core.hub(DOC)
    a.close()
    await sleep(100)
    const b = s.client('bob')
    await b.whenSynced()
    await sleep(400)
    expect(s.core.hub(DOC)).toBe(loaded)
    expect(s.core.stats.documentsUnloaded).toBe(0)
  })

  it('leaves the whole log in the file for another reader after unloading at once', async () => {
    const s = setup(0)
    const a = s.client('alice')
    await a.whenSynced()
    addArtboard(a, 'last words')
    await a.whenSynced()
    a.close()
    await waitFor(() => s.core.hub(DOC) === undefined, 'the document to unload')
    const file = await openWireTunerFile(s.file, { create: false })
    try {
      expect(file.eventCount(DOC)).toBe(2)
    } finally {
      file.close()
    }
  })

  it('never unloads with unloadAfterMs = Infinity', async () => {
    const s = setup(Number.POSITIVE_INFINITY)
    const a = s.client('alice')
    await a.whenSynced()
    a.close()
    await sleep(200)
    expect(s.core.hub(DOC)).toBeDefined()
  })
})
