/**
 * The convergence property (issue #14's acceptance): N clients (2..6) make random edits with
 * replay's simulated user (the one simulator), over the in-process network with random delays,
 * dropped connections and reconnections, and a server restart in the middle (a new server
 * process on the same files). At quiescence every client's document is byte-identical to a
 * fresh replay of the stored log, the log has no gap and no duplicate event id, and every event
 * a client saw acknowledged is in it. The server, storage and client code are the real ones.
 */

import { join } from 'node:path'
import type { DraftEvent, WireTunerEvent } from '@wiretuner/event-schema'
import { asAsyncStorage, createMemoryStorage, type ReadItem } from '@wiretuner/io-services'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { openPostgresStorage } from '@wiretuner/io-services/postgres'
import { createTestDatabase, type TestDatabase } from '@wiretuner/pg-kit'
import type {} from '@wiretuner/pg-kit/vitest-setup'
import { createManualScheduler, ReplayError, type SessionEventInit } from '@wiretuner/replay'
import { foldEvents, initialState } from '@wiretuner/replay/advanced'
import {
  createRandom,
  createRecordingEditor,
  type EditorTarget,
  SessionScript,
  SIMULATION_EPOCH_MS,
} from '@wiretuner/replay/testing'
import fc from 'fast-check'
import { describe, expect, inject, it } from 'vitest'
import { createSyncClient, isSyncError, type SyncClient } from '../src/index.ts'
import {
  type AppendNotifier,
  type DocumentStore,
  directoryStore,
  SyncServerCore,
  sharedStore,
} from '../src/server.ts'
import { documentText, SECRET, sleep, tempDir, tokenFor, waitFor } from './support/fixtures.ts'
import { LoopbackNetwork } from './support/loopback.ts'

const RUNS = Number(process.env.WT_PROPERTY_RUNS ?? 12)

/** The client as the simulator's editor target; a local refusal is the editor's refusal. */
function target(client: SyncClient): EditorTarget {
  const refusing = (run: () => void): void => {
    try {
      run()
    } catch (error) {
      if (isSyncError(error, 'not-applicable'))
        throw new ReplayError('not-applicable', error.message, { cause: error })
      throw error
    }
  }
  return {
    createEvent: (init: SessionEventInit): DraftEvent => client.createEvent(init),
    dispatch: (drafts) => refusing(() => client.dispatch(drafts)),
    undo: () => refusing(() => client.undo()),
    redo: () => refusing(() => client.redo()),
    get canUndo() {
      return client.canUndo
    },
    get canRedo() {
      return client.canRedo
    },
    get sequence() {
      return client.sequence
    },
    get document() {
      return client.document
    },
  }
}

interface Scenario {
  readonly seed: string
  readonly clients: number
  readonly actions: number
  readonly drops: readonly number[]
  readonly restartAt: number
}

const scenario = fc.record({
  seed: fc.string({ minLength: 1, maxLength: 8 }),
  clients: fc.integer({ min: 2, max: 6 }),
  actions: fc.integer({ min: 10, max: 60 }),
  drops: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
  restartAt: fc.double({ min: 0.2, max: 0.8, noNaN: true }),
})

/**
 * A server storage under test: `store()` is called at each server start (a restart opens the
 * same data again), `readLog` reads a document's stored log afresh after the server closed.
 */
interface StorageUnderTest {
  store(): Promise<{ readonly store: DocumentStore; readonly onAppend?: AppendNotifier }>
  readLog(documentId: string): Promise<ReadItem[]>
  dispose(): Promise<void> | void
}

/** One `.wiretuner` file per document in a temporary directory. */
function sqliteFiles(): StorageUnderTest {
  const dir = tempDir()
  return {
    store: async () => ({ store: directoryStore(dir.path) }),
    async readLog(documentId) {
      const file = await openWireTunerFile(join(dir.path, `${documentId}.wiretuner`), { readOnly: true })
      try {
        return [...file.readEvents(documentId)]
      } finally {
        file.close()
      }
    },
    dispose: () => dir.remove(),
  }
}

/** One shared `AsyncDocumentStorage` (io-services' memory storage) that outlives server restarts. */
function sharedMemory(): StorageUnderTest {
  const storage = asAsyncStorage(createMemoryStorage())
  return {
    store: async () => ({ store: sharedStore(storage) }),
    async readLog(documentId) {
      const items: ReadItem[] = []
      for await (const item of storage.readEvents(documentId)) items.push(item)
      return items
    },
    dispose: () => {},
  }
}

/**
 * PostgreSQL (a new database of the run's server per scenario): each server start opens its own
 * `PostgresStorage` (a pool and a LISTEN connection) and listens to `onAppend`.
 */
function postgres(): StorageUnderTest {
  let database: Promise<TestDatabase> | undefined
  const url = async (): Promise<string> => {
    if (database === undefined) database = createTestDatabase(inject('postgresUrl'))
    return (await database).url
  }
  return {
    async store() {
      const storage = await openPostgresStorage({ connectionString: await url() })
      return {
        store: sharedStore(storage, () => storage.close()),
        onAppend: (listener) => storage.onAppend(listener),
      }
    },
    async readLog(documentId) {
      const storage = await openPostgresStorage({ connectionString: await url(), listen: false })
      try {
        const items: ReadItem[] = []
        for await (const item of storage.readEvents(documentId)) items.push(item)
        return items
      } finally {
        await storage.close()
      }
    },
    async dispose() {
      if (database !== undefined) await (await database).drop()
    },
  }
}

async function runScenario(s: Scenario, under: StorageUnderTest): Promise<void> {
  const documentId = createRandom(`${s.seed}/doc`).uuid()
  const rnd = createRandom(s.seed)
  const net = new LoopbackNetwork(createRandom(`${s.seed}/net`), 4)
  const start = async (): Promise<SyncServerCore> => {
    const { store, onAppend } = await under.store()
    const core = new SyncServerCore({
      store,
      secret: SECRET,
      ...(onAppend === undefined ? {} : { onAppend }),
    })
    net.setServer(core)
    return core
  }
  let core = await start()
  const acked = new Set<string>()
  const clients: SyncClient[] = []
  const editors = []
  const scripts: SessionScript[] = []
  const clock = createManualScheduler(SIMULATION_EPOCH_MS)
  try {
    for (let i = 0; i < s.clients; i++) {
      const ids = createRandom(`${s.seed}/ids/${i}`)
      const client = createSyncClient({
        url: 'loopback',
        documentId,
        token: tokenFor(`user-${i}`, documentId),
        userId: `user-${i}`,
        socket: net.factory,
        minReconnectDelayMs: 2,
        maxReconnectDelayMs: 30,
        random: () => rnd.next(),
        now: () => clock.now(),
        newId: () => ids.uuid(),
      })
      client.onAck((accepted) => {
        for (const a of accepted) acked.add(a.eventId)
      })
      clients.push(client)
      const editor = createRecordingEditor(target(client), clock, () => ids.uuid())
      editors.push(editor)
      scripts.push(new SessionScript(editor.port, createRandom(`${s.seed}/user/${i}`)))
    }
    const total = s.actions * s.clients
    const drops = new Set(s.drops.map((d) => Math.floor(d * total)))
    const restart = Math.floor(s.restartAt * total)
    for (let step = 0; step < total; step++) {
      const who = rnd.int(0, s.clients - 1)
      ;(scripts[who] as SessionScript).step(Number.POSITIVE_INFINITY)
      if (rnd.chance(0.3)) await sleep(rnd.int(0, 3))
      if (drops.has(step)) net.dropAll()
      if (step === restart) {
        net.setServer(undefined)
        await core.close()
        await sleep(rnd.int(0, 20))
        core = await start()
      }
    }
    for (const editor of editors) editor.dispose()
    await waitFor(
      () => {
        const head = clients[0]?.confirmedSequence
        return clients.every(
          (c) => c.status === 'synced' && c.pending.length === 0 && c.confirmedSequence === head,
        )
      },
      'quiescence',
      30_000,
    )
    const hub = await core.hub(documentId)
    await waitFor(() => hub?.head === clients[0]?.confirmedSequence, 'the server head', 10_000)
    for (const c of clients) c.close()
    await core.close()

    // the stored log, read fresh
    const events: WireTunerEvent[] = []
    for (const item of await under.readLog(documentId)) {
      expect(item.kind, `stored item ${JSON.stringify(item)}`).toBe('event')
      if (item.kind === 'event') events.push(item.event)
    }
    expect(events.map((e) => e.eventSequence)).toEqual(events.map((_, i) => i))
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length)
    const stored = new Set(events.map((e) => e.eventId))
    for (const id of acked) expect(stored.has(id), `acked event ${id} in the log`).toBe(true)
    for (const e of events.slice(1)) expect(e.userId).toMatch(/^user-\d$/)
    const replayed = documentText(foldEvents(initialState(documentId), events).state.document)
    for (const c of clients) expect(documentText(c.document)).toBe(replayed)
    // the scenario did something: events beyond the CreateDocumentEvent reached the log (acks alone
    // do not show it: after a drop at the start, a client learns of its stored events by catch-up)
    expect(events.length).toBeGreaterThan(s.clients)
  } finally {
    for (const c of clients) c.close()
    await core.close()
    await under.dispose()
  }
}

describe('convergence', () => {
  it.each([
    ['SQLite files (directoryStore)', sqliteFiles],
    ['one shared AsyncDocumentStorage (memory)', sharedMemory],
    ['PostgreSQL (openPostgresStorage, LISTEN/NOTIFY)', postgres],
  ])(
    'N clients with delays, drops and a server restart converge on the server log: %s',
    async (_name, storage) => {
      await fc.assert(
        fc.asyncProperty(scenario, (s) => runScenario(s, storage())),
        { numRuns: RUNS, verbose: true },
      )
    },
    600_000,
  )
})
