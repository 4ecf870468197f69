/**
 * `validateFile`'s checks of the file as a whole: its identity and format, the seed's indexes
 * (existence, shape, and use by the seed's queries, proven by EXPLAIN QUERY PLAN), the foreign
 * keys, WAL mode and the history index. Each is a {@link ValidationStep} of the table in
 * `validate-connection.ts`.
 */

import { SEED_LATEST_SNAPSHOT_QUERY, SEED_REPLAY_QUERY } from './queries.js'
import {
  FORMAT_VERSION,
  INDEX_EVENTS_DOCUMENT_SEQUENCE,
  INDEX_SNAPSHOTS_DOCUMENT,
  MIN_READABLE_FORMAT_VERSION,
  WIRETUNER_APPLICATION_ID,
} from './schema.js'
import type { SqliteConnection } from './sqlite-connection.js'
import { checkHistoryIndex } from './validate-history-index.js'
import { checkRenderCaches } from './validate-render-caches.js'
import { type CheckName, rows, singleCheck, type ValidationStep } from './validation-context.js'

/** The checks of this module whose names are fixed (the index checks are named by their index). */
export const FILE_CHECKS = {
  identity: ['file.identity', 'application_id is WireTuner and the format version is readable'],
  formatCurrent: [
    'file.format-current',
    `the file has the current format (${FORMAT_VERSION}); an older one is read as it is and upgraded on the next read-write open`,
  ],
  foreignKeys: [
    'sqlite.foreign-keys',
    'foreign keys are declared (ON DELETE CASCADE) and enforced (PRAGMA foreign_keys=ON)',
  ],
  wal: ['sqlite.wal', 'WAL mode is enabled (PRAGMA journal_mode=WAL)'],
  historyIndex: ['history-index', 'the history index agrees with the log'],
  renderCaches: ['render-caches', 'the render caches are intact and recorded within the log'],
} as const satisfies Record<string, CheckName>
const CHECK = FILE_CHECKS

/** The application id is WireTuner's and the format version readable. */
export const identityCheck = singleCheck(CHECK.identity, ({ report, applicationId, formatVersion }) => {
  report.add(CHECK.identity, [
    ...(applicationId === WIRETUNER_APPLICATION_ID ? [] : [`application_id 0x${applicationId.toString(16)}`]),
    ...(formatVersion >= MIN_READABLE_FORMAT_VERSION && formatVersion <= FORMAT_VERSION
      ? []
      : [`format version ${formatVersion}, readable: ${MIN_READABLE_FORMAT_VERSION} to ${FORMAT_VERSION}`]),
  ])
})

/** An older format is not damage: a warning that says what happens next. */
export const formatCurrentCheck = singleCheck(CHECK.formatCurrent, ({ report, formatVersion }) => {
  report.add(
    CHECK.formatCurrent,
    formatVersion < FORMAT_VERSION && formatVersion >= MIN_READABLE_FORMAT_VERSION
      ? [
          `format ${formatVersion} (older than the current ${FORMAT_VERSION}; readable as it is, upgraded on the next read-write open)`,
        ]
      : [],
    'warn',
  )
})

function planOf(db: SqliteConnection, query: string, params: readonly unknown[]): string[] {
  return rows<{ detail: string }>(db, `EXPLAIN QUERY PLAN ${query}`, ...params).map((r) => r.detail)
}

function indexColumns(db: SqliteConnection, index: string): string[] {
  return (
    db.pragma(`index_xinfo(${JSON.stringify(index)})`) as { name: string | null; desc: number; key: number }[]
  )
    .filter((c) => c.key === 1 && c.name !== null)
    .map((c) => `${c.name}${c.desc ? ' DESC' : ''}`)
}

/** A seed index: where it is, its columns, and the seed query that must use it. */
interface SeedIndex {
  readonly index: string
  readonly table: string
  readonly columns: readonly string[]
  readonly query: string
  /** The query's parameters, given a document of the file (or a made-up one). */
  readonly params: (documentId: string) => readonly unknown[]
}

/** `index.<name>.exists` (name, table, exact columns and DESC) and `index.<name>.used` (the plan). */
function seedIndexCheck(seed: SeedIndex): ValidationStep {
  const { index, table, columns, query } = seed
  const exists: CheckName = [`index.${index}.exists`, `${index} exists on ${table}(${columns.join(', ')})`]
  const used: CheckName = [`index.${index}.used`, `EXPLAIN QUERY PLAN of "${query}" uses ${index}`]
  return {
    checks: () => [exists, used],
    run: ({ db, report, facts }) => {
      const found = rows<{ tbl_name: string }>(
        db,
        "SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND name = ?",
        index,
      )[0]
      const problems: string[] = []
      if (found === undefined) problems.push(`index ${index} does not exist`)
      else {
        if (found.tbl_name !== table)
          problems.push(`index ${index} is on table ${found.tbl_name}, expected ${table}`)
        const cols = indexColumns(db, index)
        if (cols.join(',') !== columns.join(','))
          problems.push(`index ${index} has columns (${cols.join(', ')}), expected (${columns.join(', ')})`)
      }
      report.add(exists, problems)
      const anyDoc = facts.documentIds[0] ?? '00000000-0000-4000-8000-000000000000'
      const plan = planOf(db, query, seed.params(anyDoc))
      report.add(used, plan.some((d) => d.includes(`INDEX ${index}`)) ? [] : [`plan: ${plan.join(' | ')}`])
    },
  }
}

/** The seed's replay query uses idx_events_document_sequence. */
export const replayIndexCheck = seedIndexCheck({
  index: INDEX_EVENTS_DOCUMENT_SEQUENCE,
  table: 'events',
  columns: ['document_id', 'event_sequence'],
  query: SEED_REPLAY_QUERY,
  params: (documentId) => [documentId, 0],
})

/** The seed's latest-snapshot query uses idx_snapshots_document. */
export const snapshotIndexCheck = seedIndexCheck({
  index: INDEX_SNAPSHOTS_DOCUMENT,
  table: 'snapshots',
  columns: ['document_id', 'event_sequence DESC'],
  query: SEED_LATEST_SNAPSHOT_QUERY,
  params: (documentId) => [documentId],
})

/** Foreign keys are declared with ON DELETE CASCADE and enforced on this connection. */
export const foreignKeysCheck = singleCheck(CHECK.foreignKeys, ({ db, report }) => {
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
  report.add(CHECK.foreignKeys, [
    ...(enabled ? [] : ['PRAGMA foreign_keys is OFF on this connection']),
    ...cascades,
  ])
})

/** The file is in WAL mode. */
export const walCheck = singleCheck(CHECK.wal, ({ db, report, path, file }) => {
  // a file on read-only media is read from an in-memory copy (Node's openReadOnly): its header says
  const journal = file.journalMode ?? String(db.pragma('journal_mode', { simple: true }))
  report.add(CHECK.wal, journal === 'wal' || path === ':memory:' ? [] : [`journal_mode is ${journal}`])
})

/** The history index agrees with the log (a derived cache: warn); gathers its figures. */
export const historyIndexCheck = singleCheck(
  CHECK.historyIndex,
  ({ db, report, facts, file, formatVersion, settings }) => {
    const { check, figures } = checkHistoryIndex(db, formatVersion, file.bytes, {
      maxBytes: settings.maxBytes,
      ...(settings.codec === undefined ? {} : { codec: settings.codec }),
    })
    facts.historyFigures = figures
    if (check.status === 'skip') report.skip([check.id, check.description], check.findings[0] ?? '')
    else report.add([check.id, check.description], check.findings, 'warn')
  },
)

/** The render caches are intact and recorded within the log (derived caches: warn); gathers their figures. */
export const renderCachesCheck = singleCheck(CHECK.renderCaches, ({ db, report, facts, formatVersion }) => {
  const { check, figures } = checkRenderCaches(db, formatVersion)
  facts.renderCacheFigures = figures
  if (check.status === 'skip') report.skip([check.id, check.description], check.findings[0] ?? '')
  else report.add([check.id, check.description], check.findings, 'warn')
})
