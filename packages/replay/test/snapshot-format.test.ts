/**
 * Tests of the snapshot payload (snapshot-format.ts): format 2 round trip of random simulated
 * states (document, history, sequence), determinism, format 1 payloads still open, and decoding
 * never throws on damaged bytes. fast-check prints the seed of a failing run; `WT_PROPERTY_RUNS`
 * raises the number of runs.
 */
import { gzipSync } from 'node:zlib'
import { documentsEqual, serializeDocument } from '@wiretuner/vector-model'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decodeSnapshot,
  encodeSnapshot,
  encodeSnapshotV1,
  SNAPSHOT_FORMAT_VERSION,
} from '../src/snapshot-format.js'
import type { ReplayState } from '../src/state.js'
import { docBytes, fullFold, historyShape, RUNS } from './support/helpers.js'
import { fakeUuid, simulatedLog } from './support/simulated-editor.js'

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

/** A format 1 payload built by hand from the layout (independent of encodeSnapshotV1). */
function handMadeV1(state: ReplayState): Uint8Array {
  const history = new TextEncoder().encode(
    JSON.stringify({
      sequence: state.sequence,
      undo: state.history.undoStack.map((g) => [g.groupId, g.label, g.firstSequence, g.lastSequence]),
      redo: state.history.redoStack.map((g) => [g.groupId, g.label, g.firstSequence, g.lastSequence]),
      ...(state.history.openGroupId === undefined ? {} : { open: state.history.openGroupId }),
      ...(state.history.pendingLabel === undefined
        ? {}
        : {
            pending: { groupId: state.history.pendingLabel.groupId, label: state.history.pendingLabel.label },
          }),
    }),
  )
  const document = new TextEncoder().encode(serializeDocument(state.document))
  const out = new Uint8Array(9 + history.length + document.length)
  out.set([0x57, 0x54, 0x52, 0x53, 1], 0)
  new DataView(out.buffer).setUint32(5, history.length, false)
  out.set(history, 9)
  out.set(document, 9 + history.length)
  return out
}

describe('snapshot format 2', () => {
  it('is the version written', () => {
    expect(SNAPSHOT_FORMAT_VERSION).toBe(2)
    const bytes = encodeSnapshot(fullFold(simulatedLog(1, 50)))
    expect([...bytes.subarray(0, 5)]).toEqual([0x57, 0x54, 0x52, 0x53, 2])
  })

  it('round-trips random simulated states exactly (document, history, sequence)', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const decoded = decodeSnapshot(encodeSnapshot(state), state.sequence)
        if (!decoded.ok) throw new Error(decoded.reason)
        expectSameState(decoded.state, state)
      }),
      { numRuns: RUNS },
    )
  })

  it('is deterministic: the same state gives the same bytes, also after a round trip', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const bytes = encodeSnapshot(state)
        expect(sameBytes(encodeSnapshot(state), bytes)).toBe(true)
        const decoded = decodeSnapshot(bytes, state.sequence)
        if (!decoded.ok) throw new Error(decoded.reason)
        expect(sameBytes(encodeSnapshot(decoded.state), bytes)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('gzips smaller than the JSON form (format 1) of a simulated document', () => {
    const state = fullFold(simulatedLog(3, 5_000))
    const v2 = gzipSync(encodeSnapshot(state), { level: 6 }).length
    const v1 = gzipSync(encodeSnapshotV1(state), { level: 6 }).length
    expect(v2).toBeLessThan(v1)
  })
})

describe('snapshot format 1 (older files)', () => {
  it('still opens, hand-made and from encodeSnapshotV1', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const hand = handMadeV1(state)
        expect(sameBytes(encodeSnapshotV1(state), hand)).toBe(true)
        const decoded = decodeSnapshot(hand, state.sequence)
        if (!decoded.ok) throw new Error(decoded.reason)
        expectSameState(decoded.state, state)
        // re-encoding a format 1 snapshot gives the format 2 bytes of the same state
        expect(sameBytes(encodeSnapshot(decoded.state), encodeSnapshot(state))).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })
})

describe('decodeSnapshot on damaged bytes', () => {
  const state = fullFold(simulatedLog(5, 120))
  const good = encodeSnapshot(state)

  it('gives precise reasons', () => {
    const reason = (bytes: Uint8Array, sequence = state.sequence) => {
      const r = decodeSnapshot(bytes, sequence)
      return r.ok ? 'ok' : r.reason
    }
    expect(reason(new Uint8Array([1, 2, 3]))).toMatch(/magic WTRS missing/)
    const v9 = good.slice()
    v9[4] = 9
    expect(reason(v9)).toBe('unsupported replay snapshot format version 9')
    expect(reason(good, state.sequence + 1)).toBe(
      `snapshot records sequence ${state.sequence} but is stored at ${state.sequence + 1}`,
    )
    expect(reason(good.subarray(0, 10))).toBe('snapshot header is truncated')
    expect(reason(good.subarray(0, good.length - 1))).toMatch(
      /snapshot holds \d+ bytes, its header describes \d+/,
    )
    const columnsLength = new DataView(good.buffer, good.byteOffset).getUint32(5, false)
    const moved = good.slice()
    new DataView(moved.buffer).setUint32(5, columnsLength - 1, false)
    new DataView(moved.buffer).setUint32(9, good.length - 13 - columnsLength + 1, false)
    expect(reason(moved)).toMatch(
      /^snapshot numbers: number columns hold \d+ bytes, their headers describe \d+/,
    )
    const notUtf8 = good.slice()
    notUtf8[13 + columnsLength + 1] = 0xff
    expect(reason(notUtf8)).toBe('snapshot structure is not valid UTF-8')
  })

  it('reports a document that vector-model rejects', () => {
    const columnsLength = new DataView(good.buffer, good.byteOffset).getUint32(5, false)
    const text = new TextDecoder().decode(good.subarray(13 + columnsLength))
    const broken = text.replace(
      '"format":"wiretuner.vector-document"',
      '"format":"wiretuner.vector-documenX"',
    )
    expect(broken).not.toBe(text)
    const structure = new TextEncoder().encode(broken)
    const bytes = new Uint8Array(13 + columnsLength + structure.length)
    bytes.set(good.subarray(0, 13 + columnsLength), 0)
    new DataView(bytes.buffer).setUint32(9, structure.length, false)
    bytes.set(structure, 13 + columnsLength)
    const r = decodeSnapshot(bytes, state.sequence)
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/^document does not parse: .*format/) })
  })

  it('never throws on truncated, flipped or random bytes (format 1 and 2)', () => {
    const v1 = encodeSnapshotV1(state)
    fc.assert(
      fc.property(
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.uint8Array({ maxLength: 300 }),
        (at, byte, garbage) => {
          for (const source of [good, v1]) {
            const flipped = source.slice()
            flipped[at % flipped.length] = byte
            const withMagic = new Uint8Array([...source.subarray(0, 5), ...garbage])
            for (const bytes of [source.subarray(0, at % source.length), flipped, garbage, withMagic]) {
              const r = decodeSnapshot(bytes, state.sequence)
              if (!r.ok) expect(r.reason.length).toBeGreaterThan(0)
            }
          }
        },
      ),
      { numRuns: RUNS * 5 },
    )
  })
})
