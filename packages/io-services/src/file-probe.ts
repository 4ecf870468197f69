/**
 * Identifies a file before anything writes to it: is it SQLite, is it a .wiretuner file, which
 * format version, is it truncated. Reads the 100-byte SQLite header directly when the file has
 * no pending write-ahead log (then the header is authoritative; header-probe.ts checks it, as the
 * browser's import does); otherwise asks SQLite through a read-only connection. Either way
 * nothing on disk changes.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import type Database from 'better-sqlite3'
import { StorageError } from './errors.js'
import {
  checkSqliteHeader,
  checkWireTunerIdentity,
  headerIdentity,
  SQLITE_HEADER_BYTES,
} from './header-probe.js'
import { openReadOnly } from './sqlite-driver.js'
import { sqliteOpenError } from './sqlite-errors.js'

/** What a probe learned about an existing file. */
export interface FileIdentity {
  readonly applicationId: number
  readonly userVersion: number
  /** True when the identity came from a read-only SQLite connection (a write-ahead log is pending). */
  readonly viaSqlite: boolean
}

/**
 * The size of `path` in bytes, `undefined` when it cannot be seen (absent, or a stat that fails:
 * what `existsSync` treats as absent), in one stat.
 */
function fileSize(path: string): number | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false })?.size
  } catch {
    return undefined
  }
}

function readHeader(path: string): Uint8Array {
  const fd = openSync(path, 'r')
  try {
    const buf = new Uint8Array(SQLITE_HEADER_BYTES)
    const n = readSync(fd, buf, 0, SQLITE_HEADER_BYTES, 0)
    return buf.subarray(0, n)
  } finally {
    closeSync(fd)
  }
}

/**
 * Checks an existing file's identity and throws the matching {@link StorageError}:
 * `not-found`, `empty-file`, `not-sqlite`, `corrupt` (truncated), `not-wiretuner`, `newer-format`.
 * Returns the identity of an acceptable file (format version may be older: it will migrate).
 */
export function probeWireTunerFile(path: string): FileIdentity {
  const size = fileSize(path)
  if (size === undefined) throw new StorageError('not-found', `${path}: no such file`)
  const walSize = fileSize(`${path}-wal`) ?? 0
  const view = checkSqliteHeader(path, readHeader(path), size + walSize)
  let identity: FileIdentity
  if (walSize === 0) {
    identity = { ...headerIdentity(path, view, size), viaSqlite: false }
  } else {
    let db: Database.Database | undefined
    try {
      db = openReadOnly(path)
      identity = {
        applicationId: (db.pragma('application_id', { simple: true }) as number) >>> 0,
        userVersion: db.pragma('user_version', { simple: true }) as number,
        viaSqlite: true,
      }
    } catch (error) {
      throw sqliteOpenError(path, error)
    } finally {
      db?.close()
    }
  }
  checkWireTunerIdentity(path, identity)
  return identity
}
