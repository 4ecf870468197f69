/**
 * `pnpm bench:cold-read`: the FIRST read + validation of a document's tail in a fresh process —
 * what opening a document pays after loading its newest snapshot. Each sample is a new node
 * process (cold-read-child.ts, built packages, page cache warm) timing the first
 * `[...readEvents(id, { from: newest snapshot + 1 })]` (wall time, and CPU time: the machine is
 * shared), then the same read again (warm).
 * Target: first read of the 500-event tail <= 3 ms median. Files: the replay benchmark's
 * (`WT_COLD_READ_FILES=path:documentId,...` to choose); `WT_COLD_READ_SAMPLES` (default 15);
 * `WT_COLD_READ_PROF=dir` writes a CPU profile of each child (50 µs interval) into `dir`.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { report, summarize, target, warmPageCache } from '@wiretuner/bench-kit'

/** The replay benchmark's cache (its `workload.ts`): simulated logs of 100k and 1M events. */
const REPLAY_CACHE = process.env.WT_BENCH_DIR ?? join(tmpdir(), 'wt-replay-bench-v8')
const DEFAULT_FILES = [
  `${join(REPLAY_CACHE, 'log-100000.wiretuner')}:000be7c4-0000-4000-8000-0000000186a0`,
  `${join(REPLAY_CACHE, 'log-1000000.wiretuner')}:000be7c4-0000-4000-8000-0000000f4240`,
]

interface Sample {
  readonly first: number
  readonly second: number
  readonly firstCpu: number
  readonly secondCpu: number
  readonly events: number
}

function runChild(path: string, documentId: string): Sample {
  const prof = process.env.WT_COLD_READ_PROF
  const flags = prof === undefined ? [] : ['--cpu-prof', '--cpu-prof-interval', '50', '--cpu-prof-dir', prof]
  const child = join(import.meta.dirname, 'cold-read-child.ts')
  const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', child, path, documentId], {
    encoding: 'utf8',
    cwd: join(import.meta.dirname, '..'),
  })
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Sample
}

const files = (process.env.WT_COLD_READ_FILES?.split(',') ?? DEFAULT_FILES).map((entry) => {
  const at = entry.lastIndexOf(':')
  return { path: entry.slice(0, at), documentId: entry.slice(at + 1) }
})
const samples = Math.max(1, Number(process.env.WT_COLD_READ_SAMPLES ?? 15))
console.log(`cold read of the tail after the newest snapshot: ${samples} fresh node processes per file`)
for (const { path, documentId } of files) {
  if (!existsSync(path)) {
    console.log(`skipped ${path}: missing (pnpm --filter @wiretuner/replay bench generates it)`)
    continue
  }
  warmPageCache(path)
  const runs: Sample[] = []
  for (let i = 0; i < samples; i++) runs.push(runChild(path, documentId))
  const label = `${path.split('/').at(-1)} (${runs[0]?.events} events)`
  const stats = (key: keyof Sample, what: string) =>
    report(
      summarize(
        `${label}: ${what}`,
        runs.map((r) => r[key]),
      ),
    )
  const first = stats('first', 'first read + validate')
  stats('firstCpu', '  CPU time of the first read')
  stats('second', '  same process, second read')
  target(`${label}: first read p50 (ms)`, first.medianMs, { atMost: 3 })
}
