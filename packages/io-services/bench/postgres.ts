/**
 * PostgreSQL storage vs the SQLite file on the same workload (`pnpm bench postgres`), sides
 * alternating sample by sample (A, B, A, B…) so both see the same background load:
 *  - append of 1,000 events per call (validate + canonical JSON + one transaction; PostgreSQL:
 *    the document lock, 1 multi-row INSERT, count, touch, NOTIFY);
 *  - one-event append (the sync server's typical call: its latency is mostly round trips);
 *  - readEvents of 10,000 events (PostgreSQL: 10 keyset pages of 1,000 rows);
 *  - cross-server notification: from a one-event append's call on storage A to `onAppend` on
 *    storage B (its own pool and LISTEN connection), p50 / p99.
 * Both durable: SQLite synchronous=FULL + WAL, a private PostgreSQL with fsync on (pg-kit
 * `durable`), or WT_POSTGRES_URL's server. PostgreSQL is a separate process over loopback TCP,
 * on the same 2 shared cores: read the ratios, not the absolute numbers.
 */
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { ratio, report, type Stats, summarize } from '@wiretuner/bench-kit'
import { startPostgres } from '@wiretuner/pg-kit'
import type { AsyncDocumentStorage } from '../src/index.js'
import { asAsyncStorage } from '../src/index.js'
import { openWireTunerFile } from '../src/node.js'
import { openPostgresStorage } from '../src/postgres.js'
import { editingMix } from './workload.js'

const DOC = '99999999-9999-4999-8999-999999999999'
const BATCH = 1_000
const READ = 10_000

/** One side of an async comparison: `run` is timed, `setup` (untimed) prepares its input. */
interface AsyncSide {
  readonly name: string
  readonly run: () => Promise<unknown>
  readonly setup?: () => void
}

/** Times the sides round-robin, sample by sample; returns their wall-time stats in order. */
async function alternate(
  sides: readonly AsyncSide[],
  units: number,
  samples: number,
  warmup = 3,
): Promise<Stats[]> {
  const times: number[][] = sides.map(() => [])
  for (let i = 0; i < warmup + samples; i++) {
    for (const [k, side] of sides.entries()) {
      side.setup?.()
      const t0 = performance.now()
      await side.run()
      if (i >= warmup) times[k]?.push(performance.now() - t0)
    }
  }
  return sides.map((side, k) => summarize(side.name, times[k] ?? [], units))
}

/** An appending side on `storage`: each sample appends `n` fresh events at the next sequence. */
function appender(name: string, storage: AsyncDocumentStorage, n: number): AsyncSide {
  let next = 0
  let batch = editingMix(DOC, n)
  return {
    name,
    setup: () => {
      batch = editingMix(DOC, n)
    },
    run: async () => {
      const result = await storage.append(DOC, batch, { expectedSequence: next })
      next = result.nextSequence
    },
  }
}

/** A reading side: the first READ events of the document, parsed and validated. */
function reader(name: string, storage: AsyncDocumentStorage): AsyncSide {
  return {
    name,
    run: async () => {
      let n = 0
      for await (const item of storage.readEvents(DOC, { to: READ - 1 })) if (item.kind === 'event') n++
      if (n !== READ) throw new Error(`${name}: read ${n} events, expected ${READ}`)
    },
  }
}

/** Runs the PostgreSQL vs SQLite comparison in `dir` (for the SQLite files). */
export async function benchPostgres(dir: string): Promise<void> {
  const server = await startPostgres({ durable: true })
  console.log(`\nPostgreSQL storage vs SQLite file (${server.kind} PostgreSQL server, durable)`)
  const storages: { close: () => unknown }[] = []
  try {
    const open = async (name: string) => {
      const pg = await openPostgresStorage({ connectionString: server.url, listen: false })
      await pg.createDocument({ documentId: DOC, title: `${name} (pg)` })
      const file = await openWireTunerFile(join(dir, `${name}.wiretuner`), { synchronous: 'full' })
      file.createDocument({ documentId: DOC, title: name })
      storages.push(pg, file)
      return { pg, sqlite: asAsyncStorage(file) }
    }
    const lines: [string, number][] = []
    {
      // one PostgreSQL database holds every document: a fresh schema is not needed, a fresh id is
      const { pg, sqlite } = await open('append-batch')
      const [p, s] = (await alternate(
        [
          appender(`pg append ${BATCH} events/call`, pg, BATCH),
          appender(`sqlite append ${BATCH} events/call`, sqlite, BATCH),
        ],
        BATCH,
        21,
      )) as [Stats, Stats]
      report(p, 'events')
      report(s, 'events')
      lines.push([`append ${BATCH}/call: PostgreSQL time / SQLite time`, ratio(p, s)])
      await pg.deleteDocument(DOC)
    }
    {
      const { pg, sqlite } = await open('append-one')
      const [p, s] = (await alternate(
        [appender('pg append 1 event/call', pg, 1), appender('sqlite append 1 event/call', sqlite, 1)],
        1,
        201,
        20,
      )) as [Stats, Stats]
      report(p, 'events')
      report(s, 'events')
      lines.push(['append 1/call: PostgreSQL time / SQLite time', ratio(p, s)])
      await pg.deleteDocument(DOC)
    }
    {
      const { pg, sqlite } = await open('read')
      for (let at = 0; at < READ; at += BATCH) {
        const batch = editingMix(DOC, BATCH)
        await pg.append(DOC, batch, { expectedSequence: at })
        await sqlite.append(DOC, batch, { expectedSequence: at })
      }
      const [p, s] = (await alternate(
        [reader(`pg readEvents ${READ}`, pg), reader(`sqlite readEvents ${READ}`, sqlite)],
        READ,
        21,
      )) as [Stats, Stats]
      report(p, 'events')
      report(s, 'events')
      lines.push([`readEvents ${READ}: PostgreSQL time / SQLite time`, ratio(p, s)])
      await pg.deleteDocument(DOC)
    }
    await benchNotifyLatency(server.url)
    for (const [label, value] of lines) console.log(`RATIO ${label}: ${value.toFixed(2)}`)
  } finally {
    for (const s of storages) await s.close()
    await server.stop()
  }
}

/** Append on one storage → `onAppend` on another: the latency a sync server adds to a broadcast. */
async function benchNotifyLatency(url: string): Promise<void> {
  const a = await openPostgresStorage({ connectionString: url, listen: false })
  const b = await openPostgresStorage({ connectionString: url })
  try {
    await a.createDocument({ documentId: DOC, title: 'notify' })
    let heard: ((next: number) => void) | undefined
    b.onAppend((documentId, next) => {
      if (documentId === DOC) heard?.(next)
    })
    const callToHeard: number[] = []
    const returnToHeard: number[] = []
    for (let i = 0; i < 220; i++) {
      const arrived = new Promise<number>((resolve) => {
        heard = () => resolve(performance.now())
      })
      const t0 = performance.now()
      await a.append(DOC, editingMix(DOC, 1), { expectedSequence: i })
      const t1 = performance.now()
      const t2 = await arrived
      if (i >= 20) {
        callToHeard.push(t2 - t0)
        returnToHeard.push(t2 - t1)
      }
    }
    const line = (name: string, times: number[]) => {
      const s = summarize(name, times)
      const sorted = [...times].sort((x, y) => x - y)
      const p99 = sorted[Math.ceil(sorted.length * 0.99) - 1] ?? Number.NaN
      console.log(
        `${name.padEnd(56)} p50 ${s.medianMs.toFixed(2)} ms  p99 ${p99.toFixed(2)} ms  (min ${s.minMs.toFixed(2)} – max ${s.maxMs.toFixed(2)}, n=${s.samples})`,
      )
    }
    line('append call → onAppend on another storage', callToHeard)
    line('append resolved → onAppend on another storage', returnToHeard)
  } finally {
    await a.deleteDocument(DOC)
    await a.close()
    await b.close()
  }
}
