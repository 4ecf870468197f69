/**
 * Tests of the snapshot JSON (snapshot-format.ts): the documented layout (key order, plain JSON
 * any parser reads), round trip of random simulated states (document, history, sequence),
 * determinism, and decoding never throws on damaged bytes, with a precise code. fast-check prints
 * the seed of a failing run; `WT_PROPERTY_RUNS` raises the number of runs.
 */
import { documentsEqual, documentToJson } from '@wiretuner/vector-model'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decodeReplayState,
  encodeReplayState,
  REPLAY_STATE_FORMAT,
  REPLAY_STATE_FORMAT_VERSION,
} from '../src/snapshot-format.js'
import type { ReplayState } from '../src/state.js'
import { simulatedLog } from '../src/testing.js'
import { docBytes, fakeUuid, fullFold, historyShape, RUNS } from './support/helpers.js'

let unique = 0
/** The state after a random prefix of a simulated editing session. */
const stateArb = fc
  .record({ seed: fc.integer(), length: fc.integer({ min: 3, max: 400 }) })
  .map(({ seed, length }) =>
    fullFold(simulatedLog(seed, length, { documentId: fakeUuid(++unique, 0x5a9) }).slice(0, length)),
  )

/** Byte equality (vitest's deep equality is slow on large typed arrays). */
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b))

function expectSameState(got: ReplayState, want: ReplayState): void {
  expect(got.sequence).toBe(want.sequence)
  expect(docBytes(got)).toBe(docBytes(want))
  expect(documentsEqual(got.document, want.document)).toBe(true)
  expect(historyShape(got)).toEqual(historyShape(want))
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)
const bytesOf = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value))

describe('snapshot JSON (schemaVersion 1)', () => {
  it('is one plain JSON object with the documented keys, in order', () => {
    const state = fullFold(simulatedLog(1, 300))
    const json = JSON.parse(text(encodeReplayState(state))) as Record<string, unknown>
    expect(REPLAY_STATE_FORMAT_VERSION).toBe(1)
    expect(Object.keys(json)).toEqual(['format', 'schemaVersion', 'sequence', 'history', 'document'])
    expect(json).toMatchObject({ format: REPLAY_STATE_FORMAT, schemaVersion: 1, sequence: state.sequence })
    expect(json.document).toEqual(documentToJson(state.document))
    const history = json.history as Record<string, unknown>
    expect(Object.keys(history).slice(0, 2)).toEqual(['undo', 'redo'])
    expect(history.undo).toEqual(
      state.history.undoStack.map((g) => [g.groupId, g.label, g.firstSequence, g.lastSequence]),
    )
  })

  it('round-trips random simulated states exactly (document, history, sequence)', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const decoded = decodeReplayState(encodeReplayState(state), state.sequence)
        if (!decoded.ok) throw new Error(decoded.reason)
        expectSameState(decoded.state, state)
      }),
      { numRuns: RUNS },
    )
  })

  it('is deterministic: the same state gives the same bytes, also after a round trip', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const bytes = encodeReplayState(state)
        expect(sameBytes(encodeReplayState(state), bytes)).toBe(true)
        const decoded = decodeReplayState(bytes, state.sequence)
        if (!decoded.ok) throw new Error(decoded.reason)
        expect(sameBytes(encodeReplayState(decoded.state), bytes)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })
})

describe('decodeReplayState on damaged bytes', () => {
  const state = fullFold(simulatedLog(5, 120))
  const good = encodeReplayState(state)
  const json = JSON.parse(text(good)) as Record<string, unknown>
  const history = json.history as Record<string, unknown>

  it('gives a precise code and reason', () => {
    const result = (bytes: Uint8Array, sequence = state.sequence) => {
      const r = decodeReplayState(bytes, sequence)
      return r.ok ? 'ok' : `${r.code}: ${r.reason}`
    }
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array([1, 2, 3]), /^not-json: /],
      [new Uint8Array([0x7b, 0xff, 0x7d]), /^not-json: /],
      [good.subarray(0, good.length - 1), /^not-json: /],
      [bytesOf([1]), /^not-a-replay-state: /],
      [bytesOf({ ...json, format: 'other' }), /^not-a-replay-state: .*wiretuner.replay-state/],
      [
        bytesOf({ ...json, schemaVersion: 3 }),
        /^unsupported-version: snapshot schemaVersion 3 \(this code reads 1 and 2\)/,
      ],
      [bytesOf({ ...json, schemaVersion: 2 }), /^invalid-history: history.users is not an object/],
      [bytesOf({ ...json, extra: 1 }), /^not-a-replay-state: snapshot has unknown keys extra/],
      [bytesOf({ ...json, sequence: 'x' }), /^not-a-replay-state: snapshot sequence is not an integer/],
      [bytesOf({ ...json, history: [] }), /^invalid-history: history is not an object/],
      [
        bytesOf({ ...json, history: { ...history, more: 1 } }),
        /^invalid-history: history has unknown keys more/,
      ],
      [
        bytesOf({ ...json, history: { ...history, undo: [['g', 'l', 1]] } }),
        /^invalid-history: history.undo\[0\]/,
      ],
      [
        bytesOf({ ...json, history: { ...history, redo: {} } }),
        /^invalid-history: history.redo is not a list/,
      ],
      [bytesOf({ ...json, history: { ...history, open: 3 } }), /^invalid-history: history.open/],
      [
        bytesOf({ ...json, history: { ...history, pending: { groupId: 'g' } } }),
        /^invalid-history: history.pending/,
      ],
      [
        bytesOf({ ...json, document: { format: 'x' } }),
        /^invalid-document: document does not parse: .*format/,
      ],
    ]
    for (const [bytes, reason] of cases) expect(result(bytes)).toMatch(reason)
    expect(result(good, state.sequence + 1)).toBe(
      `sequence-mismatch: snapshot records sequence ${state.sequence} but is stored at ${state.sequence + 1}`,
    )
    const pending = { ...json, history: { ...history, open: 'g1', pending: { groupId: 'g2', label: 'L' } } }
    const decoded = decodeReplayState(bytesOf(pending), state.sequence)
    expect(decoded.ok && decoded.state.history).toMatchObject({
      openGroupId: 'g1',
      pendingLabel: { groupId: 'g2', label: 'L' },
    })
  })

  it('refuses every malformed undo/redo row, naming it, and reads well-formed ones', () => {
    const rows = (undo: unknown[], redo: unknown[] = []) => {
      const r = decodeReplayState(bytesOf({ ...json, history: { undo, redo } }), state.sequence)
      return r.ok ? r.state.history : `${r.code}: ${r.reason}`
    }
    const ok = ['g', 'Move', 3, 5]
    const bad: [unknown, string][] = [
      ['row', 'not an array'],
      [['g', 'Move', 3], 'three members'],
      [['g', 'Move', 3, 5, 6], 'five members'],
      [[1, 'Move', 3, 5], 'a number as id'],
      [['g', null, 3, 5], 'no label'],
      [['g', 'Move', '3', 5], 'a string as first'],
      [['g', 'Move', 3.5, 5], 'a fraction as first'],
      [['g', 'Move', 3, Number.POSITIVE_INFINITY], 'Infinity as last (JSON: null)'],
      [['g', 'Move', 6, 5], 'first after last'],
    ]
    for (const [row, what] of bad) {
      expect(rows([ok, row]), what).toBe(
        'invalid-history: history.undo[1] is not a [groupId, label, first, last] row',
      )
      expect(rows([ok], [row]), what).toBe(
        'invalid-history: history.redo[0] is not a [groupId, label, first, last] row',
      )
    }
    expect(rows([ok, ['h', 'Draw', 6, 6]], [['r', 'Undone', -0, 2]])).toMatchObject({
      undoStack: [
        { groupId: 'g', label: 'Move', firstSequence: 3, lastSequence: 5 },
        { groupId: 'h', label: 'Draw', firstSequence: 6, lastSequence: 6 },
      ],
      redoStack: [{ groupId: 'r', label: 'Undone', firstSequence: 0, lastSequence: 2 }],
    })
  })

  it('never throws on truncated, flipped or random bytes', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.uint8Array({ maxLength: 300 }),
        (at, byte, garbage) => {
          const flipped = good.slice()
          flipped[at % flipped.length] = byte
          for (const bytes of [good.subarray(0, at % good.length), flipped, garbage]) {
            const r = decodeReplayState(bytes, state.sequence)
            if (!r.ok) expect(r.reason.length).toBeGreaterThan(0)
          }
        },
      ),
      { numRuns: RUNS * 5 },
    )
  })
})
