/**
 * Costs that must not grow with the log: reading a 100-event tail (memory and SQLite), and
 * `eventCount` / `nextSequence` (SQLite: cached count checked against MIN/MAX index seeks),
 * on documents of 10,000 and 100,000 events; `COUNT(*)` over the index shown for comparison.
 * Run alone with `pnpm bench growth`.
 */
import { join } from 'node:path'
import { measure, report, target } from '@wiretuner/bench-kit'
import Database from 'better-sqlite3'
import { createMemoryStorage, type DocumentStorage } from '../src/index.js'
import { openWireTunerFile } from '../src/node.js'
import { editingMix } from './workload.js'

const SIZES = [10_000, 100_000] as const
const TAIL = 100
const BATCH = 2_000

function fill(store: DocumentStorage, documentId: string, n: number): void {
  store.createDocument({ documentId, title: `${n} events` })
  for (let i = 0; i < n; i += BATCH)
    store.append(documentId, editingMix(documentId, BATCH), { expectedSequence: i })
}

function docId(n: number): string {
  return `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`
}

/** Runs the log-growth benchmarks, using `dir` for the SQLite file. */
export async function benchLogGrowth(dir: string): Promise<void> {
  const memory = createMemoryStorage()
  const path = join(dir, 'growth.wiretuner')
  const file = await openWireTunerFile(path, { synchronous: 'normal' })
  for (const n of SIZES) {
    fill(memory, docId(n), n)
    fill(file, docId(n), n)
  }
  const raw = new Database(path, { readonly: true })
  const count = raw.prepare('SELECT count(*) AS n FROM events WHERE document_id = ?')
  const results = new Map<string, number[]>()
  const keep = (name: string, ms: number) => results.set(name, [...(results.get(name) ?? []), ms])
  let sink = 0
  for (const n of SIZES) {
    const id = docId(n)
    for (const [name, store] of [
      ['memory', memory],
      ['SQLite', file],
    ] as const) {
      const tail = report(
        measure(
          `${name}: readEvents last ${TAIL} of ${n.toLocaleString('en-US')}`,
          () => {
            for (const item of store.readEvents(id, { from: n - TAIL })) sink += item.kind === 'event' ? 1 : 0
          },
          { samples: 31, warmup: 3 },
        ),
      )
      keep(`${name} tail`, tail.medianMs)
    }
    const counts = report(
      measure(
        `SQLite: eventCount + nextSequence, ${n.toLocaleString('en-US')} events (x1000)`,
        () => {
          for (let i = 0; i < 1000; i++) sink += file.eventCount(id) + file.nextSequence(id)
        },
        { samples: 15, warmup: 2 },
      ),
    )
    keep('SQLite counts', counts.medianMs)
    report(
      measure(
        `for comparison: COUNT(*) over the index, ${n.toLocaleString('en-US')} events (x10)`,
        () => {
          for (let i = 0; i < 10; i++) sink += (count.get(id) as { n: number }).n
        },
        { samples: 15, warmup: 2 },
      ),
    )
  }
  for (const [name, [small, large]] of results) {
    target(`${name}: ${SIZES[1]} / ${SIZES[0]} events, ratio of medians`, (large ?? 0) / (small ?? 1), {
      atMost: 1.5,
    })
  }
  if (sink < 0) console.log(sink)
  raw.close()
  file.close()
}
