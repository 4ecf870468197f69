/**
 * Process-level benchmark: every sample is a NEW node process (process-child.ts, built packages)
 * on a file on disk with a warm page cache, so it measures what a user waits for after launching:
 * the first open in the process (file + document), the first seek `documentAt(k)` (k differs per
 * process, deterministic from the sample index, uniform over the log) and the first undo/redo
 * (each on a fresh copy of the file: they append). The same steps repeated in the same process
 * (warm) are reported next to them. Cases run interleaved, sample by sample.
 * `pnpm bench` runs it after the in-process cases; `pnpm bench:process` runs it alone
 * (`--phases`: the phase breakdown of the first open instead). `WT_PROCESS_SAMPLES` sets the
 * number of processes per case (default 15). The child runs under plain `node` (compiled once
 * with esbuild, package imports left to node's resolution of the built entries), as a user's
 * program would: no loader in the process (tsx, for one, loads node:crypto before the first call).
 * `WT_BENCH_SOURCE=1` runs it from source under tsx instead.
 */
import { execFileSync } from 'node:child_process'
import { closeSync, copyFileSync, fsyncSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { report, type Stats, summarize, target, warmPageCache } from '@wiretuner/bench-kit'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { buildSync } from 'esbuild'
import { benchDocumentId, benchFile, ISSUE_DOCUMENT_ID, issueWorkloadFile } from './workload.js'

type Mode = 'undo' | 'seek' | 'phases'

interface ProcessCase {
  readonly label: string
  readonly path: string
  readonly id: string
  /** Last sequence of the log (seek k is uniform over 0..last). */
  readonly last: number
  readonly mode: Mode
  readonly samples: Record<string, number>[]
}

/** Seek target of sample `i`: deterministic, spread uniformly over 0..last. */
function seekTarget(i: number, last: number): number {
  let x = (Math.imul(i + 1, 0x9e3779b1) ^ 0x5bd1e995) >>> 0
  x = Math.imul(x ^ (x >>> 15), 0x85ebca6b) >>> 0
  return Math.floor((((x ^ (x >>> 13)) >>> 0) / 2 ** 32) * (last + 1))
}

/** The child compiled to plain JavaScript (once per run), beside the package's node_modules. */
let compiledChild: string | undefined
function childScript(): string {
  if (compiledChild === undefined) {
    const outfile = join(import.meta.dirname, '..', 'node_modules', '.cache', 'wt-bench', 'process-child.mjs')
    buildSync({
      entryPoints: [join(import.meta.dirname, 'process-child.ts')],
      outfile,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
    })
    compiledChild = outfile
  }
  return compiledChild
}

function runChild(mode: Mode, path: string, id: string, k: number): Record<string, number> {
  const fromSource = process.env.WT_BENCH_SOURCE === '1'
  const child = fromSource
    ? ['--conditions=@wiretuner/source', '--import', 'tsx', join(import.meta.dirname, 'process-child.ts')]
    : [childScript()]
  const out = execFileSync(process.execPath, [...child, mode, path, id, String(k)], {
    encoding: 'utf8',
    cwd: join(import.meta.dirname, '..'),
  })
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, number>
}

async function lastSequence(path: string, id: string): Promise<number> {
  const file = await openWireTunerFile(path, { readOnly: true })
  try {
    return file.nextSequence(id) - 1
  } finally {
    file.close()
  }
}

/** Runs `samples` processes per case, the cases interleaved (one process of each per round). */
function sample(cases: readonly ProcessCase[], samples: number, scratch: string): void {
  for (let i = 0; i < samples; i++) {
    for (const c of cases) {
      let path = c.path
      if (c.mode === 'undo') {
        // undo/redo append two events: each process gets its own copy (made untimed, so warm),
        // flushed to disk before the child starts: otherwise the child's first commit (an fsync)
        // also writes out the copy's dirty pages (measured 2026-12-07: 53–74 ms against 1.1–1.4 ms
        // for the first commit on a flushed copy), which a user opening a saved file never pays
        path = join(scratch, 'undo-copy.wiretuner')
        copyFileSync(c.path, path)
        const fd = openSync(path, 'r+')
        try {
          fsyncSync(fd)
        } finally {
          closeSync(fd)
        }
      }
      c.samples.push(runChild(c.mode, path, c.id, seekTarget(i, c.last)))
      if (c.mode === 'undo') for (const s of ['', '-wal', '-shm']) rmSync(`${path}${s}`, { force: true })
    }
  }
}

function stats(c: ProcessCase, key: string, what: string): Stats {
  const xs = c.samples.map((s) => s[key]).filter((x): x is number => x !== undefined)
  return summarize(`${c.label}: ${what}`, xs)
}

/**
 * Wall clock minus the process's CPU time of step `key`, per process: time the step spent
 * waiting (for undo/redo mostly the commit's fsyncs). Can be slightly negative: the CPU time
 * also counts V8's compiler and GC threads running beside the main thread.
 */
function waitStats(c: ProcessCase, key: string, what: string): Stats {
  const xs = c.samples.flatMap((s) => {
    const wall = s[key]
    const cpu = s[`${key}.cpu`]
    return wall === undefined || cpu === undefined ? [] : [wall - cpu]
  })
  return summarize(`${c.label}: ${what}`, xs)
}

/** Reports first (new process) and warm (same process, second time) side by side. */
function reportPair(c: ProcessCase, key: string, what: string): Stats {
  const first = report(stats(c, key, `first ${what}`))
  report(stats(c, `warm.${key}`, `  same process, second ${what}`))
  return first
}

/** Sizes of the growth curve: each file kind at 10k, 100k and 1M events. */
const CURVE_SIZES = [10_000, 100_000, 1_000_000] as const

async function processCases(log: (line: string) => void): Promise<ProcessCase[]> {
  const files: { label: string; path: string; id: string; size: number }[] = []
  for (const n of CURVE_SIZES) {
    const size = n.toLocaleString('en-US')
    files.push({
      label: `issue ${size} moves/1,000 rects`,
      path: await issueWorkloadFile(n, log),
      id: ISSUE_DOCUMENT_ID,
      size: n,
    })
    files.push({ label: `simulated ${size}`, path: await benchFile(n, log), id: benchDocumentId(n), size: n })
  }
  const cases: ProcessCase[] = []
  for (const f of files) {
    warmPageCache(f.path)
    const last = await lastSequence(f.path, f.id)
    // open and undo are measured on the 100k files (the issue's), seeks on every size
    const modes: Mode[] = f.size === 100_000 ? ['undo', 'seek'] : ['seek']
    for (const mode of modes) cases.push({ ...f, label: `${f.label} [${mode}]`, last, mode, samples: [] })
  }
  return cases
}

/** The history index of a file against the file: entries, stored bytes, share of the file. */
async function indexSize(
  path: string,
  id: string,
): Promise<{ entries: number; bytes: number; fileBytes: number; events: number }> {
  const file = await openWireTunerFile(path, { readOnly: true })
  try {
    const entries = file.listHistoryEntries(id)
    const bytes = entries.reduce((sum, e) => sum + e.storedBytes, 0)
    return { entries: entries.length, bytes, fileBytes: statSync(path).size, events: file.nextSequence(id) }
  } finally {
    file.close()
  }
}

/** The growth curve: index size and first-seek time against the log length (one line per file). */
async function reportCurve(cases: readonly ProcessCase[], log: (line: string) => void): Promise<void> {
  log('\ngrowth curve (history index size and first seek in a new process, against the log length):')
  log(
    '| file | events | file MB | index entries | index MB | index / file | first seek p50 (min–max) ms | p95 ms |',
  )
  log('|---|---|---|---|---|---|---|---|')
  for (const c of cases.filter((x) => x.mode === 'seek')) {
    const size = await indexSize(c.path, c.id)
    const seek = stats(c, 'seek', 'seek')
    const mb = (b: number) => (b / 1e6).toFixed(2)
    log(
      `| ${c.label.replace(' [seek]', '')} | ${size.events.toLocaleString('en-US')} | ${mb(size.fileBytes)} | ${size.entries} | ${mb(size.bytes)} | ${((100 * size.bytes) / size.fileBytes).toFixed(2)} % | ${seek.medianMs.toFixed(1)} (${seek.minMs.toFixed(1)}–${seek.maxMs.toFixed(1)}) | ${seek.p95Ms.toFixed(1)} |`,
    )
    target(`${c.label}: history index share of the file (%)`, (100 * size.bytes) / size.fileBytes, {
      atMost: 10,
    })
  }
}

/** The process-level cases: first open, first seek, first undo/redo, each in a new process. */
export async function benchProcesses(log: (line: string) => void, samples = defaultSamples()): Promise<void> {
  log(
    `\nprocess-level: each sample a new node process (built packages), ${samples} per case, page cache warm`,
  )
  const scratch = mkdtempSync(join(tmpdir(), 'wt-replay-process-'))
  try {
    const cases = await processCases(log)
    sample(cases, samples, scratch)
    log(
      '(p50 = median; startup = node + imports before the first call (plain node; tsx only with WT_BENCH_SOURCE=1); CPU time = user + system',
    )
    log(' of the child process, its compiler and GC threads included, robust against other load)')
    for (const c of cases) {
      report(stats(c, 'startup', 'process startup and imports'))
      report(stats(c, 'openFile', 'first openWireTunerFile'))
      report(stats(c, 'openSession', 'first openSession'))
      const open = reportPair(c, 'open', 'open (file + document)')
      report(stats(c, 'open.cpu', 'first open, CPU time of the process'))
      if (c.mode === 'undo') {
        const undo = reportPair(c, 'undo', 'undo()')
        const redo = reportPair(c, 'redo', 'redo()')
        report(stats(c, 'undo.cpu', 'first undo(), CPU time of the process'))
        report(stats(c, 'redo.cpu', 'first redo(), CPU time of the process'))
        report(waitStats(c, 'undo', 'first undo(), waiting (wall − CPU)'))
        report(waitStats(c, 'redo', 'first redo(), waiting (wall − CPU)'))
        const preloaded = c.samples.filter((s) => s.cryptoLoaded === 1).length
        const loadedByUndo = c.samples.filter((s) => s.cryptoLoaded === 0 && s.cryptoAfterUndo === 1).length
        log(
          `${c.label}: node:crypto already loaded before the first undo in ${preloaded} of ${c.samples.length} processes (0 under plain node; tsx loads it for itself), loaded by the first undo in ${loadedByUndo} (0: event ids draw from /dev/urandom)`,
        )
        target(`${c.label}: first open p50 (ms)`, open.medianMs, { atMost: 20 })
        for (const [what, s] of [
          ['undo', undo],
          ['redo', redo],
        ] as const) {
          target(`${c.label}: first ${what} p50 (ms)`, s.medianMs, { atMost: 5 })
          target(`${c.label}: first ${what} p95 (ms)`, s.p95Ms, { atMost: 5 })
        }
      } else {
        const seek = reportPair(c, 'seek', 'documentAt(k), k uniform over the log')
        if (c.label.includes('1,000,000'))
          target(`${c.label}: first documentAt p95 (ms)`, seek.p95Ms, { atMost: 20 })
      }
    }
    await reportCurve(cases, log)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** Phase breakdown of the first open in a new process (public steps, first call of each). */
export async function benchOpenPhases(
  log: (line: string) => void,
  samples = defaultSamples(),
): Promise<void> {
  log(`\nfirst-open phases in a new process (read-only open, public steps), ${samples} processes per file`)
  const cases = (await processCases(log))
    .filter((c) => c.mode === 'seek')
    .map((c) => ({ ...c, label: c.label.replace('[seek]', '[phases]'), mode: 'phases' as const }))
  sample(cases, samples, tmpdir())
  const phases = [
    ['startup', 'process startup and imports'],
    ['openFile', 'openWireTunerFile (first)'],
    ['getMetadata', 'getMetadata'],
    ['listSnapshots', 'listSnapshots'],
    ['loadLatestSnapshot', 'loadLatestSnapshot (read, CRC, gunzip)'],
    ['decodeReplayState', 'decodeReplayState'],
    ['readTail', 'readEvents of the tail (parse + validate)'],
    ['openSession', 'openSession after the above'],
    ['openFile2', 'openWireTunerFile (second, same process)'],
  ] as const
  for (const c of cases) for (const [key, what] of phases) report(stats(c, key, what))
}

function defaultSamples(): number {
  return Math.max(1, Number(process.env.WT_PROCESS_SAMPLES ?? 15))
}

if (process.argv[1] === import.meta.filename) {
  const { checkBuilt } = await import('./built.js')
  console.log(checkBuilt())
  if (process.argv.includes('--phases')) await benchOpenPhases(console.log)
  else await benchProcesses(console.log)
}
