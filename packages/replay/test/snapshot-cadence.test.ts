/**
 * The snapshot cadence is exact (seed: "Snapshot created every 1000 events (±50)"): a session
 * snapshots the state after every sequence k × snapshotEvery − 1, also inside a large dispatched
 * batch; only the newest snapshot (a close snapshot) may be off cadence; a load that had no
 * usable snapshot writes one of the head. Property runs: `WT_PROPERTY_RUNS` (a tenth of it here,
 * at least 3: each run dispatches up to 12,000 events).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryStorage, type DocumentStorage } from '@wiretuner/io-services'
import { openWireTunerFile, validateFile } from '@wiretuner/io-services/node'
import { corruptSnapshot } from '@wiretuner/io-services/testing'
import { serializeDocument } from '@wiretuner/vector-model'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { createSession, type DocumentSession, openSession, type SessionOptions } from '../src/index.js'
import { RUNS } from './support/helpers.js'

const sync: SessionOptions = { snapshotScheduling: 'sync' }
const dir = mkdtempSync(join(tmpdir(), 'wt-cadence-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Dispatches `total` cheap events (viewport pans) in batches of the given sizes, cycling. */
function dispatchPans(session: DocumentSession, total: number, batches: readonly number[]): void {
  let done = 0
  for (let b = 0; done < total; b++) {
    const size = Math.min(batches[b % batches.length] as number, total - done)
    session.dispatch(
      Array.from({ length: size }, (_, i) =>
        session.createEvent({ eventType: 'ViewportPanEvent', delta: { x: (done + i) % 7, y: 1 } }),
      ),
    )
    done += size
  }
}

const sequences = (storage: DocumentStorage, id: string): number[] =>
  storage
    .listSnapshots(id)
    .map((s) => s.eventSequence)
    .reverse()

describe('snapshot cadence', () => {
  it('snapshots exactly at k × snapshotEvery − 1 inside large batches (12,000 events)', async () => {
    const path = join(dir, 'batches.wiretuner')
    const file = await openWireTunerFile(path)
    const s = createSession(file, {}, { ...sync, snapshotRetention: 20 })
    dispatchPans(s, 12_000 - 1, [137, 2500, 1, 499, 1058])
    expect(sequences(file, s.documentId)).toEqual(Array.from({ length: 12 }, (_, k) => (k + 1) * 1000 - 1))
    s.close() // tail 0 after 11,999: no close snapshot
    const report = file.validate()
    expect(report.checks.find((c) => c.id === 'snapshots.cadence')).toMatchObject({ status: 'pass' })
    file.close()
  })

  it('the close snapshot is superseded by the next cadence snapshot (only the newest is off cadence)', () => {
    const storage = createMemoryStorage()
    const options = { ...sync, snapshotEvery: 10, closeSnapshotMinTail: 3 }
    const s = createSession(storage, {}, options)
    dispatchPans(s, 24, [5]) // sequences 0..24
    s.close()
    expect(sequences(storage, s.documentId)).toEqual([9, 19, 24])
    // The next session (the previous one closed at 24) still snapshots at 29, then drops 24.
    const again = openSession(storage, s.documentId, options)
    dispatchPans(again, 8, [8])
    expect(sequences(storage, s.documentId)).toEqual([9, 19, 29])
    again.close()
    expect(sequences(storage, s.documentId)).toEqual([9, 19, 29, 32])
  })

  it('after a writer that crashed before its snapshot, the next one is still on cadence', () => {
    const storage = createMemoryStorage()
    const s = createSession(storage, {}, { snapshotScheduling: () => {}, snapshotEvery: 10 }) // never written
    dispatchPans(s, 25, [25])
    expect(storage.listSnapshots(s.documentId)).toEqual([])
    const next = openSession(storage, s.documentId, { ...sync, snapshotEvery: 100 })
    expect(next.loadReport.wroteSnapshot).toBe(false) // 26 events: fewer than snapshotEvery
    const reopened = openSession(storage, s.documentId, { ...sync, snapshotEvery: 10 })
    expect(reopened.loadReport).toMatchObject({ fullReplay: true, wroteSnapshot: true })
    expect(sequences(storage, s.documentId)).toEqual([25]) // the head, off cadence
    dispatchPans(reopened, 10, [3])
    expect(sequences(storage, s.documentId)).toEqual([29]) // on cadence; the head one superseded
  })

  it('a load past a corrupt snapshot writes a snapshot of the head on a writable storage', () => {
    const storage = createMemoryStorage()
    const s = createSession(storage, {}, { ...sync, snapshotEvery: 10 })
    dispatchPans(s, 34, [34])
    const newest = storage.listSnapshots(s.documentId)[0]
    expect(newest?.eventSequence).toBe(29)
    corruptSnapshot(storage, s.documentId, newest?.snapshotId ?? -1, new Uint8Array([1]))
    const r = openSession(storage, s.documentId, { ...sync, snapshotEvery: 10 })
    expect(r.loadReport).toMatchObject({ snapshotSequence: 19, wroteSnapshot: true, sequence: 34 })
    expect(r.lastSnapshotSequence).toBe(34)
    expect(sequences(storage, s.documentId)).toEqual([9, 19, 29, 34])
    const again = openSession(storage, s.documentId, { ...sync, snapshotEvery: 10 })
    expect(again.loadReport).toMatchObject({ snapshotSequence: 34, eventsReplayed: 0, wroteSnapshot: false })
    expect(serializeDocument(again.document)).toBe(serializeDocument(s.document))
  })

  it('property: every snapshot but the newest is on cadence, none more than snapshotEvery apart', async () => {
    let run = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 12_000 }),
        fc.oneof(fc.constant(1000), fc.integer({ min: 2, max: 300 })),
        fc.integer({ min: 0, max: 200 }),
        async (batches, total, every, closeTail) => {
          const path = join(dir, `property-${run++}.wiretuner`)
          const file = await openWireTunerFile(path)
          const options = { ...sync, snapshotEvery: every, closeSnapshotMinTail: closeTail }
          const s = createSession(file, {}, options)
          dispatchPans(s, Math.min(total, every * 12), batches)
          s.close()
          const seqs = sequences(file, s.documentId)
          for (const seq of seqs.slice(0, -1)) expect((seq + 1) % every, `${seq} in ${seqs}`).toBe(0)
          for (let i = 1; i < seqs.length; i++)
            expect((seqs[i] as number) - (seqs[i - 1] as number)).toBeLessThanOrEqual(every)
          const report = file.validate()
          file.close()
          if (every === 1000) {
            expect(report.checks.find((c) => c.id === 'snapshots.cadence')?.status).toBe('pass')
          } else {
            const custom = validateFile(path, { snapshotInterval: every, snapshotTolerance: 0 })
            expect(custom.checks.find((c) => c.id === 'snapshots.cadence')?.status).toBe('pass')
          }
          rmSync(path, { force: true })
          rmSync(`${path}-wal`, { force: true })
          rmSync(`${path}-shm`, { force: true })
        },
      ),
      { numRuns: Math.max(3, Math.ceil(RUNS / 10)) },
    )
  }, 120_000)
})
