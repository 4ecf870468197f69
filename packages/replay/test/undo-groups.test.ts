/**
 * collectUndoGroups: every undo group of a log, with StartGroupEvent labels or event-schema's
 * labels, by the same rule as the fold's undo history.
 */
import { createEvent, type WireTunerEvent } from '@wiretuner/event-schema'
import { describe, expect, it } from 'vitest'
import { foldEvents, initialState } from '../src/advanced.ts'
import { collectUndoGroups } from '../src/index.ts'

const documentId = '7f1c1c1e-6d7b-4a43-9a55-0a4c3b2f9e10'
let seq = 0
function ev(init: Record<string, unknown>): { sequence: number; event: WireTunerEvent } {
  const sequence = seq++
  const draft = createEvent({ documentId, timestamp: 1_000 + sequence, ...init } as never)
  return { sequence, event: { ...draft, eventSequence: sequence } as WireTunerEvent }
}

/** An undoable event: creating artboard `artboardId`, in undo group `undoGroupId` when given. */
function art(artboardId: string, undoGroupId?: string): ReturnType<typeof ev> {
  return ev({
    eventType: 'CreateArtboardEvent',
    artboardId,
    bounds: { x: 0, y: 0, width: 5, height: 5 },
    ...(undoGroupId === undefined ? {} : { undoGroupId }),
  })
}

describe('collectUndoGroups', () => {
  it('groups by undoGroupId, labels from StartGroupEvent, single undoable events alone, skips the rest', () => {
    seq = 0
    const log = [
      ev({ eventType: 'CreateDocumentEvent' }),
      art('a'),
      ev({ eventType: 'SelectObjectsEvent', objectIds: ['s'], mode: 'replace' }),
      ev({ eventType: 'StartGroupEvent', groupId: 'g1', label: 'Move 2 Objects' }),
      ev({ eventType: 'MoveObjectEvent', objectIds: ['s', 't'], delta: { x: 1, y: 0 }, undoGroupId: 'g1' }),
      ev({ eventType: 'MoveObjectEvent', objectIds: ['s', 't'], delta: { x: 1, y: 0 }, undoGroupId: 'g1' }),
      ev({ eventType: 'EndGroupEvent', groupId: 'g1' }),
      ev({ eventType: 'ViewportPanEvent', delta: { x: 3, y: 3 } }),
      ev({ eventType: 'ModifyStyleEvent', objectIds: ['s'], fill: '#FF0000', undoGroupId: 'g2' }),
      ev({ eventType: 'UndoEvent', groupId: 'g2' }),
      ev({ eventType: 'RedoEvent', groupId: 'g2' }),
      ev({ eventType: 'UndoEvent', groupId: 'g2' }),
    ]
    expect(collectUndoGroups(log)).toEqual([
      {
        groupId: log[1]?.event.eventId,
        label: 'Create Artboard',
        firstSequence: 1,
        lastSequence: 1,
        eventCount: 1,
        undone: [],
      },
      {
        groupId: 'g1',
        label: 'Move 2 Objects',
        firstSequence: 4,
        lastSequence: 5,
        eventCount: 2,
        undone: [],
      },
      {
        groupId: 'g2',
        label: 'Change Style',
        firstSequence: 8,
        lastSequence: 8,
        eventCount: 1,
        undone: [
          [9, 10],
          [11, null],
        ],
      },
    ])
  })

  it('lists the same groups as the fold keeps in its undo history', () => {
    seq = 0
    const log = [
      ev({ eventType: 'CreateDocumentEvent' }),
      art('a'),
      ev({ eventType: 'StartGroupEvent', groupId: 'g1', label: 'Two Artboards' }),
      art('b', 'g1'),
      art('c', 'g1'),
      ev({ eventType: 'EndGroupEvent', groupId: 'g1' }),
      // the same group id again after its end: a new group, for both
      art('d', 'g1'),
    ]
    const folded = foldEvents(
      initialState(documentId),
      log.map((e) => e.event),
    ).state.history.undoStack.map((g) => ({
      groupId: g.groupId,
      label: g.label,
      firstSequence: g.firstSequence,
      lastSequence: g.lastSequence,
    }))
    const listed = collectUndoGroups(log).map(({ groupId, label, firstSequence, lastSequence }) => ({
      groupId,
      label,
      firstSequence,
      lastSequence,
    }))
    expect(listed).toHaveLength(3)
    expect(listed).toEqual(folded)
  })

  it('a refused undo or redo changes nothing; a new group clears the redo stack; the depth bounds undo', () => {
    seq = 0
    const log = [
      ev({ eventType: 'CreateDocumentEvent' }),
      art('a', 'g1'), // 1
      art('b', 'g2'), // 2
      ev({ eventType: 'UndoEvent', groupId: 'g1' }), // 3: refused, g1 is not on top
      art('c', 'g2'), // 4: still extends the open g2
      ev({ eventType: 'UndoEvent', groupId: 'g2' }), // 5
      ev({ eventType: 'UndoEvent', groupId: 'g1' }), // 6: refused with depth 1 (g1 was dropped)
      art('d', 'g3'), // 7: clears the redo stack
      ev({ eventType: 'RedoEvent', groupId: 'g2' }), // 8: refused
    ]
    const listed = collectUndoGroups(log, { historyDepth: 1 })
    expect(listed.map((g) => [g.groupId, g.firstSequence, g.lastSequence, g.eventCount, g.undone])).toEqual([
      ['g1', 1, 1, 1, []],
      ['g2', 2, 4, 2, [[5, null]]],
      ['g3', 7, 7, 1, []],
    ])
    const { state, problems } = foldEvents(
      initialState(documentId),
      log.map((e) => e.event),
      { historyDepth: 1 },
    )
    expect(problems.map((p) => [p.sequence, p.kind])).toEqual([
      [3, 'nothing-to-undo'],
      [6, 'nothing-to-undo'],
      [8, 'nothing-to-redo'],
    ])
    expect(state.history.undoStack.map((g) => g.groupId)).toEqual(['g3'])
  })
})
