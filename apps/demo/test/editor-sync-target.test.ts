/**
 * The editor's shared-document target (`viewer/src/editor/sync-target.ts`) on Node, against a
 * real sync server (a directory of SQLite files, real WebSockets): the selection stays on the
 * page (never in the shared log), a sampled gesture is one undo group of its user, other users'
 * edits are external changes and own edits are not, and time travel over the shared log (folded
 * states every 128 events, pending events on top) equals a replay session on the server's file.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { openSession, type SessionEventInit } from '@wiretuner/replay'
import { createSyncClient, type SyncSocket } from '@wiretuner/sync'
import { createToken, directoryStore, type RunningSyncServer, startSyncServer } from '@wiretuner/sync/server'
import { type Document, documentToJson } from '@wiretuner/vector-model'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import WebSocket from 'ws'
import { CHECKPOINT, SyncTarget } from '../viewer/src/editor/sync-target.ts'

const SECRET = 'editor-sync-target-secret-0123'
const DOC = crypto.randomUUID()
const dir = join(inject('scratchDir'), 'editor-sync-target')
let server: RunningSyncServer
const targets: SyncTarget[] = []

function join_(userId: string): SyncTarget {
  const token = createToken(
    { userId, documents: { [DOC]: 'write' }, expiresAt: Date.now() + 600_000 },
    SECRET,
  )
  const client = createSyncClient({
    url: server.url,
    documentId: DOC,
    token,
    socket: (url) => new WebSocket(url) as unknown as SyncSocket,
  })
  const target = new SyncTarget(client)
  targets.push(target)
  return target
}

async function waitFor(test: () => boolean, what: string): Promise<void> {
  const until = Date.now() + 20_000
  while (!test()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

const json = (doc: Document): string => JSON.stringify(documentToJson(doc))
const move = (x: number): SessionEventInit => ({
  eventType: 'MoveObjectEvent',
  objectIds: ['shape-1'],
  delta: { x, y: 0 },
})

let alice: SyncTarget
let bob: SyncTarget

beforeAll(async () => {
  mkdirSync(dir, { recursive: true })
  server = await startSyncServer({ store: directoryStore(dir), secret: SECRET, port: 0 })
  alice = join_('alice')
  bob = join_('bob')
  await Promise.all([alice.client.whenSynced(), bob.client.whenSynced()])
})

afterAll(async () => {
  for (const t of targets) t.close()
  await server?.close()
})

describe('the editor on a shared document (SyncTarget)', () => {
  it('keeps the selection on the page: never in the shared log, not seen by the other user', async () => {
    let bobHeard = 0
    let aliceHeard = 0
    const offBob = bob.onExternalChange(() => bobHeard++)
    const offAlice = alice.onExternalChange(() => aliceHeard++)
    await alice.dispatch([
      {
        eventType: 'CreateArtboardEvent',
        artboardId: 'artboard-1',
        name: 'A',
        bounds: { x: 0, y: 0, width: 400, height: 300 },
      },
      { eventType: 'CreateLayerEvent', layerId: 'layer-1', artboardId: 'artboard-1', name: 'L' },
      {
        eventType: 'CreateShapeEvent',
        shapeId: 'shape-1',
        layerId: 'layer-1',
        shapeType: 'rectangle',
        parameters: { centerX: 50, centerY: 50, width: 20, height: 10 },
      },
      { eventType: 'SelectObjectsEvent', objectIds: ['shape-1'], mode: 'replace' },
    ])
    expect((await alice.head()).selection.objectIds).toEqual(['shape-1'])
    expect(alice.selection).toEqual(['shape-1'])
    expect(aliceHeard).toBe(0) // alice's own edit is not external to her
    await alice.client.whenSynced()
    await waitFor(() => bob.client.confirmedSequence === alice.client.confirmedSequence, 'bob to catch up')
    expect((await bob.head()).objects.has('shape-1')).toBe(true)
    expect((await bob.head()).selection.objectIds).toEqual([])
    const log = await bob.events(0, bob.summary.sequence)
    expect(log.map((e) => e.eventType)).toEqual([
      'CreateDocumentEvent',
      'CreateArtboardEvent',
      'CreateLayerEvent',
      'CreateShapeEvent',
    ])
    expect(bobHeard).toBeGreaterThan(0) // alice's edit reached bob as an external change
    offBob()
    offAlice()
    // a selection of an object another user deletes disappears with it
    await bob.dispatch([{ eventType: 'DeleteObjectEvent', objectIds: ['shape-1'] }])
    await waitFor(() => !alice.client.document.objects.has('shape-1'), 'alice to see the delete')
    expect((await alice.head()).selection.objectIds).toEqual([])
    await bob.undo()
    await waitFor(() => alice.client.document.objects.has('shape-1'), 'alice to see the undo')
  })

  it("a sampled gesture is one undo group of its user; undo/redo are that user's", async () => {
    const start = Date.now()
    for (let i = 0; i < 12; i++)
      await alice.sample({ ...move(1), timestamp: start + i * 20 } as SessionEventInit)
    await alice.endGesture()
    await alice.client.whenSynced()
    const log = await alice.events(0, alice.summary.sequence)
    const moves = log.filter((e) => e.eventType === 'MoveObjectEvent')
    expect(moves.length).toBeGreaterThan(1)
    expect(moves.length).toBeLessThan(12) // 240 ms of samples at 20 ms: thinned to ~5 windows
    expect(new Set(moves.map((e) => e.undoGroupId)).size).toBe(1)
    expect(moves.every((e) => e.samplingIntervalMs === 50 && e.userId === 'alice')).toBe(true)
    expect(alice.summary).toMatchObject({ canUndo: true, undoLabel: 'Move Objects' })
    await waitFor(() => bob.client.confirmedSequence === alice.client.confirmedSequence, 'bob to catch up')
    // bob's own stacks: his delete, undone
    expect(bob.summary).toMatchObject({ canUndo: false, canRedo: true, redoLabel: 'Delete Objects' })
    await alice.undo()
    await waitFor(() => bob.client.document.objects.get('shape-1')?.transform.e === 0, 'bob to see the undo')
    expect(alice.summary).toMatchObject({ canRedo: true, redoLabel: 'Move Objects' })
    await alice.redo()
    await alice.client.whenSynced()
    expect(alice.client.document.objects.get('shape-1')?.transform.e).toBe(12)
  })

  it(`time travel over more than ${CHECKPOINT} events, pending ones included, equals a session on the server's file`, async () => {
    for (let i = 0; i < 2 * CHECKPOINT + 30; i++) await bob.dispatch([move(1)])
    await bob.client.whenSynced()
    // two edits not acknowledged yet: the first of them is inside the pending range
    await alice.dispatch([move(2)])
    await alice.dispatch([move(3)])
    const pendingAt = alice.summary.sequence - 1
    expect(pendingAt).toBeGreaterThan(alice.client.confirmedSequence)
    const inPending = json(await alice.documentAt(pendingAt))
    await alice.client.whenSynced()
    await waitFor(() => bob.client.confirmedSequence === alice.client.confirmedSequence, 'bob to catch up')
    const head = bob.summary.sequence
    const picks = [0, 3, CHECKPOINT - 2, CHECKPOINT - 1, CHECKPOINT, 2 * CHECKPOINT + 7, head - 1, head]
    const fromBob = await Promise.all(picks.map(async (k) => json(await bob.documentAt(k))))
    for (const t of targets) t.close()
    await server.close()
    const file = await openWireTunerFile(join(dir, `${DOC}.wiretuner`), { readOnly: true, create: false })
    try {
      const session = openSession(file, DOC)
      expect(session.sequence).toBe(head)
      for (const [i, k] of picks.entries())
        expect(fromBob[i], `document at ${k}`).toBe(json(session.documentAt(k)))
      expect(inPending).toBe(json(session.documentAt(pendingAt)))
    } finally {
      file.close()
    }
  })
})
