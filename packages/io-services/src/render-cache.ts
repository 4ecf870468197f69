/**
 * The render caches of format 6 (migration 6): `rendered_paths_cache` (tessellation buffers per
 * object), `spatial_index_cache` (an SQLite R*Tree of paint bounds, keyed by the rendered row's
 * `cache_id`) and `thumbnails_cache` (PNG per artboard and per document). Each row carries the
 * sequence and content hash it is valid for and a CRC-32 checksum of what it stores, so that
 * byte damage is seen on read. The statements are plain SQL: Kysely has no R*Tree vocabulary.
 */
import { crc32 } from './crc32.js'
import type { RenderCacheDamage } from './damage-hooks.js'
import { StorageError } from './errors.js'
import {
  currentMark,
  damageMark,
  MARKED_READ_SQL,
  markOf,
  markStatements,
  readMatchesMark,
  type WholeDocumentRead,
  type WholeDocumentRow,
  wholeDocumentRead,
  writeMark,
} from './render-cache-marks.js'
import type { SqliteConnection } from './sqlite-connection.js'
import { toStorageError } from './sqlite-errors.js'
import type {
  CacheBox,
  MarkedRenderedPaths,
  ObjectCacheEntry,
  RenderCacheStore,
  RenderedPathRow,
  SpatialRow,
  ThumbnailInput,
  ThumbnailRow,
} from './types.js'

/** The three cache tables (names of the seed's "Future Cache Tables"). */
export const RENDER_CACHE_TABLES = [
  'rendered_paths_cache',
  'spatial_index_cache',
  'thumbnails_cache',
] as const

/** Trigger removing an object's R*Tree row with its rendered row (cascades from metadata included). */
export const TRIGGER_SPATIAL_DELETE = 'trg_spatial_index_cache_delete'

/** Key of the whole document's thumbnail in `thumbnails_cache.artboard_id`. */
export const DOCUMENT_THUMBNAIL_KEY = ''

/** DDL statements of the render caches (migration 6; re-run by a writable open when they were dropped). */
export const RENDER_CACHE_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS rendered_paths_cache (
  cache_id INTEGER PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES metadata (document_id) ON DELETE CASCADE,
  object_id TEXT NOT NULL,
  event_sequence INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  checksum INTEGER NOT NULL,
  vertex_data BLOB NOT NULL,
  UNIQUE (document_id, object_id)
)`,
  `CREATE VIRTUAL TABLE IF NOT EXISTS spatial_index_cache USING rtree (
  id, min_x, max_x, min_y, max_y,
  +document_id TEXT, +object_id TEXT, +event_sequence INTEGER, +content_hash TEXT, +checksum INTEGER
)`,
  `CREATE TRIGGER IF NOT EXISTS ${TRIGGER_SPATIAL_DELETE} AFTER DELETE ON rendered_paths_cache BEGIN
  DELETE FROM spatial_index_cache WHERE id = OLD.cache_id;
END`,
  `CREATE TABLE IF NOT EXISTS thumbnails_cache (
  document_id TEXT NOT NULL REFERENCES metadata (document_id) ON DELETE CASCADE,
  artboard_id TEXT NOT NULL,
  event_sequence INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  checksum INTEGER NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  png_data BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (document_id, artboard_id)
) WITHOUT ROWID`,
]

const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/** The largest float32 ≤ `x` (what the R*Tree stores for a minimum). */
export function float32Down(x: number): number {
  const r = Math.fround(x)
  if (r <= x || !Number.isFinite(r)) return r
  f32[0] = r
  u32[0] = r > 0 ? (u32[0] as number) - 1 : r === 0 ? 0x80000001 : (u32[0] as number) + 1
  return f32[0] as number
}

/** The smallest float32 ≥ `x` (what the R*Tree stores for a maximum). */
export function float32Up(x: number): number {
  return -float32Down(-x)
}

const encoder = new TextEncoder()

/** Checksum of a spatial row: CRC-32 of its id, validity and float32 box as text. */
export function spatialChecksum(objectId: string, sequence: number, hash: string, box: CacheBox): number {
  return crc32(
    encoder.encode(`${objectId}|${sequence}|${hash}|${box.minX}|${box.maxX}|${box.minY}|${box.maxY}`),
  )
}

function checkBox(operation: string, box: CacheBox): CacheBox {
  const { minX, minY, maxX, maxY } = box
  if (![minX, minY, maxX, maxY].every(Number.isFinite) || minX > maxX || minY > maxY) {
    throw new StorageError(
      'invalid-argument',
      `${operation}: a box needs finite minX <= maxX and minY <= maxY, got ${JSON.stringify(box)}`,
    )
  }
  return { minX: float32Down(minX), minY: float32Down(minY), maxX: float32Up(maxX), maxY: float32Up(maxY) }
}

function checkValidity(operation: string, sequence: number, hash: string): void {
  if (!Number.isSafeInteger(sequence) || sequence < -1 || typeof hash !== 'string' || hash.length === 0) {
    throw new StorageError(
      'invalid-argument',
      `${operation}: a cache row needs an integer eventSequence >= -1 and a non-empty contentHash, got ${sequence} and ${JSON.stringify(hash)}`,
    )
  }
}

interface SpatialSqlRow {
  readonly id: number
  readonly min_x: number
  readonly max_x: number
  readonly min_y: number
  readonly max_y: number
  readonly object_id: string
  readonly event_sequence: number
  readonly content_hash: string
  readonly checksum: number
}

function toSpatialRow(row: SpatialSqlRow): SpatialRow {
  const box = { minX: row.min_x, minY: row.min_y, maxX: row.max_x, maxY: row.max_y }
  return {
    cacheId: row.id,
    objectId: row.object_id,
    eventSequence: row.event_sequence,
    contentHash: row.content_hash,
    box,
    intact: spatialChecksum(row.object_id, row.event_sequence, row.content_hash, box) === row.checksum,
  }
}

interface ThumbnailSqlRow {
  readonly artboard_id: string
  readonly event_sequence: number
  readonly content_hash: string
  readonly checksum: number
  readonly width: number
  readonly height: number
  readonly png_data: Uint8Array
  readonly created_at: number
}

function toThumbnailRow(row: ThumbnailSqlRow): ThumbnailRow {
  return {
    ...(row.artboard_id === DOCUMENT_THUMBNAIL_KEY ? {} : { artboardId: row.artboard_id }),
    eventSequence: row.event_sequence,
    contentHash: row.content_hash,
    width: row.width,
    height: row.height,
    png: row.png_data,
    createdAt: row.created_at,
    intact: crc32(row.png_data) === row.checksum,
  }
}

/** Columns of a rendered-path read, in the order of {@link PathSqlRow}. */
const PATH_COLUMNS = 'object_id, event_sequence, content_hash, checksum, vertex_data'

const SPATIAL_COLUMNS = 'id, min_x, max_x, min_y, max_y, object_id, event_sequence, content_hash, checksum'

/** The statements, prepared once per store. */
function statements(db: SqliteConnection) {
  return {
    upsertPath: db.prepare(
      `INSERT INTO rendered_paths_cache (document_id, object_id, event_sequence, content_hash, checksum, vertex_data)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (document_id, object_id) DO UPDATE SET event_sequence = excluded.event_sequence,
         content_hash = excluded.content_hash, checksum = excluded.checksum, vertex_data = excluded.vertex_data
       RETURNING cache_id`,
    ),
    deleteSpatial: db.prepare('DELETE FROM spatial_index_cache WHERE id = ?'),
    insertSpatial: db.prepare(
      `INSERT INTO spatial_index_cache (${SPATIAL_COLUMNS}, document_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteObject: db.prepare('DELETE FROM rendered_paths_cache WHERE document_id = ? AND object_id = ?'),
    deleteAllObjects: db.prepare('DELETE FROM rendered_paths_cache WHERE document_id = ?'),
    // rows as arrays (PathSqlRow): no object is built per row
    readPath: db
      .prepare(`SELECT ${PATH_COLUMNS} FROM rendered_paths_cache WHERE document_id = ? AND object_id = ?`)
      .raw(),
    readPaths: db
      .prepare(`SELECT ${PATH_COLUMNS} FROM rendered_paths_cache WHERE +document_id = ? ORDER BY cache_id`)
      .raw(),
    // a whole document's rows in one statement (see readRenderedPaths): the row count, every
    // column but the bytes as one text (fields and rows separated by U+001F), and the bytes of
    // all rows as one value, the two aggregated in the same pass (so in the same order: the
    // table's, `+document_id` making it a scan in rowid order rather than a walk of the
    // (document, object) index with a table lookup per row; no ORDER BY, which costs a sorted
    // copy of every row first)
    readPathsOneValue: db
      .prepare(
        `SELECT count(*), group_concat(concat_ws(char(31), object_id, event_sequence, content_hash, checksum,
           length(vertex_data)), char(31)), CAST(group_concat(vertex_data, '') AS BLOB)
         FROM rendered_paths_cache WHERE +document_id = ?`,
      )
      .raw(),
    // the same without the checksums: a read on a mark's word (readMarkedRenderedPaths), whose
    // CRC-32s cover this text and these bytes
    readPathsMarkedValue: db.prepare(MARKED_READ_SQL).raw(),
    // the total of a document's bytes, read first when the file is larger than ONE_VALUE_LIMIT
    sumPathBytes: db
      .prepare('SELECT sum(length(vertex_data)) FROM rendered_paths_cache WHERE +document_id = ?')
      .pluck(),
    listSpatial: db.prepare(
      `SELECT ${SPATIAL_COLUMNS.replace(/(\w+)/g, 's.$1')} FROM spatial_index_cache s JOIN rendered_paths_cache r ON r.cache_id = s.id
       WHERE r.document_id = ? ORDER BY r.object_id`,
    ),
    querySpatial: db.prepare(
      `SELECT ${SPATIAL_COLUMNS} FROM spatial_index_cache
       WHERE max_x >= ? AND min_x <= ? AND max_y >= ? AND min_y <= ? AND document_id = ?`,
    ),
    // plucked: the ids themselves, no row object each
    querySpatialIds: db
      .prepare(
        'SELECT id FROM spatial_index_cache WHERE max_x >= ? AND min_x <= ? AND max_y >= ? AND min_y <= ?',
      )
      .pluck(),
    upsertThumbnail: db.prepare(
      `INSERT OR REPLACE INTO thumbnails_cache (document_id, artboard_id, event_sequence, content_hash, checksum,
         width, height, png_data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    readThumbnail: db.prepare('SELECT * FROM thumbnails_cache WHERE document_id = ? AND artboard_id = ?'),
    listThumbnails: db.prepare('SELECT * FROM thumbnails_cache WHERE document_id = ? ORDER BY artboard_id'),
    deleteThumbnails: db.prepare('DELETE FROM thumbnails_cache WHERE document_id = ?'),
  }
}

/** A raw rendered-path row: the values of {@link PATH_COLUMNS}. */
type PathSqlRow = readonly [
  objectId: string,
  eventSequence: number,
  contentHash: string,
  checksum: number,
  vertexData: Uint8Array,
]

function toPathRow(row: PathSqlRow): RenderedPathRow {
  const [objectId, eventSequence, contentHash, checksum, data] = row
  return { objectId, eventSequence, contentHash, data, intact: crc32(data) === checksum }
}

/** Above this many bytes in all, a whole document's rows are read one value each (see readRenderedPaths). */
const ONE_VALUE_LIMIT = 256 * 1024 * 1024

/** Separator of the fields and rows of the one-value heads (U+001F, `char(31)` in the statement). */
const SEP = '\u001f'

/**
 * The integer written in `text` from `from` to `to` (an optional `-`, then 1 to 15 digits: the
 * text SQLite gives an INTEGER), or `undefined` for any other text (a REAL, a text value).
 */
function integerAt(text: string, from: number, to: number): number | undefined {
  const negative = text.charCodeAt(from) === 0x2d
  const start = negative ? from + 1 : from
  if (to <= start || to - start > 15) return undefined
  let n = 0
  for (let i = start; i < to; i++) {
    const digit = text.charCodeAt(i) - 0x30
    if (digit < 0 || digit > 9) return undefined
    n = n * 10 + digit
  }
  return negative ? -n : n
}

/** Receives one row of {@link parseHeads}: its fields and the range of its bytes. */
type HeadSink = (
  objectId: string,
  eventSequence: number,
  contentHash: string,
  checksum: number,
  at: number,
  length: number,
) => void

/**
 * Parses the heads of a whole-document read: `heads` holds `count` rows of five fields (object
 * id, sequence, content hash, checksum, bytes' length; four without `checksums`: no checksum),
 * all separated by U+001F, and the rows' bytes, `total` in all, follow each other in the same
 * order. Hands each row to `sink`; false (some rows handed already) when the heads do not parse
 * as exactly `count` rows (an id or hash holding U+001F, a number that is not an integer) or
 * the lengths do not add up to `total`: the caller then reads the rows one by one.
 */
function parseHeads(
  count: number,
  heads: string,
  total: number,
  checksums: boolean,
  sink: HeadSink,
): boolean {
  let field = 0
  let at = 0
  for (let row = 0; row < count; row++) {
    // the separators after the id, sequence, hash (and checksum); the length runs to the next
    const s1 = heads.indexOf(SEP, field)
    const s2 = s1 < 0 ? -1 : heads.indexOf(SEP, s1 + 1)
    const s3 = s2 < 0 ? -1 : heads.indexOf(SEP, s2 + 1)
    const s4 = !checksums || s3 < 0 ? s3 : heads.indexOf(SEP, s3 + 1)
    if (s4 < 0) return false
    let end = heads.indexOf(SEP, s4 + 1)
    if (end < 0) end = heads.length
    const eventSequence = integerAt(heads, s1 + 1, s2)
    const checksum = checksums ? integerAt(heads, s3 + 1, s4) : 0
    const length = integerAt(heads, s4 + 1, end)
    if (eventSequence === undefined || checksum === undefined || length === undefined || length < 0) {
      return false
    }
    if (at + length > total) return false
    sink(heads.slice(field, s1), eventSequence, heads.slice(s2 + 1, s3), checksum, at, length)
    at += length
    field = end + 1
  }
  // every field consumed (no separator left over) and every byte cut
  return field === heads.length + 1 && at === total
}

/**
 * The rows of a whole-document read with checksums (see {@link parseHeads}), each row's bytes a
 * view (no copy) checked against its checksum; `undefined` when the read does not parse.
 */
function cutPathRows(count: number, heads: string, bytes: Uint8Array): RenderedPathRow[] | undefined {
  const out: RenderedPathRow[] = []
  const parsed = parseHeads(
    count,
    heads,
    bytes.length,
    true,
    (objectId, eventSequence, contentHash, checksum, at, length) => {
      // a plain view (cheaper to make than a Buffer's subarray)
      const data = new Uint8Array(bytes.buffer, bytes.byteOffset + at, length)
      out.push({ objectId, eventSequence, contentHash, data, intact: crc32(data) === checksum })
    },
  )
  return parsed ? out : undefined
}

/** The rows of a marked read (see {@link parseHeads}, no checksums) in columns; `undefined` when it does not parse. */
function cutMarkedRows(read: WholeDocumentRead): MarkedRenderedPaths | undefined {
  const objectIds: string[] = []
  const contentHashes: string[] = []
  const offsets = new Uint32Array(read.count + 1)
  let row = 0
  const parsed = parseHeads(
    read.count,
    read.heads,
    read.bytes.length,
    false,
    (objectId, _s, contentHash, _c, at, length) => {
      objectIds.push(objectId)
      contentHashes.push(contentHash)
      offsets[++row] = at + length
    },
  )
  return parsed ? { objectIds, contentHashes, bytes: read.bytes, offsets } : undefined
}

/** Access to the storage's state the cache needs: liveness and writability checks, the clock. */
export interface RenderCacheHost {
  readonly alive: (operation: string) => void
  readonly writable: (operation: string) => void
  readonly clock: () => number
}

/** {@link RenderCacheStore} over a format-6 connection (see the module comment). */
export class SqliteRenderCache implements RenderCacheStore {
  readonly #db: SqliteConnection
  readonly #host: RenderCacheHost
  #stmt: ReturnType<typeof statements> | undefined
  #markStmt: ReturnType<typeof markStatements> | undefined
  /** Whether the file has the marks table (format 7; a format-6 file read as it is has none). */
  readonly #marks: boolean
  /** Whether the connection is in WAL mode (read on the first write). */
  #wal: boolean | undefined

  constructor(db: SqliteConnection, host: RenderCacheHost, marks: boolean) {
    this.#db = db
    this.#host = host
    this.#marks = marks
  }

  /** Statements are prepared on first use (most sessions never touch the caches). */
  get #s(): ReturnType<typeof statements> {
    this.#stmt ??= statements(this.#db)
    return this.#stmt
  }

  get #m(): ReturnType<typeof markStatements> {
    this.#markStmt ??= markStatements(this.#db)
    return this.#markStmt
  }

  /** Deletes the document's mark (in the transaction of a write of its rows). */
  #unmark(documentId: string): void {
    if (this.#marks) this.#m.deleteMark.run(documentId)
  }

  #run<T>(operation: string, write: boolean, fn: () => T): T {
    if (write) this.#host.writable(operation)
    else this.#host.alive(operation)
    try {
      return fn()
    } catch (error) {
      throw toStorageError(operation, error)
    }
  }

  /**
   * Runs a cache-only write transaction. In WAL mode it commits with `synchronous = NORMAL` (the
   * connection's own setting is restored right after): the rows are derived and checked on every
   * read, so they need no fsync of their own; they become durable with the next event commit
   * (which syncs the whole WAL) or checkpoint. This keeps cache maintenance from adding one
   * fsync per flush to the dispatch path. Inside an outer transaction, nothing is changed.
   */
  #cacheTransaction<T>(fn: () => T): T {
    const db = this.#db
    this.#wal ??= String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal'
    const level = !this.#wal || db.inTransaction ? 1 : (db.pragma('synchronous', { simple: true }) as number)
    if (level > 1) db.pragma('synchronous = NORMAL')
    try {
      return db.transaction(fn).immediate()
    } finally {
      if (level > 1) db.pragma(`synchronous = ${level}`)
    }
  }

  writeObjects(
    documentId: string,
    entries: readonly ObjectCacheEntry[],
    removed: readonly string[] = [],
  ): readonly number[] {
    const checked = entries.map((e) => {
      checkValidity('writeObjects', e.eventSequence, e.contentHash)
      return { entry: e, box: e.bounds === undefined ? undefined : checkBox('writeObjects', e.bounds) }
    })
    return this.#run('writeObjects', true, () => {
      const s = this.#s
      const ids: number[] = []
      this.#cacheTransaction(() => {
        if (removed.length + checked.length > 0) this.#unmark(documentId)
        for (const id of removed) s.deleteObject.run(documentId, id)
        for (const { entry: e, box } of checked) {
          const { cache_id: id } = s.upsertPath.get(
            documentId,
            e.objectId,
            e.eventSequence,
            e.contentHash,
            crc32(e.tessellation),
            e.tessellation,
          ) as { cache_id: number }
          ids.push(id)
          s.deleteSpatial.run(id)
          if (box === undefined) continue
          const sum = spatialChecksum(e.objectId, e.eventSequence, e.contentHash, box)
          s.insertSpatial.run(
            id,
            box.minX,
            box.maxX,
            box.minY,
            box.maxY,
            e.objectId,
            e.eventSequence,
            e.contentHash,
            sum,
            documentId,
          )
        }
      })
      return ids
    })
  }

  deleteObjects(documentId: string, objectIds?: readonly string[]): number {
    return this.#run('deleteObjects', true, () => {
      const s = this.#s
      return this.#cacheTransaction(() => {
        this.#unmark(documentId)
        return objectIds === undefined
          ? s.deleteAllObjects.run(documentId).changes
          : objectIds.reduce((n, id) => n + s.deleteObject.run(documentId, id).changes, 0)
      })
    })
  }

  /**
   * The whole document's rows in one statement (see `readPathsOneValue`), or `undefined` when the
   * document's bytes exceed ONE_VALUE_LIMIT or the result is not the expected shape.
   */
  #wholeDocument(documentId: string, marked: boolean): WholeDocumentRead | undefined {
    const s = this.#s
    // a file under the limit cannot hold more bytes than that; a larger one is summed first
    const pages = this.#db.pragma('page_count', { simple: true }) as number
    const size = pages * (this.#db.pragma('page_size', { simple: true }) as number)
    const total = size <= ONE_VALUE_LIMIT ? 0 : ((s.sumPathBytes.get(documentId) as number | null) ?? 0)
    if (total > ONE_VALUE_LIMIT) return undefined
    const statement = marked ? s.readPathsMarkedValue : s.readPathsOneValue
    return wholeDocumentRead(statement.get(documentId) as WholeDocumentRow)
  }

  readRenderedPaths(documentId: string, objectIds?: readonly string[]): readonly RenderedPathRow[] {
    return this.#run('readRenderedPaths', false, () => {
      const s = this.#s
      if (objectIds === undefined) {
        const whole = this.#wholeDocument(documentId, false)
        if (whole?.count === 0) return []
        const cut = whole === undefined ? undefined : cutPathRows(whole.count, whole.heads, whole.bytes)
        if (cut !== undefined) return cut
        return (s.readPaths.all(documentId) as PathSqlRow[]).map(toPathRow)
      }
      const out: RenderedPathRow[] = []
      for (const id of objectIds) {
        const row = s.readPath.get(documentId, id) as PathSqlRow | undefined
        if (row !== undefined) out.push(toPathRow(row))
      }
      return out
    })
  }

  readMarkedRenderedPaths(documentId: string, eventSequence: number): MarkedRenderedPaths | undefined {
    if (!this.#marks) return undefined
    return this.#run('readMarkedRenderedPaths', false, () => {
      const mark = currentMark(this.#m, documentId, eventSequence)
      if (mark === undefined) return undefined
      const whole = this.#wholeDocument(documentId, true)
      if (whole === undefined || !readMatchesMark(whole, mark)) return undefined
      // every row as the mark's writer checked it: no checksum per row
      return cutMarkedRows(whole)
    })
  }

  markRenderedPaths(
    documentId: string,
    eventSequence: number,
    accept: (rows: readonly RenderedPathRow[]) => boolean,
  ): boolean {
    if (!this.#marks) return false
    return this.#run('markRenderedPaths', true, () =>
      this.#cacheTransaction(() => {
        const eventId = this.#m.eventIdAt.get(documentId, eventSequence) as number | undefined
        if (eventId === undefined) return false
        // the rows checked one by one (checksums), then the CRC-32s of what a marked read reads
        const whole = this.#wholeDocument(documentId, false)
        if (whole === undefined) return false
        const rows = whole.count === 0 ? [] : cutPathRows(whole.count, whole.heads, whole.bytes)
        if (rows === undefined || !accept(rows)) return false
        const marked = this.#wholeDocument(documentId, true)
        if (marked === undefined) return false
        writeMark(this.#m, documentId, markOf(eventSequence, eventId, marked))
        return true
      }),
    )
  }

  listSpatialRows(documentId: string): readonly SpatialRow[] {
    return this.#run('listSpatialRows', false, () =>
      (this.#s.listSpatial.all(documentId) as SpatialSqlRow[]).map(toSpatialRow),
    )
  }

  querySpatial(documentId: string, box: CacheBox): readonly SpatialRow[] {
    const b = checkBox('querySpatial', box)
    return this.#run('querySpatial', false, () =>
      (this.#s.querySpatial.all(b.minX, b.maxX, b.minY, b.maxY, documentId) as SpatialSqlRow[]).map(
        toSpatialRow,
      ),
    )
  }

  querySpatialIds(box: CacheBox): readonly number[] {
    const b = checkBox('querySpatialIds', box)
    return this.#run(
      'querySpatialIds',
      false,
      () => this.#s.querySpatialIds.all(b.minX, b.maxX, b.minY, b.maxY) as number[],
    )
  }

  writeThumbnail(documentId: string, thumbnail: ThumbnailInput): void {
    checkValidity('writeThumbnail', thumbnail.eventSequence, thumbnail.contentHash)
    const { width, height } = thumbnail
    if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 1 || height < 1) {
      throw new StorageError(
        'invalid-argument',
        `writeThumbnail: width and height must be integers >= 1, got ${width}×${height}`,
      )
    }
    this.#run('writeThumbnail', true, () => {
      this.#s.upsertThumbnail.run(
        documentId,
        thumbnail.artboardId ?? DOCUMENT_THUMBNAIL_KEY,
        thumbnail.eventSequence,
        thumbnail.contentHash,
        crc32(thumbnail.png),
        width,
        height,
        thumbnail.png,
        this.#host.clock(),
      )
    })
  }

  readThumbnail(documentId: string, artboardId?: string): ThumbnailRow | undefined {
    return this.#run('readThumbnail', false, () => {
      const row = this.#s.readThumbnail.get(documentId, artboardId ?? DOCUMENT_THUMBNAIL_KEY) as
        | ThumbnailSqlRow
        | undefined
      return row === undefined ? undefined : toThumbnailRow(row)
    })
  }

  listThumbnails(documentId: string): readonly ThumbnailRow[] {
    return this.#run('listThumbnails', false, () =>
      (this.#s.listThumbnails.all(documentId) as ThumbnailSqlRow[]).map(toThumbnailRow),
    )
  }

  deleteThumbnails(documentId: string): number {
    return this.#run('deleteThumbnails', true, () => this.#s.deleteThumbnails.run(documentId).changes)
  }
}

/** Applies test damage to one object's rows (see `corruptRenderCache` in testing.ts). */
export function damageRenderCacheRow(
  db: SqliteConnection,
  documentId: string,
  objectId: string,
  damage: RenderCacheDamage,
): void {
  if (damage.kind === 'mark') {
    damageMark(db, documentId, damage)
    return
  }
  const row = db
    .prepare(
      `SELECT r.cache_id, r.vertex_data, r.event_sequence, r.content_hash, s.min_x, s.max_x, s.min_y, s.max_y
       FROM rendered_paths_cache r LEFT JOIN spatial_index_cache s ON s.id = r.cache_id
       WHERE r.document_id = ? AND r.object_id = ?`,
    )
    .get(documentId, objectId) as
    | {
        cache_id: number
        vertex_data: Uint8Array
        event_sequence: number
        content_hash: string
        min_x: number | null
        max_x: number
        min_y: number
        max_y: number
      }
    | undefined
  if (row === undefined) {
    throw new StorageError(
      'invalid-argument',
      `corruptRenderCache: object ${objectId} of ${documentId} has no cache rows`,
    )
  }
  if (damage.kind === 'path-byte') {
    const bytes = new Uint8Array(row.vertex_data)
    const i = damage.byteIndex % Math.max(1, bytes.length)
    bytes[i] = (bytes[i] ?? 0) ^ 0xff
    db.prepare('UPDATE rendered_paths_cache SET vertex_data = ? WHERE cache_id = ?').run(bytes, row.cache_id)
  } else if (damage.kind === 'spatial-box') {
    db.prepare('UPDATE spatial_index_cache SET min_x = min_x + ?, max_x = max_x + ? WHERE id = ?').run(
      damage.dx,
      damage.dx,
      row.cache_id,
    )
  } else {
    const sequence = damage.eventSequence ?? row.event_sequence
    const hash = damage.contentHash ?? row.content_hash
    db.prepare('UPDATE rendered_paths_cache SET event_sequence = ?, content_hash = ? WHERE cache_id = ?').run(
      sequence,
      hash,
      row.cache_id,
    )
    if (row.min_x !== null) {
      const box = { minX: row.min_x, maxX: row.max_x, minY: row.min_y, maxY: row.max_y }
      db.prepare(
        'UPDATE spatial_index_cache SET event_sequence = ?, content_hash = ?, checksum = ? WHERE id = ?',
      ).run(sequence, hash, spatialChecksum(objectId, sequence, hash, box), row.cache_id)
    }
  }
}
