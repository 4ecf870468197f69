/**
 * Tests of the document session on the in-memory storage: dispatch (validation, refusal,
 * concurrency), undo/redo with labels, snapshots by policy with retention, reopen, corrupt
 * snapshot fallback, time travel and playback.
 */

import type { DraftEvent } from '@wiretuner/event-schema'
import { createMemoryStorage } from '@wiretuner/io-services'
import { corruptSnapshot } from '@wiretuner/io-services/testing'
import { getObject, serializeDocument } from '@wiretuner/vector-model'
import { describe, expect, it } from 'vitest'
import { createManualScheduler } from '../src/clock.js'
import { isReplayError } from '../src/errors.js'
import { createSession, openSession } from '../src/open-session.js'
import { createSampler } from '../src/sampler.js'
import type { DocumentSession } from '../src/session.js'
import type { SessionOptions } from '../src/session-options.js'

const sync: SessionOptions = { snapshotScheduling: 'sync' }

function caught(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

function withRectangle(options: SessionOptions = sync): DocumentSession {
  const storage = createMemoryStorage()
  const s = createSession(storage, { title: 'Test' }, options)
  s.dispatch([
    s.createEvent({
      eventType: 'CreateArtboardEvent',
      artboardId: 'ab',
      bounds: { x: 0, y: 0, width: 800, height: 600 },
    }),
    s.createEvent({ eventType: 'CreateLayerEvent', layerId: 'l1', artboardId: 'ab' }),
  ])
  s.dispatch(
    s.createEvent({
      eventType: 'CreateShapeEvent',
      shapeId: 'r1',
      shapeType: 'rectangle',
      parameters: { centerX: 10, centerY: 10, width: 20, height: 10 },
    }),
  )
  return s
}

describe('dispatch', () => {
  it('appends and applies valid events', () => {
    const s = withRectangle()
    expect(s.sequence).toBe(3)
    expect(s.storage.nextSequence(s.documentId)).toBe(4)
    expect(getObject(s.document, 'r1')?.kind).toBe('shape')
    expect(s.document.title).toBe('Test')
  })

  it('refuses an event that does not apply, appending nothing', () => {
    const s = withRectangle()
    const error = caught(() =>
      s.dispatch([
        s.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['r1'], delta: { x: 1, y: 1 } }),
        s.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['nope'], delta: { x: 1, y: 1 } }),
      ]),
    )
    expect(isReplayError(error, 'not-applicable')).toBe(true)
    expect((error as Error).message).toMatch(/sequence 5/)
    expect(s.storage.nextSequence(s.documentId)).toBe(4)
    expect(s.sequence).toBe(3)
    const badIndex = caught(() =>
      s.dispatch(s.createEvent({ eventType: 'DeleteAnchorEvent', pathId: 'r1', anchorIndex: 3 })),
    )
    expect(isReplayError(badIndex, 'not-applicable')).toBe(true)
  })

  it('applies style changes, a null fill removing the fill, and undoes them', () => {
    const s = withRectangle()
    s.dispatch(
      s.createEvent({ eventType: 'ModifyStyleEvent', objectIds: ['r1'], fill: '#FF0000', opacity: 0.5 }),
    )
    expect(getObject(s.document, 'r1')?.style).toMatchObject({ fill: '#FF0000', opacity: 0.5 })
    s.dispatch(s.createEvent({ eventType: 'ModifyStyleEvent', objectIds: ['r1'], fill: null }))
    expect(getObject(s.document, 'r1')?.style.fill).toBeUndefined()
    expect(s.undoLabel).toBe('Change Style')
    s.undo()
    expect(getObject(s.document, 'r1')?.style.fill).toBe('#FF0000')
  })

  it('names createEvent once in the message of an invalid event', () => {
    const s = withRectangle()
    const error = caught(() => s.createEvent({ eventType: 'ClearSelectionEvent', timestamp: -5 }))
    expect(isReplayError(error, 'invalid-event')).toBe(true)
    const message = (error as Error).message
    expect(message).toMatch(/^createEvent: /)
    expect(message.match(/createEvent:/g)).toHaveLength(1)
  })

  it('refuses invalid events and events of another document', () => {
    const s = withRectangle()
    const bad = { ...s.createEvent({ eventType: 'ClearSelectionEvent' }), timestamp: -5 }
    expect(
      isReplayError(
        caught(() => s.dispatch(bad)),
        'invalid-event',
      ),
    ).toBe(true)
    const other = s.createEvent({ eventType: 'ClearSelectionEvent', documentId: crypto.randomUUID() })
    expect(
      isReplayError(
        caught(() => s.dispatch(other)),
        'invalid-event',
      ),
    ).toBe(true)
  })

  it('reports a concurrent writer as a conflict, and refresh catches up', () => {
    const s = withRectangle()
    const t = openSession(s.storage, s.documentId, sync)
    t.dispatch(t.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['r1'], delta: { x: 5, y: 0 } }))
    const error = caught(() => s.dispatch(s.createEvent({ eventType: 'ClearSelectionEvent' })))
    expect(isReplayError(error, 'concurrency-conflict')).toBe(true)
    expect(s.refresh()).toEqual([])
    expect(serializeDocument(s.document)).toBe(serializeDocument(t.document))
  })

  it('refuses use after close', () => {
    const s = withRectangle()
    s.close()
    expect(
      isReplayError(
        caught(() => s.dispatch(s.createEvent({ eventType: 'ClearSelectionEvent' }))),
        'session-closed',
      ),
    ).toBe(true)
  })
})

describe('undo and redo', () => {
  it('undoes a group to the exact document before it and redoes to the one after', () => {
    const s = withRectangle()
    const before = serializeDocument(s.document)
    const g = 'drag-1'
    s.dispatch([
      s.createEvent({ eventType: 'StartGroupEvent', groupId: g, label: 'Drag rectangle' }),
      s.createEvent({
        eventType: 'MoveObjectEvent',
        objectIds: ['r1'],
        delta: { x: 1, y: 0 },
        undoGroupId: g,
      }),
      s.createEvent({
        eventType: 'MoveObjectEvent',
        objectIds: ['r1'],
        delta: { x: 2, y: 0 },
        undoGroupId: g,
      }),
      s.createEvent({ eventType: 'EndGroupEvent', groupId: g }),
    ])
    const after = serializeDocument(s.document)
    expect(s.undoLabel).toBe('Drag rectangle')
    s.undo()
    expect(serializeDocument(s.document)).toBe(before)
    expect(s.canRedo).toBe(true)
    expect(s.redoLabel).toBe('Drag rectangle')
    expect(s.undoLabel).toBe('Create Rectangle')
    s.redo()
    expect(serializeDocument(s.document)).toBe(after)
    expect(s.canRedo).toBe(false)
  })

  it('keeps the viewport on undo, clears redo on a new action, and refuses empty undo', () => {
    const s = withRectangle()
    s.dispatch(s.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['r1'], delta: { x: 1, y: 0 } }))
    s.dispatch(s.createEvent({ eventType: 'ViewportPanEvent', delta: { x: 30, y: 0 } }))
    const viewport = s.document.viewport
    s.undo()
    expect(s.document.viewport).toEqual(viewport)
    s.dispatch(s.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['r1'], delta: { x: 0, y: 1 } }))
    expect(s.canRedo).toBe(false)
    for (let i = 0; i < 4; i++) s.undo()
    expect(s.canUndo).toBe(false)
    expect(
      isReplayError(
        caught(() => s.undo()),
        'nothing-to-undo',
      ),
    ).toBe(true)
    const wrong = s.createEvent({ eventType: 'RedoEvent', groupId: 'not-on-top' })
    expect(
      isReplayError(
        caught(() => s.dispatch(wrong)),
        'nothing-to-redo',
      ),
    ).toBe(true)
  })

  it('rebuilds the undo stack on reopen from a snapshot, resolving documents by time travel', () => {
    const s = withRectangle({ ...sync, snapshotEvery: 3 })
    for (let i = 0; i < 7; i++) {
      s.dispatch(s.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['r1'], delta: { x: 1, y: 0 } }))
    }
    const docs = [serializeDocument(s.document)]
    for (let i = 0; i < 5; i++) {
      s.undo()
      docs.push(serializeDocument(s.document))
    }
    s.redo()
    s.close()
    const r = openSession(s.storage, s.documentId, sync)
    expect(r.loadReport.snapshotSequence).toBeGreaterThan(0)
    expect(r.loadReport.fullReplay).toBe(false)
    expect(serializeDocument(r.document)).toBe(docs[4])
    expect(r.canUndo).toBe(true)
    expect(r.canRedo).toBe(true)
    expect(r.undoGroups.length).toBe(s.undoGroups.length)
    r.undo()
    expect(serializeDocument(r.document)).toBe(docs[5])
    r.redo()
    expect(serializeDocument(r.document)).toBe(docs[4])
    r.redo()
    expect(serializeDocument(r.document)).toBe(docs[3])
  })
})

describe('snapshots and loading', () => {
  it('writes a snapshot every N events, keeps the newest ones, and loads from the newest', () => {
    const s = withRectangle({ ...sync, snapshotEvery: 10, snapshotRetention: 3 })
    for (let i = 0; i < 50; i++) {
      s.dispatch(s.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['r1'], delta: { x: 1, y: 0 } }))
    }
    const seqs = s.storage.listSnapshots(s.documentId).map((i) => i.eventSequence)
    expect(seqs).toEqual([49, 39, 29])
    const r = openSession(s.storage, s.documentId, sync)
    expect(r.loadReport.snapshotSequence).toBe(49)
    expect(r.loadReport.eventsReplayed).toBe(4)
    expect(serializeDocument(r.document)).toBe(serializeDocument(s.document))
  })

  it('defers snapshot writes to a microtask by default', async () => {
    const s = withRectangle({ snapshotEvery: 5 })
    for (let i = 0; i < 5; i++) {
      s.dispatch(s.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['r1'], delta: { x: 1, y: 0 } }))
    }
    expect(s.storage.listSnapshots(s.documentId)).toHaveLength(0)
    await Promise.resolve()
    expect(s.storage.listSnapshots(s.documentId).map((i) => i.eventSequence)).toEqual([4])
  })

  it('falls back to an older snapshot when the newest is corrupt, and says so', () => {
    const storage = createMemoryStorage()
    const s = createSession(storage, {}, { ...sync, snapshotEvery: 2 })
    s.dispatch([
      s.createEvent({
        eventType: 'CreateArtboardEvent',
        artboardId: 'ab',
        bounds: { x: 0, y: 0, width: 8, height: 6 },
      }),
      s.createEvent({ eventType: 'CreateLayerEvent', layerId: 'l1', artboardId: 'ab' }),
    ])
    s.dispatch(s.createEvent({ eventType: 'ModifyDocumentMetadataEvent', title: 'Renamed' }))
    s.dispatch(s.createEvent({ eventType: 'ModifyDocumentMetadataEvent', title: 'Again' }))
    // Cadence 2: the states after sequences 1 and 3.
    expect(storage.listSnapshots(s.documentId).map((i) => i.eventSequence)).toEqual([3, 1])
    const newest = storage.listSnapshots(s.documentId)[0]
    corruptSnapshot(storage, s.documentId, newest?.snapshotId ?? -1, new Uint8Array([1, 2, 3]))
    const r = openSession(storage, s.documentId, sync)
    expect(r.loadReport.skippedSnapshots.map((k) => k.eventSequence)).toEqual([3])
    expect(r.loadReport.snapshotSequence).toBe(1)
    expect(r.loadReport.wroteSnapshot).toBe(false) // 3 events replayed: fewer than snapshotEvery
    expect(serializeDocument(r.document)).toBe(serializeDocument(s.document))
  })

  it('falls back to a full replay when no snapshot is usable, naming each one skipped', () => {
    const s = withRectangle({ ...sync, snapshotEvery: 1000 })
    const id = s.documentId
    // One snapshot that io-services rejects (damaged gzip), one it accepts but replay cannot decode.
    s.storage.writeSnapshot(id, 1, new TextEncoder().encode('not a replay snapshot'))
    const bad = s.storage.writeSnapshot(id, 2, new TextEncoder().encode('{}'))
    corruptSnapshot(s.storage, id, bad.snapshotId, new Uint8Array([0]))
    const r = openSession(s.storage, id, sync)
    expect(r.loadReport.fullReplay).toBe(true)
    expect(r.loadReport.snapshotSequence).toBe(-1)
    expect(r.loadReport.skippedSnapshots.map((k) => k.eventSequence)).toEqual([2, 1])
    expect(r.loadReport.skippedSnapshots.map((k) => k.code)).toEqual(['corrupt-snapshot', 'not-json'])
    expect(r.loadReport.skippedSnapshots[0]?.reason).toMatch(/^corrupt-snapshot: truncated/)
    expect(r.loadReport.skippedSnapshots[1]?.reason).toMatch(/^not-json: /)
    expect(serializeDocument(r.document)).toBe(serializeDocument(s.document))
  })

  it('snapshots on close when the tail is long', () => {
    const s = withRectangle({ ...sync, snapshotEvery: 1000, closeSnapshotMinTail: 3 })
    expect(s.storage.listSnapshots(s.documentId)).toHaveLength(0)
    s.close()
    expect(s.storage.listSnapshots(s.documentId).map((i) => i.eventSequence)).toEqual([3])
  })

  it('refuses to open an unknown document and to create an existing one', () => {
    const s = withRectangle()
    expect(
      isReplayError(
        caught(() => openSession(s.storage, crypto.randomUUID())),
        'unknown-document',
      ),
    ).toBe(true)
    expect(
      isReplayError(
        caught(() => createSession(s.storage, { documentId: s.documentId })),
        'document-exists',
      ),
    ).toBe(true)
  })
})

describe('replaying a log that holds events that do not apply', () => {
  it('skips them, reports exact sequences and reasons, and replays the rest', () => {
    const s = withRectangle()
    const id = s.documentId
    const stray = [
      { ...s.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['ghost'], delta: { x: 1, y: 0 } }) },
      { ...s.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['r1'], delta: { x: 4, y: 0 } }) },
      { ...s.createEvent({ eventType: 'DeleteAnchorEvent', pathId: 'r1', anchorIndex: 9 }) },
      { ...s.createEvent({ eventType: 'UndoEvent', groupId: 'never-was' }) },
    ]
    // Written straight to the store (as an older or foreign writer could have), not via dispatch.
    s.storage.append(id, stray, { expectedSequence: 4 })
    const r = openSession(s.storage, id, sync)
    expect(r.loadReport.problems.map((p) => [p.sequence, p.kind, p.eventType])).toEqual([
      [4, 'not-applicable', 'MoveObjectEvent'],
      [6, 'not-applicable', 'DeleteAnchorEvent'],
      [7, 'nothing-to-undo', 'UndoEvent'],
    ])
    expect(r.loadReport.problems[0]?.reason).toMatch(/ghost/)
    expect(r.sequence).toBe(7)
    expect(r.document.objects.get('r1')?.transform.e).toBe(4)
    // The session continues after the damaged part.
    r.dispatch(r.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['r1'], delta: { x: 1, y: 0 } }))
    expect(r.document.objects.get('r1')?.transform.e).toBe(5)
  })
})

describe('time travel and playback', () => {
  it('prepares time travel over the whole log with evenly spread checkpoints', () => {
    const s = withRectangle({
      ...sync,
      snapshotEvery: 10,
      snapshotRetention: 1,
      checkpointEvery: 5,
      maxCheckpoints: 16,
    })
    const docs: string[] = []
    for (let i = 0; i < 60; i++) {
      s.dispatch(s.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['r1'], delta: { x: 1, y: i } }))
      docs[s.sequence] = serializeDocument(s.document)
    }
    expect(s.prepareTimeTravel()).toEqual([])
    for (let k = 4; k <= s.sequence; k += 7) expect(serializeDocument(s.documentAt(k))).toBe(docs[k])
  })

  it('gives the document at any sequence and refuses sequences outside the log', () => {
    const s = withRectangle({ ...sync, snapshotEvery: 4 })
    const docs: string[] = []
    for (let i = 0; i < 12; i++) {
      s.dispatch(s.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['r1'], delta: { x: i, y: 0 } }))
      docs[s.sequence] = serializeDocument(s.document)
    }
    for (let k = 4; k <= s.sequence; k++) expect(serializeDocument(s.documentAt(k))).toBe(docs[k])
    expect(s.documentAt(-1).artboards).toHaveLength(0)
    expect(
      isReplayError(
        caught(() => s.documentAt(99)),
        'sequence-out-of-range',
      ),
    ).toBe(true)
  })

  it('plays the log back on virtual time', () => {
    const s = withRectangle()
    const final = serializeDocument(s.document)
    const scheduler = createManualScheduler(0)
    const p = s.playback({ scheduler })
    p.play(5)
    scheduler.advance(10_000)
    expect(p.position).toBe(s.sequence)
    expect(serializeDocument(p.document)).toBe(final)
    p.stepBack()
    expect(p.document.objects.size).toBe(0)
  })
})

describe('sampler feeding a session', () => {
  /** A session, a sampler on a manual clock feeding it, and a drag with one sample left pending. */
  function dragPendingAtClose(onError?: (error: unknown, event: DraftEvent) => void) {
    const s = withRectangle()
    const scheduler = createManualScheduler(1_700_000_000_000)
    const sampler = createSampler<DraftEvent>({
      scheduler,
      emit: (e) => s.dispatch(e),
      ...(onError === undefined ? {} : { onError }),
    })
    for (let i = 0; i < 2; i++) {
      scheduler.advance(10)
      sampler.push(
        s.createEvent({
          eventType: 'MoveObjectEvent',
          objectIds: ['r1'],
          delta: { x: 1, y: 0 },
          timestamp: scheduler.now(),
        }),
      )
    }
    expect(sampler.pendingStreams).toBe(1)
    const sequence = s.sequence
    s.close()
    return { s, scheduler, sampler, sequence }
  }

  it('drops the sample pending at session.close() without throwing into the event loop', () => {
    const { s, scheduler, sampler, sequence } = dragPendingAtClose()
    expect(() => scheduler.advance(100)).not.toThrow()
    expect(sampler.pendingStreams).toBe(0)
    expect(s.sequence).toBe(sequence)
    expect(() => sampler.push({ eventType: 'ClearSelectionEvent' } as DraftEvent)).toThrow(/disposed/)
  })

  it('delivers the session-closed error of a pending sample to onError', () => {
    const errors: [unknown, DraftEvent][] = []
    const { scheduler, sampler } = dragPendingAtClose((error, event) => errors.push([error, event]))
    expect(() => scheduler.advance(100)).not.toThrow()
    expect(errors).toHaveLength(1)
    expect(isReplayError(errors[0]?.[0], 'session-closed')).toBe(true)
    expect(errors[0]?.[1]).toMatchObject({ eventType: 'MoveObjectEvent' })
    expect(sampler.pendingStreams).toBe(0)
    // the sampler disposed itself: a later push is refused by the sampler, not by the session
    expect(() => sampler.push({ eventType: 'ClearSelectionEvent' } as DraftEvent)).toThrow(/disposed/)
  })

  it('records a 1 s drag as about 20 events in one undo group, undone at once', () => {
    const s = withRectangle()
    const before = serializeDocument(s.document)
    const scheduler = createManualScheduler(1_700_000_000_000)
    const sampler = createSampler<DraftEvent>({ scheduler, emit: (e) => s.dispatch(e) })
    for (let i = 0; i < 100; i++) {
      scheduler.advance(10)
      sampler.push(
        s.createEvent({
          eventType: 'MoveObjectEvent',
          objectIds: ['r1'],
          delta: { x: 1, y: 0 },
          undoGroupId: 'drag',
          timestamp: scheduler.now(),
        }),
      )
    }
    sampler.endGesture()
    expect(s.sequence - 3).toBeGreaterThanOrEqual(19)
    expect(s.sequence - 3).toBeLessThanOrEqual(22)
    expect(s.document.objects.get('r1')?.transform.e).toBe(100)
    expect(s.undoLabel).toBe('Move Objects')
    s.undo()
    expect(serializeDocument(s.document)).toBe(before)
  })
})
