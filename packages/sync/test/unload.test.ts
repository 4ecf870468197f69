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
import { afterEach, describe, expect, it } from 'vitest'
import type { SyncClient } from '../src/index.ts'
import { documentText, loadedHub, sleep, waitFor } from './support/fixtures.ts'
import { loopbackSetup } from './support/loopback.ts'

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
  const s = loopbackSetup(`unload/${unloadAfterMs}`, DOC, (c) => cleanups.push(c), { unloadAfterMs })
  return {
    core: s.core,
    client: (userId: string) => s.client(userId),
    file: join(s.directory, `${DOC}.wiretuner`),
  }
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
