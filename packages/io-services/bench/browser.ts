/**
 * `pnpm bench browser`: the same workload (browser-workload.ts) on Node (better-sqlite3, WAL file)
 * and in headless Chromium (SQLite WASM on OPFS, in a Worker), in the same run; reports medians
 * (min–max) and browser / Node ratios of throughput (target ≥ 0.5 each, issue 13), and the
 * browser's time to open a 100,000-event file (target < 50 ms).
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { report, type Stats, summarize, target } from '@wiretuner/bench-kit'
import { runBrowserSuite } from '@wiretuner/browser-kit'
import { openWireTunerFile } from '../src/node.js'
import { runWorkload, type WorkloadTimes } from './browser-workload.js'

function stats(times: WorkloadTimes, side: string): Record<keyof WorkloadTimes, Stats> {
  return {
    append1000: report(summarize(`${side}: append 1,000 events per call`, times.append1000, 1_000), 'events'),
    read30k: report(summarize(`${side}: read + validate 30,000 events`, times.read30k, 30_000), 'events'),
    open100k: report(summarize(`${side}: open a 100,000-event file`, times.open100k)),
  }
}

/** Runs the comparison in `dir` (Node files) and Chromium. */
export async function benchBrowser(dir: string): Promise<void> {
  console.log('\n-- browser (SQLite WASM, OPFS, Worker) vs Node (better-sqlite3), same workload')
  const nodeTimes = await runWorkload(async (name, fresh) => {
    const path = join(dir, name)
    if (fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
    return openWireTunerFile(path, { create: fresh })
  })
  const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
  const run = await runBrowserSuite({
    suite: here('./browser-worker.ts'),
    assets: [fileURLToPath(import.meta.resolve('@sqlite.org/sqlite-wasm/sqlite3.wasm'))],
    timeoutMs: 900_000,
  })
  const failed = run.results.find((r) => r.status === 'failed')
  const uploaded = run.uploads.get('times.json')
  if (failed !== undefined || uploaded === undefined) {
    throw new Error(`browser workload failed: ${failed?.error?.message ?? 'no times uploaded'}`)
  }
  console.log(`Chromium ${run.browserVersion}`)
  const node = stats(nodeTimes, 'node')
  const browser = stats(JSON.parse(new TextDecoder().decode(uploaded)) as WorkloadTimes, 'browser')
  for (const key of ['append1000', 'read30k', 'open100k'] as const) {
    target(`browser / node throughput, ${key}`, node[key].medianMs / browser[key].medianMs, { atLeast: 0.5 })
  }
  target('browser: open a 100,000-event file (ms)', browser.open100k.medianMs, { atMost: 50 })
}
