/**
 * The bench page (main thread): measures what a user of the engine client waits for (open a
 * file through `connectEngine`, to the document) and whether the main thread stays responsive
 * while the Worker replays (long tasks and animation-frame gaps). Exposed as `window.wtBench`.
 */
import { connectEngine, type EngineClient, type EngineWorker } from '../../src/index.js'

/** The page globals used here (typed without the DOM library). */
interface PageGlobals {
  readonly Worker: new (url: URL, options: { type: 'module' }) => EngineWorker
  readonly location: { readonly href: string }
  readonly PerformanceObserver: new (
    callback: (list: { getEntries(): readonly { readonly duration: number }[] }) => void,
  ) => { observe(options: { readonly type: string }): void; disconnect(): void }
  requestAnimationFrame(callback: (now: number) => void): number
}

const page = globalThis as unknown as PageGlobals

/** A new engine Worker of the bundle at `path` (relative to the page), and its client. */
function startEngine(path = './engine.js'): EngineClient {
  return connectEngine(new page.Worker(new URL(path, page.location.href), { type: 'module' }))
}

/**
 * One open through the client in a new engine Worker of the bundle at `path`: the time from
 * `new Worker` to the document. The bench serves each visit's bundle and `sqlite3.wasm` under a
 * path of its own, so a first visit fetches them from the server, a repeat visit from the cache.
 */
async function openInNewWorker(name: string, path: string): Promise<number> {
  const started = performance.now()
  const engine = startEngine(path)
  try {
    return await openSince(engine, name, started)
  } finally {
    engine.terminate()
  }
}

/** Opens `name` read-only in `engine`, closes it, and gives the ms from `since` to the document. */
async function openSince(engine: EngineClient, name: string, since: number): Promise<number> {
  const session = await engine.open(name, { readOnly: true })
  const ms = performance.now() - since
  await session.close()
  return ms
}

/** One open through the client in a new engine Worker: cold (Worker start + WASM) and warm (WASM loaded). */
async function openThroughClient(
  name: string,
  warmName: string,
): Promise<{ readonly coldMs: number; readonly warmMs: number; readonly sequence: number }> {
  const coldStart = performance.now()
  const cold = startEngine()
  try {
    const session = await cold.open(name, { readOnly: true })
    const coldMs = performance.now() - coldStart
    await session.close()
    const warm = startEngine()
    try {
      ;(await warm.open(warmName, { readOnly: true })).close() // loads SQLite WASM in this Worker
      const started = performance.now()
      const again = await warm.open(name, { readOnly: true })
      const warmMs = performance.now() - started
      await again.close()
      return { coldMs, warmMs, sequence: again.sequence }
    } finally {
      warm.terminate()
    }
  } finally {
    cold.terminate()
  }
}

/**
 * One open through the client in an engine Worker (the bundle at `path`) started `idleMs` before
 * (as an app starts it at page load, before the user picks a file): the time from the open to the
 * document.
 */
async function openInStartedWorker(name: string, idleMs: number, path = './engine.js'): Promise<number> {
  const engine = startEngine(path)
  try {
    await new Promise((resolve) => setTimeout(resolve, idleMs))
    return await openSince(engine, name, performance.now())
  } finally {
    engine.terminate()
  }
}

interface Responsiveness {
  readonly replayMs: number
  readonly longTasks: readonly number[]
  readonly maxFrameGapMs: number
  readonly frames: number
}

/**
 * Opens `name` in a new engine Worker, then has it replay the whole log (`prepareTimeTravel`: one
 * full fold) and reports the main thread's long tasks and largest animation-frame gap meanwhile.
 */
async function replayResponsiveness(name: string): Promise<Responsiveness> {
  const engine = startEngine()
  const session = await engine.open(name, { readOnly: true })
  const longTasks: number[] = []
  const observer = new page.PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration)
  })
  observer.observe({ type: 'longtask' })
  let last = performance.now()
  let maxFrameGapMs = 0
  let frames = 0
  let running = true
  const frame = (now: number) => {
    maxFrameGapMs = Math.max(maxFrameGapMs, now - last)
    last = now
    frames++
    if (running) page.requestAnimationFrame(frame)
  }
  page.requestAnimationFrame((now) => {
    last = now
    page.requestAnimationFrame(frame)
  })
  await new Promise((resolve) => setTimeout(resolve, 100))
  const started = performance.now()
  await session.prepareTimeTravel()
  const replayMs = performance.now() - started
  await new Promise((resolve) => setTimeout(resolve, 50))
  running = false
  observer.disconnect()
  await session.close()
  engine.terminate()
  return { replayMs, longTasks, maxFrameGapMs, frames }
}

;(globalThis as unknown as { wtBench: unknown }).wtBench = {
  openThroughClient,
  openInNewWorker,
  openInStartedWorker,
  replayResponsiveness,
}
