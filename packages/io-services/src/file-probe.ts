/**
 * Identifies a file before anything writes to it: is it SQLite, is it a .wiretuner file, which
 * format version, is it truncated. Reads the 100-byte SQLite header directly when the file has
 * no pending write-ahead log (then the header is authoritative); otherwise asks SQLite through a
 * read-only connection. Either way nothing on disk changes.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import type Database from 'better-sqlite3'
import { StorageError } from './errors.js'
import { FORMAT_VERSION, WIRETUNER_APPLICATION_ID } from './schema.js'
import { openReadOnly } from './sqlite-driver.js'
import { sqliteOpenError } from './sqlite-errors.js'

const SQLITE_MAGIC = 'SQLite format 3\u0000'
const HEADER_BYTES = 100

/** What a probe learned about an existing file. */
export interface FileIdentity {
  readonly applicationId: number
  readonly userVersion: number
  /** True when the identity came from a read-only SQLite connection (a write-ahead log is pending). */
  readonly viaSqlite: boolean
}

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0
}

function readHeader(path: string): Uint8Array {
  const fd = openSync(path, 'r')
  try {
    const buf = new Uint8Array(HEADER_BYTES)
    const n = readSync(fd, buf, 0, HEADER_BYTES, 0)
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
  if (!existsSync(path)) throw new StorageError('not-found', `${path}: no such file`)
  const size = statSync(path).size
  const walSize = fileSize(`${path}-wal`)
  if (size === 0 && walSize === 0) {
    throw new StorageError('empty-file', `${path}: the file is empty (0 bytes), not a .wiretuner file`)
  }
  const header = readHeader(path)
  const magic = new TextDecoder('latin1').decode(header.subarray(0, 16))
  if (header.length < HEADER_BYTES || magic !== SQLITE_MAGIC) {
    throw new StorageError(
      'not-sqlite',
      `${path}: not an SQLite database (the first 16 bytes are not "SQLite format 3")`,
    )
  }
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength)
  let identity: FileIdentity
  if (walSize === 0) {
    const rawPageSize = view.getUint16(16)
    const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
    const pageCount = view.getUint32(28)
    const countValid = view.getUint32(92) === view.getUint32(24)
    if (countValid && pageCount > 0 && size < pageCount * pageSize) {
      throw new StorageError(
        'corrupt',
        `${path}: truncated: the header declares ${pageCount} pages of ${pageSize} bytes (${pageCount * pageSize} bytes), the file has ${size}`,
      )
    }
    identity = { applicationId: view.getInt32(68) >>> 0, userVersion: view.getInt32(60), viaSqlite: false }
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
  if (identity.applicationId !== WIRETUNER_APPLICATION_ID) {
    throw new StorageError(
      'not-wiretuner',
      `${path}: an SQLite database of another application (application_id 0x${identity.applicationId.toString(16)}, expected 0x${WIRETUNER_APPLICATION_ID.toString(16)})`,
      { details: { applicationId: identity.applicationId } },
    )
  }
  if (identity.userVersion > FORMAT_VERSION) {
    throw new StorageError(
      'newer-format',
      `${path}: written by a newer WireTuner format (version ${identity.userVersion}; this code reads up to ${FORMAT_VERSION})`,
      { details: { formatVersion: identity.userVersion, supported: FORMAT_VERSION } },
    )
  }
  return identity
}
