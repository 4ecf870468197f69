/**
 * Issue 12: a short seeded fault campaign on every test run (CI): 200 damaged copies of a valid
 * file, each read by info, validate, replay (head and a random sequence, with and without
 * snapshots), a read-only session and the viewer's backend, in worker processes under a 10 s
 * watchdog. No case may crash, hang, pass as healthy with another document, or be written to.
 */
import { describe, expect, it } from 'vitest'
import { runCampaign, summaryTable } from '../fuzz/run.ts'

describe('fuzz campaign (seed 1, 200 cases)', () => {
  it('no crash, no hang, no wrong success, no write', async () => {
    const summary = await runCampaign({ cases: 200, seed: '1', timeoutMs: 10_000, jobs: 2 })
    expect(summary.cases).toBe(200)
    expect(summary.failures, summaryTable(summary)).toEqual([])
    // the campaign damages: most cases are refused or reported, not healthy
    expect(summary.classes.healthy).toBeLessThan(summary.cases / 2)
  }, 600_000)
})
