/** Starts an engine Worker (the `engine.js` bundle next to the running suite) and connects to it. */
import { connectEngine, type EngineClient, type EngineWorker } from '../../src/index.js'

type WorkerConstructor = new (url: URL, options: { type: 'module' }) => EngineWorker

/** A new engine Worker and its client (a new Worker is a new tab, as far as OPFS is concerned). */
export function startEngine(): EngineClient {
  return startWorker('./engine.js')
}

/**
 * A new engine Worker given `wasm` as its SQLite WASM URL (`sqlite.wasmUrl`, relative to the
 * Worker: engine-worker-url.ts), and its client.
 */
export function startEngineWithWasmUrl(wasm: string): EngineClient {
  return startWorker(`./engine-url.js?wasm=${encodeURIComponent(wasm)}`)
}

function startWorker(path: string): EngineClient {
  const WorkerClass = (globalThis as unknown as { Worker: WorkerConstructor }).Worker
  const base = (globalThis as unknown as { location: { href: string } }).location.href
  return connectEngine(new WorkerClass(new URL(path, base), { type: 'module' }))
}

let files = 0

/** A fresh, unique OPFS file name. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now()}-${++files}.wiretuner`
}
