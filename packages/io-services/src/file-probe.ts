/**
 * Identifies a file before anything writes to it: is it SQLite, is it a .wiretuner file, which
 * format version, is it truncated. Reads the 100-byte SQLite header directly when the file has
 * no pending write-ahead log (then the header is authoritative; header-probe.ts checks it, as the
 * browser's import does); otherwise asks SQLite through a read-only connection. Either way
 * nothing on disk changes.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs'
import type Database from 'better-sqlite3'
import { StorageError } from './errors.js'
import {
  checkSqliteHeader,
  checkWireTunerIdentity,
  declaredBytes,
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

/** Whether `fd` has a byte at `offset` (i.e. the file is longer than `offset`). */
function hasByteAt(fd: number, offset: number): boolean {
  return readSync(fd, new Uint8Array(1), 0, 1, offset) === 1
}

/**
 * Whether the write-ahead log beside `path` holds any byte. Read, not stat'ed: the first `statSync`
 * of a process costs ~0.18 ms (Node building its `Stats`), an existence check and a one-byte read
 * ~0.03 ms. Where the log cannot be opened or read, its size decides, as before.
 */
function walHasBytes(path: string): boolean {
  const wal = `${path}-wal`
  if (!existsSync(wal)) return false
  let fd: number | undefined
  try {
    fd = openSync(wal, 'r')
    return hasByteAt(fd, 0)
  } catch {
    return (fileSize(wal) ?? 0) > 0
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/**
 * The probe's reads of the main file: its header and whether it is at least `declared` bytes
 * long, without a `statSync` (see {@link walHasBytes}).
 */
interface MainFile {
  /** The first {@link SQLITE_HEADER_BYTES} bytes (fewer in a shorter file). */
  readonly header: Uint8Array
  /** The file's size, or `atLeast` when the file has a byte at `atLeast - 1`. */
  size(atLeast: number): number
}

/**
 * Opens `path`, reads its header and answers {@link MainFile.size} before closing it. Throws
 * `not-found` where a stat would not see the file (as `existsSync`), the open's own error
 * otherwise.
 */
function readMainFile<T>(path: string, use: (file: MainFile) => T): T {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if (fileSize(path) === undefined) throw new StorageError('not-found', `${path}: no such file`)
    throw error
  }
  try {
    const buf = new Uint8Array(SQLITE_HEADER_BYTES)
    const n = readSync(fd, buf, 0, SQLITE_HEADER_BYTES, 0)
    return use({
      header: buf.subarray(0, n),
      size: (atLeast) =>
        atLeast <= n || (atLeast > 0 && hasByteAt(fd, atLeast - 1))
          ? Math.max(atLeast, n)
          : fstatSync(fd).size,
    })
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
  const walBytes = walHasBytes(path)
  const headerIdentityOf = readMainFile(path, (file) => {
    // `empty-file` needs the main file and its log both empty (a byte count of 1 is enough)
    const view = checkSqliteHeader(path, file.header, file.header.length + (walBytes ? 1 : 0))
    // the header is authoritative only without a pending log; truncation is checked against the
    // size the header declares (a lower bound is enough: the check only compares against it)
    return walBytes ? undefined : headerIdentity(path, view, file.size(declaredBytes(view)))
  })
  let identity: FileIdentity
  if (headerIdentityOf !== undefined) {
    identity = { ...headerIdentityOf, viaSqlite: false }
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
