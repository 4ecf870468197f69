/**
 * Freshness marks of `rendered_paths_cache` (format 7, migration 7): one row per document saying
 * "every object of the document at sequence H has a row here, fresh for it at H", written by a
 * session that checked that itself, bound to what identifies the document at H (the sequence and
 * the `event_id` of its event at H) and to the exact rows it vouches for (their count and CRC-32s
 * of the whole-document read: the heads text, then the bytes). A reader whose document is at H
 * then trusts those rows without checking each one against its object; any change to any row
 * (bytes, sequence, hash, checksum, a row added or removed) breaks the CRC-32s, and the store
 * deletes a document's mark whenever it writes or deletes rows of the document.
 */
import { crc32 } from './crc32.js'
import type { RenderCacheDamage } from './damage-hooks.js'
import { StorageError } from './errors.js'
import { nativeCrc32 } from './gzip-codecs.js'
import type { SqliteConnection } from './sqlite-connection.js'

/** The marks table (not one of the seed's names: a table of ours). */
export const RENDER_CACHE_MARKS_TABLE = 'render_cache_marks'

/** DDL of the marks table (migration 7; re-run by a writable open when it was dropped). */
export const RENDER_CACHE_MARKS_DDL = `CREATE TABLE IF NOT EXISTS ${RENDER_CACHE_MARKS_TABLE} (
  document_id TEXT PRIMARY KEY REFERENCES metadata (document_id) ON DELETE CASCADE,
  event_sequence INTEGER NOT NULL,
  event_id INTEGER NOT NULL,
  row_count INTEGER NOT NULL,
  heads_checksum INTEGER NOT NULL,
  data_checksum INTEGER NOT NULL,
  checksum INTEGER NOT NULL
) WITHOUT ROWID`

/**
 * The whole-document read a mark covers: row count, heads (object id, sequence, content hash,
 * bytes' length; fields and rows separated by U+001F) and every row's bytes, aggregated in the
 * same pass (table order). Read-only and stable for unchanged rows.
 */
export const MARKED_READ_SQL = `SELECT count(*), group_concat(concat_ws(char(31), object_id, event_sequence,
    content_hash, length(vertex_data)), char(31)), CAST(group_concat(vertex_data, '') AS BLOB)
  FROM rendered_paths_cache WHERE +document_id = ?`

/** What a mark vouches for (see the module comment). */
export interface RenderedPathsMark {
  readonly eventSequence: number
  readonly eventId: number
  readonly rowCount: number
  readonly headsChecksum: number
  readonly dataChecksum: number
}

/** A document's whole-document read: row count, heads text, bytes (see render-cache.ts). */
export interface WholeDocumentRead {
  readonly count: number
  readonly heads: string
  readonly bytes: Uint8Array
}

/** The raw result of a whole-document read statement: the row count, the heads, the bytes. */
export type WholeDocumentRow = readonly [count: number, heads: unknown, bytes: unknown]

/** The {@link WholeDocumentRead} of a statement's result, or `undefined` when it is not that shape. */
export function wholeDocumentRead([count, heads, bytes]: WholeDocumentRow): WholeDocumentRead | undefined {
  if (count === 0) return { count, heads: '', bytes: new Uint8Array(0) }
  if (typeof heads !== 'string' || !(bytes instanceof Uint8Array)) return undefined
  return { count, heads, bytes }
}

const encoder = new TextEncoder()

/** CRC-32 of the UTF-8 bytes of `text` (Node's zlib encodes it itself; elsewhere it is encoded first). */
export function crc32Text(text: string): number {
  return nativeCrc32 === undefined
    ? crc32(encoder.encode(text))
    : (nativeCrc32 as unknown as (data: string) => number)(text)
}

/** Checksum of a mark row: CRC-32 of its document id and fields as text. */
export function markChecksum(documentId: string, mark: RenderedPathsMark): number {
  const { eventSequence, eventId, rowCount, headsChecksum, dataChecksum } = mark
  return crc32Text(`${documentId}|${eventSequence}|${eventId}|${rowCount}|${headsChecksum}|${dataChecksum}`)
}

/** The mark of `read`: its count and CRC-32s, for the document at `eventSequence` (event `eventId`). */
export function markOf(eventSequence: number, eventId: number, read: WholeDocumentRead): RenderedPathsMark {
  return {
    eventSequence,
    eventId,
    rowCount: read.count,
    headsChecksum: crc32Text(read.heads),
    dataChecksum: crc32(read.bytes),
  }
}

interface MarkSqlRow {
  readonly event_sequence: number
  readonly event_id: number
  readonly row_count: number
  readonly heads_checksum: number
  readonly data_checksum: number
  readonly checksum: number
  /** The `event_id` of the document's event at the mark's sequence now (null: no such event). */
  readonly current_event_id: number | null
}

/** The statements of the marks, prepared once per store. */
export function markStatements(db: SqliteConnection) {
  return {
    readMark: db.prepare(
      `SELECT m.event_sequence, m.event_id, m.row_count, m.heads_checksum, m.data_checksum, m.checksum,
         (SELECT e.event_id FROM events e WHERE e.document_id = m.document_id
           AND e.event_sequence = m.event_sequence) AS current_event_id
       FROM ${RENDER_CACHE_MARKS_TABLE} m WHERE m.document_id = ?`,
    ),
    eventIdAt: db.prepare('SELECT event_id FROM events WHERE document_id = ? AND event_sequence = ?').pluck(),
    writeMark: db.prepare(
      `INSERT OR REPLACE INTO ${RENDER_CACHE_MARKS_TABLE} (document_id, event_sequence, event_id, row_count,
         heads_checksum, data_checksum, checksum) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteMark: db.prepare(`DELETE FROM ${RENDER_CACHE_MARKS_TABLE} WHERE document_id = ?`),
  }
}

/**
 * The document's mark when it holds for the document at `eventSequence`: its own checksum holds,
 * it is for that sequence, and the log's event there is still the one it was written for.
 */
export function currentMark(
  s: ReturnType<typeof markStatements>,
  documentId: string,
  eventSequence: number,
): RenderedPathsMark | undefined {
  const row = s.readMark.get(documentId) as MarkSqlRow | undefined
  if (row === undefined || row.event_sequence !== eventSequence || row.current_event_id !== row.event_id)
    return undefined
  const mark = markOfRow(row)
  return markChecksum(documentId, mark) === row.checksum ? mark : undefined
}

function markOfRow(row: MarkSqlRow): RenderedPathsMark {
  return {
    eventSequence: row.event_sequence,
    eventId: row.event_id,
    rowCount: row.row_count,
    headsChecksum: row.heads_checksum,
    dataChecksum: row.data_checksum,
  }
}

/** Whether `read` is exactly what `mark` vouches for (count, heads and bytes). */
export function readMatchesMark(read: WholeDocumentRead, mark: RenderedPathsMark): boolean {
  return (
    read.count === mark.rowCount &&
    crc32(read.bytes) === mark.dataChecksum &&
    crc32Text(read.heads) === mark.headsChecksum
  )
}

/** Writes (replaces) the document's mark. */
export function writeMark(
  s: ReturnType<typeof markStatements>,
  documentId: string,
  mark: RenderedPathsMark,
): void {
  s.writeMark.run(
    documentId,
    mark.eventSequence,
    mark.eventId,
    mark.rowCount,
    mark.headsChecksum,
    mark.dataChecksum,
    markChecksum(documentId, mark),
  )
}

/** The state of a document's mark, as `validateFile` reports it (`older`: holds for an earlier sequence). */
export type MarkState = 'fresh' | 'older' | 'stale' | 'damaged'

/**
 * The state of every mark of the file (by document): `damaged` when its own checksum fails,
 * `stale` when the log's event at its sequence is not its event or the rows are no longer those
 * it vouched for, else `fresh` at the document's last sequence and `older` before it.
 */
export function markStates(db: SqliteConnection): Map<string, MarkState> {
  const out = new Map<string, MarkState>()
  const exists = db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(RENDER_CACHE_MARKS_TABLE)
  if (exists === undefined) return out
  const s = markStatements(db)
  const read = db.prepare(MARKED_READ_SQL).raw()
  const last = db.prepare('SELECT max(event_sequence) FROM events WHERE document_id = ?').pluck()
  const ids = db.prepare(`SELECT document_id FROM ${RENDER_CACHE_MARKS_TABLE}`).pluck().all() as string[]
  for (const documentId of ids) {
    const row = s.readMark.get(documentId) as MarkSqlRow
    const mark = currentMark(s, documentId, row.event_sequence)
    if (mark === undefined) {
      const intact = markChecksum(documentId, markOfRow(row)) === row.checksum
      out.set(documentId, intact ? 'stale' : 'damaged')
      continue
    }
    const whole = wholeDocumentRead(read.get(documentId) as WholeDocumentRow)
    if (whole === undefined || !readMatchesMark(whole, mark)) out.set(documentId, 'stale')
    else out.set(documentId, mark.eventSequence === last.get(documentId) ? 'fresh' : 'older')
  }
  return out
}

/** Applies test damage of kind `mark` (see `RenderCacheDamage`): the mark rewritten with a matching checksum. */
export function damageMark(
  db: SqliteConnection,
  documentId: string,
  damage: Extract<RenderCacheDamage, { kind: 'mark' }>,
): void {
  const s = markStatements(db)
  const row = s.readMark.get(documentId) as MarkSqlRow | undefined
  if (row === undefined) {
    throw new StorageError('invalid-argument', `corruptRenderCache: document ${documentId} has no mark`)
  }
  writeMark(s, documentId, {
    ...markOfRow(row),
    eventSequence: damage.eventSequence ?? row.event_sequence,
    eventId: damage.eventId ?? row.event_id,
  })
}
