/**
 * The workload of the browser / Node comparison (browser.ts), written once and run on both: on
 * Node on a `.wiretuner` file (better-sqlite3, WAL), in the browser on an OPFS file (SQLite WASM,
 * in a Worker). Returns raw sample durations (ms); the Node side summarizes them with bench-kit.
 */
import type { DocumentStorage } from '../src/index.js'
import { editingMix } from './workload.js'

/** A storage the workload can open, close and reopen by name. */
export interface BenchStorage extends DocumentStorage {
  close(): void
}

/** How the workload opens a file (`fresh`: a new, empty file). */
export type OpenBenchFile = (name: string, fresh: boolean) => Promise<BenchStorage>

/** Raw durations of each case, in ms per sample. */
export interface WorkloadTimes {
  /** One `append` of 1,000 events (a new file, 30 calls). */
  readonly append1000: readonly number[]
  /** Reading (and validating) all 30,000 events of that file. */
  readonly read30k: readonly number[]
  /** Opening a 100,000-event file and reading its head sequence and count. */
  readonly open100k: readonly number[]
}

const DOC = '77777777-7777-4777-8777-777777777777'

async function filled(open: OpenBenchFile, name: string, events: number): Promise<BenchStorage> {
  const file = await open(name, true)
  file.createDocument({ documentId: DOC, title: name })
  for (let i = 0; i < events; i += 1_000) file.append(DOC, editingMix(DOC, 1_000), { expectedSequence: i })
  return file
}

/** Runs the three cases (see {@link WorkloadTimes}). */
export async function runWorkload(open: OpenBenchFile): Promise<WorkloadTimes> {
  const append1000: number[] = []
  const appendFile = await open('append.wiretuner', true)
  appendFile.createDocument({ documentId: DOC, title: 'append' })
  for (let i = 0; i < 30_000; i += 1_000) {
    const batch = editingMix(DOC, 1_000)
    const t0 = performance.now()
    appendFile.append(DOC, batch, { expectedSequence: i })
    append1000.push(performance.now() - t0)
  }
  const read30k: number[] = []
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now()
    let n = 0
    for (const item of appendFile.readEvents(DOC)) if (item.kind === 'event') n++
    read30k.push(performance.now() - t0)
    if (n !== 30_000) throw new Error(`read ${n} events, expected 30000`)
  }
  appendFile.close()
  ;(await filled(open, 'open.wiretuner', 100_000)).close()
  const open100k: number[] = []
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now()
    const file = await open('open.wiretuner', false)
    const head = file.nextSequence(DOC) - 1
    const count = file.eventCount(DOC)
    open100k.push(performance.now() - t0)
    file.close()
    if (head !== 99_999 || count !== 100_000) throw new Error(`open: head ${head}, count ${count}`)
  }
  return { append1000, read30k, open100k }
}
