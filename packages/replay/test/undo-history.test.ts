/**
 * Tests of the undo history's recorded changes in the reducer: a group extended after a refused
 * event, a group extended across Folders (as a session does per dispatch), a group extended after
 * a selection change, and that change-recorded groups keep no documents.
 */
import type { WireTunerEvent } from '@wiretuner/event-schema'
import { createMemoryStorage } from '@wiretuner/io-services'
import { serializeDocument } from '@wiretuner/vector-model'
import { describe, expect, it } from 'vitest'
import { Folder, foldEvents } from '../src/fold.js'
import { openSession } from '../src/open-session.js'
import { initialState, type ReplayState } from '../src/state.js'
import { simulatedLog } from '../src/testing.js'
import { eventBuilder, fakeUuid } from './support/helpers.js'

const documentId = '00000000-0000-4000-8000-00000000d0c0'

/** A document with one artboard, one layer and rectangles r1, r2 (one group each). */
function setup(ev: ReturnType<typeof eventBuilder>): WireTunerEvent[] {
  const rect = (id: string) =>
    ev({
      eventType: 'CreateShapeEvent',
      shapeId: id,
      shapeType: 'rectangle',
      parameters: { centerX: 10, centerY: 10, width: 20, height: 10 },
    })
  return [
    ev({ eventType: 'CreateDocumentEvent', title: 'Undo' }),
    ev({
      eventType: 'CreateArtboardEvent',
      artboardId: 'ab',
      bounds: { x: 0, y: 0, width: 800, height: 600 },
    }),
    ev({ eventType: 'CreateLayerEvent', layerId: 'l1', artboardId: 'ab' }),
    rect('r1'),
    rect('r2'),
  ]
}

const move = (ev: ReturnType<typeof eventBuilder>, id: string, group: string, x: number) =>
  ev({ eventType: 'MoveObjectEvent', objectIds: [id], delta: { x, y: 0 }, undoGroupId: group })

const text = (state: ReplayState) => serializeDocument(state.document)

describe('undo groups recorded as changes', () => {
  it('a refused event of a new group does not break the open group it interrupts', () => {
    const ev = eventBuilder(documentId)
    const start = setup(ev)
    const before = foldEvents(initialState(documentId), start).state
    const events = [
      ...start,
      move(ev, 'r1', 'g', 5),
      // a new group whose first event does not apply (unknown object): refused
      move(ev, 'missing', 'h', 1),
      // the open group goes on: r2 joins it
      move(ev, 'r2', 'g', 7),
      move(ev, 'r1', 'g', 2),
    ]
    const folded = foldEvents(initialState(documentId), events)
    expect(folded.problems.map((p) => p.kind)).toEqual(['not-applicable'])
    const undo = ev({ eventType: 'UndoEvent', groupId: 'g' })
    const undone = foldEvents(folded.state, [undo])
    expect(undone.problems).toEqual([])
    expect(text(undone.state)).toBe(text(before))
    const redone = foldEvents(undone.state, [ev({ eventType: 'RedoEvent', groupId: 'g' })])
    expect(text(redone.state)).toBe(text(folded.state))
  })

  it('a group extended in a new Folder (one per dispatch) undoes as a whole', () => {
    const ev = eventBuilder(documentId)
    const start = setup(ev)
    const before = foldEvents(initialState(documentId), start).state
    let state = foldEvents(before, [move(ev, 'r1', 'g', 5)]).state
    // each step folds from the previous state in a new Folder, as DocumentSession.dispatch does
    for (const e of [move(ev, 'r2', 'g', 3), move(ev, 'r1', 'g', 4)]) {
      const folder = new Folder(state)
      expect(folder.apply(e)).toBeUndefined()
      state = folder.state()
    }
    expect(state.history.undoStack.at(-1)?.lastSequence).toBe(state.sequence)
    const undone = foldEvents(state, [ev({ eventType: 'UndoEvent', groupId: 'g' })])
    expect(undone.problems).toEqual([])
    expect(text(undone.state)).toBe(text(before))
  })

  it('a selection change inside a group is undone with it; the document after is redone', () => {
    const ev = eventBuilder(documentId)
    const start = setup(ev)
    const before = foldEvents(initialState(documentId), start).state
    const events = [
      move(ev, 'r1', 'g', 5),
      ev({ eventType: 'SelectObjectsEvent', objectIds: ['r2'], mode: 'replace' }),
      move(ev, 'r2', 'g', 3),
    ]
    const after = foldEvents(before, events).state
    const undone = foldEvents(after, [ev({ eventType: 'UndoEvent', groupId: 'g' })]).state
    expect(text(undone)).toBe(text(before))
    const redone = foldEvents(undone, [ev({ eventType: 'RedoEvent', groupId: 'g' })]).state
    expect(text(redone)).toBe(text(after))
  })

  it('keeps the change of each group, never a document', () => {
    const ev = eventBuilder(documentId)
    const state = foldEvents(initialState(documentId), [
      ...setup(ev),
      move(ev, 'r1', 'g', 5),
      move(ev, 'r1', 'g', 5),
    ]).state
    const top = state.history.undoStack.at(-1)
    expect(top?.change?.objectIds).toEqual(['r1'])
    expect(top?.change?.before.objects[0]?.transform.e).toBe(0)
    expect(top?.change?.after.objects[0]?.transform.e).toBe(10)
    for (const g of state.history.undoStack) {
      expect(g.before).toBeUndefined()
      expect(g.after).toBeUndefined()
    }
  })
})

describe('undo after reopening', () => {
  it('the top undo and redo groups come back with their recorded change (no time travel needed)', () => {
    const events = simulatedLog(77, 300, { documentId: fakeUuid(1, 0x0ad0) })
    const documentId = events[0]?.documentId as string
    const storage = createMemoryStorage()
    storage.createDocument({ documentId, title: 't' })
    const options = { snapshotScheduling: 'sync', closeSnapshotMinTail: 1 } as const
    const s = openSession(storage, documentId, options)
    s.dispatch(events)
    // leave one group on the redo stack too
    s.undo()
    const expectedUndoLabel = s.undoLabel
    s.close()
    const r = openSession(storage, documentId, options)
    expect(r.loadReport.eventsReplayed).toBe(0) // opened from the close snapshot at the head
    expect(r.state.history.undoStack.at(-1)?.change).toBeDefined()
    expect(r.state.history.redoStack.at(-1)?.change).toBeDefined()
    // deeper groups keep only their metadata
    expect(r.state.history.undoStack.at(-2)?.change).toBeUndefined()
    expect(r.undoLabel).toBe(expectedUndoLabel)
    r.close()
  })
})
