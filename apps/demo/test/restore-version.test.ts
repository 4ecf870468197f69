/**
 * "Restore this version" (the editor's viewer/src/editor/restore-version.ts): the events it
 * appends bring the head document back to the document at k: simulated logs (the one simulator)
 * stored in a real session, restored to several earlier k, compared with the document at k
 * (content and selection; transforms within 1e-6 after the rotate–scale–rotate–move decomposition).
 */
import { createMemoryStorage } from '@wiretuner/io-services'
import { openSession, type SessionEventInit } from '@wiretuner/replay'
import { simulatedLog } from '@wiretuner/replay/testing'
import { compose, documentsEqual, rotation, scaling, translation } from '@wiretuner/vector-model'
import { describe, expect, it } from 'vitest'
import { decomposeLinear, planRestore, restoreEvents } from '../viewer/src/editor/restore-version.ts'

describe('restore this version', () => {
  it('decomposes a positive linear map as rotation·scaling·rotation', () => {
    const m = compose(rotation(0.7), compose(scaling(2.5, 0.4), rotation(-1.2)))
    const parts = decomposeLinear(m)
    expect(parts).toBeDefined()
    if (parts === undefined) return
    const back = compose(rotation(parts.theta1), compose(scaling(parts.sx, parts.sy), rotation(parts.theta2)))
    for (const key of ['a', 'b', 'c', 'd'] as const) expect(back[key]).toBeCloseTo(m[key], 12)
    expect(decomposeLinear(compose(translation(3, 4), scaling(-1, 1)))).toBeUndefined()
  })

  for (const seed of ['restore-a', 'restore-b', 'restore-c']) {
    it(`appends events that bring the head back to earlier versions (seed ${seed})`, () => {
      const log = simulatedLog(seed, 600)
      const first = log[0]
      if (first === undefined) throw new Error('empty log')
      for (const k of [40, 250, 480]) {
        const storage = createMemoryStorage()
        storage.createDocument({ documentId: first.documentId, title: 'Simulated' })
        storage.append(first.documentId, log, { expectedSequence: 0 })
        const session = openSession(storage, first.documentId, { snapshotScheduling: 'sync' })
        const target = session.documentAt(k)
        const inits = restoreEvents(session.document, target)
        expect(inits.length).toBeGreaterThan(0)
        const head = session.sequence
        session.dispatch(inits.map((init) => session.createEvent(init)))
        expect(session.sequence).toBe(head + inits.length)
        const equal = documentsEqual(session.document, target, { viewport: false, tolerance: 1e-6 })
        expect(equal, `seed ${seed}, k ${k}`).toBe(true)
        // the log before the restore is untouched
        const stored = [...storage.readEvents(first.documentId, { from: 0, to: head })]
        expect(stored.map((r) => (r.kind === 'event' ? r.event.eventId : r.kind))).toEqual(
          log.slice(0, head + 1).map((e) => e.eventId),
        )
        session.close()
      }
    })
  }

  it('says when the artboard order cannot be restored (no event reorders artboards), and not otherwise', () => {
    const storage = createMemoryStorage()
    storage.createDocument({ documentId: '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e', title: 'Order' })
    const session = openSession(storage, '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e', {
      snapshotScheduling: 'sync',
    })
    const bounds = { x: 0, y: 0, width: 100, height: 100 }
    const add = (init: Record<string, unknown>) =>
      session.dispatch([session.createEvent(init as unknown as SessionEventInit)])
    add({ eventType: 'CreateArtboardEvent', artboardId: 'ab-a', name: 'Alpha', bounds })
    add({ eventType: 'CreateArtboardEvent', artboardId: 'ab-b', name: 'Beta', bounds })
    const both = session.sequence
    add({ eventType: 'ModifyArtboardEvent', artboardId: 'ab-b', name: 'Beta 2' })
    // same order: restoring the version before the rename says nothing more
    const rename = planRestore(session.document, session.documentAt(both))
    expect(rename.artboardOrder).toBeUndefined()
    expect(rename.events.map((e) => e.eventType)).toEqual(['ModifyArtboardEvent'])
    // Alpha deleted: restoring re-creates it, but only after Beta
    add({ eventType: 'DeleteArtboardEvent', artboardId: 'ab-a' })
    const version = session.documentAt(both)
    const plan = planRestore(session.document, version)
    expect(plan.artboardOrder).toEqual({
      restored: ['ab-b', 'ab-a'],
      version: ['ab-a', 'ab-b'],
      message:
        'Restored, except the order of the artboards: no event reorders artboards, so they are now ' +
        '"Beta", "Alpha" where this version had "Alpha", "Beta".',
    })
    session.dispatch(plan.events.map((init) => session.createEvent(init)))
    // the plan's account is the truth: the order it reports, everything else as in the version
    expect(session.document.artboards.map((a) => a.id)).toEqual(plan.artboardOrder?.restored)
    const reordered = { ...session.document, artboards: [...session.document.artboards].reverse() }
    expect(documentsEqual(reordered, version, { viewport: false, tolerance: 1e-6 })).toBe(true)
    session.close()
  })
})
