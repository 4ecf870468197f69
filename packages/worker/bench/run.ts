/**
 * `pnpm bench` of @wiretuner/worker: the same workloads on Node (better-sqlite3 file) and in
 * headless Chromium (SQLite WASM in OPFS, in a Worker), in the same run, reported as
 * browser / Node speed ratios (Node median / browser median; target >= 0.5): append 1,000 events
 * per call; read + validate all events of a 100,000-event file; open that file to the document.
 * Then, in the browser only: the open through the engine client (target < 50 ms) and the main
 * thread's long tasks during a 10,000-event replay in the Worker (target: none over 16 ms).
 * The open is measured twice, like with like (same `timeOpen`, from opening the file to the
 * document; the browser side also inflates the newest snapshot natively first, as the engine
 * Worker does): REPEATED in the process / Worker that ran the append and read cases before
 * (JIT warm on both sides), and FIRST in a fresh process / Worker (Node: a child process per
 * sample, open-child.ts; browser: a new page and Worker per sample; both have loaded the engine
 * and created one scratch file, which loads SQLite WASM in the browser). Also, for information:
 * the open in a Worker created 1 s before and left idle (as an app creates it at page load), from
 * the open to the document, with the engine's idle warm-up and without it; and the open in a new
 * Worker on a FIRST visit (its bundle and sqlite3.wasm at URLs this browser profile never
 * fetched) and on a REPEAT visit (the same URLs again: HTTP cache, and whatever code cache
 * Chromium keeps for them). Files are generated once (fixture.ts).
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ratio, report, type Stats, summarize, target } from '@wiretuner/bench-kit'
import { bundleForBrowser, launchChromiumProfile, serveDirectory } from '@wiretuner/browser-kit'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import type { BrowserContext, Page } from 'playwright-core'
import type { BenchRequest } from './browser/bench-worker.js'
import { fixtureDocumentId, fixtureFile } from './fixture.js'
import {
  APPEND_BATCH,
  type OpenTiming,
  timeAppends,
  timeDecodeOnly,
  timeOpen,
  timeReadAll,
} from './workloads.js'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const BIG = 100_000
const REPLAY = 10_000
const samples = { append: 15, read: 5, open: 9, replay: 5 }
/** How long before the open the "started ahead" Worker is created (an app creating it at page load). */
const STARTED_AHEAD_MS = 1000
/**
 * Workers created shortly before the open: 150 ms (SQLite just loaded; the warm-up waits for
 * 250 ms of idleness) and 450 ms (the warm-up under way when the open comes).
 */
const STARTED_SHORTLY_MS = [150, 450] as const

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>worker bench</title>
<link rel="icon" href="data:,">
<script type="module" src="./page.js"></script>
<script type="module">
import { startHelperWorker } from './helper.js'
window.benchWorker = startHelperWorker('bench-worker')
</script>
`

console.log(`@wiretuner/worker bench, ${new Date().toISOString().slice(0, 10)}`)
const bigPath = await fixtureFile(BIG, console.log)
const replayPath = await fixtureFile(REPLAY, console.log)
const bigId = fixtureDocumentId(BIG)
const scratch = mkdtempSync(join(tmpdir(), 'wt-worker-bench-'))

/** Node: the workloads on better-sqlite3 files. */
/** One first open in a fresh Node process (open-child.ts). */
function nodeFirstOpen(): OpenTiming {
  const out = execFileSync(
    process.execPath,
    ['--conditions=@wiretuner/source', '--import', 'tsx', here('./open-child.ts'), bigPath, bigId, scratch],
    { encoding: 'utf8', cwd: here('..') },
  )
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as OpenTiming
}

/** The first-open split of one side: storage open (browser: + native inflate) and `openSession`. */
function reportSplit(side: string, timings: readonly OpenTiming[]): void {
  report(
    summarize(
      `${side}: first open, of which opening the storage`,
      timings.map((t) => t.totalMs - t.sessionMs),
    ),
  )
  report(
    summarize(
      `${side}: first open, of which openSession (decode + fold)`,
      timings.map((t) => t.sessionMs),
    ),
  )
}

async function nodeStats(): Promise<{
  readonly stats: Record<'append' | 'read' | 'decode' | 'open' | 'firstOpen', Stats>
  readonly firstSplit: readonly OpenTiming[]
}> {
  const appendFile = await openWireTunerFile(join(scratch, 'append.wiretuner'))
  const append = timeAppends(appendFile, '11111111-1111-4111-8111-111111111111', samples.append)
  appendFile.close()
  const readFile = await openWireTunerFile(bigPath, { readOnly: true })
  const read = timeReadAll(readFile, bigId, samples.read)
  const decode = timeDecodeOnly(readFile, bigId, samples.read)
  readFile.close()
  const open: number[] = []
  for (let i = 0; i < samples.open; i++) {
    const timing = await timeOpen(async () => {
      const file = await openWireTunerFile(bigPath, { readOnly: true })
      return { storage: file, close: () => file.close() }
    }, bigId)
    open.push(timing.totalMs)
  }
  const firstSplit = Array.from({ length: samples.open }, nodeFirstOpen)
  const firstOpen = firstSplit.map((t) => t.totalMs)
  const stats = {
    append: summarize(`Node: append ${APPEND_BATCH} events per call`, append, APPEND_BATCH),
    read: summarize(`Node: read + validate ${BIG.toLocaleString('en-US')} events`, read, BIG),
    decode: summarize(`Node: of which JSON.parse + validate only (no SQLite)`, decode, BIG),
    open: summarize(`Node: open ${BIG.toLocaleString('en-US')}-event file to the document, repeated`, open),
    firstOpen: summarize(
      `Node: open ${BIG.toLocaleString('en-US')}-event file, first in a fresh process`,
      firstOpen,
    ),
  }
  return { stats, firstSplit }
}

/** One open in a fresh page's engine Worker (bundle `path`) created `idleMs` before the open. */
async function openInStartedWorker(context: BrowserContext, path: string, idleMs: number): Promise<number> {
  const page = await freshPage(context, server.url)
  try {
    return await page.evaluate(
      ([n, idle, p]) =>
        (
          globalThis as unknown as {
            wtBench: { openInStartedWorker(n: string, idleMs: number, path: string): Promise<number> }
          }
        ).wtBench.openInStartedWorker(n, idle, p),
      ['big.wiretuner', idleMs, path] as const,
    )
  } finally {
    await page.close()
  }
}

async function freshPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(url)
  await page.waitForFunction(() => 'wtBench' in globalThis && 'benchWorker' in globalThis)
  return page
}

function ask(page: Page, request: BenchRequest): Promise<unknown> {
  return page.evaluate(
    (r) =>
      (
        globalThis as unknown as { benchWorker: { request(m: unknown): Promise<unknown> } }
      ).benchWorker.request(r),
    request,
  )
}

const dir = join(scratch, 'site')
await bundleForBrowser({
  entries: {
    page: here('./browser/page.ts'),
    helper: here('./browser/helper.ts'),
    engine: here('./browser/engine-worker.ts'),
    'engine-no-warm-up': here('./browser/engine-worker-no-warm-up.ts'),
    'bench-worker': here('./browser/bench-worker.ts'),
  },
  outdir: dir,
  assets: [fileURLToPath(import.meta.resolve('@sqlite.org/sqlite-wasm/sqlite3.wasm'))],
  minify: true,
})
writeFileSync(join(dir, 'index.html'), PAGE)
// one path per first visit: the engine bundle and sqlite3.wasm at URLs never fetched before
for (let i = 0; i < samples.open; i++) {
  mkdirSync(join(dir, `visit-${i}`))
  for (const file of ['engine.js', 'sqlite3.wasm'])
    copyFileSync(join(dir, file), join(dir, `visit-${i}`, file))
}
mkdirSync(join(dir, 'files'))
copyFileSync(bigPath, join(dir, 'files', 'big.wiretuner'))
copyFileSync(replayPath, join(dir, 'files', 'replay.wiretuner'))

const { stats: node, firstSplit: nodeSplit } = await nodeStats()
const server = await serveDirectory(dir)
// a persistent on-disk profile, as a user's browser has: in an off-the-record context OPFS lives
// in the browser process's memory and every access-handle call is one IPC (~2 ms on this box)
const context = await launchChromiumProfile(join(dir, 'profile'))
try {
  const setup = await freshPage(context, server.url)
  await ask(setup, { op: 'import', name: 'big.wiretuner', url: `${server.url}files/big.wiretuner` })
  await ask(setup, { op: 'import', name: 'replay.wiretuner', url: `${server.url}files/replay.wiretuner` })
  await ask(setup, { op: 'import', name: 'warm.wiretuner', url: `${server.url}files/replay.wiretuner` })
  const append = (await ask(setup, { op: 'append', samples: samples.append })) as number[]
  const read = (await ask(setup, {
    op: 'read',
    name: 'big.wiretuner',
    documentId: bigId,
    samples: samples.read,
  })) as number[]
  const decode = (await ask(setup, {
    op: 'decode',
    name: 'big.wiretuner',
    documentId: bigId,
    samples: samples.read,
  })) as number[]
  const open = (
    (await ask(setup, {
      op: 'open',
      name: 'big.wiretuner',
      documentId: bigId,
      samples: samples.open,
    })) as OpenTiming[]
  ).map((t) => t.totalMs)
  await setup.close()

  const firstSplit: OpenTiming[] = []
  const clientCold: number[] = []
  const clientWarm: number[] = []
  const clientStarted: number[] = []
  const clientStartedNoWarmUp: number[] = []
  const shortly = STARTED_SHORTLY_MS.map(() => ({ warm: [] as number[], plain: [] as number[] }))
  const firstVisit: number[] = []
  const repeatVisit: number[] = []
  for (let i = 0; i < samples.open; i++) {
    const page = await freshPage(context, server.url)
    await ask(page, { op: 'warm' })
    firstSplit.push(
      ...((await ask(page, {
        op: 'open',
        name: 'big.wiretuner',
        documentId: bigId,
        samples: 1,
      })) as OpenTiming[]),
    )
    await page.close()
    const clientPage = await freshPage(context, server.url)
    const through = await clientPage.evaluate(() =>
      (
        globalThis as unknown as {
          wtBench: { openThroughClient(n: string, w: string): Promise<{ coldMs: number; warmMs: number }> }
        }
      ).wtBench.openThroughClient('big.wiretuner', 'warm.wiretuner'),
    )
    clientCold.push(through.coldMs)
    clientWarm.push(through.warmMs)
    await clientPage.close()
    // with and without the warm-up, in alternating order
    const started = i % 2 === 0 ? ['engine', 'engine-no-warm-up'] : ['engine-no-warm-up', 'engine']
    for (const bundle of started) {
      const ms = await openInStartedWorker(context, `./${bundle}.js`, STARTED_AHEAD_MS)
      ;(bundle === 'engine' ? clientStarted : clientStartedNoWarmUp).push(ms)
      for (const [k, idleMs] of STARTED_SHORTLY_MS.entries()) {
        const soon = await openInStartedWorker(context, `./${bundle}.js`, idleMs)
        shortly[k]?.[bundle === 'engine' ? 'warm' : 'plain'].push(soon)
      }
    }
    for (const visits of [firstVisit, repeatVisit]) {
      const visitPage = await freshPage(context, server.url)
      visits.push(
        await visitPage.evaluate(
          ([n, path]) =>
            (
              globalThis as unknown as {
                wtBench: { openInNewWorker(n: string, path: string): Promise<number> }
              }
            ).wtBench.openInNewWorker(n, path),
          ['big.wiretuner', `./visit-${i}/engine.js`] as const,
        ),
      )
      await visitPage.close()
    }
  }

  const replays: { replayMs: number; longTasks: number[]; maxFrameGapMs: number; frames: number }[] = []
  for (let i = 0; i < samples.replay; i++) {
    const page = await freshPage(context, server.url)
    replays.push(
      await page.evaluate(() =>
        (
          globalThis as unknown as {
            wtBench: {
              replayResponsiveness(
                n: string,
              ): Promise<{ replayMs: number; longTasks: number[]; maxFrameGapMs: number; frames: number }>
            }
          }
        ).wtBench.replayResponsiveness('replay.wiretuner'),
      ),
    )
    await page.close()
  }

  console.log(
    `\nChromium ${context.browser()?.version() ?? 'unknown'} (headless, OPFS opfs-sahpool) vs Node ${process.version} (better-sqlite3)`,
  )
  const web = {
    append: summarize(`browser: append ${APPEND_BATCH} events per call`, append, APPEND_BATCH),
    read: summarize(`browser: read + validate ${BIG.toLocaleString('en-US')} events`, read, BIG),
    decode: summarize(`browser: of which JSON.parse + validate only (no SQLite)`, decode, BIG),
    open: summarize(
      `browser: open ${BIG.toLocaleString('en-US')}-event file to the document, repeated (Worker)`,
      open,
    ),
    firstOpen: summarize(
      `browser: open ${BIG.toLocaleString('en-US')}-event file, first in a fresh Worker`,
      firstSplit.map((t) => t.totalMs),
    ),
  }
  for (const key of ['append', 'read', 'open', 'firstOpen'] as const) {
    const unit = key === 'open' || key === 'firstOpen' ? 'ops' : 'events'
    report(node[key], unit)
    report(web[key], unit)
    target(`browser/Node speed ratio, ${key}`, ratio(node[key], web[key]), { atLeast: 0.5 })
  }
  reportSplit('Node', nodeSplit)
  reportSplit('browser (storage incl. native inflate)', firstSplit)
  report(node.decode, 'events')
  report(web.decode, 'events')
  console.log(
    `browser/Node speed ratio, JSON.parse + validate only: ${ratio(node.decode, web.decode).toFixed(3)} (info: the JavaScript share of a read)`,
  )
  const cold = report(
    summarize(`browser: open through the client, new Worker incl. SQLite WASM load`, clientCold),
  )
  const warm = report(
    summarize(`browser: open through the client, Worker with SQLite WASM loaded`, clientWarm),
  )
  report(
    summarize(
      `browser: open through the client, new Worker, first visit (bundle + WASM never fetched)`,
      firstVisit,
    ),
  )
  report(
    summarize(
      `browser: open through the client, new Worker, repeat visit (the same URLs again)`,
      repeatVisit,
    ),
  )
  const ahead = report(
    summarize(
      `browser: open through the client, Worker started ${STARTED_AHEAD_MS} ms before, nothing opened`,
      clientStarted,
    ),
  )
  report(summarize(`browser: the same, Worker without the idle warm-up (info)`, clientStartedNoWarmUp))
  for (const [k, idleMs] of STARTED_SHORTLY_MS.entries()) {
    report(
      summarize(
        `browser: open through the client, Worker started ${idleMs} ms before (info)`,
        shortly[k]?.warm ?? [],
      ),
    )
    report(summarize(`browser: the same, Worker without the idle warm-up (info)`, shortly[k]?.plain ?? []))
  }
  target(
    `browser: open ${BIG.toLocaleString('en-US')} events to the document (client, WASM loaded)`,
    warm.medianMs,
    { atMost: 50 },
  )
  target(
    `browser: open ${BIG.toLocaleString('en-US')} events to the document (client, Worker started ahead)`,
    ahead.medianMs,
    { atMost: 50 },
  )
  target(
    `browser: open ${BIG.toLocaleString('en-US')} events to the document (client, cold Worker)`,
    cold.medianMs,
    { atMost: 50 },
  )
  report(
    summarize(
      `browser: ${REPLAY.toLocaleString('en-US')}-event replay in the Worker`,
      replays.map((r) => r.replayMs),
      REPLAY,
    ),
    'events',
  )
  const longest = replays.map((r) => Math.max(0, ...r.longTasks))
  const gaps = replays.map((r) => r.maxFrameGapMs)
  console.log(
    `main thread during the replays: long tasks ${replays.map((r) => r.longTasks.length).join(', ')} (per sample); longest ${longest.map((n) => n.toFixed(1)).join(', ')} ms; frames ${replays.map((r) => r.frames).join(', ')}`,
  )
  report(summarize('main thread: largest animation-frame gap during a replay', gaps))
  target('main thread: longest long task during the replays (ms)', Math.max(...longest), { atMost: 16 })
  target('main thread: largest animation-frame gap during the replays (ms)', Math.max(...gaps), {
    atMost: 16 + 2,
  })
} finally {
  await context.close()
  await server.close()
  rmSync(scratch, { recursive: true, force: true })
}
