/**
 * Per-user undo through the sync client (replay's multi-user undo rule, over the real server):
 * a user's undo takes back only that user's group even when others edited meanwhile, a user
 * cannot undo another's group, and an undo whose object another user changed since leaves that
 * object as the other user made it and reports it (`onUndoConflict`); every client and the
 * server's replay end with the same document.
 */
import type { UndoConflict } from '@wiretuner/replay'
import { createRandom } from '@wiretuner/replay/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { createSyncClient, type SyncClient } from '../src/index.ts'
import { directoryStore, SyncServerCore } from '../src/server.ts'
import { documentText, loadedHub, SECRET, tempDir, tokenFor, waitFor } from './support/fixtures.ts'
import { LoopbackNetwork } from './support/loopback.ts'

const DOC = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b'
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function twoUsers(): Promise<{
  core: SyncServerCore
  alice: SyncClient
  bob: SyncClient
  layerId: string
}> {
  const dir = tempDir()
  const core = new SyncServerCore({ store: directoryStore(dir.path), secret: SECRET })
  const net = new LoopbackNetwork(createRandom('undo'), 3)
  net.setServer(core)
  const client = (userId: string) =>
    createSyncClient({
      url: 'loopback',
      documentId: DOC,
      token: tokenFor(userId, DOC),
      userId,
      socket: net.factory,
    })
  const alice = client('alice')
  const bob = client('bob')
  cleanups.push(async () => {
    alice.close()
    bob.close()
    await core.close()
    dir.remove()
  })
  await Promise.all([alice.whenSynced(), bob.whenSynced()])
  const artboardId = crypto.randomUUID()
  const layerId = crypto.randomUUID()
  alice.dispatch([
    alice.createEvent({
      eventType: 'CreateArtboardEvent',
      artboardId,
      bounds: { x: 0, y: 0, width: 100, height: 100 },
    }),
    alice.createEvent({ eventType: 'CreateLayerEvent', layerId, artboardId }),
  ])
  await settle(core, alice, bob)
  return { core, alice, bob, layerId }
}

/** Waits until both clients are synced at the server's head. */
async function settle(core: SyncServerCore, ...clients: SyncClient[]): Promise<void> {
  await Promise.all(clients.map((c) => c.whenSynced()))
  const hub = await loadedHub(core, DOC)
  await waitFor(() => clients.every((c) => c.confirmedSequence === hub.head), 'the clients at the head')
}

function rectangle(c: SyncClient, layerId: string, x: number): string {
  const shapeId = crypto.randomUUID()
  c.dispatch([
    c.createEvent({
      eventType: 'CreateShapeEvent',
      shapeId,
      layerId,
      shapeType: 'rectangle',
      parameters: { centerX: x, centerY: 10, width: 5, height: 5 },
    }),
  ])
  return shapeId
}

describe('per-user undo through the sync client', () => {
  it("undoes only the undoing user's group, even after another user's edit", async () => {
    const { core, alice, bob, layerId } = await twoUsers()
    const mine = rectangle(alice, layerId, 10)
    await settle(core, alice, bob)
    const theirs = rectangle(bob, layerId, 50)
    await settle(core, alice, bob)
    expect(alice.undo()).toBeUndefined()
    await settle(core, alice, bob)
    for (const c of [alice, bob]) {
      expect(c.document.objects.get(mine)).toBeUndefined()
      expect(c.document.objects.get(theirs)).toBeDefined()
    }
    expect(bob.canUndo).toBe(true) // his own group is still there
    expect(documentText(bob.document)).toBe(documentText(alice.document))
    expect(documentText((await loadedHub(core, DOC)).state.document)).toBe(documentText(alice.document))
  })

  it("a user cannot undo another user's group", async () => {
    const { core, alice, bob, layerId } = await twoUsers()
    rectangle(alice, layerId, 10)
    await settle(core, alice, bob)
    expect(bob.canUndo).toBe(false)
    expect(() => bob.undo()).toThrow(/user "bob" has nothing to undo/)
  })

  it('an undo whose object another user changed since leaves it and reports it', async () => {
    const { core, alice, bob, layerId } = await twoUsers()
    const shared = rectangle(alice, layerId, 10)
    await settle(core, alice, bob)
    bob.dispatch([
      bob.createEvent({ eventType: 'MoveObjectEvent', objectIds: [shared], delta: { x: 7, y: 0 } }),
    ])
    await settle(core, alice, bob)
    const reported: UndoConflict[] = []
    alice.onUndoConflict((c) => reported.push(...c))
    const conflict = alice.undo()
    await settle(core, alice, bob)
    expect(conflict?.objectIds).toEqual([shared])
    expect(reported.map((c) => c.objectIds)).toEqual([[shared]])
    for (const c of [alice, bob]) expect(c.document.objects.get(shared)).toBeDefined() // bob's later edit wins
    expect(documentText(bob.document)).toBe(documentText(alice.document))
    expect(documentText((await loadedHub(core, DOC)).state.document)).toBe(documentText(alice.document))
  })
})
