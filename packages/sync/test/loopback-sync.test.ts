/**
 * The client against the real server core over the in-process network: edits travel, both
 * clients converge, rebase drops what no longer applies and reports it, offline edits are pushed
 * after reconnection, read-only clients cannot edit.
 */
import { createRandom } from '@wiretuner/replay/testing'
import { afterEach, describe, expect, it } from 'vitest'
import type { DroppedEvent, SyncClient } from '../src/index.ts'
import { documentText, loadedHub, sleep, waitFor } from './support/fixtures.ts'
import { LoopbackNetwork, loopbackSetup } from './support/loopback.ts'

const DOC = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const setup = (seed: string) => loopbackSetup(seed, DOC, (c) => cleanups.push(c))

function addArtboardAndLayer(c: SyncClient): { artboardId: string; layerId: string } {
  const artboardId = crypto.randomUUID()
  const layerId = crypto.randomUUID()
  c.dispatch([
    c.createEvent({
      eventType: 'CreateArtboardEvent',
      artboardId,
      name: 'A',
      bounds: { x: 0, y: 0, width: 100, height: 100 },
    }),
    c.createEvent({ eventType: 'CreateLayerEvent', layerId, artboardId, name: 'L' }),
  ])
  return { artboardId, layerId }
}

describe('sync over the in-process network', () => {
  it('an edit in one client reaches the other; both equal the server', async () => {
    const s = setup('two')
    const a = s.client('alice')
    const b = s.client('bob')
    await Promise.all([a.whenSynced(), b.whenSynced()])
    addArtboardAndLayer(a)
    await a.whenSynced()
    await waitFor(() => b.confirmedSequence === a.confirmedSequence, 'bob to see alice')
    const hub = await loadedHub(s.core, DOC)
    expect(documentText(b.document)).toBe(documentText(a.document))
    expect(documentText(a.document)).toBe(documentText(hub.state.document))
    expect(hub.head).toBe(2)
    expect(a.document.artboards.length).toBe(1)
  })

  it('onConfirmed hears the whole log once, in order, the catch-up included', async () => {
    const s = setup('confirmed')
    const a = s.client('alice')
    await a.whenSynced()
    addArtboardAndLayer(a)
    await a.whenSynced()
    // bob joins late: his listener, added before his welcome, hears the catch-up
    const b = s.client('bob')
    const heard: number[] = []
    b.onConfirmed((events) => heard.push(...events.map((e) => e.eventSequence)))
    await b.whenSynced()
    addArtboardAndLayer(a)
    await a.whenSynced()
    await waitFor(() => b.confirmedSequence === a.confirmedSequence, 'bob to see alice')
    const hub = await loadedHub(s.core, DOC)
    expect(heard).toEqual(Array.from({ length: hub.head + 1 }, (_, i) => i))
  })
})

describe('rebase, offline and access', () => {
  it('drops a pending edit that no longer applies after the server event and reports it', async () => {
    const s = setup('rebase')
    const netB = new LoopbackNetwork(createRandom('rebase/b'), 3)
    netB.setServer(s.core)
    const a = s.client('alice')
    const b = s.client('bob', 'write', netB)
    await Promise.all([a.whenSynced(), b.whenSynced()])
    const { layerId } = addArtboardAndLayer(a)
    const objectId = crypto.randomUUID()
    a.dispatch([
      a.createEvent({
        eventType: 'CreateShapeEvent',
        shapeId: objectId,
        shapeType: 'rectangle',
        layerId,
        parameters: { centerX: 10, centerY: 10, width: 5, height: 5 },
      }),
    ])
    await a.whenSynced()
    await waitFor(() => b.confirmedSequence === a.confirmedSequence, 'bob to see the shape')
    // bob goes offline, moves the shape; alice deletes it meanwhile
    netB.setServer(undefined)
    netB.dropAll()
    await waitFor(() => b.status === 'offline' || b.status === 'connecting', 'bob offline')
    const dropped: DroppedEvent[] = []
    b.onDropped((d) => dropped.push(...d))
    b.dispatch([
      b.createEvent({ eventType: 'MoveObjectEvent', objectIds: [objectId], delta: { x: 3, y: 4 } }),
    ])
    await a.whenSynced()
    a.dispatch([a.createEvent({ eventType: 'DeleteObjectEvent', objectIds: [objectId] })])
    await a.whenSynced()
    netB.setServer(s.core)
    await b.whenSynced()
    await waitFor(() => b.confirmedSequence === a.confirmedSequence, 'bob to catch up')
    expect(dropped.length).toBe(1)
    expect(dropped[0]?.event.eventType).toBe('MoveObjectEvent')
    expect(dropped[0]?.code).toBe('not-applicable')
    expect(b.pending).toEqual([])
    expect(documentText(b.document)).toBe(documentText(a.document))
  })

  it('keeps offline edits and pushes them after reconnecting (each event once)', async () => {
    const s = setup('offline')
    const a = s.client('alice')
    await a.whenSynced()
    s.net.setServer(undefined)
    s.net.dropAll()
    await waitFor(() => a.status === 'offline' || a.status === 'connecting', 'offline')
    addArtboardAndLayer(a)
    await sleep(30)
    expect(a.pending.length).toBe(2)
    s.net.setServer(s.core)
    await a.whenSynced()
    const hub = await loadedHub(s.core, DOC)
    expect(hub.head).toBe(2)
    expect(documentText(hub.state.document)).toBe(documentText(a.document))
  })

  it('a read-only client follows but cannot dispatch', async () => {
    const s = setup('read')
    const a = s.client('alice')
    await a.whenSynced()
    const r = s.client('reader', 'read')
    await r.whenSynced()
    expect(r.access).toBe('read')
    addArtboardAndLayer(a)
    await a.whenSynced()
    await waitFor(() => r.confirmedSequence === a.confirmedSequence, 'reader follows')
    expect(() => r.dispatch([r.createEvent({ eventType: 'ViewportResetEvent' })])).toThrow(/read access only/)
  })
})

describe('a read-only token with offline edits', () => {
  it('drops and reports the edits made before the server said read-only', async () => {
    const s = setup('read-offline')
    const a = s.client('alice')
    await a.whenSynced()
    const r = s.client('reader', 'read')
    const dropped: DroppedEvent[] = []
    r.onDropped((d) => dropped.push(...d))
    r.dispatch([r.createEvent({ eventType: 'ViewportResetEvent' })]) // before the welcome
    await r.whenSynced()
    expect(dropped.map((d) => [d.event.eventType, d.code])).toEqual([['ViewportResetEvent', 'forbidden']])
    expect(r.pending).toEqual([])
  })
})
