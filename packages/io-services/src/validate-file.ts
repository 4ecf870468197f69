/**
 * `validateFile`: every item of the seed's Validation Checklist, plus SQLite's integrity and
 * foreign-key checks, sequence gap/duplicate detection, per-event validation and EXPLAIN QUERY
 * PLAN proof that the seed's replay and latest-snapshot queries use their indexes. Returns a
 * structured report; never throws for a damaged file it could open.
 */

import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { EVENT_TYPES, isUuidV4 } from '@wiretuner/event-schema'
import type Database from 'better-sqlite3'
import { StorageError } from './errors.js'
import { probeWireTunerFile, sqliteOpenError } from './file-probe.js'
import type { SnapshotCodec } from './gzip-codecs.js'
import { isLegacySnapshotFrame } from './legacy-snapshots.js'
import { decodeRows, type StoredRow } from './log-decoding.js'
import { SEED_LATEST_SNAPSHOT_QUERY, SEED_REPLAY_QUERY } from './queries.js'
import {
  FORMAT_VERSION,
  FORMAT_WITH_EVENT_COUNTS,
  FORMAT_WITH_EVENT_ID_INDEX,
  FORMAT_WITH_SEED_SNAPSHOTS,
  INDEX_EVENTS_DOCUMENT_SEQUENCE,
  INDEX_EVENTS_EVENT_ID,
  INDEX_SNAPSHOTS_DOCUMENT,
  MIN_READABLE_FORMAT_VERSION,
  TRIGGER_EVENT_COUNTS_DELETE,
  TRIGGER_EVENT_COUNTS_UPDATE,
  WIRETUNER_APPLICATION_ID,
} from './schema.js'
import { DEFAULT_MAX_SNAPSHOT_BYTES, decodeSnapshot, gzipDeclaredSize } from './snapshot-codec.js'
import { openReadOnly } from './sqlite-driver.js'
import { checkHistoryIndex, type HistoryIndexFigures } from './validate-history-index.js'

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

const MAX_FINDINGS = 50
const HISTORY_CHECK_ID = 'history-index'

/** Size of the database file plus its WAL (0 when unreadable). */
function fileSize(path: string): number {
  const size = (p: string): number => {
    try {
      return statSync(p).size
    } catch {
      return 0
    }
  }
  return size(path) + size(`${path}-wal`)
}

/** Longest finding kept: stored values (a 50 MB event_type) are echoed cut to this. */
const MAX_FINDING_CHARS = 300

function clip(finding: string): string {
  return finding.length <= MAX_FINDING_CHARS
    ? finding
    : `${finding.slice(0, MAX_FINDING_CHARS)}… (${finding.length - MAX_FINDING_CHARS} more characters)`
}

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

class Checks {
  readonly list: ValidationCheck[] = []

  add(id: string, description: string, findings: readonly string[], failing: CheckStatus = 'fail'): void {
    this.list.push({
      id,
      description,
      status: findings.length === 0 ? 'pass' : failing,
      findings: findings.slice(0, MAX_FINDINGS).map(clip),
      truncated: Math.max(0, findings.length - MAX_FINDINGS),
    })
  }

  /** Records a check that does not apply to this file's format, with the reason. */
  skip(id: string, description: string, reason: string): void {
    this.list.push({ id, description, status: 'skip', findings: [clip(reason)], truncated: 0 })
  }

  /**
   * Runs `fn`, which adds the checks named in `ids`; if it throws (a damaged page SQLite cannot
   * read), every one of them it did not add is recorded as failed with the reason.
   */
  guard(ids: readonly (readonly [string, string])[], fn: () => void): void {
    try {
      fn()
    } catch (error) {
      const reason = `could not be completed: ${error instanceof Error ? error.message : String(error)}`
      for (const [id, description] of ids) {
        if (!this.list.some((c) => c.id === id)) this.add(id, description, [reason])
      }
    }
  }
}

function planOf(db: Database.Database, query: string, params: readonly unknown[]): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as { detail: string }[]).map(
    (r) => r.detail,
  )
}

function indexColumns(db: Database.Database, index: string): string[] {
  return (
    db.pragma(`index_xinfo(${JSON.stringify(index)})`) as { name: string | null; desc: number; key: number }[]
  )
    .filter((c) => c.key === 1 && c.name !== null)
    .map((c) => `${c.name}${c.desc ? ' DESC' : ''}`)
}

function indexCheck(
  db: Database.Database,
  checks: Checks,
  index: string,
  table: string,
  expected: string[],
  query: string,
  params: readonly unknown[],
): void {
  const found = db
    .prepare("SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND name = ?")
    .get(index) as { tbl_name: string } | undefined
  const problems: string[] = []
  if (found === undefined) problems.push(`index ${index} does not exist`)
  else {
    if (found.tbl_name !== table)
      problems.push(`index ${index} is on table ${found.tbl_name}, expected ${table}`)
    const cols = indexColumns(db, index)
    if (cols.join(',') !== expected.join(','))
      problems.push(`index ${index} has columns (${cols.join(', ')}), expected (${expected.join(', ')})`)
  }
  checks.add(`index.${index}.exists`, `${index} exists on ${table}(${expected.join(', ')})`, problems)
  const plan = planOf(db, query, params)
  const used = plan.some((d) => d.includes(`INDEX ${index}`))
  checks.add(
    `index.${index}.used`,
    `EXPLAIN QUERY PLAN of "${query}" uses ${index}`,
    used ? [] : [`plan: ${plan.join(' | ')}`],
  )
}

type SnapshotRow = {
  snapshot_id: number
  document_id: string
  event_sequence: number
  compression: string
  snapshot_data: Uint8Array
}

const CHECK = {
  integrity: ['sqlite.integrity-check', 'PRAGMA integrity_check is ok'],
  foreignKeyCheck: ['sqlite.foreign-key-check', 'PRAGMA foreign_key_check finds no orphan rows'],
  documentId: ['events.document-id', 'document_id is a valid lower-case UUIDv4 and exists in metadata'],
  sequenceUnique: ['events.sequence-unique', 'event_sequence is non-negative and unique within its document'],
  gapFree: ['events.sequence-gap-free', 'event_sequence runs 0, 1, 2, ... without gaps in every document'],
  typeKnown: ['events.event-type-known', 'event_type names a type of the event catalog'],
  timestamp: ['events.timestamp-positive', 'timestamp is a positive integer (Unix milliseconds)'],
  firstEvent: [
    'events.first-is-create-document',
    'every document with events starts with a CreateDocumentEvent at sequence 0',
  ],
  payload: [
    'events.payload-valid',
    'every event_payload is a valid event of its row (type, sequence, document)',
  ],
  reference: ['snapshots.event-reference', 'every snapshot event_sequence references a stored event'],
  seedForm: [
    'snapshots.seed-form',
    'no snapshot_data is a legacy WTSS frame (an older format keeps them until its next read-write open)',
  ],
  tail: [
    'snapshots.tail',
    'the events after the newest snapshot are fewer than the snapshot interval (+ tolerance)',
  ],
  decompress: [
    'snapshots.decompress',
    'every snapshot_data decodes (one gzip member: magic, CRC-32, length; or plain bytes for `none`)',
  ],
  foreignKeys: [
    'sqlite.foreign-keys',
    'foreign keys are declared (ON DELETE CASCADE) and enforced (PRAGMA foreign_keys=ON)',
  ],
  wal: ['sqlite.wal', 'WAL mode is enabled (PRAGMA journal_mode=WAL)'],
  formatCurrent: [
    'file.format-current',
    `the file has the current format (${FORMAT_VERSION}); an older one is read as it is and upgraded on the next read-write open`,
  ],
  eventIdUnique: [
    'events.event-id-unique',
    'no eventId is stored twice (across the whole file; format 2 enforces it with idx_events_event_id)',
  ],
  eventIdIndex: [
    `index.${INDEX_EVENTS_EVENT_ID}.exists`,
    `${INDEX_EVENTS_EVENT_ID}, the unique index on the payload's eventId, exists (format 2 and later)`,
  ],
  countCache: [
    'events.count-cache',
    'event_counts and its triggers exist, and every cached count equals the rows stored',
  ],
} as const satisfies Record<string, readonly [string, string]>

/**
 * The seed's cadence ("a snapshot every `interval` events ± `tolerance`") over one document's
 * snapshot sequences (ascending): every snapshot but the newest sits at k × interval − 1
 * (k ≥ 1) ± tolerance, and consecutive snapshots are at most interval + tolerance apart. The
 * newest may be off cadence (a close snapshot) but not further from the one before it.
 */
export function cadenceFindings(
  documentId: string,
  sequences: readonly number[],
  interval: number,
  tolerance: number,
): string[] {
  const findings: string[] = []
  for (let i = 0; i < sequences.length - 1; i++) {
    const s = sequences[i] as number
    const k = Math.max(1, Math.round((s + 1) / interval))
    const expected = k * interval - 1
    if (Math.abs(s - expected) > tolerance) {
      findings.push(
        `document ${documentId}: snapshot at ${s} is off cadence (nearest position ${expected} ± ${tolerance}; only the newest snapshot may be off cadence)`,
      )
    }
  }
  for (let i = 1; i < sequences.length; i++) {
    const gap = (sequences[i] as number) - (sequences[i - 1] as number)
    if (gap > interval + tolerance) {
      findings.push(
        `document ${documentId}: ${gap} events between snapshots at ${sequences[i - 1]} and ${sequences[i]} (at most ${interval} + ${tolerance})`,
      )
    }
  }
  return findings
}

function rows<T>(db: Database.Database, query: string, ...params: unknown[]): T[] {
  return db.prepare(query).all(...params) as T[]
}

/** Runs every check on an open connection (read-only use only). Never throws for damage. */
export function validateConnection(
  db: Database.Database,
  path: string,
  options: ValidateOptions = {},
): ValidationReport {
  const interval = options.snapshotInterval ?? 1000
  const tolerance = options.snapshotTolerance ?? 50
  const warnBytes = options.snapshotWarnBytes ?? 10 * 1000 * 1000
  const maxBytes = options.maxSnapshotBytes ?? DEFAULT_MAX_SNAPSHOT_BYTES
  const checks = new Checks()
  const add = (check: readonly [string, string], findings: readonly string[], failing?: CheckStatus) =>
    checks.add(check[0], check[1], findings, failing)
  const formatVersion = db.pragma('user_version', { simple: true }) as number
  const applicationId = (db.pragma('application_id', { simple: true }) as number) >>> 0
  const olderFormat = formatVersion < FORMAT_VERSION
  checks.add('file.identity', 'application_id is WireTuner and the format version is readable', [
    ...(applicationId === WIRETUNER_APPLICATION_ID ? [] : [`application_id 0x${applicationId.toString(16)}`]),
    ...(formatVersion >= MIN_READABLE_FORMAT_VERSION && formatVersion <= FORMAT_VERSION
      ? []
      : [`format version ${formatVersion}, readable: ${MIN_READABLE_FORMAT_VERSION} to ${FORMAT_VERSION}`]),
  ])
  // An older format is not damage: a warning that says what happens next.
  add(
    CHECK.formatCurrent,
    olderFormat && formatVersion >= MIN_READABLE_FORMAT_VERSION
      ? [
          `format ${formatVersion} (older than the current ${FORMAT_VERSION}; readable as it is, upgraded on the next read-write open)`,
        ]
      : [],
    'warn',
  )

  checks.guard([CHECK.integrity], () => {
    const result = (db.pragma('integrity_check') as { integrity_check: string }[]).map(
      (r) => r.integrity_check,
    )
    add(CHECK.integrity, result.length === 1 && result[0] === 'ok' ? [] : result)
  })
  checks.guard([CHECK.foreignKeyCheck], () => {
    const orphans = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]
    add(
      CHECK.foreignKeyCheck,
      orphans.map((r) => `${r.table} row ${r.rowid} references a missing ${r.parent} row`),
    )
  })

  // The seed's required-field checks.
  let docIds: string[] = []
  checks.guard([CHECK.documentId], () => {
    docIds = rows<{ document_id: string }>(db, 'SELECT document_id FROM metadata ORDER BY rowid').map(
      (r) => r.document_id,
    )
    const known = new Set(docIds)
    const eventDocs = rows<{ document_id: string }>(db, 'SELECT DISTINCT document_id FROM events').map(
      (r) => r.document_id,
    )
    add(CHECK.documentId, [
      ...docIds
        .filter((id) => !isUuidV4(id))
        .map((id) => `metadata document_id ${JSON.stringify(id)} is not a lower-case UUIDv4`),
      ...eventDocs
        .filter((id) => !known.has(id))
        .map((id) => `events reference document ${JSON.stringify(id)}, absent from metadata`),
    ])
  })
  checks.guard([CHECK.sequenceUnique], () => {
    const negatives = rows<{ document_id: string; event_sequence: unknown }>(
      db,
      "SELECT document_id, event_sequence FROM events WHERE event_sequence < 0 OR typeof(event_sequence) <> 'integer'",
    )
    const dups = rows<{ document_id: string; event_sequence: number; n: number }>(
      db,
      'SELECT document_id, event_sequence, count(*) AS n FROM events GROUP BY document_id, event_sequence HAVING n > 1',
    )
    add(CHECK.sequenceUnique, [
      ...negatives.map(
        (r) =>
          `document ${r.document_id}: event_sequence ${String(r.event_sequence)} is not a non-negative integer`,
      ),
      ...dups.map(
        (r) => `document ${r.document_id}: event_sequence ${r.event_sequence} appears ${r.n} times`,
      ),
    ])
  })
  checks.guard([CHECK.gapFree], () => {
    const gaps = rows<{ document_id: string; prev: number; event_sequence: number }>(
      db,
      `SELECT document_id, prev, event_sequence FROM (
         SELECT document_id, event_sequence,
                lag(event_sequence, 1, -1) OVER (PARTITION BY document_id ORDER BY event_sequence) AS prev
         FROM events) WHERE event_sequence > prev + 1`,
    )
    add(
      CHECK.gapFree,
      gaps.map(
        (g) => `document ${g.document_id}: sequences ${g.prev + 1}..${g.event_sequence - 1} are missing`,
      ),
    )
  })
  checks.guard([CHECK.typeKnown], () => {
    const catalog = new Set<string>(EVENT_TYPES)
    const types = rows<{ event_type: string; n: number }>(
      db,
      'SELECT event_type, count(*) AS n FROM events GROUP BY event_type',
    )
    add(
      CHECK.typeKnown,
      types
        .filter((t) => !catalog.has(t.event_type))
        .map((t) => `${t.n} event(s) of unknown type ${JSON.stringify(t.event_type)}`),
    )
  })
  checks.guard([CHECK.timestamp], () => {
    const bad = rows<{ document_id: string; event_sequence: number; timestamp: unknown }>(
      db,
      "SELECT document_id, event_sequence, timestamp FROM events WHERE typeof(timestamp) <> 'integer' OR timestamp <= 0",
    )
    add(
      CHECK.timestamp,
      bad.map(
        (r) => `document ${r.document_id} sequence ${r.event_sequence}: timestamp ${String(r.timestamp)}`,
      ),
    )
  })

  // Every stored event parses, validates (upcasting older forms) and agrees with its row.
  const counts = new Map<string, number>()
  checks.guard(
    options.documentStart === 'fail' || options.documentStart === 'warn'
      ? [CHECK.payload, CHECK.firstEvent]
      : [CHECK.payload],
    () => {
      const invalid: string[] = []
      const firsts: string[] = []
      const stmt = db.prepare(
        'SELECT event_sequence, event_type, event_payload FROM events WHERE document_id = ? ORDER BY event_sequence',
      )
      for (const id of docIds) {
        let n = 0
        for (const item of decodeRows(id, stmt.iterate(id) as IterableIterator<StoredRow>, 0)) {
          if (item.kind === 'gap') continue
          if (n === 0 && (item.kind !== 'event' || item.event.eventType !== 'CreateDocumentEvent'))
            firsts.push(
              `document ${id}: the first stored event (sequence ${item.sequence}) is ${item.kind === 'event' ? `a ${item.event.eventType}` : `invalid (${item.eventType})`}, not a CreateDocumentEvent at 0`,
            )
          else if (n === 0 && item.sequence !== 0)
            firsts.push(`document ${id}: the CreateDocumentEvent is at sequence ${item.sequence}, not 0`)
          n++
          if (item.kind === 'invalid')
            invalid.push(`document ${id} sequence ${item.sequence} (${item.eventType}): ${item.reason}`)
        }
        if (n === 0)
          firsts.push(
            `document ${id} has no events: not even its CreateDocumentEvent (an interrupted creation)`,
          )
        counts.set(id, n)
      }
      add(CHECK.payload, invalid)
      const start = options.documentStart ?? 'off'
      if (start !== 'off') add(CHECK.firstEvent, firsts, start)
    },
  )

  // Migration 2 builds a unique index on eventId: a duplicate would make it fail (and is damage).
  checks.guard([CHECK.eventIdUnique], () => {
    // (The alias must not be `event_id`: that names the table's own integer key.)
    const dups = rows<{ payload_event_id: string; n: number }>(
      db,
      `SELECT json_extract(event_payload, '$.eventId') AS payload_event_id, count(*) AS n FROM events
       WHERE json_valid(event_payload) AND json_extract(event_payload, '$.eventId') IS NOT NULL
       GROUP BY payload_event_id HAVING n > 1`,
    )
    add(
      CHECK.eventIdUnique,
      dups.map((d) => `eventId ${JSON.stringify(d.payload_event_id)} is stored ${d.n} times`),
    )
  })
  if (formatVersion < FORMAT_WITH_EVENT_ID_INDEX) {
    checks.skip(
      CHECK.eventIdIndex[0],
      CHECK.eventIdIndex[1],
      `not part of format ${formatVersion}: arrives with format ${FORMAT_WITH_EVENT_ID_INDEX} (next read-write open)`,
    )
  } else {
    checks.guard([CHECK.eventIdIndex], () => {
      const found = rows<{ sql: string | null; tbl_name: string }>(
        db,
        "SELECT sql, tbl_name FROM sqlite_master WHERE type = 'index' AND name = ?",
        INDEX_EVENTS_EVENT_ID,
      )[0]
      const unique = found?.sql?.toUpperCase().startsWith('CREATE UNIQUE INDEX') === true
      add(
        CHECK.eventIdIndex,
        found === undefined
          ? [`${INDEX_EVENTS_EVENT_ID} is missing: the same eventId could be stored twice`]
          : found.tbl_name !== 'events' || !unique
            ? [`${INDEX_EVENTS_EVENT_ID} is not a unique index on events`]
            : [],
      )
    })
  }

  if (formatVersion < FORMAT_WITH_EVENT_COUNTS) {
    checks.skip(
      CHECK.countCache[0],
      CHECK.countCache[1],
      `not part of format ${formatVersion}: event_counts arrives with format ${FORMAT_WITH_EVENT_COUNTS} (readers count the rows meanwhile)`,
    )
  } else {
    checks.guard([CHECK.countCache], () => {
      const objects = new Set(
        rows<{ name: string }>(
          db,
          "SELECT name FROM sqlite_master WHERE (type = 'table' AND name = 'event_counts') OR (type = 'trigger' AND tbl_name = 'events')",
        ).map((r) => r.name),
      )
      const missing = ['event_counts', TRIGGER_EVENT_COUNTS_DELETE, TRIGGER_EVENT_COUNTS_UPDATE]
        .filter((name) => !objects.has(name))
        .map(
          (name) => `${name} is missing: counts cannot be trusted (the store would be wrong after a delete)`,
        )
      if (missing.length > 0) {
        add(CHECK.countCache, missing)
        return
      }
      const stale = rows<{ document_id: string; cached: number; n: number }>(
        db,
        `SELECT c.document_id, c.event_count AS cached,
              (SELECT count(*) FROM events e WHERE e.document_id = c.document_id) AS n
       FROM event_counts c WHERE cached <> n`,
      )
      // A stale cache is detected by the store (it counts the rows instead): a warning.
      add(
        CHECK.countCache,
        stale.map(
          (r) =>
            `document ${r.document_id}: cached count ${r.cached}, ${r.n} rows stored (rows written outside io-services?)`,
        ),
        'warn',
      )
    })
  }

  // The seed's snapshot checks.
  const snapshotSequences = new Map<string, number[]>()
  const sizeCheck = [
    'snapshots.size',
    `snapshot sizes within reasonable bounds (< ${warnBytes} bytes)`,
  ] as const
  const cadenceCheck = ['snapshots.cadence', `a snapshot every ${interval} events (± ${tolerance})`] as const
  const legacyAllowed = formatVersion < FORMAT_WITH_SEED_SNAPSHOTS
  checks.guard([CHECK.reference, CHECK.decompress, CHECK.seedForm, sizeCheck], () => {
    const refs: string[] = []
    const decodes: string[] = []
    const legacy: string[] = []
    const sizes: string[] = []
    const hasEvent = db.prepare('SELECT 1 FROM events WHERE document_id = ? AND event_sequence = ?')
    const all = db.prepare(
      'SELECT snapshot_id, document_id, event_sequence, compression, snapshot_data FROM snapshots ORDER BY document_id, event_sequence',
    )
    for (const row of all.iterate() as IterableIterator<SnapshotRow>) {
      const label = `snapshot ${row.snapshot_id} (document ${row.document_id}, sequence ${row.event_sequence})`
      snapshotSequences.set(row.document_id, [
        ...(snapshotSequences.get(row.document_id) ?? []),
        row.event_sequence,
      ])
      if (hasEvent.get(row.document_id, row.event_sequence) === undefined)
        refs.push(`${label}: no such event`)
      const result = decodeSnapshot(row.snapshot_data, {
        maxBytes,
        compression: row.compression,
        ...(options.snapshotCodec === undefined ? {} : { codec: options.snapshotCodec }),
      })
      if (!result.ok && legacyAllowed && isLegacySnapshotFrame(row.snapshot_data)) legacy.push(label)
      else if (!result.ok) decodes.push(`${label}: ${result.code}: ${result.reason}`)
      const logical =
        row.compression === 'gzip'
          ? (gzipDeclaredSize(row.snapshot_data) ?? row.snapshot_data.length)
          : row.snapshot_data.length
      if (row.snapshot_data.length > warnBytes || logical > maxBytes) {
        sizes.push(`${label}: ${row.snapshot_data.length} bytes stored, ${logical} uncompressed`)
      }
    }
    add(CHECK.reference, refs)
    add(CHECK.decompress, decodes)
    // In an older format a legacy frame is expected (migration 4 rewrites or drops it): a warning.
    add(CHECK.seedForm, legacy, 'warn')
    add(sizeCheck, sizes, 'warn')
  })
  const cadence: string[] = []
  const tail: string[] = []
  for (const id of docIds) {
    const seqs = snapshotSequences.get(id) ?? []
    cadence.push(...cadenceFindings(id, seqs, interval, tolerance))
    const head = (counts.get(id) ?? 0) - 1
    const newest = seqs.length === 0 ? -1 : (seqs[seqs.length - 1] as number)
    if (head - newest > interval + tolerance) {
      tail.push(
        `document ${id}: ${head - newest} events after the newest snapshot (at ${newest}; expected one every ${interval} ± ${tolerance})`,
      )
    }
  }
  // Wrong positions and gaps fail on the current format; files of older formats were written by
  // versions that snapshotted after whole batches, so there they only warn.
  add(cadenceCheck, cadence, formatVersion >= FORMAT_WITH_SEED_SNAPSHOTS ? 'fail' : 'warn')
  // A long unsnapshotted tail (a writer that crashed or an old file) is slow to open, not wrong.
  add(CHECK.tail, tail, 'warn')

  // The seed's index checks: existence, shape, and use by the seed's queries.
  const anyDoc = docIds[0] ?? '00000000-0000-4000-8000-000000000000'
  const indexChecks = (index: string, table: string, columns: string[], query: string, params: unknown[]) => {
    const ids = [
      [`index.${index}.exists`, `${index} exists on ${table}(${columns.join(', ')})`],
      [`index.${index}.used`, `EXPLAIN QUERY PLAN of "${query}" uses ${index}`],
    ] as const
    checks.guard(ids, () => indexCheck(db, checks, index, table, columns, query, params))
  }
  indexChecks(
    INDEX_EVENTS_DOCUMENT_SEQUENCE,
    'events',
    ['document_id', 'event_sequence'],
    SEED_REPLAY_QUERY,
    [anyDoc, 0],
  )
  indexChecks(
    INDEX_SNAPSHOTS_DOCUMENT,
    'snapshots',
    ['document_id', 'event_sequence DESC'],
    SEED_LATEST_SNAPSHOT_QUERY,
    [anyDoc],
  )
  checks.guard([CHECK.foreignKeys], () => {
    const enabled = db.pragma('foreign_keys', { simple: true }) === 1
    const cascades = ['events', 'snapshots'].flatMap((table) => {
      const list = db.pragma(`foreign_key_list(${table})`) as {
        table: string
        from: string
        to: string
        on_delete: string
      }[]
      const ok = list.some(
        (f) =>
          f.table === 'metadata' &&
          f.from === 'document_id' &&
          f.to === 'document_id' &&
          f.on_delete === 'CASCADE',
      )
      return ok ? [] : [`${table}.document_id has no FOREIGN KEY → metadata(document_id) ON DELETE CASCADE`]
    })
    add(CHECK.foreignKeys, [
      ...(enabled ? [] : ['PRAGMA foreign_keys is OFF on this connection']),
      ...cascades,
    ])
  })
  checks.guard([CHECK.wal], () => {
    // a file on read-only media is read from an in-memory copy (see openReadOnly): its header says
    const journal =
      db.memory && path !== ':memory:'
        ? headerJournalMode(path)
        : String(db.pragma('journal_mode', { simple: true }))
    add(CHECK.wal, journal === 'wal' || path === ':memory:' ? [] : [`journal_mode is ${journal}`])
  })

  let historyFigures: ReadonlyMap<string, HistoryIndexFigures> = new Map()
  checks.guard([[HISTORY_CHECK_ID, 'the history index agrees with the log']], () => {
    const fileBytes = path === ':memory:' ? 0 : fileSize(path)
    const { check, figures } = checkHistoryIndex(db, formatVersion, fileBytes, {
      maxBytes,
      ...(options.snapshotCodec === undefined ? {} : { codec: options.snapshotCodec }),
    })
    historyFigures = figures
    if (check.status === 'skip') checks.skip(check.id, check.description, check.findings[0] ?? '')
    else add([check.id, check.description], check.findings, 'warn')
  })

  const documents = docIds.map((documentId) => ({
    documentId,
    eventCount: counts.get(documentId) ?? 0,
    snapshotCount: snapshotSequences.get(documentId)?.length ?? 0,
    historyEntries: historyFigures.get(documentId)?.entries ?? 0,
  }))
  return {
    path,
    ok: checks.list.every((c) => c.status !== 'fail'),
    formatVersion,
    olderFormat,
    documents,
    checks: checks.list,
  }
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
    return validateConnection(db, path, options)
  } catch (error) {
    if (error instanceof StorageError) throw error
    throw sqliteOpenError(path, error)
  } finally {
    db.close()
  }
}
