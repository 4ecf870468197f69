/**
 * Shared test helpers: temporary directories, valid draft events, and the three storage
 * backends the contract suite runs on (in-memory, SQLite `:memory:`, SQLite temp file).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createEvent, type DraftEvent } from '@wiretuner/event-schema'
import { createMemoryStorage, type DocumentStorage, type StorageOptions } from '../src/index.js'
import { openWireTunerFile } from '../src/node.js'

/** A fresh temporary directory and its cleanup. */
export function tempDir(prefix = 'wt-io-'): { readonly dir: string; readonly cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

let counter = 0

/** A valid draft event of one of a few types, varied by `i`, for `documentId`. */
export function draft(documentId: string, i = counter++, extra: Record<string, unknown> = {}): DraftEvent {
  const base = { documentId, timestamp: 1_700_000_000_000 + i, ...extra }
  switch (i % 4) {
    case 0:
      return createEvent({ ...base, eventType: 'ViewportPanEvent', delta: { x: i, y: -i } } as never)
    case 1:
      return createEvent({
        ...base,
        eventType: 'MoveObjectEvent',
        objectIds: [`o${i}`],
        delta: { x: 0.5, y: i },
      } as never)
    case 2:
      return createEvent({
        ...base,
        eventType: 'CreateArtboardEvent',
        artboardId: `a${i}`,
        bounds: { x: 0, y: 0, width: 100 + i, height: 50 },
      } as never)
    default:
      return createEvent({
        ...base,
        eventType: 'CreateLayerEvent',
        layerId: `l${i}`,
        artboardId: 'a0',
      } as never)
  }
}

/** `n` valid drafts for `documentId`. */
export function drafts(documentId: string, n: number): DraftEvent[] {
  return Array.from({ length: n }, () => draft(documentId))
}

/** A storage of the contract suite. */
export type TestStorage = DocumentStorage

/** One backend of the contract suite. */
export interface Backend {
  readonly name: string
  readonly open: (
    options?: StorageOptions,
  ) => Promise<{ readonly storage: TestStorage; readonly close: () => void }>
}

/** The three backends: memory, SQLite `:memory:`, SQLite temp file. */
export const BACKENDS: readonly Backend[] = [
  {
    name: 'memory',
    open: async (options = {}) => ({ storage: createMemoryStorage(options), close: () => {} }),
  },
  {
    name: 'sqlite :memory:',
    open: async (options = {}) => {
      const file = await openWireTunerFile(':memory:', options)
      return { storage: file, close: () => file.close() }
    },
  },
  {
    name: 'sqlite file',
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

/** Runs `fn` expecting a StorageError with `code`; returns it. */
export function expectStorageError(
  fn: () => unknown,
  code: string,
): Error & { code: string; details: Record<string, unknown> } {
  try {
    fn()
  } catch (error) {
    const e = error as Error & { code: string; details: Record<string, unknown> }
    if (e.name !== 'StorageError' || e.code !== code) {
      throw new Error(`expected StorageError ${code}, got ${e.name} ${e.code}: ${e.message}`)
    }
    return e
  }
  throw new Error(`expected StorageError ${code}, nothing was thrown`)
}

/** Runs of property tests (env WT_PROPERTY_RUNS raises it). */
export const PROPERTY_RUNS = Number(process.env.WT_PROPERTY_RUNS ?? 100)

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
    external: ['better-sqlite3'],
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
