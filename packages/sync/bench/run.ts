/**
 * `pnpm bench` of @wiretuner/sync: the load bench of issue #14. The server runs in this process
 * (`startSyncServer` on loopback, one `.wiretuner` file per document in a temporary directory);
 * the clients run in a child process (`load-clients.ts`: raw protocol clients over `ws`), each
 * pushing one MoveObjectEvent every 50 ms (20 events/s) to one of 10 documents. Reported: the
 * server-side push-to-broadcast latency (message received → broadcast sent, including the wait
 * in the document's queue, the checks, the append and its fsync) as p50/p99/max, the clients'
 * round trip, lost events (sent but not in the logs; target 0) and, in shorter steps, the largest
 * client count whose server p99 stays under 50 ms. `WT_BENCH_SECONDS` (default 60) sets the main
 * run's length, `WT_BENCH_STEP_SECONDS` (default 15) the steps', `WT_BENCH_STORAGES` (default `full,normal,postgres`)
 * the storages: SQLite files with `synchronous=full` or `normal`, or PostgreSQL (pg-kit's server,
 * a new database per run, appends of other servers via LISTEN/NOTIFY).
 */
import { spawn } from 'node:child_process'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { summarize, target } from '@wiretuner/bench-kit'
import { openPostgresStorage } from '@wiretuner/io-services/postgres'
import { createTestDatabase, type PostgresHandle, startPostgres } from '@wiretuner/pg-kit'
import { createRandom } from '@wiretuner/replay/testing'
import {
  type AppendNotifier,
  createToken,
  type DocumentStore,
  directoryStore,
  type PushTiming,
  sharedStore,
  startSyncServer,
} from '../src/server.ts'
import type { LoadPlan, LoadResult } from './load-clients.ts'

const SECRET = 'bench-secret-0123456789abcdef'
const DOCUMENTS = 10
const INTERVAL_MS = 50
const WARMUP_MS = 3_000
const MAIN_CLIENTS = 50
const seconds = Number(process.env.WT_BENCH_SECONDS ?? 60)
const stepSeconds = Number(process.env.WT_BENCH_STEP_SECONDS ?? 15)
const ids = createRandom('sync-bench')
const documents = Array.from({ length: DOCUMENTS }, () => ids.uuid())

interface RunResult {
  readonly clients: number
  readonly p50: number
  readonly p99: number
  readonly max: number
  readonly pushes: number
  readonly lost: number
  readonly clientRoundTripP99: number
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

function runClients(plan: LoadPlan): Promise<LoadResult> {
  const script = fileURLToPath(new URL('./load-clients.ts', import.meta.url))
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@wiretuner/source', script, JSON.stringify(plan)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d
  })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load clients exited with ${code}`))
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as LoadResult)
    })
  })
}

type Mode = 'full' | 'normal' | 'postgres'

/** The server's store for `mode`: SQLite files in `dir`, or a new database on the bench's PostgreSQL server. */
async function storeFor(
  mode: Mode,
  dir: string,
): Promise<{ store: DocumentStore; onAppend?: AppendNotifier; drop?: () => Promise<void> }> {
  if (mode !== 'postgres') return { store: directoryStore(dir, { synchronous: mode }) }
  postgresServer ??= await startPostgres()
  const database = await createTestDatabase(postgresServer.url)
  const storage = await openPostgresStorage({ connectionString: database.url })
  return {
    store: sharedStore(storage, () => storage.close()),
    onAppend: (listener) => storage.onAppend(listener),
    drop: () => database.drop(),
  }
}
let postgresServer: PostgresHandle | undefined

async function run(clients: number, runSeconds: number, synchronous: Mode): Promise<RunResult> {
  const { mkdtempSync, rmSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = mkdtempSync(join(tmpdir(), 'wt-sync-bench-'))
  const timings: PushTiming[] = []
  const { store, onAppend, drop } = await storeFor(synchronous, dir)
  const server = await startSyncServer({
    store,
    ...(onAppend === undefined ? {} : { onAppend }),
    secret: SECRET,
    // the bench's clients send 20 messages/s each: far below the default limit
    onPushTiming: (t) => timings.push(t),
  })
  try {
    const expiresAt = Date.now() + 3_600_000
    const plan: LoadPlan = {
      url: server.url,
      intervalMs: INTERVAL_MS,
      seconds: runSeconds,
      clients: Array.from({ length: clients }, (_, i) => {
        const documentId = documents[i % DOCUMENTS] as string
        return {
          documentId,
          token: createToken({ userId: `user-${i}`, documents: { '*': 'write' }, expiresAt }, SECRET),
        }
      }),
    }
    const result = await runClients(plan)
    let stored = 0
    for (const documentId of documents) {
      const hub = await server.core.hub(documentId)
      if (hub === undefined) continue
      stored += hub.head // events after the CreateDocumentEvent
      const seen = result.heads[documentId]
      if (seen !== hub.head)
        console.log(`  document ${documentId}: clients saw head ${seen}, server has ${hub.head}`)
    }
    // the first WARMUP_MS (connections, file creation, first pushes) are not measured
    const measuredFrom = (timings[0]?.receivedAt ?? 0) + WARMUP_MS
    const latencies = timings
      .filter((t) => t.receivedAt >= measuredFrom)
      .map((t) => t.broadcastAt - t.receivedAt)
      .sort((a, b) => a - b)
    const trips = [...result.roundTripsMs].sort((a, b) => a - b)
    const r: RunResult = {
      clients,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      max: latencies.at(-1) ?? Number.NaN,
      pushes: latencies.length,
      lost: result.sent - stored,
      clientRoundTripP99: quantile(trips, 0.99),
    }
    const s = summarize(`${clients} clients`, latencies)
    console.log(
      `${String(clients).padStart(4)} clients, ${synchronous === 'postgres' ? 'PostgreSQL' : `SQLite synchronous=${synchronous}`}: ${r.pushes} pushes, server push→broadcast p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(1)} ms (min ${s.minMs.toFixed(2)}); client round trip p99 ${r.clientRoundTripP99.toFixed(1)} ms; sent ${result.sent}, stored ${stored}, acked ${result.acked}, rejected ${result.rejected}, lost ${r.lost}; load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    )
    return r
  } finally {
    await server.close()
    await drop?.()
    rmSync(dir, { recursive: true, force: true })
  }
}

console.log(
  `@wiretuner/sync bench, ${new Date().toISOString()}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
const modes = (process.env.WT_BENCH_STORAGES?.split(',') ?? ['full', 'normal', 'postgres']) as Mode[]
console.log(
  `storages: ${modes.join(', ')} (SQLite: .wiretuner per document, WAL); ${DOCUMENTS} documents; 1 event per push every ${INTERVAL_MS} ms per client; first ${WARMUP_MS} ms not measured`,
)
for (const synchronous of modes) {
  const main = await run(MAIN_CLIENTS, seconds, synchronous)
  target(`${MAIN_CLIENTS} clients, ${synchronous}, server push→broadcast p99 (ms)`, main.p99, {
    atMost: 50,
  })
  target(`${MAIN_CLIENTS} clients, ${synchronous}, lost events`, main.lost, { atMost: 0 })
  let best = main.p99 < 50 && main.lost === 0 ? MAIN_CLIENTS : 0
  for (let clients = MAIN_CLIENTS * 2; clients <= 800 && best === clients / 2; clients *= 2) {
    const r = await run(clients, stepSeconds, synchronous)
    if (r.p99 < 50 && r.lost === 0) best = clients
  }
  console.log(
    `${synchronous}: largest client count tried with server p99 < 50 ms: ${best} (doubling from ${MAIN_CLIENTS}, ${stepSeconds} s steps)`,
  )
}
await postgresServer?.stop()
