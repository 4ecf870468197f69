/**
 * Benchmarks of the demo app (`pnpm bench`): simulation throughput, and the viewer's scrubbing on
 * a 100,000-event document — server-side (document + SVG at random sequences after warm-up) and in
 * real headless Chromium (frame times while the scrubber is dragged every animation frame).
 * The 100k file is cached in out/bench-100k.wiretuner (repository root) between runs. The editor's
 * frame times while dragging in a 10,000-object document: bench/editor-frames.ts. The viewer's sync
 * mode, edit and cursor latency between two Chromium pages: bench/sync-latency.ts.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { report, summarize, target } from '@wiretuner/bench-kit'
import { launchChromium } from '@wiretuner/browser-kit'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { createRandom } from '@wiretuner/replay/testing'
import { createFileBackend } from '../src/server/file-backend.js'
import { startViewerServer } from '../src/server/server.js'
import { ensureViewerBuilt } from '../src/server/viewer-assets.js'
import { renderSvg } from '../src/server/viewer-data.js'
import { openViewerSession } from '../src/server/viewer-session.js'
import { simulateSession } from '../src/simulate-session.js'
import { editorFrames } from './editor-frames.js'
import { benchSyncLatency } from './sync-latency.js'

const outDir = fileURLToPath(new URL('../../../out/', import.meta.url))
const BIG = Number(process.env.WT_BENCH_EVENTS ?? 100_000)
const bigFile = `${outDir}bench-${BIG}.wiretuner`

async function simulationThroughput(): Promise<void> {
  const durations: number[] = []
  const n = 5_000
  for (let i = 0; i < 3; i++) {
    const file = `${outDir}bench-sim-${i}.wiretuner`
    rmSync(file, { force: true })
    const t0 = performance.now()
    await simulateSession({ out: file, events: n, seed: `bench-${i}` })
    durations.push(performance.now() - t0)
    rmSync(file, { force: true })
  }
  const stats = report(
    summarize(`simulate ${n} events (replay session + sampler + SQLite)`, durations, n),
    'events',
  )
  target('simulation throughput (events/s)', stats.unitsPerSecond, { atLeast: 2_000 })
}

async function ensureBigFile(): Promise<void> {
  if (existsSync(bigFile)) {
    const s = await openWireTunerFile(bigFile, { readOnly: true })
    const ok = s.eventCount(s.listDocuments()[0]?.documentId ?? '') === BIG
    s.close()
    if (ok) return
    rmSync(bigFile, { force: true })
  }
  const t0 = performance.now()
  const r = await simulateSession({ out: bigFile, events: BIG, seed: 'bench' })
  console.log(
    `simulated ${r.events} events into ${bigFile} in ${Math.round(performance.now() - t0)} ms (${r.objects} objects at the head)`,
  )
}

/** Drags the scrubber back and forth over the whole timeline for 4 s, one input per frame. */
const SCRUB_SCRIPT = `(async () => {
  const input = document.getElementById('scrubber')
  const max = Number(input.max)
  const probe = window.wiretunerViewer
  const frames = []
  const shown = new Set()
  const requestsBefore = probe.stateRequests
  const start = performance.now()
  let last = start
  await new Promise((done) => {
    const tick = (now) => {
      frames.push(now - last)
      last = now
      const t = (now - start) / 4000
      const phase = t < 0.5 ? t * 2 : 2 - t * 2
      input.value = String(Math.round(phase * max))
      input.dispatchEvent(new Event('input', { bubbles: true }))
      shown.add(probe.shownSequence)
      if (now - start < 4000) requestAnimationFrame(tick)
      else done()
    }
    requestAnimationFrame(tick)
  })
  return { frames: frames.slice(1), distinctStates: shown.size, requests: probe.stateRequests - requestsBefore }
})()`

async function scrubbing(): Promise<void> {
  const file = await openWireTunerFile(bigFile, { readOnly: true })
  const documentId = file.listDocuments()[0]?.documentId ?? ''
  const head = file.eventCount(documentId) - 1
  // Exactly what `wiretuner serve` does: open the viewer's session, prepare time travel in the
  // background (replay's sliced preparation, on the system timer), measured on the wall clock.
  const viewer = openViewerSession(file, documentId)
  const { session, checkpointEvery: every } = viewer
  const t0 = performance.now()
  await viewer.prepareInBackground().done
  const warmMs = performance.now() - t0
  console.log(
    `warm-up in the background (checkpoint every ${every} events over ${head + 1}): ${Math.round(warmMs)} ms wall clock, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`,
  )
  const foldMs: number[] = []
  const svgMs: number[] = []
  const probeRnd = createRandom('split')
  for (let i = 0; i < 100; i++) {
    const k = probeRnd.int(0, head)
    const a = performance.now()
    const doc = session.documentAt(k)
    const b = performance.now()
    renderSvg(doc)
    svgMs.push(performance.now() - b)
    foldMs.push(b - a)
  }
  report(summarize(`  of which: time travel to a random sequence (≤ ${every} events folded)`, foldMs))
  report(summarize('  of which: SVG export of that document', svgMs))
  const backend = createFileBackend({
    file,
    path: bigFile,
    documentId,
    documentAt: (s) => session.documentAt(s),
    cacheSize: 64,
  })
  const rnd = createRandom('scrub')
  const durations: number[] = []
  for (let i = 0; i < 200; i++) {
    const k = rnd.int(0, head)
    const s = performance.now()
    backend.state(k)
    durations.push(performance.now() - s)
  }
  const server = report(
    summarize(`server: document + SVG + tree at a random sequence of ${head + 1}`, durations),
  )
  target('server state at a random sequence, p95 ms', server.p95Ms, { atMost: 50 })

  const assets = await ensureViewerBuilt(() => {})
  const http = await startViewerServer({ backend, assetsDir: assets, port: 0 })
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(http.url)
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { wiretunerViewer?: { ready: boolean } }).wiretunerViewer?.ready === true,
      undefined,
      { timeout: 60_000 },
    )
    // Passed as source text: tsx's keepNames helpers (`__name`) do not exist in the page.
    const result = (await page.evaluate(SCRUB_SCRIPT)) as {
      frames: number[]
      distinctStates: number
      requests: number
    }
    const fps = report(summarize('browser: frame interval while scrubbing 4 s (rAF)', result.frames))
    console.log(
      `  ${result.frames.length} frames, ${result.requests} state requests, ${result.distinctStates} distinct documents shown`,
    )
    target('scrubbing frame rate (median fps)', 1000 / fps.medianMs, { atLeast: 55 })
    target('scrubbing frame interval p95 (ms)', fps.p95Ms, { atMost: 33 })
    target('documents shown per second while scrubbing', result.distinctStates / 4, { atLeast: 10 })
  } finally {
    await browser.close()
    await http.close()
    session.close()
    file.close()
  }
}

mkdirSync(outDir, { recursive: true })
// WT_BENCH_ONLY=scrub skips the simulation-throughput case; WT_BENCH_ONLY=editor runs only the editor's,
// WT_BENCH_ONLY=sync only the sync mode's latency.
const only = process.env.WT_BENCH_ONLY
if (only === undefined) await simulationThroughput()
if (only === undefined || only === 'scrub') {
  await ensureBigFile()
  await scrubbing()
}
if (only === undefined || only === 'editor') await editorFrames()
if (only === undefined || only === 'sync') await benchSyncLatency()
