/**
 * Node test helpers: temporary directories, the three Node backends the contract suite runs on
 * (in-memory, SQLite `:memory:`, SQLite temp file), bundled worker processes; the browser-safe
 * helpers (drafts, typed-error expectations) are shared/events.ts's, re-exported here.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import {
  asAsyncStorage,
  createMemoryStorage,
  type DocumentStorage,
  type ObjectCacheEntry,
} from '../src/index.js'
import { openWireTunerFile } from '../src/node.js'
import type { Backend } from './shared/events.js'

export type { Backend, ContractStorage, TestStorage } from './shared/events.js'
export { collect, draft, drafts, expectStorageError, PROPERTY_RUNS, rejectsWith } from './shared/events.js'

/** A render cache entry of object `objectId` (4 bytes, a box at `x`) valid at `sequence`. */
export function cacheEntry(objectId: string, x: number, sequence = 2): ObjectCacheEntry {
  return {
    objectId,
    eventSequence: sequence,
    contentHash: `hash-${objectId}-${x}`,
    tessellation: new Uint8Array([1, 2, 3, x & 0xff]),
    bounds: { minX: x, minY: 0, maxX: x + 10.1, maxY: 10.3 },
  }
}

/** A fresh temporary directory and its cleanup. */
export function tempDir(prefix = 'wt-io-'): { readonly dir: string; readonly cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The three synchronous backends: memory, SQLite `:memory:`, SQLite temp file. */
export const BACKENDS: readonly Backend<DocumentStorage>[] = [
  {
    name: 'memory',
    readsBlockWrites: true,
    open: async (options = {}) => ({ storage: createMemoryStorage(options), close: () => {} }),
  },
  {
    name: 'sqlite :memory:',
    readsBlockWrites: true,
    open: async (options = {}) => {
      const file = await openWireTunerFile(':memory:', options)
      return { storage: file, close: () => file.close() }
    },
  },
  {
    name: 'sqlite file',
    readsBlockWrites: true,
    open: async (options = {}) => {
      const tmp = tempDir()
      const file = await openWireTunerFile(join(tmp.dir, 'doc.wiretuner'), options)
      return {
        storage: file,
        close: () => {
          file.close()
          tmp.cleanup()
        },
      }
    },
  },
]

/** The in-memory storage through `asAsyncStorage`: the adapter keeps the synchronous semantics. */
export const ASYNC_MEMORY_BACKEND: Backend = {
  name: 'asAsyncStorage(memory)',
  readsBlockWrites: true,
  open: async (options = {}) => ({ storage: asAsyncStorage(createMemoryStorage(options)), close: () => {} }),
}

/**
 * Bundles a TypeScript worker (test/fixtures/<entry>.ts, default storage-worker) with esbuild into
 * `test-artifacts/` so each child process starts in ~0.1 s (no package build involved).
 */
export async function bundleWorker(entry = 'storage-worker'): Promise<string> {
  const { build } = await import('esbuild')
  const here = fileURLToPath(new URL('.', import.meta.url))
  const outfile = join(here, '..', 'test-artifacts', `${entry}-${process.pid}-${Date.now()}.mjs`)
  await build({
    entryPoints: [join(here, 'fixtures', `${entry}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@wiretuner/source'],
    external: ['better-sqlite3', 'pg', 'pg-native'],
    outfile,
    logLevel: 'error',
  })
  return outfile
}

/** A spawned worker with its stdout as a stream of lines. */
export interface Worker {
  readonly child: ChildProcessWithoutNullStreams
  /** Resolves with the next line matching `prefix` (lines seen are also passed to `onLine`). */
  readonly next: (prefix: string) => Promise<string>
  readonly exited: Promise<number | null>
  readonly stderr: () => string
}

/** Spawns the bundled worker with `args`; `onLine` sees every stdout line. */
export function spawnWorker(
  bundle: string,
  args: readonly string[],
  onLine: (line: string) => void = () => {},
): Worker {
  const child = spawn(process.execPath, [bundle, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
  let err = ''
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString()
  })
  const waiting: { prefix: string; resolve: (line: string) => void }[] = []
  const backlog: string[] = []
  createInterface({ input: child.stdout }).on('line', (line) => {
    onLine(line)
    const i = waiting.findIndex((w) => line.startsWith(w.prefix))
    if (i >= 0) waiting.splice(i, 1)[0]?.resolve(line)
    else backlog.push(line)
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    child,
    exited,
    stderr: () => err,
    next: (prefix) => {
      const i = backlog.findIndex((l) => l.startsWith(prefix))
      if (i >= 0) return Promise.resolve(backlog.splice(i, 1)[0] as string)
      return new Promise((resolve, reject) => {
        waiting.push({ prefix, resolve })
        exited.then(() =>
          setTimeout(() => reject(new Error(`worker exited waiting for "${prefix}": ${err}`)), 50),
        )
      })
    },
  }
}
