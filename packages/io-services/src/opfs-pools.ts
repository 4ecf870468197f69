/**
 * The SQLite WASM module and its OPFS storage, for the browser storage (in a dedicated Worker).
 * Each `.wiretuner` file lives in its OWN `opfs-sahpool` pool (VFS `wiretuner:<name>`, directory
 * `wiretuner/<name>`): the pool's synchronous access handles are exclusive, so the Worker that
 * holds a file's pool is the only one that can open it, and a second Worker or tab gets
 * `opened-elsewhere` instead of a shared, unlocked file (the VFS has no locks of its own).
 * A closed file's pool is paused (its handles released) so another Worker may take it; a paused
 * pool whose directory another Worker deleted meanwhile is replaced by a new install (under a new
 * VFS name: the library keeps the old one registered by name).
 * Pools are installed with `preserveOnInitFailure`: by default a failed install (the handles
 * held elsewhere) would try to DELETE the pool's files.
 */
import sqlite3InitModule, { type SAHPoolUtil, type Sqlite3Static } from '@sqlite.org/sqlite-wasm'
import { StorageError } from './errors.js'
import { startNativeInflateProbe } from './native-inflate.js'

/** The OPFS directory that holds one pool directory per file. */
export const OPFS_ROOT = 'wiretuner'

/** The database's name inside its pool (one per pool). */
export const POOL_DATABASE = '/file.wiretuner'

/**
 * Files (OPFS access handles) in a NEW pool: the database and its `-wal` (or, until the first
 * read-write open of an imported file switches it to WAL, its `-journal`). Temporary files never
 * take one: the WASM build keeps them in memory (`SQLITE_TEMP_STORE=2`, and io-services never sets
 * `temp_store = FILE`). Every file of a pool is opened at each acquire, and each unused one is
 * also truncated there (one synchronous OPFS call): the two spare files of the former capacity,
 * 4, cost 1.1–1.8 ms of every reopen (A/B in one browser, issue 13; a first install opens its
 * files in parallel and showed no difference above the noise). A pool keeps the capacity it was
 * created with: older files keep 4.
 */
const POOL_CAPACITY = 2

/** File names: letters, digits, `.`, `_`, `-`, space; 1 to 100 characters, not starting with `.`. */
const NAME_PATTERN = /^[A-Za-z0-9_\- ][A-Za-z0-9._\- ]{0,99}$/

/** Options of {@link setupOpfsStorage}. */
export interface OpfsSetupOptions {
  /**
   * URL of `sqlite3.wasm` (`@sqlite.org/sqlite-wasm/sqlite3.wasm`). Default: next to the module
   * that contains the SQLite WASM loader (your bundle): copy the file there.
   */
  readonly wasmUrl?: string
}

let setup: OpfsSetupOptions = {}
let loading: Promise<Sqlite3Static> | undefined

/**
 * Configures how the SQLite WASM module is loaded; call before the first OPFS call (later calls
 * after loading fail with `invalid-argument`).
 */
export function setupOpfsStorage(options: OpfsSetupOptions): void {
  if (loading !== undefined)
    throw new StorageError('invalid-argument', 'setupOpfsStorage: the SQLite WASM module is already loaded')
  setup = options
}

/** The SQLite WASM module, loaded once per Worker. */
export function loadSqlite(): Promise<Sqlite3Static> {
  if (loading === undefined) {
    const wasmUrl = setup.wasmUrl
    const init = sqlite3InitModule as unknown as (options: object) => Promise<Sqlite3Static>
    loading = init({
      ...(wasmUrl === undefined
        ? {}
        : { locateFile: (file: string) => (file.endsWith('.wasm') ? wasmUrl : file) }),
      print: () => {},
      printErr: () => {},
    }).catch((error: unknown) => {
      loading = undefined
      throw new StorageError('io', `cannot load the SQLite WASM module (${String(error)})`, { cause: error })
    })
  }
  return loading
}

/**
 * Starts loading this Worker's SQLite WASM module (fetch, compile, instantiate, SQLite's own
 * bootstrap) and the native inflater's one-time probe: call it when the Worker starts, after
 * {@link setupOpfsStorage}; the promise tells when the module is loaded (true) or failed (false). A Worker started before it is needed (at page
 * load, say) then has SQLite loaded when its first open comes, instead of loading it inside that
 * open (~75 ms in a new Worker, issue 13). The load runs in a task of its own, not in the caller's:
 * the loader's synchronous glue took 47 ms instead of 12–15 inside the task that evaluates the
 * Worker's script (measured 2026-12-07). Never throws, never rejects: a failed load is retried,
 * and reported, by the first OPFS call.
 */
export function preloadOpfsStorage(): Promise<boolean> {
  startNativeInflateProbe()
  return new Promise((resolve) => {
    setTimeout(() => {
      loadSqlite().then(
        () => resolve(true),
        () => resolve(false),
      )
    }, 0)
  })
}

/** Throws `invalid-argument` unless `name` is a valid OPFS file name (see NAME_PATTERN). */
export function checkName(operation: string, name: string): void {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new StorageError(
      'invalid-argument',
      `${operation}: ${JSON.stringify(name)} is not a valid file name (1-100 letters, digits, ".", "_", "-" or spaces, not starting with ".")`,
    )
  }
}

/** The part of OPFS's directory handle used here (typed without the DOM library). */
export interface OpfsDirectory {
  getDirectoryHandle(name: string, options?: { readonly create?: boolean }): Promise<OpfsDirectory>
  entries(): AsyncIterable<[string, { readonly kind: string }]>
}

/**
 * This Worker's handle of the `wiretuner/` directory, once it was found: each later call saves the
 * two OPFS round trips of looking it up again (~1–3 ms in a fresh Worker, issue 13). A stale
 * handle (the origin's storage cleared meanwhile) is never trusted for a "not found": see
 * {@link poolExists} and {@link listPoolNames}.
 */
let knownRoot: OpfsDirectory | undefined

/** The OPFS root directory of `wiretuner/` files, or `undefined` when nothing was ever stored. */
export async function opfsRoot(create: boolean): Promise<OpfsDirectory | undefined> {
  if (knownRoot !== undefined) return knownRoot
  const storage = (
    globalThis as unknown as { navigator?: { storage?: { getDirectory?: () => Promise<OpfsDirectory> } } }
  ).navigator?.storage
  if (storage?.getDirectory === undefined) {
    throw new StorageError(
      'io',
      'the Origin Private File System is not available here (a browser Worker is needed)',
    )
  }
  const top = await storage.getDirectory()
  try {
    knownRoot = await top.getDirectoryHandle(OPFS_ROOT, { create })
    return knownRoot
  } catch (error) {
    if ((error as { name?: unknown }).name === 'NotFoundError') return undefined
    throw error
  }
}

async function hasPoolDirectory(root: OpfsDirectory | undefined, name: string): Promise<boolean> {
  if (root === undefined) return false
  try {
    await root.getDirectoryHandle(name)
    return true
  } catch (error) {
    if ((error as { name?: unknown }).name === 'NotFoundError') return false
    throw error
  }
}

/** True when a pool directory exists for `name` (a "no" from a remembered root is checked afresh). */
export async function poolExists(name: string): Promise<boolean> {
  const remembered = knownRoot !== undefined
  if (await hasPoolDirectory(await opfsRoot(false), name)) return true
  if (!remembered) return false
  knownRoot = undefined
  return hasPoolDirectory(await opfsRoot(false), name)
}

async function directoryNames(root: OpfsDirectory | undefined): Promise<string[]> {
  const names: string[] = []
  if (root === undefined) return names
  for await (const [name, handle] of root.entries()) {
    if (handle.kind === 'directory') names.push(name)
  }
  return names
}

/** The names of the pool directories (one per file), unsorted. */
export async function listPoolNames(): Promise<string[]> {
  if (knownRoot === undefined) return directoryNames(await opfsRoot(false))
  try {
    return await directoryNames(knownRoot)
  } catch (error) {
    if (!isNotFound(error)) throw error
    knownRoot = undefined // the remembered directory is gone: look it up afresh
    return directoryNames(await opfsRoot(false))
  }
}

function isNotFound(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'NotFoundError'
}

function isLockError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name
  return name === 'NoModificationAllowedError' || name === 'InvalidStateError'
}

function openedElsewhere(operation: string, name: string, error: unknown): StorageError {
  return new StorageError(
    'opened-elsewhere',
    `${operation}: ${name} is open in another Worker or tab of this origin (its OPFS access handles are taken); close it there first`,
    { cause: error },
  )
}

const pools = new Map<string, SAHPoolUtil>()
const inUse = new Set<string>()
/** Pools installed per name in this Worker: a new install after a deletion elsewhere needs a new VFS name. */
const installs = new Map<string, number>()

/** Resumes this Worker's paused pool of `name`; `undefined` when its directory was deleted elsewhere. */
async function resumed(name: string, pool: SAHPoolUtil): Promise<SAHPoolUtil | undefined> {
  if (!pool.isPaused()) return pool
  try {
    await pool.unpauseVfs()
    return pool
  } catch (error) {
    if (!isNotFound(error)) throw error
    // another Worker or tab deleted the file after this one paused the pool: the paused pool
    // holds no handle and stays unregistered; a new install (under a new VFS name) replaces it
    pools.delete(name)
    return undefined
  }
}

async function installed(sqlite3: Sqlite3Static, name: string): Promise<SAHPoolUtil> {
  const count = installs.get(name) ?? 0
  const install = sqlite3.installOpfsSAHPoolVfs as (options: object) => Promise<SAHPoolUtil>
  const pool = await install({
    name: count === 0 ? `wiretuner:${name}` : `wiretuner:${name}~${count}`,
    directory: `${OPFS_ROOT}/${name}`,
    initialCapacity: POOL_CAPACITY,
    preserveOnInitFailure: true,
    forceReinitIfPreviouslyFailed: true,
  })
  installs.set(name, count + 1)
  pools.set(name, pool)
  return pool
}

/** `not-found`: no OPFS file `name`. */
export function noSuchFile(name: string): StorageError {
  return new StorageError('not-found', `${name}: no such OPFS file`)
}

/**
 * Takes `name`'s pool for this Worker (resuming or installing it): `opened-elsewhere` when
 * another Worker holds it or this Worker already uses it. With `existing`, a pool this Worker
 * held whose directory another Worker deleted meanwhile gives `not-found` instead of a new
 * install. Release it with {@link releasePool}.
 */
export async function acquirePool(operation: string, name: string, existing = false): Promise<SAHPoolUtil> {
  checkName(operation, name)
  if (inUse.has(name)) {
    throw new StorageError(
      'opened-elsewhere',
      `${operation}: ${name} is already open in this Worker; close it first (one connection per file)`,
    )
  }
  inUse.add(name)
  try {
    const sqlite3 = await loadSqlite()
    const held = pools.get(name)
    const pool = held === undefined ? undefined : await resumed(name, held)
    if (pool !== undefined) return pool
    if (held !== undefined && existing) throw noSuchFile(name)
    return await installed(sqlite3, name)
  } catch (error) {
    inUse.delete(name)
    if (isLockError(error)) throw openedElsewhere(operation, name, error)
    if (error instanceof StorageError) throw error
    throw new StorageError('io', `${operation}: cannot open the OPFS storage of ${name} (${String(error)})`, {
      cause: error,
    })
  }
}

/**
 * {@link acquirePool} for a file that must exist: `not-found` otherwise, with nothing created. A
 * pool this Worker holds (paused since its file was closed) is resumed without looking its
 * directory up first, one OPFS round trip fewer per reopen (~0.3 ms, issue 13): the resume itself
 * fails when another Worker deleted the file.
 */
export async function acquireExistingPool(operation: string, name: string): Promise<SAHPoolUtil> {
  checkName(operation, name)
  if (!pools.has(name) && !(await poolExists(name))) throw noSuchFile(name)
  return acquirePool(operation, name, true)
}

/** Gives `name`'s pool back: its access handles are released, its files stay. */
export function releasePool(name: string): void {
  const pool = pools.get(name)
  inUse.delete(name)
  if (pool !== undefined && !pool.isPaused()) pool.pauseVfs()
}

/** Deletes `name`'s pool and its files (the pool must be acquired). */
export async function removePool(name: string): Promise<void> {
  const pool = pools.get(name)
  pools.delete(name)
  inUse.delete(name)
  await pool?.removeVfs()
}

/** The name of the pool database's WAL file. */
const POOL_WAL = `${POOL_DATABASE}-wal`

/** True when the pool holds a `-wal` file for its database (open in WAL mode, or not checkpointed). */
export function hasWal(pool: SAHPoolUtil): boolean {
  return pool.getFileNames().includes(POOL_WAL)
}

/** `bytes` (a whole database) with its header's WAL flag set (bytes 18 and 19 = 2): Node's form. */
export function withWalFlag(bytes: Uint8Array): Uint8Array {
  if (bytes.length >= 100) {
    bytes[18] = 2
    bytes[19] = 2
  }
  return bytes
}

/**
 * The pool's database file as a `.wiretuner` file on disk, with its header's WAL flag set (see
 * {@link withWalFlag}). Only what is checkpointed into the file: see {@link hasWal}.
 */
export function exportedBytes(pool: SAHPoolUtil): Uint8Array {
  return withWalFlag(pool.exportFile(POOL_DATABASE))
}
