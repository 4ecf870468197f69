/**
 * Two server processes' worth of cores on the same documents (two `directoryStore`s, so two
 * SQLite connections to each file): appends that race get `conflict`, the losing server reads the
 * new events, broadcasts them and retries; an append notifier (what PostgreSQL's LISTEN/NOTIFY
 * gives) makes each server broadcast the other's events. Clients of either server converge on one
 * gap-free log. The same on one PostgreSQL database with its real LISTEN/NOTIFY.
 */
import { EventEmitter } from 'node:events'
import type { AsyncDocumentStorage } from '@wiretuner/io-services'
import { openPostgresStorage } from '@wiretuner/io-services/postgres'
import { createTestDatabase } from '@wiretuner/pg-kit'
import type {} from '@wiretuner/pg-kit/vitest-setup'
import { createRandom } from '@wiretuner/replay/testing'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { createSyncClient, type SyncClient } from '../src/index.ts'
import {
  type AppendNotifier,
  type DocumentStore,
  directoryStore,
  SyncServerCore,
  sharedStore,
} from '../src/server.ts'
import { documentText, loadedHub, SECRET, tempDir, tokenFor, waitFor } from './support/fixtures.ts'
import { LoopbackNetwork } from './support/loopback.ts'

const DOC = '2b3c4d5e-6f70-4a81-9b2c-3d4e5f6a7b8c'
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A client of `core` over its own loopback network (seeded `seed`), as user `user`. */
function clientOf(
  core: SyncServerCore | undefined,
  seed: string,
  user: string,
  reconnectMs?: number,
): SyncClient {
  const net = new LoopbackNetwork(createRandom(seed), 2)
  net.setServer(core)
  return createSyncClient({
    url: 'loopback',
    documentId: DOC,
    token: tokenFor(user, DOC),
    socket: net.factory,
    ...(reconnectMs === undefined ? {} : { minReconnectDelayMs: reconnectMs }),
  })
}

/**
 * Every client creates one artboard per round, all at once (their appends on the two servers
 * race), then every client must confirm all `clients.length × rounds` events and hold the same
 * document.
 */
async function editAtOnceAndConverge(clients: readonly SyncClient[], rounds: number, pauseMs: number) {
  await Promise.all(clients.map((c) => c.whenSynced()))
  for (let round = 0; round < rounds; round++) {
    for (const c of clients) {
      c.dispatch([
        c.createEvent({
          eventType: 'CreateArtboardEvent',
          artboardId: crypto.randomUUID(),
          bounds: { x: round, y: 0, width: 10, height: 10 },
        }),
      ])
    }
    await new Promise((r) => setTimeout(r, pauseMs))
  }
  await Promise.all(clients.map((c) => c.whenSynced()))
  const head = clients.length * rounds
  await waitFor(() => clients.every((c) => c.confirmedSequence === head), `every client at sequence ${head}`)
  const text = documentText((clients[0] as SyncClient).document)
  for (const c of clients) expect(documentText(c.document)).toBe(text)
}

/** `store` whose appends are announced on `bus` (the stand-in for NOTIFY). */
function announcing(store: DocumentStore, bus: EventEmitter): DocumentStore {
  return {
    async storageFor(documentId, create) {
      const storage = await store.storageFor(documentId, create)
      if (storage === undefined) return undefined
      const wrapped: AsyncDocumentStorage = Object.create(storage) as AsyncDocumentStorage
      Object.assign(wrapped, {
        append: async (...args: Parameters<AsyncDocumentStorage['append']>) => {
          const result = await storage.append(...args)
          // NOTIFY arrives later than the commit (a network hop): the other server may append on a stale head meanwhile
          setTimeout(() => bus.emit('append', documentId), 20)
          return result
        },
      })
      return wrapped
    },
    close: () => store.close(),
  }
}

describe('two servers on the same files', () => {
  it('race, retry after conflict, and broadcast each other’s events', async () => {
    const dir = tempDir()
    const bus = new EventEmitter()
    const notifier: AppendNotifier = (listener) => {
      bus.on('append', listener)
      return () => bus.off('append', listener)
    }
    const cores = [0, 1].map(
      () =>
        new SyncServerCore({
          store: announcing(directoryStore(dir.path), bus),
          secret: SECRET,
          onAppend: notifier,
        }),
    )
    const clients = [0, 1, 2, 3].map((i) => clientOf(cores[i % 2], `two/${i}`, `u${i}`, 5))
    cleanups.push(async () => {
      for (const c of clients) c.close()
      for (const core of cores) await core.close()
      dir.remove()
    })
    await editAtOnceAndConverge(clients, 20, 1)
    const heads = await Promise.all(cores.map(async (core) => (await loadedHub(core, DOC)).head))
    expect(heads).toEqual([80, 80])
    const conflicts: number[] = await Promise.all(
      cores.map(async (core) => (await loadedHub(core, DOC)).conflicts),
    )
    // the late notifications left windows in which a server appended on a stale head
    expect(conflicts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
    expect((clients[0] as SyncClient).document.artboards.length).toBe(80)
  })
})

describe('two servers on one PostgreSQL database', () => {
  it('each server appends, the other broadcasts it (LISTEN/NOTIFY); clients of both converge', async () => {
    const database = await createTestDatabase(inject('postgresUrl'))
    const storages = await Promise.all(
      [0, 1].map(() => openPostgresStorage({ connectionString: database.url })),
    )
    const cores = storages.map(
      (storage) =>
        new SyncServerCore({
          store: sharedStore(storage, () => storage.close()),
          secret: SECRET,
          onAppend: (listener) => storage.onAppend(listener),
        }),
    )
    const clients: SyncClient[] = [clientOf(cores[0], 'pg/0', 'u0')]
    cleanups.push(async () => {
      for (const c of clients) c.close()
      for (const core of cores) await core.close()
      await database.drop()
    })
    await (clients[0] as SyncClient).whenSynced() // the document exists before the second server loads it
    for (let i = 1; i < 4; i++) clients.push(clientOf(cores[i % 2], `pg/${i}`, `u${i}`))
    await editAtOnceAndConverge(clients, 10, 2)
    const items = []
    for await (const item of (storages[0] as AsyncDocumentStorage).readEvents(DOC)) items.push(item)
    expect(items.map((i) => (i.kind === 'event' ? i.sequence : i.kind))).toEqual(
      Array.from({ length: 41 }, (_, i) => i),
    )
  })
})
