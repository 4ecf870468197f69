/**
 * Validation of an open connection (`validateConnection`, driver-neutral; the Node entry's
 * `validateFile(path)` opens the file and calls it): every item of the seed's Validation Checklist, plus SQLite's integrity and
 * foreign-key checks, sequence gap/duplicate detection, per-event validation and EXPLAIN QUERY
 * PLAN proof that the seed's replay and latest-snapshot queries use their indexes. Returns a
 * structured report; never throws for a damaged file it could open.
 */

import type { SnapshotCodec } from './gzip-codecs.js'
import { FORMAT_VERSION } from './schema.js'
import type { SqliteConnection } from './sqlite-connection.js'
import { NO_ROWS, type RenderCacheFigures } from './validate-render-caches.js'
import {
  type StoredFileFacts,
  type ValidationContext,
  type ValidationStep,
  validationContext,
} from './validation-context.js'
import {
  countCacheCheck,
  documentIdCheck,
  eventIdIndexCheck,
  eventIdUniqueCheck,
  foreignKeyCheck,
  gapFreeCheck,
  integrityCheck,
  payloadCheck,
  sequenceUniqueCheck,
  timestampCheck,
  typeKnownCheck,
} from './validation-event-checks.js'
import {
  foreignKeysCheck,
  formatCurrentCheck,
  historyIndexCheck,
  identityCheck,
  renderCachesCheck,
  replayIndexCheck,
  snapshotIndexCheck,
  walCheck,
} from './validation-file-checks.js'
import { cadenceAndTailCheck, snapshotBlobsCheck } from './validation-snapshot-checks.js'

export { cadenceFindings } from './validation-snapshot-checks.js'

/**
 * Outcome of one check. `warn` = suspicious but not wrong (e.g. snapshot cadence, an older
 * format); `skip` = does not apply to this file's format (its one finding says why).
 */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip'

/** One check of the report. */
export interface ValidationCheck {
  /** Stable identifier, e.g. `events.sequence-gap-free`. */
  readonly id: string
  /** What is checked, in words (the checklist item). */
  readonly description: string
  readonly status: CheckStatus
  /** Findings: one line each (at most 50; `truncated` says how many more). */
  readonly findings: readonly string[]
  readonly truncated: number
}

/** Per-document facts gathered while validating. */
export interface DocumentSummary {
  readonly documentId: string
  readonly eventCount: number
  readonly snapshotCount: number
  /** Entries of the history index (a derived cache; 0 when absent). */
  readonly historyEntries: number
  /** Rows of the render caches, by freshness (see validate-render-caches.ts; zeros when absent). */
  readonly renderCacheRows: RenderCacheFigures
}

/** The structured result of {@link validateFile}. */
export interface ValidationReport {
  readonly path: string
  /** True when no check failed (warnings and skipped checks allowed). */
  readonly ok: boolean
  readonly formatVersion: number
  /** True when {@link formatVersion} is older than the current format (readable; not damage). */
  readonly olderFormat: boolean
  readonly documents: readonly DocumentSummary[]
  readonly checks: readonly ValidationCheck[]
}

/** Options of {@link validateFile}. */
export interface ValidateOptions {
  /** Snapshot cadence the seed prescribes (default 1000 events) and its tolerance (default 50). */
  readonly snapshotInterval?: number
  readonly snapshotTolerance?: number
  /** "Reasonable" stored snapshot size (default 10 MB, the seed's guidance): larger is a warning. */
  readonly snapshotWarnBytes?: number
  /** Hard limit on a snapshot's uncompressed size (default 256 MiB). */
  readonly maxSnapshotBytes?: number
  /** The gzip implementation used to check snapshots (default: native zlib on Node, else pako). */
  readonly snapshotCodec?: SnapshotCodec
  /**
   * How a document that does not start with a `CreateDocumentEvent` at 0 (or has no events: an
   * interrupted creation) is reported: `fail` for files of the editor (the CLI's `validate`),
   * `warn`, or not checked (`off`, the default: the storage also keeps logs of other shapes).
   */
  readonly documentStart?: 'fail' | 'warn' | 'off'
}

/**
 * Every check of {@link validateFile}, in report order. A step records the checks it names (see
 * {@link ValidationStep}); later steps read the facts earlier ones gathered (documents, counts,
 * snapshot positions), so the order matters.
 */
export const VALIDATION_STEPS: readonly ValidationStep[] = [
  identityCheck,
  formatCurrentCheck,
  integrityCheck,
  foreignKeyCheck,
  // the seed's required-field checks
  documentIdCheck,
  sequenceUniqueCheck,
  gapFreeCheck,
  typeKnownCheck,
  timestampCheck,
  payloadCheck,
  eventIdUniqueCheck,
  eventIdIndexCheck,
  countCacheCheck,
  // the seed's snapshot checks
  snapshotBlobsCheck,
  cadenceAndTailCheck,
  // the seed's index checks: existence, shape, and use by the seed's queries
  replayIndexCheck,
  snapshotIndexCheck,
  foreignKeysCheck,
  walCheck,
  historyIndexCheck,
  renderCachesCheck,
]

/** The report of a context whose steps have run. */
function toReport({ path, formatVersion, report, facts }: ValidationContext): ValidationReport {
  const documents = facts.documentIds.map((documentId) => ({
    documentId,
    eventCount: facts.eventCounts.get(documentId) ?? 0,
    snapshotCount: facts.snapshotSequences.get(documentId)?.length ?? 0,
    historyEntries: facts.historyFigures.get(documentId)?.entries ?? 0,
    renderCacheRows: facts.renderCacheFigures.get(documentId) ?? NO_ROWS,
  }))
  return {
    path,
    ok: report.list.every((c) => c.status !== 'fail'),
    formatVersion,
    olderFormat: formatVersion < FORMAT_VERSION,
    documents,
    checks: report.list,
  }
}

/**
 * Runs every check of {@link VALIDATION_STEPS} on an open connection (read-only use only). Never
 * throws for damage: a step that throws (a page SQLite cannot read) fails its checks with the reason.
 * `file` says what SQL cannot (the file's size, its recorded journal mode); by default the
 * connection's own figures are used.
 */
export function validateConnection(
  db: SqliteConnection,
  path: string,
  options: ValidateOptions = {},
  file?: StoredFileFacts,
): ValidationReport {
  const context = validationContext(db, path, options, file)
  for (const step of VALIDATION_STEPS)
    context.report.guard(step.checks(context.settings), () => step.run(context))
  return toReport(context)
}
