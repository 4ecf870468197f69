/**
 * Diagnostic (`pnpm bench:open-phases`, built code): times each phase of opening a document on
 * the cached bench files, the sizes interleaved, to find what grows with the log. Phases: the
 * metadata lookup, the snapshot list, `loadLatestSnapshot` (SQLite read, checks, gunzip), the
 * snapshot decode (history + document parse), reading the 500-event tail, then the same through
 * TimeTravel (base, fold) and the whole `openSession`. `WT_OPEN_FILES=flat` uses the flat files
 * (same document on every log length, see flat-files.ts) instead of the simulated ones.
 */
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { openSession } from '@wiretuner/replay'
import { decodeReplayState, TimeTravel } from '@wiretuner/replay/advanced'
import { checkBuilt } from './built.js'
import { FLAT_PREFIX, flatFile } from './flat-files.js'
import { benchDocumentId, benchFile } from './workload.js'

const log = (line: string) => console.log(line)
/** A full collection before each sample when node runs with --expose-gc (same heap state each). */
const gc = (globalThis as { gc?: () => void }).gc
checkBuilt()
const flat = process.env.WT_OPEN_FILES === 'flat'
const sizes = [10_000, 100_000, 1_000_000] as const
const phases = ['metadata', 'list', 'loadSnapshot', 'decode', 'readTail', 'base', 'fold', 'open'] as const
type Phase = (typeof phases)[number]

const files = []
for (const n of sizes) {
  const path = flat ? await flatFile(n, log) : await benchFile(n, log)
  const id = benchDocumentId(flat ? FLAT_PREFIX : n)
  const times = Object.fromEntries(phases.map((p) => [p, [] as number[]])) as Record<Phase, number[]>
  files.push({ n, id, times, file: await openWireTunerFile(path, { readOnly: true }) })
}

for (let i = 0; i < 4 + 21; i++) {
  // each round starts at the next size, so a recurring GC does not always hit the same one
  for (const f of [...files.slice(i % 3), ...files.slice(0, i % 3)]) {
    gc?.()
    const t: number[] = [performance.now()]
    f.file.getMetadata(f.id)
    t.push(performance.now())
    f.file.listSnapshots(f.id)
    t.push(performance.now())
    const snap = f.file.loadLatestSnapshot(f.id).snapshot
    t.push(performance.now())
    if (snap === undefined) throw new Error(`no snapshot in the ${f.n} file`)
    const decoded = decodeReplayState(snap.data, snap.eventSequence)
    t.push(performance.now())
    let rows = 0
    for (const _ of f.file.readEvents(f.id, { from: snap.eventSequence + 1 })) rows++
    t.push(performance.now())
    const timeTravel = new TimeTravel(f.file, f.id)
    const base = timeTravel.baseAtOrBefore(Number.MAX_SAFE_INTEGER, false)
    t.push(performance.now())
    timeTravel.foldFrom(base.state)
    t.push(performance.now())
    openSession(f.file, f.id)
    t.push(performance.now())
    if (i === 0)
      log(
        `${f.n}: snapshot at ${snap.eventSequence}, ${snap.data.length.toLocaleString('en-US')} bytes (decoded ${decoded.ok}), tail ${rows} rows`,
      )
    if (i >= 4) {
      phases.forEach((p, k) => {
        f.times[p].push((t[k + 1] ?? 0) - (t[k] ?? 0))
      })
    }
  }
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN
for (const p of phases) {
  const cells = files.map((f) => {
    const xs = f.times[p]
    return `${f.n}: ${median(xs).toFixed(3)} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`
  })
  log(`${p.padEnd(12)} ${cells.join('  ')}`)
}
for (const f of files) f.file.close()
