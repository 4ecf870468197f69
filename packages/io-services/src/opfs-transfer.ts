/**
 * Moving `.wiretuner` files into and out of OPFS, listing and deleting them (browser, in a
 * Worker). An import takes the bytes of a file from disk (a file picker, a drop, a download):
 * they are identified first (the same typed errors as opening the file on Node), then stored
 * (the `opfs-sahpool` VFS clears the header's WAL flag on import; the first read-write open
 * switches the file back to WAL), then opened once to prove SQLite accepts them. The file
 * must be checkpointed (closed by its writer): the bytes of a `.wiretuner` file do not include
 * its `-wal`. An export gives the bytes back with every commit in them (a `-wal` left by a Worker
 * that never closed the file is read through SQLite) and the WAL flag set, as Node writes files.
 */
import { StorageError } from './errors.js'
import { type HeaderIdentity, probeDatabaseBytes } from './header-probe.js'
import { openOpfsFile } from './opfs-file.js'
import {
  acquireExistingPool,
  acquirePool,
  checkName,
  exportedBytes,
  hasWal,
  listPoolNames,
  noSuchFile,
  POOL_DATABASE,
  poolExists,
  releasePool,
  removePool,
} from './opfs-pools.js'

/** Result of {@link importOpfsFile}. */
export interface OpfsImportResult {
  readonly name: string
  readonly bytes: number
  /** The imported file's format version (an older one migrates on the first read-write open). */
  readonly formatVersion: number
}

function describe(identity: HeaderIdentity, name: string, bytes: number): OpfsImportResult {
  return { name, bytes, formatVersion: identity.userVersion }
}

/**
 * Stores `bytes` (a whole `.wiretuner` file) in OPFS as `name`. Refuses, storing nothing:
 * `invalid-argument` (bad name, or `name` already exists: delete it first), `empty-file`,
 * `not-sqlite`, `corrupt` (truncated or unreadable), `not-wiretuner`, `newer-format`,
 * `opened-elsewhere`, `io` (e.g. the storage quota).
 */
export async function importOpfsFile(name: string, bytes: Uint8Array): Promise<OpfsImportResult> {
  const operation = 'importOpfsFile'
  checkName(operation, name)
  const identity = probeDatabaseBytes(name, bytes)
  if (bytes.length % 512 !== 0) {
    throw new StorageError(
      'corrupt',
      `${name}: ${bytes.length} bytes is not a whole number of database pages`,
    )
  }
  if (await poolExists(name)) {
    throw new StorageError(
      'invalid-argument',
      `${operation}: ${name} already exists in OPFS; delete it first`,
    )
  }
  const pool = await acquirePool(operation, name)
  try {
    pool.importDb(POOL_DATABASE, bytes)
  } catch (error) {
    await removePool(name).catch(() => {})
    throw new StorageError('io', `${operation}: cannot store ${name} in OPFS (${String(error)})`, {
      cause: error,
    })
  }
  releasePool(name)
  try {
    // SQLite reads it: the header and schema are sound (full checks: OpfsFile.validate)
    ;(await openOpfsFile(name, { readOnly: true })).close()
  } catch (error) {
    await deleteOpfsFile(name).catch(() => {})
    throw error
  }
  return describe(identity, name, bytes.length)
}

/**
 * The bytes of the OPFS file `name` as a `.wiretuner` file for disk (WAL flag set: Node's
 * form). The file must not be open (in this Worker use `OpfsFile.export()`; elsewhere:
 * `opened-elsewhere`); `not-found` when there is no such file.
 */
export async function exportOpfsFile(name: string): Promise<Uint8Array> {
  const operation = 'exportOpfsFile'
  const pool = await acquireExistingPool(operation, name)
  try {
    if (!pool.getFileNames().includes(POOL_DATABASE)) throw noSuchFile(name)
    if (!hasWal(pool)) return exportedBytes(pool)
  } finally {
    releasePool(name)
  }
  // a Worker ended without closing the file: its last commits are in the -wal (SQLite reads them)
  const file = await openOpfsFile(name, { readOnly: true })
  try {
    return file.export()
  } finally {
    file.close()
  }
}

/** The names of the `.wiretuner` files in this origin's OPFS, sorted. */
export async function listOpfsFiles(): Promise<string[]> {
  return (await listPoolNames()).sort()
}

/**
 * Deletes the OPFS file `name` (its whole pool). `not-found` when absent; `opened-elsewhere`
 * when it is open (close it first).
 */
export async function deleteOpfsFile(name: string): Promise<void> {
  const operation = 'deleteOpfsFile'
  await acquireExistingPool(operation, name)
  await removePool(name)
}
