/**
 * Issue 12: no read of a damaged log may loop. Real files damaged behind the engine's back with
 * the system `sqlite3` shell (a range of events deleted, a sequence edited to 2998.5, a snapshot
 * row edited the same way): every bounded fold ends at its bound and reports what it missed, the
 * newest events after a gap are read, and bad rows are skipped and reported, never fatal.
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initialState, TimeTravel } from '../src/advanced.js'
import { openSession } from '../src/index.js'
import { simulatedLog } from '../src/testing.js'
import { fakeUuid } from './support/helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'wt-damaged-log-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const EVENTS = 2_500
const documentId = fakeUuid(12, 0xda1)
const healthy = join(dir, 'healthy.wiretuner')

/** Runs SQL on a copy of the healthy file with the system sqlite3 shell; the copy's path. */
function damaged(name: string, statement: string): string {
  const path = join(dir, name)
  copyFileSync(healthy, path)
  execFileSync('sqlite3', [path, statement])
  return path
}

beforeAll(async () => {
  const file = await openWireTunerFile(healthy)
  file.createDocument({ documentId, title: 'Damaged log' })
  const session = openSession(file, documentId, { snapshotScheduling: 'sync' })
  const log = simulatedLog(12, EVENTS, { documentId }).slice(0, EVENTS)
  for (let at = 0; at < log.length; at += 500) session.dispatch(log.slice(at, at + 500))
  session.close()
  file.close()
})

describe('a gap at the end of a folded range', () => {
  it('foldFrom(base, to) inside the gap stands at `to` and reports the gap', async () => {
    const path = damaged('gap.wiretuner', 'DELETE FROM events WHERE event_sequence BETWEEN 1000 AND 1009')
    const file = await openWireTunerFile(path, { readOnly: true, create: false })
    try {
      const travel = new TimeTravel(file, documentId)
      const fold = travel.foldFrom(initialState(documentId), 1005)
      expect(fold.state.sequence).toBe(1005)
      expect(fold.problems).toEqual([
        expect.objectContaining({
          kind: 'gap',
          sequence: 1000,
          reason: expect.stringContaining('1000..1005'),
        }),
      ])
      // from a base inside the gap: no rows at all in the range
      const inside = travel.foldFrom(fold.state, 1008)
      expect(inside.state.sequence).toBe(1008)
      expect(inside.eventsApplied).toBe(0)
      expect(inside.problems).toHaveLength(1)
      // stateAt inside the gap, through the snapshot at 999
      expect(travel.stateAt(1007).sequence).toBe(1007)
    } finally {
      file.close()
    }
  })

  it('the events after a gap are not ignored: the head is the largest stored sequence', async () => {
    const path = damaged(
      'gap-tail.wiretuner',
      'DELETE FROM events WHERE event_sequence BETWEEN 2400 AND 2409',
    )
    const file = await openWireTunerFile(path, { readOnly: true, create: false })
    try {
      expect(file.eventCount(documentId)).toBe(EVENTS - 10)
      expect(file.nextSequence(documentId)).toBe(EVENTS)
      const fold = new TimeTravel(file, documentId).foldFrom(initialState(documentId))
      expect(fold.state.sequence).toBe(EVENTS - 1)
      expect(fold.problems[0]).toMatchObject({
        kind: 'gap',
        sequence: 2400,
        reason: expect.stringContaining('2400..2409'),
      })
      const session = openSession(file, documentId)
      expect(session.loadReport.sequence).toBe(EVENTS - 1)
      session.close()
    } finally {
      file.close()
    }
  })

  it('prepareSlice over a gap wider than a slice finishes', async () => {
    const path = damaged('wide-gap.wiretuner', 'DELETE FROM events WHERE event_sequence BETWEEN 100 AND 1600')
    const file = await openWireTunerFile(path, { readOnly: true, create: false })
    try {
      const travel = new TimeTravel(file, documentId)
      let slices = 0
      let done = false
      while (!done) {
        done = travel.prepareSlice(EVENTS - 1, 200).done
        slices++
        expect(slices).toBeLessThan(EVENTS)
      }
      expect(slices).toBeLessThanOrEqual(Math.ceil(EVENTS / 200))
    } finally {
      file.close()
    }
  })
})

describe('rows whose sequence is not an integer', () => {
  it('an event at 1500.5 is skipped and reported; its neighbours are read as they are', async () => {
    const path = damaged(
      'half-event.wiretuner',
      'UPDATE events SET event_sequence = 1500.5 WHERE event_sequence = 1500',
    )
    const file = await openWireTunerFile(path, { readOnly: true, create: false })
    try {
      const fold = new TimeTravel(file, documentId).foldFrom(initialState(documentId))
      const kinds = fold.problems.map((p) => [p.kind, p.sequence])
      expect(kinds).toContainEqual(['invalid', 1500.5])
      expect(kinds).toContainEqual(['gap', 1500])
      // 1501 is read as an event, not as a duplicate of an already read sequence
      expect(fold.problems.every((p) => !p.reason.includes('duplicate'))).toBe(true)
      expect(fold.state.sequence).toBe(EVENTS - 1)
      expect(fold.eventsApplied).toBeGreaterThan(EVENTS - 10)
    } finally {
      file.close()
    }
  })

  it('the newest event edited to a fraction leaves the head at the largest integer sequence', async () => {
    const last = EVENTS - 1
    const path = damaged(
      'half-head.wiretuner',
      `UPDATE events SET event_sequence = ${last}.5 WHERE event_sequence = ${last}`,
    )
    const file = await openWireTunerFile(path, { readOnly: true, create: false })
    try {
      expect(file.nextSequence(documentId)).toBe(last)
    } finally {
      file.close()
    }
  })

  it('a snapshot at 1999.5 is skipped and reported, not fatal', async () => {
    const path = damaged(
      'half-snapshot.wiretuner',
      'UPDATE snapshots SET event_sequence = event_sequence + 0.5; DELETE FROM history_index_cache',
    )
    const file = await openWireTunerFile(path, { readOnly: true, create: false })
    try {
      const session = openSession(file, documentId)
      expect(session.loadReport.sequence).toBe(EVENTS - 1)
      expect(session.loadReport.skippedSnapshots.length).toBeGreaterThan(0)
      expect(session.loadReport.skippedSnapshots[0]?.reason).toMatch(/not an integer/)
      expect(session.loadReport.skippedSnapshots[0]?.code).toBe('corrupt-snapshot')
      expect(new TimeTravel(file, documentId).stateAt(2100).sequence).toBe(2100)
      session.close()
    } finally {
      file.close()
    }
  })
})
