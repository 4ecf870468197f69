/**
 * What `validateFile`'s checks share: the settings resolved from {@link ValidateOptions}, the
 * connection, the report being recorded ({@link CheckRecorder}) and the facts one check gathers
 * for later ones (documents, event counts, snapshot positions, history index figures). A check is
 * a {@link ValidationStep}: the checks it records, named, and a function reading this context.
 */

import type { SnapshotCodec } from './gzip-codecs.js'
import { DEFAULT_MAX_SNAPSHOT_BYTES } from './snapshot-codec.js'
import type { SqliteConnection } from './sqlite-connection.js'
import type { CheckStatus, ValidateOptions, ValidationCheck } from './validate-connection.js'
import type { HistoryIndexFigures } from './validate-history-index.js'
import type { RenderCacheFigures } from './validate-render-caches.js'

/** A check of the report: its stable id and what it checks, in words. */
export type CheckName = readonly [id: string, description: string]

/** {@link ValidateOptions} with their defaults applied. */
export interface ValidationSettings {
  readonly interval: number
  readonly tolerance: number
  readonly warnBytes: number
  readonly maxBytes: number
  readonly codec: SnapshotCodec | undefined
  readonly documentStart: 'fail' | 'warn' | 'off'
}

/** Facts a check gathers for later ones (filled in table order). */
export interface ValidationFacts {
  /** Documents of `metadata`, in creation order. */
  documentIds: readonly string[]
  /** Events stored per document (rows that decode, valid or not). */
  readonly eventCounts: Map<string, number>
  /** Snapshot sequences per document, ascending. */
  readonly snapshotSequences: Map<string, number[]>
  historyFigures: ReadonlyMap<string, HistoryIndexFigures>
  renderCacheFigures: ReadonlyMap<string, RenderCacheFigures>
}

/**
 * What the validator learns about the stored file from outside SQL (the Node entry reads it from
 * the file system; without it, see {@link connectionFileFacts}).
 */
export interface StoredFileFacts {
  /** Bytes of the database file plus its write-ahead log (0 for `:memory:`). */
  readonly bytes: number
  /**
   * The journal mode the file records, when the connection cannot tell (it reads an in-memory
   * copy of the file: see the Node driver's read-only fallback); `undefined`: ask the connection.
   */
  readonly journalMode?: string | undefined
}

/** What every check reads. */
export interface ValidationContext {
  readonly db: SqliteConnection
  readonly path: string
  readonly file: StoredFileFacts
  /** `PRAGMA user_version`. */
  readonly formatVersion: number
  /** `PRAGMA application_id`, unsigned. */
  readonly applicationId: number
  readonly settings: ValidationSettings
  readonly report: CheckRecorder
  readonly facts: ValidationFacts
}

/** One row of the table of checks: the checks it records, in order, and how. */
export interface ValidationStep {
  /** The checks `run` records (given the settings); each one it did not record fails if it throws. */
  readonly checks: (settings: ValidationSettings) => readonly CheckName[]
  /** Runs the checks on `context.db`, recording them on `context.report`. */
  readonly run: (context: ValidationContext) => void
}

/** Most findings kept per check (`truncated` counts the rest). */
const MAX_FINDINGS = 50
/** Longest finding kept: stored values (a 50 MB event_type) are echoed cut to this. */
const MAX_FINDING_CHARS = 300

function clip(finding: string): string {
  return finding.length <= MAX_FINDING_CHARS
    ? finding
    : `${finding.slice(0, MAX_FINDING_CHARS)}… (${finding.length - MAX_FINDING_CHARS} more characters)`
}

/** The checks of a report, in the order they are recorded. */
export class CheckRecorder {
  readonly list: ValidationCheck[] = []

  /** Records `check`: `pass` without findings, else `failing` (default `fail`). */
  add(check: CheckName, findings: readonly string[], failing: CheckStatus = 'fail'): void {
    this.list.push({
      id: check[0],
      description: check[1],
      status: findings.length === 0 ? 'pass' : failing,
      findings: findings.slice(0, MAX_FINDINGS).map(clip),
      truncated: Math.max(0, findings.length - MAX_FINDINGS),
    })
  }

  /** Records a check that does not apply to this file's format, with the reason. */
  skip(check: CheckName, reason: string): void {
    this.list.push({
      id: check[0],
      description: check[1],
      status: 'skip',
      findings: [clip(reason)],
      truncated: 0,
    })
  }

  /**
   * Runs `fn`, which adds the checks named in `checks`; if it throws (a damaged page SQLite cannot
   * read), every one of them it did not add is recorded as failed with the reason.
   */
  guard(checks: readonly CheckName[], fn: () => void): void {
    try {
      fn()
    } catch (error) {
      const reason = `could not be completed: ${error instanceof Error ? error.message : String(error)}`
      for (const check of checks) {
        if (!this.list.some((c) => c.id === check[0])) this.add(check, [reason])
      }
    }
  }
}

/** {@link ValidateOptions} with their defaults applied. */
export function validationSettings(options: ValidateOptions): ValidationSettings {
  return {
    interval: options.snapshotInterval ?? 1000,
    tolerance: options.snapshotTolerance ?? 50,
    warnBytes: options.snapshotWarnBytes ?? 10 * 1000 * 1000,
    maxBytes: options.maxSnapshotBytes ?? DEFAULT_MAX_SNAPSHOT_BYTES,
    codec: options.snapshotCodec,
    documentStart: options.documentStart ?? 'off',
  }
}

/**
 * The file facts a connection alone tells: the database's pages (`page_count × page_size`; a
 * pending write-ahead log is not counted) and no recorded journal mode.
 */
export function connectionFileFacts(db: SqliteConnection, path: string): StoredFileFacts {
  if (path === ':memory:') return { bytes: 0 }
  const pages = db.pragma('page_count', { simple: true }) as number
  const pageSize = db.pragma('page_size', { simple: true }) as number
  return { bytes: pages * pageSize }
}

/** A fresh context for validating `db` (reads the two header pragmas). */
export function validationContext(
  db: SqliteConnection,
  path: string,
  options: ValidateOptions,
  file: StoredFileFacts = connectionFileFacts(db, path),
): ValidationContext {
  return {
    db,
    path,
    file,
    formatVersion: db.pragma('user_version', { simple: true }) as number,
    applicationId: (db.pragma('application_id', { simple: true }) as number) >>> 0,
    settings: validationSettings(options),
    report: new CheckRecorder(),
    facts: {
      documentIds: [],
      eventCounts: new Map(),
      snapshotSequences: new Map(),
      historyFigures: new Map(),
      renderCacheFigures: new Map(),
    },
  }
}

/** All rows of `query`, typed by the caller (validation reads files others may have written). */
export function rows<T>(db: SqliteConnection, query: string, ...params: unknown[]): T[] {
  return db.prepare(query).all(...params) as T[]
}

/** A step recording the one check `name`. */
export function singleCheck(name: CheckName, run: (context: ValidationContext) => void): ValidationStep {
  return { checks: () => [name], run }
}
