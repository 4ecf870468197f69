/**
 * `validateFile`'s report on the history index (`history_index_cache`): present or not, how many
 * entries per document, how many disagree with the log (stale) or fail their gzip checks, and its
 * size against the file's. The index is a derived cache: none of these findings is damage to a
 * document (stale or corrupt entries are never used, and sessions or `compact` rebuild them), so
 * they are warnings, never failures.
 */

import type { SnapshotCodec } from './gzip-codecs.js'
import { HISTORY_INDEX_TABLE, isStale } from './history-index.js'
import { FORMAT_WITH_HISTORY_INDEX } from './schema.js'
import { decodeSnapshot } from './snapshot-codec.js'
import type { SqliteConnection } from './sqlite-connection.js'

/** The history index's share of the file above which validate warns. */
export const HISTORY_INDEX_MAX_SHARE = 0.1

/** One check's result, as the validator records it. */
export interface HistoryIndexCheck {
  readonly id: string
  readonly description: string
  readonly status: 'pass' | 'warn' | 'skip'
  readonly findings: readonly string[]
}

interface EntryRow {
  readonly document_id: string
  readonly event_sequence: number
  readonly event_id: string
  readonly log_event_id: string | null
  readonly state_data: Uint8Array
}

/** Per-document figures of the history index (for the report's document summaries). */
export interface HistoryIndexFigures {
  readonly entries: number
  readonly stale: number
  readonly corrupt: number
  readonly bytes: number
}

/** Checks the history index of an open (read-only) connection; `fileBytes` is the database's size. */
export function checkHistoryIndex(
  db: SqliteConnection,
  formatVersion: number,
  fileBytes: number,
  limits: { readonly maxBytes: number; readonly codec?: SnapshotCodec },
): { readonly check: HistoryIndexCheck; readonly figures: ReadonlyMap<string, HistoryIndexFigures> } {
  const id = 'history-index'
  const description = `the history index (${HISTORY_INDEX_TABLE}) agrees with the log, inflates, and stays under ${HISTORY_INDEX_MAX_SHARE * 100}% of the file`
  const figures = new Map<string, HistoryIndexFigures>()
  const present =
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(HISTORY_INDEX_TABLE) !==
    undefined
  if (!present) {
    if (formatVersion < FORMAT_WITH_HISTORY_INDEX) {
      return {
        check: {
          id,
          description,
          status: 'skip',
          findings: [`format ${formatVersion} has no history index`],
        },
        figures,
      }
    }
    return {
      check: {
        id,
        description,
        status: 'warn',
        findings: [
          `${HISTORY_INDEX_TABLE} is missing (dropped): the next read-write open recreates it and sessions or compact rebuild it`,
        ],
      },
      figures,
    }
  }
  const findings: string[] = []
  const rows = db
    .prepare(
      `SELECT h.document_id, h.event_sequence, h.event_id, h.state_data,
        (SELECT CASE WHEN json_valid(e.event_payload) THEN json_extract(e.event_payload, '$.eventId') END
         FROM events e WHERE e.document_id = h.document_id AND e.event_sequence = h.event_sequence) AS log_event_id
       FROM ${HISTORY_INDEX_TABLE} h ORDER BY h.document_id, h.event_sequence`,
    )
    .iterate() as IterableIterator<EntryRow>
  let total = 0
  for (const row of rows) {
    const f = figures.get(row.document_id) ?? { entries: 0, stale: 0, corrupt: 0, bytes: 0 }
    const stale = isStale(row.event_id, row.log_event_id)
    const inflated = stale
      ? undefined
      : decodeSnapshot(row.state_data, {
          maxBytes: limits.maxBytes,
          ...(limits.codec === undefined ? {} : { codec: limits.codec }),
        })
    const corrupt = inflated !== undefined && !inflated.ok
    if (stale)
      findings.push(
        `document ${row.document_id}: entry at ${row.event_sequence} is stale (the log's event there is not ${row.event_id})`,
      )
    if (inflated !== undefined && !inflated.ok)
      findings.push(
        `document ${row.document_id}: entry at ${row.event_sequence} is damaged: ${inflated.reason}`,
      )
    total += row.state_data.length
    figures.set(row.document_id, {
      entries: f.entries + 1,
      stale: f.stale + (stale ? 1 : 0),
      corrupt: f.corrupt + (corrupt ? 1 : 0),
      bytes: f.bytes + row.state_data.length,
    })
  }
  if (fileBytes > 0 && total > HISTORY_INDEX_MAX_SHARE * fileBytes) {
    findings.push(
      `the history index holds ${total} bytes, ${((100 * total) / fileBytes).toFixed(1)}% of the file's ${fileBytes}`,
    )
  }
  return {
    check: { id, description, status: findings.length === 0 ? 'pass' : 'warn', findings },
    figures,
  }
}
