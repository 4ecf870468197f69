/**
 * `validateFile`'s report on the render caches of format 6 (`rendered_paths_cache`,
 * `spatial_index_cache`, `thumbnails_cache`): present or not, and per document how many rows are
 * fresh (recorded at the log's last sequence), older (recorded earlier: valid while their object
 * is unchanged, which only a replay can tell, so sessions check their content hash), stale
 * (recorded past the end of the log, or a spatial row without its rendered row) and damaged
 * (checksum), and the state of its freshness mark (render-cache-marks.ts). Caches are derived:
 * every finding is a warning, never a failure.
 */
import { crc32 } from './crc32.js'
import { RENDER_CACHE_TABLES, spatialChecksum } from './render-cache.js'
import { type MarkState, markStates, RENDER_CACHE_MARKS_TABLE } from './render-cache-marks.js'
import { FORMAT_WITH_RENDER_CACHES } from './schema.js'
import type { SqliteConnection } from './sqlite-connection.js'

/**
 * Per-document figures of the render caches (all three tables together), and the state of the
 * document's freshness mark of its rendered rows (format 7; `none` without one).
 */
export interface RenderCacheFigures {
  readonly rows: number
  readonly fresh: number
  readonly older: number
  readonly stale: number
  readonly damaged: number
  readonly mark: MarkState | 'none'
}

/** One check's result, as the validator records it. */
export interface RenderCacheCheck {
  readonly id: string
  readonly description: string
  readonly status: 'pass' | 'warn' | 'skip'
  readonly findings: readonly string[]
}

/** The figures of a document without rows. */
export const NO_ROWS: RenderCacheFigures = { rows: 0, fresh: 0, older: 0, stale: 0, damaged: 0, mark: 'none' }

interface CacheRow {
  readonly document_id: string
  readonly event_sequence: number
  readonly last_sequence: number | null
  readonly intact: boolean
  readonly orphan: boolean
  readonly table: string
}

function* cacheRows(db: SqliteConnection): Generator<CacheRow> {
  const last = (doc: string) => `(SELECT max(e.event_sequence) FROM events e WHERE e.document_id = ${doc})`
  const paths = db
    .prepare(
      `SELECT document_id, event_sequence, ${last('r.document_id')} AS last_sequence, checksum, vertex_data
       FROM rendered_paths_cache r`,
    )
    .iterate() as IterableIterator<{
    document_id: string
    event_sequence: number
    last_sequence: number | null
    checksum: number
    vertex_data: Uint8Array
  }>
  for (const r of paths) {
    const intact = crc32(r.vertex_data) === r.checksum
    yield { ...r, intact, orphan: false, table: 'rendered_paths_cache' }
  }
  const spatial = db
    .prepare(
      `SELECT s.document_id, s.object_id, s.event_sequence, s.content_hash, s.checksum,
         s.min_x, s.max_x, s.min_y, s.max_y, ${last('s.document_id')} AS last_sequence,
         (SELECT count(*) FROM rendered_paths_cache r WHERE r.cache_id = s.id AND r.object_id = s.object_id) AS linked
       FROM spatial_index_cache s`,
    )
    .iterate() as IterableIterator<{
    document_id: string
    object_id: string
    event_sequence: number
    content_hash: string
    checksum: number
    min_x: number
    max_x: number
    min_y: number
    max_y: number
    last_sequence: number | null
    linked: number
  }>
  for (const s of spatial) {
    const box = { minX: s.min_x, maxX: s.max_x, minY: s.min_y, maxY: s.max_y }
    const intact = spatialChecksum(s.object_id, s.event_sequence, s.content_hash, box) === s.checksum
    yield { ...s, intact, orphan: s.linked === 0, table: 'spatial_index_cache' }
  }
  const thumbnails = db
    .prepare(
      `SELECT document_id, event_sequence, ${last('t.document_id')} AS last_sequence, checksum, png_data
       FROM thumbnails_cache t`,
    )
    .iterate() as IterableIterator<{
    document_id: string
    event_sequence: number
    last_sequence: number | null
    checksum: number
    png_data: Uint8Array
  }>
  for (const t of thumbnails) {
    yield { ...t, intact: crc32(t.png_data) === t.checksum, orphan: false, table: 'thumbnails_cache' }
  }
}

/** Checks the render caches of an open (read-only) connection. */
export function checkRenderCaches(
  db: SqliteConnection,
  formatVersion: number,
): { readonly check: RenderCacheCheck; readonly figures: ReadonlyMap<string, RenderCacheFigures> } {
  const id = 'render-caches'
  const description = `the render caches (${RENDER_CACHE_TABLES.join(', ')}) are intact and recorded within the log`
  const figures = new Map<string, RenderCacheFigures>()
  const missing = RENDER_CACHE_TABLES.filter(
    (name) => db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(name) === undefined,
  )
  if (missing.length > 0) {
    const findings =
      formatVersion < FORMAT_WITH_RENDER_CACHES
        ? [`format ${formatVersion} has no render caches`]
        : [`${missing.join(', ')} missing (dropped): the next read-write open recreates them, empty`]
    return {
      check: {
        id,
        description,
        status: formatVersion < FORMAT_WITH_RENDER_CACHES ? 'skip' : 'warn',
        findings,
      },
      figures,
    }
  }
  const problems = new Map<string, number>()
  for (const row of cacheRows(db)) {
    const f = figures.get(row.document_id) ?? NO_ROWS
    const last = row.last_sequence ?? -1
    const stale = row.orphan || row.event_sequence > last
    const damaged = !row.intact
    const key = `${row.table}: ${damaged ? 'damaged (checksum)' : 'stale (past the log or orphaned)'}`
    if (stale || damaged) problems.set(key, (problems.get(key) ?? 0) + 1)
    figures.set(row.document_id, {
      rows: f.rows + 1,
      fresh: f.fresh + (!stale && !damaged && row.event_sequence === last ? 1 : 0),
      older: f.older + (!stale && !damaged && row.event_sequence < last ? 1 : 0),
      stale: f.stale + (stale && !damaged ? 1 : 0),
      damaged: f.damaged + (damaged ? 1 : 0),
      mark: 'none',
    })
  }
  // the marks: a stale or damaged one is never used (sessions write it again), but say so
  for (const [documentId, mark] of markStates(db)) {
    figures.set(documentId, { ...(figures.get(documentId) ?? NO_ROWS), mark })
    if (mark === 'stale' || mark === 'damaged') {
      const key = `${RENDER_CACHE_MARKS_TABLE}: ${mark === 'damaged' ? 'damaged (checksum)' : 'stale (rows or log changed since)'}`
      problems.set(key, (problems.get(key) ?? 0) + 1)
    }
  }
  const findings = [...problems].map(
    ([what, n]) => `${n} row(s) of ${what}; sessions and compact rebuild them`,
  )
  return { check: { id, description, status: findings.length === 0 ? 'pass' : 'warn', findings }, figures }
}
