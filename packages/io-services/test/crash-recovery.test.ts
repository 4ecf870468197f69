/**
 * Crash safety: a child process appends batches in a loop on a real file and is killed with
 * SIGKILL at random moments, WT_CRASH_ROUNDS times (default 20). After every kill the file must
 * open, pass integrity_check and every validation check, be gap-free, and hold every batch the
 * child acknowledged (a line on stdout is written only after `append` returned), whole; the
 * snapshots it was writing and pruning are whole or absent, never damaged.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWireTunerFile } from '../src/node.js'
import { bundleWorker, spawnWorker, tempDir } from './helpers.js'

const DOC = '77777777-7777-4777-8777-777777777777'
const ROUNDS = Number(process.env.WT_CRASH_ROUNDS ?? 20)
let bundle = ''
let tmp: ReturnType<typeof tempDir>

beforeAll(async () => {
  tmp = tempDir('wt-crash-')
  bundle = await bundleWorker()
})
afterAll(() => {
  tmp.cleanup()
  rmSync(bundle, { force: true })
})

describe('SIGKILL during appends', () => {
  it(`loses no acknowledged append and never damages the file (${ROUNDS} rounds)`, async () => {
    const path = join(tmp.dir, 'crash.wiretuner')
    const setup = await openWireTunerFile(path)
    setup.createDocument({ documentId: DOC, title: 'crash' })
    setup.close()
    const acknowledged = new Map<number, string>()
    let killedMidRun = 0
    let snapshotsSeen = 0
    for (let round = 0; round < ROUNDS; round++) {
      const worker = spawnWorker(bundle, ['loop', path, DOC], (line) => {
        if (!line.startsWith('ack ')) return
        const [, first, ids] = line.split(' ')
        for (const [i, id] of (ids ?? '').split(',').entries()) acknowledged.set(Number(first) + i, id)
      })
      await worker.next('ready')
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 120))
      worker.child.kill('SIGKILL')
      await worker.exited
      if (worker.child.signalCode === 'SIGKILL') killedMidRun++

      const file = await openWireTunerFile(path, { create: false })
      try {
        const report = file.validate()
        // The worker snapshots at arbitrary sequences: this test is about integrity, not cadence.
        expect(
          report.checks.filter((c) => c.status === 'fail' && c.id !== 'snapshots.cadence'),
          `round ${round}`,
        ).toEqual([])
        const stored = new Map<number, string>()
        let expected = 0
        for (const item of file.readEvents(DOC)) {
          expect(item.kind, `round ${round}`).toBe('event')
          if (item.kind !== 'event') continue
          expect(item.sequence).toBe(expected++)
          stored.set(item.sequence, item.event.eventId)
        }
        for (const [seq, id] of acknowledged) {
          expect(stored.get(seq), `round ${round}, sequence ${seq}`).toBe(id)
        }
        expect(file.verifySnapshots(DOC), `round ${round}`).toEqual([])
        const latest = file.loadLatestSnapshot(DOC)
        expect(latest.skipped).toEqual([])
        if (latest.snapshot !== undefined) {
          const state = JSON.parse(new TextDecoder().decode(latest.snapshot.data)) as { head: number }
          expect(state.head).toBe(latest.snapshot.eventSequence)
          snapshotsSeen++
        }
      } finally {
        file.close()
      }
    }
    expect(killedMidRun).toBe(ROUNDS)
    expect(acknowledged.size).toBeGreaterThan(ROUNDS)
    expect(snapshotsSeen).toBeGreaterThan(0)
  })
})
