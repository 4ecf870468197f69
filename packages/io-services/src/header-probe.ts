/**
 * Identifies a database from its first 100 bytes and its size, with no driver and no file
 * system: SQLite magic, truncation against the declared page count, WireTuner's application id
 * and format version. The Node probe (file-probe.ts) reads the header from disk; the browser
 * storage checks bytes before importing them into OPFS. Both throw the same typed errors.
 */
import { StorageError } from './errors.js'
import { FORMAT_VERSION, WIRETUNER_APPLICATION_ID } from './schema.js'

const SQLITE_MAGIC = 'SQLite format 3\u0000'

/** Bytes of the SQLite database header. */
export const SQLITE_HEADER_BYTES = 100

/** Identity fields of a database header. */
export interface HeaderIdentity {
  readonly applicationId: number
  readonly userVersion: number
}

/**
 * Checks `header` (the file's first bytes) is an SQLite header: `empty-file` when `size` is 0,
 * `not-sqlite` when the magic is missing.
 */
export function checkSqliteHeader(where: string, header: Uint8Array, size: number): DataView {
  if (size === 0) {
    throw new StorageError('empty-file', `${where}: the file is empty (0 bytes), not a .wiretuner file`)
  }
  const magic = new TextDecoder('latin1').decode(header.subarray(0, 16))
  if (header.length < SQLITE_HEADER_BYTES || magic !== SQLITE_MAGIC) {
    throw new StorageError(
      'not-sqlite',
      `${where}: not an SQLite database (the first 16 bytes are not "SQLite format 3")`,
    )
  }
  return new DataView(header.buffer, header.byteOffset, SQLITE_HEADER_BYTES)
}

/**
 * The identity recorded in a header that is authoritative (no pending write-ahead log); throws
 * `corrupt` when the file is shorter than the pages the header declares.
 */
export function headerIdentity(where: string, view: DataView, size: number): HeaderIdentity {
  const rawPageSize = view.getUint16(16)
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
  const pageCount = view.getUint32(28)
  const countValid = view.getUint32(92) === view.getUint32(24)
  if (countValid && pageCount > 0 && size < pageCount * pageSize) {
    throw new StorageError(
      'corrupt',
      `${where}: truncated: the header declares ${pageCount} pages of ${pageSize} bytes (${pageCount * pageSize} bytes), the file has ${size}`,
    )
  }
  return { applicationId: view.getInt32(68) >>> 0, userVersion: view.getInt32(60) }
}

/** Throws `not-wiretuner` / `newer-format` unless `identity` is a readable WireTuner file. */
export function checkWireTunerIdentity(where: string, identity: HeaderIdentity): void {
  if (identity.applicationId !== WIRETUNER_APPLICATION_ID) {
    throw new StorageError(
      'not-wiretuner',
      `${where}: an SQLite database of another application (application_id 0x${identity.applicationId.toString(16)}, expected 0x${WIRETUNER_APPLICATION_ID.toString(16)})`,
      { details: { applicationId: identity.applicationId } },
    )
  }
  if (identity.userVersion > FORMAT_VERSION) {
    throw new StorageError(
      'newer-format',
      `${where}: written by a newer WireTuner format (version ${identity.userVersion}; this code reads up to ${FORMAT_VERSION})`,
      { details: { formatVersion: identity.userVersion, supported: FORMAT_VERSION } },
    )
  }
}

/** All three checks on a whole file's bytes (the browser's import). */
export function probeDatabaseBytes(where: string, bytes: Uint8Array): HeaderIdentity {
  const view = checkSqliteHeader(where, bytes.subarray(0, SQLITE_HEADER_BYTES), bytes.length)
  const identity = headerIdentity(where, view, bytes.length)
  checkWireTunerIdentity(where, identity)
  return identity
}
