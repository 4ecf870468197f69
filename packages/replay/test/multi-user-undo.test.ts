/**
 * Per-user undo/redo (issue 14): each user's UndoEvent/RedoEvent acts on that user's groups only,
 * and the three-way rule for an undo whose objects another user changed since (restore what is
 * still as the group left it, leave and report the rest). Also: single-user logs fold to exactly
 * the state and replay-state bytes of the code before per-user history (fixture from main).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { WireTunerEvent } from '@wiretuner/event-schema'
import { createMemoryStorage } from '@wiretuner/io-services'
import { type Document, documentFromJson, documentToJson, layerObjects } from '@wiretuner/vector-model'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decodeReplayState,
  encodeReplayState,
  Folder,
  foldEvents,
  initialState,
  REPLAY_STATE_FORMAT_VERSION,
  REPLAY_STATE_MULTI_USER_VERSION,
  reduce,
} from '../src/advanced.js'
import {
  collectUndoGroups,
  createSession,
  openSession,
  type ReplayState,
  type UndoConflict,
  type UndoGroup,
  userHistory,
} from '../src/index.js'
import { simulatedLog } from '../src/testing.js'
import { eventBuilder, RUNS } from './support/helpers.js'
import { actionArb, playActions } from './support/multi-user-log.js'

const documentId = '00000000-0000-4000-8000-0000000000d0'
type Ev = ReturnType<typeof eventBuilder>

/** Artboard `ab`, layer `l1`, rectangles r1 and r2 (anonymous setup). */
function setup(ev: Ev): WireTunerEvent[] {
  return [
    ev({ eventType: 'CreateDocumentEvent', title: 'Multi' }),
    ev({
      eventType: 'CreateArtboardEvent',
      artboardId: 'ab',
      bounds: { x: 0, y: 0, width: 800, height: 600 },
    }),
    ev({ eventType: 'CreateLayerEvent', layerId: 'l1', artboardId: 'ab' }),
    rect(ev, 'r1', undefined),
    rect(ev, 'r2', undefined),
  ]
}

function rect(ev: Ev, id: string, userId: string | undefined, layerId?: string): WireTunerEvent {
  return ev({
    eventType: 'CreateShapeEvent',
    schemaVersion: 2,
    shapeId: id,
    shapeType: 'rectangle',
    parameters: { centerX: 10, centerY: 10, width: 20, height: 10 },
    ...(layerId === undefined ? {} : { layerId }),
    ...(userId === undefined ? {} : { userId }),
  })
}

const move = (ev: Ev, userId: string, id: string, x: number, group?: string) =>
  ev({
    eventType: 'MoveObjectEvent',
    objectIds: [id],
    delta: { x, y: 0 },
    userId,
    ...(group === undefined ? {} : { undoGroupId: group }),
  })

const undo = (ev: Ev, userId: string | undefined, groupId: string) =>
  ev({ eventType: 'UndoEvent', groupId, ...(userId === undefined ? {} : { userId }) })
const redo = (ev: Ev, userId: string | undefined, groupId: string) =>
  ev({ eventType: 'RedoEvent', groupId, ...(userId === undefined ? {} : { userId }) })

const x = (doc: Document, id: string) => (doc.objects.get(id) as { transform: { e: number } }).transform.e
const topGroup = (state: ReplayState, userId: string | undefined) =>
  userHistory(state.history, userId).undoStack.at(-1)?.groupId as string

/** The document's content as JSON (no selection, no viewport): what undo/redo restore. */
function content(doc: Document): string {
  const { selection: _s, viewport: _v, ...rest } = documentToJson(doc) as Record<string, unknown>
  return JSON.stringify(rest)
}

/** A document is consistent: it round-trips through its JSON form (layers list existing objects once). */
function expectConsistent(doc: Document): void {
  const listed = doc.artboards.flatMap((a) => a.layers.flatMap((l) => [...l.objectIds]))
  expect(new Set(listed).size).toBe(listed.length)
  expect(listed.length).toBe(doc.objects.size)
  for (const id of listed) expect(doc.objects.has(id)).toBe(true)
  const read = documentFromJson(documentToJson(doc))
  expect(read.ok ? 'ok' : read.error.message).toBe('ok')
}

describe('single-user logs are unchanged', () => {
  it('fold to the replay-state bytes of the code before per-user history (fixture from main 51ba736)', () => {
    // Regenerated 2026-12-07 (branch polish) on unchanged fold code: the sampler's input-time
    // windows changed the simulated logs themselves, not how they fold.
    const fixture = JSON.parse(
      readFileSync(new URL('./fixtures/single-user-replay-state.json', import.meta.url), 'utf8'),
    ) as Record<string, string>
    const got: Record<string, string> = {}
    for (let seed = 1; seed <= 12; seed++) {
      for (const depth of [200, 4]) {
        const log = simulatedLog(`single-user-${seed}`, 400 + seed * 150, { documentId })
        const folder = new Folder(initialState(documentId), { historyDepth: depth })
        const hash = createHash('sha256')
        for (const e of log) {
          folder.apply(e)
          if (folder.sequence % 37 === 0 || folder.sequence === log.length - 1)
            hash.update(encodeReplayState(folder.state()))
        }
        got[`${seed}/${depth}`] = hash.digest('hex')
      }
    }
    expect(got).toEqual(fixture)
  })

  it('property: a log without userId has only the schemaVersion 1 keys; one userId gives the same document and stacks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 20, max: 400 }),
        (seed, count) => {
          const log = simulatedLog(seed, count, { documentId })
          const anon = foldEvents(initialState(documentId), log).state
          const json = JSON.parse(new TextDecoder().decode(encodeReplayState(anon))) as Record<
            string,
            unknown
          >
          expect(json.schemaVersion).toBe(REPLAY_STATE_FORMAT_VERSION)
          const history = json.history as Record<string, unknown>
          for (const key of Object.keys(history))
            expect(['undo', 'redo', 'open', 'pending', 'changes']).toContain(key)
          for (const row of [...(history.undo as unknown[][]), ...(history.redo as unknown[][])])
            expect(row).toHaveLength(4)
          // the same log by one named user: same document, the user's stacks equal the anonymous ones
          const named = foldEvents(
            initialState(documentId),
            log.map((e) => ({ ...e, userId: 'u1' })),
          ).state
          expect(content(named.document)).toBe(content(anon.document))
          const rows = (h: {
            undoStack: readonly { groupId: string }[]
            redoStack: readonly { groupId: string }[]
          }) => [h.undoStack.map((g) => g.groupId), h.redoStack.map((g) => g.groupId)]
          expect(rows(userHistory(named.history, 'u1'))).toEqual(rows(anon.history))
          expect(named.history.undoStack).toHaveLength(0)
        },
      ),
      { numRuns: Math.max(20, Math.floor(RUNS / 4)) },
    )
  })
})

describe('undo/redo per user', () => {
  it("undoes only the undoing user's group, even when another user edited meanwhile", () => {
    const ev = eventBuilder(documentId)
    const events = [
      ...setup(ev),
      move(ev, 'alice', 'r1', 5),
      move(ev, 'bob', 'r2', 7),
      move(ev, 'bob', 'r2', 1),
    ]
    const s1 = foldEvents(initialState(documentId), events).state
    const aliceGroup = topGroup(s1, 'alice')
    const r = foldEvents(s1, [undo(ev, 'alice', aliceGroup)])
    expect(r.problems).toEqual([])
    expect(r.conflicts).toEqual([])
    expect(x(r.state.document, 'r1')).toBe(0)
    expect(x(r.state.document, 'r2')).toBe(8)
    expect(userHistory(r.state.history, 'bob').undoStack).toHaveLength(2)
    // bob cannot undo alice's group (it is not on his stack), and alice's redo restores her move
    const refused = foldEvents(r.state, [redo(ev, 'bob', aliceGroup)])
    expect(refused.problems.map((p) => p.kind)).toEqual(['nothing-to-redo'])
    expect(refused.problems[0]?.reason).toContain('user "bob"')
    const again = foldEvents(r.state, [redo(ev, 'alice', aliceGroup)]).state
    expect(x(again.document, 'r1')).toBe(5)
    expect(x(again.document, 'r2')).toBe(8)
  })

  it('leaves an object another user changed since, and reports it (undo and redo)', () => {
    const ev = eventBuilder(documentId)
    const events = [
      ...setup(ev),
      move(ev, 'alice', 'r1', 5),
      move(ev, 'alice', 'r2', 3),
      move(ev, 'bob', 'r1', 10),
    ]
    const s1 = foldEvents(initialState(documentId), events).state
    const group = topGroup(s1, 'alice')
    const undone = reduce(s1, undo(ev, 'alice', group))
    expect(undone.problem).toBeUndefined()
    // r2 (only alice touched it) reverts; r1 keeps bob's later move
    expect(x(undone.state.document, 'r2')).toBe(0)
    expect(x(undone.state.document, 'r1')).toBe(15)
    // the top group was r2's move (its own group): nothing to report
    expect(undone.conflict).toBeUndefined()
    // r1's move by alice is the group below: bob moved r1 since
    const below = reduce(undone.state, undo(ev, 'alice', topGroup(undone.state, 'alice')))
    expect(below.conflict).toMatchObject({
      kind: 'undo',
      userId: 'alice',
      objectIds: ['r1'],
      layerIds: [],
      artboardIds: [],
      metadata: false,
    })
    expect(x(below.state.document, 'r1')).toBe(15)
    const back = reduce(
      below.state,
      redo(ev, 'alice', userHistory(below.state.history, 'alice').redoStack.at(-1)?.groupId as string),
    )
    // the undo left r1 (reported then): the group no longer covers it, its redo restores the rest
    expect(back.conflict).toBeUndefined()
    expect(x(back.state.document, 'r1')).toBe(15)
  })

  it('undoing a create keeps the objects another user added to the same layer; undoing a delete puts it back in place', () => {
    const ev = eventBuilder(documentId)
    const events = [...setup(ev), rect(ev, 'a1', 'alice'), rect(ev, 'b1', 'bob')]
    const s1 = foldEvents(initialState(documentId), events).state
    const r = reduce(s1, undo(ev, 'alice', topGroup(s1, 'alice')))
    expect(r.conflict).toBeUndefined()
    expect([...layerObjects(r.state.document, 'l1')].map((o) => o.id)).toEqual(['r1', 'r2', 'b1'])
    expectConsistent(r.state.document)
    const deleted = foldEvents(r.state, [
      ev({ eventType: 'DeleteObjectEvent', objectIds: ['r2'], userId: 'alice' }),
      rect(ev, 'b2', 'bob'),
    ]).state
    const restored = reduce(deleted, undo(ev, 'alice', topGroup(deleted, 'alice')))
    expect([...layerObjects(restored.state.document, 'l1')].map((o) => o.id)).toEqual([
      'r1',
      'r2',
      'b1',
      'b2',
    ])
    expectConsistent(restored.state.document)
  })

  it("undoing a layer's creation keeps the layer when another user drew in it (reported)", () => {
    const ev = eventBuilder(documentId)
    const events = [
      ...setup(ev),
      ev({ eventType: 'CreateLayerEvent', layerId: 'l2', artboardId: 'ab', userId: 'alice' }),
      rect(ev, 'b1', 'bob', 'l2'),
    ]
    const s1 = foldEvents(initialState(documentId), events).state
    const r = reduce(s1, undo(ev, 'alice', topGroup(s1, 'alice')))
    expect(r.conflict).toMatchObject({ layerIds: ['l2'], objectIds: [] })
    expect([...layerObjects(r.state.document, 'l2')].map((o) => o.id)).toEqual(['b1'])
    expectConsistent(r.state.document)
  })

  it("a gesture interleaved with another user's edits is one group, undone without the other's edits", () => {
    const ev = eventBuilder(documentId)
    const events = [
      ...setup(ev),
      move(ev, 'alice', 'r1', 1, 'drag'),
      rect(ev, 'b1', 'bob'),
      move(ev, 'alice', 'r1', 1, 'drag'),
      move(ev, 'bob', 'r2', 4),
      move(ev, 'alice', 'r1', 1, 'drag'),
    ]
    const s1 = foldEvents(initialState(documentId), events).state
    const alice = userHistory(s1.history, 'alice')
    expect(alice.undoStack.map((g) => g.groupId)).toEqual(['drag'])
    expect(alice.undoStack[0]?.parts).toHaveLength(2)
    const r = reduce(s1, undo(ev, 'alice', 'drag'))
    expect(r.conflict).toBeUndefined()
    expect(x(r.state.document, 'r1')).toBe(0)
    expect(x(r.state.document, 'r2')).toBe(4)
    expect(r.state.document.objects.has('b1')).toBe(true)
    const back = reduce(r.state, redo(ev, 'alice', 'drag')).state
    expect(content(back.document)).toBe(content(s1.document))
  })

  it('the multi-user history round-trips through the snapshot JSON (schemaVersion 2); undo after it is the same', () => {
    const ev = eventBuilder(documentId)
    const events = [
      ...setup(ev),
      move(ev, 'alice', 'r1', 1, 'drag'),
      rect(ev, 'b1', 'bob'),
      move(ev, 'alice', 'r1', 2, 'drag'),
      ev({ eventType: 'StartGroupEvent', groupId: 'g9', label: 'Nine', userId: 'bob' }),
    ]
    const s1 = foldEvents(initialState(documentId), events).state
    const bytes = encodeReplayState(s1)
    const json = JSON.parse(new TextDecoder().decode(bytes)) as {
      schemaVersion: number
      history: Record<string, unknown>
    }
    expect(json.schemaVersion).toBe(REPLAY_STATE_MULTI_USER_VERSION)
    expect(Object.keys(json.history.users as object)).toEqual(['alice', 'bob'])
    const decoded = decodeReplayState(bytes, s1.sequence)
    if (!decoded.ok) throw new Error(decoded.reason)
    expect(encodeReplayState(decoded.state)).toEqual(bytes)
    const direct = reduce(s1, undo(ev, 'alice', 'drag')).state
    // the decoded group has no recorded parts: its sides come from time travel
    const upTo = (k: number) => foldEvents(initialState(documentId), events.slice(0, k + 1)).state
    const refused = foldEvents(decoded.state, [undo(ev, 'alice', 'drag')], {
      resolveDocument: (k) => upTo(k).document,
    })
    expect(refused.problems.map((p) => p.kind)).toEqual(['nothing-to-undo'])
    expect(refused.problems[0]?.reason).toContain('no time travel (resolveRange)')
    const stored = foldEvents(decoded.state, [undo(ev, 'alice', 'drag')], {
      resolveRange: (from, to) => foldEvents(upTo(from), events.slice(from + 1, to + 1)).state,
    })
    expect(stored.problems).toEqual([])
    expect(content(stored.state.document)).toBe(content(direct.document))
    // a schemaVersion 1 snapshot may not carry users
    const v1 = new TextEncoder().encode(JSON.stringify({ ...json, schemaVersion: 1 }))
    const v1read = decodeReplayState(v1, s1.sequence)
    expect(v1read.ok ? 'ok' : v1read.code).toBe('invalid-history')
  })

  it('a schemaVersion 1 snapshot of a log whose events carry userId (older code) is skipped, not misread', () => {
    const ev = eventBuilder(documentId)
    const events = [...setup(ev), rect(ev, 'a1', 'alice'), move(ev, 'alice', 'a1', 4)]
    const storage = createMemoryStorage()
    storage.createDocument({ documentId, title: 'Multi' })
    storage.append(documentId, events, { expectedSequence: 0 })
    // what the code before per-user history wrote: the fold ignoring userId (schemaVersion 1)
    const legacy = foldEvents(
      initialState(documentId),
      events.map(({ userId: _u, ...e }) => e as WireTunerEvent),
    ).state
    storage.writeSnapshot(documentId, legacy.sequence, encodeReplayState(legacy))
    const session = openSession(storage, documentId, { userId: 'alice', snapshotScheduling: 'sync' })
    expect(session.loadReport.skippedSnapshots.map((s) => s.code)).toEqual(['history-without-users'])
    expect(session.undoGroups.map((g) => g.label)).toEqual(['Create Rectangle', 'Move Objects'])
    session.undo()
    expect(x(session.document, 'a1')).toBe(0)
    session.close()
  })

  it("a session of user A undoes A's groups, never B's, and returns what it left", () => {
    const storage = createMemoryStorage()
    const a = createSession(storage, { title: 'Shared' }, { userId: 'alice', snapshotScheduling: 'sync' })
    a.dispatch([
      a.createEvent({
        eventType: 'CreateArtboardEvent',
        artboardId: 'ab',
        bounds: { x: 0, y: 0, width: 100, height: 100 },
      }),
      a.createEvent({ eventType: 'CreateLayerEvent', layerId: 'l1', artboardId: 'ab' }),
    ])
    a.dispatch(
      a.createEvent({
        eventType: 'CreateShapeEvent',
        shapeId: 's1',
        shapeType: 'rectangle',
        parameters: { centerX: 5, centerY: 5, width: 4, height: 4 },
      }),
    )
    // bob edits the same document through his own session
    const bs = openSession(storage, a.documentId, { userId: 'bob', snapshotScheduling: 'sync' })
    expect(bs.canUndo).toBe(false)
    bs.dispatch(bs.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['s1'], delta: { x: 3, y: 0 } }))
    expect(bs.canUndo).toBe(true)
    a.refresh()
    expect(a.undoLabel).toBe('Create Rectangle')
    const left = a.undo()
    // alice's shape was moved by bob since: it stays, and the undo says so
    expect(left?.objectIds).toEqual(['s1'])
    expect(a.lastConflicts).toHaveLength(1)
    expect(a.document.objects.has('s1')).toBe(true)
    expect(a.undoLabel).toBe('Create Layer')
    a.close()
    bs.close()
  })
})

describe('undo group lists per user (collectUndoGroups)', () => {
  it('tag each group with its user, keep a group open across other users, and pair undos per user', () => {
    const ev = eventBuilder(documentId)
    const events = [
      ...setup(ev),
      move(ev, 'alice', 'r1', 1, 'drag'),
      move(ev, 'bob', 'r2', 1),
      move(ev, 'alice', 'r1', 1, 'drag'),
      undo(ev, 'bob', 'drag'), // refused: not bob's group
      undo(ev, 'alice', 'drag'),
      redo(ev, 'alice', 'drag'),
    ]
    const groups = collectUndoGroups(events.map((event) => ({ sequence: event.eventSequence, event })))
    const named = groups.filter((g) => g.userId !== undefined)
    expect(named.map((g) => [g.userId, g.groupId, g.eventCount, g.undone])).toEqual([
      ['alice', 'drag', 2, [[9, 10]]],
      ['bob', named[1]?.groupId, 1, []],
    ])
    // the fold agrees: alice's stack holds the one group, bob's his move
    const folded = foldEvents(initialState(documentId), events)
    expect(folded.problems.map((p) => [p.sequence, p.kind])).toEqual([[8, 'nothing-to-undo']])
    expect(userHistory(folded.state.history, 'alice').undoStack.map((g) => g.groupId)).toEqual(['drag'])
    expect(userHistory(folded.state.history, 'bob').undoStack.map((g) => g.groupId)).toEqual([
      named[1]?.groupId,
    ])
  })
})

/** Object ids of every part of `entry` (what an undo/redo of it may change). */
function touchedIds(entry: UndoGroup): Set<string> {
  const ids = new Set<string>(entry.change?.objectIds ?? [])
  for (const part of entry.parts ?? []) for (const id of part.objectIds) ids.add(id)
  return ids
}

/** The group ids of every user's stacks but `userId`'s. */
function othersStacks(state: ReplayState, userId: string): string {
  return JSON.stringify(
    Object.entries(state.history.users ?? {})
      .filter(([id]) => id !== userId)
      .map(([id, h]) => [id, h.undoStack.map((g) => g.groupId), h.redoStack.map((g) => g.groupId)]),
  )
}

/** The same event at sequence `sequence` (for forks of a fold). */
const at = (event: WireTunerEvent, sequence: number): WireTunerEvent => ({
  ...event,
  eventSequence: sequence,
})

const logArb = fc.array(actionArb, { minLength: 10, maxLength: 60, size: 'max' })

describe('property: two or three users with random interleaved edits, undos and redos', () => {
  it("undo/redo touch only the group's objects, never other users' stacks, keep the document consistent; undo+redo and redo+undo restore the content", () => {
    const seen = { undos: 0, redos: 0, conflicts: 0, parts: 0 }
    fc.assert(
      fc.property(logArb, (actions) => {
        playActions(documentId, setup, actions, ({ kind, userId, entry, before, folder, event }) => {
          expect(folder.apply(event)).toBeUndefined()
          const conflict = folder.lastConflict
          seen[kind === 'undo' ? 'undos' : 'redos']++
          if (conflict !== undefined) seen.conflicts++
          if (entry.parts !== undefined) seen.parts++
          const after = folder.state()
          expectConsistent(after.document)
          expect(othersStacks(after, userId)).toBe(othersStacks(before, userId))
          const touched = touchedIds(entry)
          const ids = new Set(
            [...before.document.objects.values(), ...after.document.objects.values()].map((o) => o.id),
          )
          for (const id of ids) {
            if (!touched.has(id)) expect(after.document.objects.get(id)).toBe(before.document.objects.get(id))
          }
          for (const id of conflict?.objectIds ?? []) expect(touched.has(id)).toBe(true)
          // the way back right after gives the content back exactly
          const fork = new Folder(after)
          const back = { ...event, eventType: kind === 'undo' ? 'RedoEvent' : 'UndoEvent' } as WireTunerEvent
          expect(fork.apply(at(back, after.sequence + 1))).toBeUndefined()
          expect(content(fork.state().document)).toBe(content(before.document))
        })
      }),
      { numRuns: RUNS },
    )
    // the generator reaches the interesting cases (not only undos nobody interfered with)
    expect(seen.undos).toBeGreaterThan(RUNS)
    expect(seen.redos).toBeGreaterThan(RUNS / 4)
    expect(seen.conflicts).toBeGreaterThan(RUNS / 10)
    expect(seen.parts).toBeGreaterThan(0)
  })

  it('a fold resumed from the snapshot JSON at any sequence (a server restart) ends in the same document, history and conflicts', () => {
    fc.assert(
      fc.property(logArb, fc.double({ min: 0, max: 1, noNaN: true }), (actions, where) => {
        const events = playActions(documentId, setup, actions)
        const upTo = (k: number) => foldEvents(initialState(documentId), events.slice(0, k + 1)).state
        const whole = foldEvents(initialState(documentId), events)
        expect(whole.problems).toEqual([])
        const cut = Math.min(events.length - 1, Math.floor(where * events.length))
        const head = upTo(cut)
        const decoded = decodeReplayState(encodeReplayState(head), cut)
        if (!decoded.ok) throw new Error(decoded.reason)
        const resumed = foldEvents(decoded.state, events.slice(cut + 1), {
          resolveDocument: (k) => upTo(k).document,
          resolveRange: (from, to) => foldEvents(upTo(from), events.slice(from + 1, to + 1)).state,
        })
        expect(resumed.problems).toEqual([])
        expect(JSON.stringify(documentToJson(resumed.state.document))).toBe(
          JSON.stringify(documentToJson(whole.state.document)),
        )
        const rows = (s: ReplayState) => {
          const json = JSON.parse(new TextDecoder().decode(encodeReplayState(s))) as { history: unknown }
          return JSON.stringify(json.history, (key, value) => (key === 'changes' ? undefined : value))
        }
        expect(rows(resumed.state)).toBe(rows(whole.state))
        const after = (c: readonly UndoConflict[]) => c.filter((x) => x.sequence > cut)
        expect(after(resumed.conflicts)).toEqual(after(whole.conflicts))
      }),
      { numRuns: Math.max(20, Math.floor(RUNS / 2)) },
    )
  })
})
