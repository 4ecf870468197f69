/**
 * `validateFile(path)` (Node): identifies a file on disk, opens it read-only with better-sqlite3
 * and runs `validateConnection` on it, with the file facts read from the file system.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import type Database from 'better-sqlite3'
import { StorageError } from './errors.js'
import { probeWireTunerFile } from './file-probe.js'
import { openReadOnly } from './sqlite-driver.js'
import { sqliteOpenError } from './sqlite-errors.js'
import { type ValidateOptions, type ValidationReport, validateConnection } from './validate-connection.js'
import type { StoredFileFacts } from './validation-context.js'

/** The journal mode a file's header records (bytes 18 and 19: 2 is WAL). */
function headerJournalMode(path: string): string {
  const header = new Uint8Array(20)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, header, 0, 20, 0)
  } finally {
    closeSync(fd)
  }
  return header[18] === 2 && header[19] === 2 ? 'wal' : 'a rollback journal (header bytes 18, 19 not 2)'
}

/** Size of a file, 0 when unreadable. */
function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/**
 * What the file system says about the file behind `db`: its size plus its WAL's, and, when `db`
 * reads an in-memory copy of it (read-only media, see openReadOnly), the journal mode its header records.
 */
export function nodeFileFacts(db: Database.Database, path: string): StoredFileFacts {
  if (path === ':memory:') return { bytes: 0 }
  const bytes = sizeOf(path) + sizeOf(`${path}-wal`)
  return db.memory ? { bytes, journalMode: headerJournalMode(path) } : { bytes }
}

/**
 * Validates a .wiretuner file without modifying it: identifies it first (typed errors for
 * files that are not WireTuner files), then opens it read-only and runs every check.
 */
export function validateFile(path: string, options: ValidateOptions = {}): ValidationReport {
  probeWireTunerFile(path)
  let db: Database.Database
  try {
    db = openReadOnly(path)
  } catch (error) {
    throw sqliteOpenError(path, error)
  }
  try {
    db.pragma('foreign_keys = ON')
    return validateConnection(db, path, options, nodeFileFacts(db, path))
  } catch (error) {
    if (error instanceof StorageError) throw error
    throw sqliteOpenError(path, error)
  } finally {
    db.close()
  }
}
