/**
 * The SQLite {@link DocumentStorage}: one {@link SqliteConnection} (better-sqlite3 on Node), every statement compiled by
 * Kysely (see queries.ts) and prepared once, on first use. Appends run in one IMMEDIATE transaction (all or
 * nothing; the sequence check and the inserts see the same state); reads stream with
 * `iterate()`, one row at a time.
 */

import type { DraftEvent } from '@wiretuner/event-schema'
import {
  checkAtOrBefore,
  checkKeep,
  checkNewDocument,
  checkPatch,
  checkRange,
  checkSequence,
  checkTime,
  DEFAULT_SNAPSHOT_RETENTION,
  duplicateEventId,
  readOnlyError,
  sequenceConflict,
  snapshotSequenceOutOfRange,
  snapshotTooLarge,
  unknownDocument,
} from './checks.js'
import { exactCachedCount, safeInteger } from './count-cache.js'
import { registerDamageHook } from './damage-hooks.js'
import { StorageError } from './errors.js'
import { appendResult, type PreparedAppend, prepareAppend } from './event-codec.js'
import { EventInserter } from './event-inserts.js'
import { DEFAULT_SNAPSHOT_CODEC, type SnapshotCodec } from './gzip-codecs.js'
import {
  checkEntryWindow,
  entrySequenceOutOfRange,
  HISTORY_INDEX_DDL,
  HISTORY_INDEX_TABLE,
  isStale,
  newestTrustedEntry,
  noHistoryIndex,
  type StoredHistoryEntry,
} from './history-index.js'
import { decodeRows, type StoredRow } from './log-decoding.js'
import { HISTORY_SQL, SQL, type SqlKey, type SqlParams, type SqlRow } from './queries.js'
import {
  damageRenderCacheRow,
  RENDER_CACHE_DDL,
  RENDER_CACHE_TABLES,
  SqliteRenderCache,
} from './render-cache.js'
import { RENDER_CACHE_MARKS_DDL, RENDER_CACHE_MARKS_TABLE } from './render-cache-marks.js'
import {
  FORMAT_MAJOR,
  FORMAT_VERSION,
  FORMAT_WITH_EVENT_COUNTS,
  FORMAT_WITH_HISTORY_INDEX,
  FORMAT_WITH_RENDER_CACHES,
  INDEX_EVENTS_EVENT_ID,
  MIN_READABLE_FORMAT_VERSION,
  metadataOf,
} from './schema.js'
import { DEFAULT_MAX_SNAPSHOT_BYTES, encodeSnapshot, type SnapshotCompression } from './snapshot-codec.js'
import {
  latestGoodSnapshot,
  type SnapshotDecoding,
  type StoredSnapshot,
  snapshotProblems,
} from './snapshot-selection.js'
import type { SqliteConnection, SqliteStatement, TypedStatement } from './sqlite-connection.js'
import { sqliteCode, toStorageError } from './sqlite-errors.js'
import { withMemoryJournals } from './statement-journals.js'
import type {
  AppendOptions,
  AppendResult,
  DocumentMetadata,
  DocumentStorage,
  HistoryEntryInfo,
  HistoryEntryLoadResult,
  LoadHistoryEntryOptions,
  LoadSnapshotOptions,
  MetadataPatch,
  NewDocument,
  ReadItem,
  ReadRange,
  SnapshotInfo,
  SnapshotLoadResult,
  SnapshotProblem,
  StorageOptions,
  WriteSnapshotOptions,
} from './types.js'

/** Statements on `event_counts`: prepared only on format-3 (and later) schemas. */
type CountCacheKey = 'cachedCount' | 'bumpCount' | 'rebuildCount'
/** Statements of {@link SQL} the storage runs directly (`insertEvent` runs through `EventInserter`). */
type StatementKey = Exclude<keyof typeof SQL, CountCacheKey | 'insertEvent'>
/** The statement of `SQL[K]` or `HISTORY_SQL[K]`, typed by its Kysely builder's parameters and row. */
type Prepared<K extends SqlKey> = TypedStatement<SqlParams<K>, SqlRow<K>>

/**
 * Statements of one SQL table (`SQL` or `HISTORY_SQL`), each prepared on first use and then kept
 * for the connection: the storage prepares a statement when it is first used, not all at open (in
 * the browser, preparing them all was ~2 ms of the ~10 ms open of a file; most sessions use a
 * few). `K` restricts which of the table's statements the holder may run. Nothing is made per
 * statement at open (an object of per-key getters cost ~0.2 ms in a fresh Node process).
 */
class LazyStatements<K extends SqlKey> {
  readonly #db: SqliteConnection
  readonly #sql: { readonly [Key in K]: string }
  readonly #made = new Map<K, SqliteStatement>()

  constructor(db: SqliteConnection, sql: { readonly [Key in K]: string }) {
    this.#db = db
    this.#sql = sql
  }

  /** The prepared statement `key` (prepared now if this is its first use). */
  of<Key extends K>(key: Key): Prepared<Key> {
    let statement = this.#made.get(key)
    if (statement === undefined) {
      statement = this.#db.prepare(this.#sql[key])
      this.#made.set(key, statement)
    }
    return statement as unknown as Prepared<Key>
  }
}

/** Which derived cache tables the connection's schema has (they may have been dropped). */
interface CacheTables {
  /** The history index table. */
  readonly history: boolean
  /** Every render cache table. */
  readonly renderCaches: boolean
  /** The marks of `rendered_paths_cache` (format 7). */
  readonly marks: boolean
}

/** {@link CacheTables} of the connection, read in one statement (an open runs it once). */
function cacheTables(db: SqliteConnection): CacheTables {
  const names = [HISTORY_INDEX_TABLE, ...RENDER_CACHE_TABLES, RENDER_CACHE_MARKS_TABLE]
  const rows = db
    .prepare(`SELECT name, type FROM sqlite_master WHERE name IN (${names.map(() => '?').join(', ')})`)
    .all(...names) as { name: string; type: string }[]
  return {
    history: rows.some((r) => r.name === HISTORY_INDEX_TABLE && r.type === 'table'),
    renderCaches: RENDER_CACHE_TABLES.every((t) => rows.some((r) => r.name === t)),
    marks: rows.some((r) => r.name === RENDER_CACHE_MARKS_TABLE),
  }
}

function toCompression(value: string): SnapshotCompression {
  return value === 'none' ? 'none' : 'gzip'
}

function toInfo(row: SqlRow<'listSnapshots'> | SqlRow<'snapshotById'>, storedBytes: number): SnapshotInfo {
  return {
    snapshotId: row.snapshot_id,
    documentId: row.document_id,
    eventSequence: row.event_sequence,
    createdAt: row.created_at,
    compression: toCompression(row.compression),
    storedBytes,
  }
}

/** Options of {@link SqliteStorage}. */
export interface SqliteStorageOptions extends StorageOptions {
  readonly readOnly?: boolean
}

/**
 * Checks that a connection's schema (`PRAGMA user_version`) can back a storage: the current
 * format for reading and writing, or an older readable one (1, 2) for reading only.
 */
function checkFormat(version: number, readOnly: boolean): void {
  if (version > FORMAT_VERSION) {
    throw new StorageError(
      'newer-format',
      `the database has format version ${version}; this code reads up to ${FORMAT_VERSION}`,
      { details: { formatVersion: version, supported: FORMAT_VERSION } },
    )
  }
  if (version < MIN_READABLE_FORMAT_VERSION) {
    throw new StorageError(
      'invalid-argument',
      `the database has format version ${version}, which has no WireTuner schema to read (oldest readable: ${MIN_READABLE_FORMAT_VERSION}); open it read-write with openWireTunerFile to migrate it`,
      { details: { formatVersion: version } },
    )
  }
  if (version < FORMAT_VERSION && !readOnly) {
    throw new StorageError(
      'invalid-argument',
      `the database has the older format version ${version}, readable but not writable as it is; open it read-write with openWireTunerFile to migrate it to ${FORMAT_VERSION}`,
      { details: { formatVersion: version, current: FORMAT_VERSION } },
    )
  }
}

/**
 * {@link DocumentStorage} over an open better-sqlite3 connection. Read-write needs the current
 * schema ({@link FORMAT_VERSION}); read-only also accepts an older readable format (1, 2),
 * which it reads as it is: without `event_counts` (format 3) counts come from the rows.
 */
export class SqliteStorage implements DocumentStorage {
  readonly readOnly: boolean
  /** The schema's format version (`PRAGMA user_version`) when this storage was opened. */
  readonly formatVersion: number
  /**
   * True when {@link formatVersion} is older than {@link FORMAT_VERSION}: readable as it is
   * (this storage is then read-only); the next read-write `openWireTunerFile` upgrades it.
   */
  readonly olderFormat: boolean
  readonly #db: SqliteConnection
  readonly #stmt: LazyStatements<StatementKey>
  /** `event_counts` statements; undefined on older formats (counts come from the rows). */
  readonly #cache: LazyStatements<CountCacheKey> | undefined
  /** History index statements; undefined where the table is absent (older format read as it is). */
  readonly #history: LazyStatements<keyof typeof HISTORY_SQL> | undefined
  /**
   * True when this (writable) open found the history index table missing in a current-format
   * file (dropped behind the engine's back) and created it again, empty.
   */
  readonly historyIndexRecreated: boolean
  /**
   * The render caches (format 6; see render-cache.ts), or `undefined` on an older format read as
   * it is. A writable open recreates dropped cache tables, empty.
   */
  readonly renderCache?: SqliteRenderCache
  readonly #clock: () => number
  readonly #maxSnapshotBytes: number
  readonly #decoding: SnapshotDecoding
  readonly #codec: SnapshotCodec
  /**
   * The IMMEDIATE append transaction, built by the first append (see {@link #appendTransaction}):
   * better-sqlite3 prepares its five transaction statements on a connection's first
   * `transaction()`, which a session that only reads never needs.
   */
  #appendTx: ((documentId: string, expected: number, prepared: PreparedAppend) => void) | undefined

  constructor(db: SqliteConnection, options: SqliteStorageOptions = {}) {
    this.#db = db
    this.readOnly = options.readOnly ?? false
    this.formatVersion = db.pragma('user_version', { simple: true }) as number
    checkFormat(this.formatVersion, this.readOnly)
    this.olderFormat = this.formatVersion < FORMAT_VERSION
    this.#clock = options.clock ?? Date.now
    this.#maxSnapshotBytes = options.maxSnapshotBytes ?? DEFAULT_MAX_SNAPSHOT_BYTES
    this.#codec = options.snapshotCodec ?? DEFAULT_SNAPSHOT_CODEC
    this.#decoding = { maxBytes: this.#maxSnapshotBytes, codec: this.#codec }
    registerDamageHook(this, {
      snapshot: (documentId, snapshotId, blob) => this.#corruptSnapshot(documentId, snapshotId, blob),
      historyEntry: (documentId, sequence, blob) => this.#corruptHistoryEntry(documentId, sequence, blob),
      renderCacheRow: (documentId, objectId, damage) => {
        this.#writable('corruptRenderCache')
        if (this.renderCache === undefined) throw readOnlyError('corruptRenderCache')
        this.#run('corruptRenderCache', () => damageRenderCacheRow(db, documentId, objectId, damage))
      },
    })
    this.#stmt = new LazyStatements<StatementKey>(db, SQL)
    this.#cache =
      this.formatVersion >= FORMAT_WITH_EVENT_COUNTS ? new LazyStatements<CountCacheKey>(db, SQL) : undefined
    const tables = cacheTables(db)
    let history = this.formatVersion >= FORMAT_WITH_HISTORY_INDEX && tables.history
    this.historyIndexRecreated = false
    if (!history && !this.readOnly && this.formatVersion >= FORMAT_WITH_HISTORY_INDEX) {
      // a derived cache dropped behind the engine's back: recreate it (empty) and say so
      db.exec(HISTORY_INDEX_DDL)
      history = true
      this.historyIndexRecreated = true
    }
    this.#history = history ? new LazyStatements(db, HISTORY_SQL) : undefined
    const caches = this.formatVersion >= FORMAT_WITH_RENDER_CACHES
    if (caches && !this.readOnly && !tables.renderCaches) {
      for (const statement of RENDER_CACHE_DDL) db.exec(statement)
    }
    // (a writable storage has the current format, hence marks: recreated when dropped)
    if (caches && !this.readOnly && !tables.marks) db.exec(RENDER_CACHE_MARKS_DDL)
    if (caches && (!this.readOnly || tables.renderCaches)) {
      this.renderCache = new SqliteRenderCache(
        db,
        {
          alive: (operation) => this.#alive(operation),
          writable: (operation) => this.#writable(operation),
          clock: this.#clock,
        },
        !this.readOnly || tables.marks,
      )
    }
  }

  /**
   * The append transaction, built on first use and kept: the sequence check, the rows
   * (`EventInserter`), the cached count and the metadata's modification time, all or nothing.
   */
  #appendTransaction(): (documentId: string, expected: number, prepared: PreparedAppend) => void {
    if (this.#appendTx !== undefined) return this.#appendTx
    const db = this.#db
    const inserter = new EventInserter(db)
    this.#appendTx = db.transaction((documentId: string, expected: number, prepared: PreparedAppend) => {
      if (this.#stmt.of('documentExists').get(documentId) === undefined) throw unknownDocument(documentId)
      const actual = this.#next(documentId)
      if (actual !== expected) throw sequenceConflict(documentId, expected, actual)
      const events = prepared.events
      inserter.insert(documentId, prepared)
      if (events.length > 0) {
        // The cached count moves in the same transaction as the rows (one UPDATE per batch);
        // a document without a count row (new, or dropped by the re-key trigger) is recounted.
        // (Writable storages always have the current format, hence the cache: see checkFormat.)
        const cache = this.#cache as LazyStatements<CountCacheKey>
        if (cache.of('bumpCount').run(events.length, documentId).changes === 0)
          cache.of('rebuildCount').run(documentId, documentId)
        this.#stmt.of('touchMetadata').run(this.#clock(), documentId)
      }
    }).immediate
    return this.#appendTx
  }

  /** The underlying connection's open state. */
  get open(): boolean {
    return this.#db.open
  }

  #alive(operation: string): void {
    if (!this.#db.open) throw new StorageError('closed', `${operation}: the storage is closed`)
  }

  #writable(operation: string): void {
    this.#alive(operation)
    if (this.readOnly) throw readOnlyError(operation)
  }

  #exists(documentId: string): boolean {
    return this.#stmt.of('documentExists').get(documentId) !== undefined
  }

  #requireDocument(documentId: string): void {
    if (!this.#exists(documentId)) throw unknownDocument(documentId)
  }

  /**
   * One past the largest stored sequence. Rows edited behind the engine's back (2998.5, text)
   * are not positions of the log: when the largest stored value is not a safe integer, the
   * largest integer one is used (those rows are reported as invalid when read).
   */
  #next(documentId: string): number {
    const max: unknown = this.#stmt.of('maxSequence').get(documentId)?.max_sequence ?? null
    if (max === null) return 0
    const largest =
      safeInteger(max) ?? safeInteger(this.#stmt.of('maxIntegerSequence').get(documentId)?.max_sequence)
    return largest === undefined ? 0 : largest + 1
  }

  #run<T>(operation: string, fn: () => T): T {
    try {
      return fn()
    } catch (error) {
      throw toStorageError(operation, error)
    }
  }

  createDocument(input: NewDocument): DocumentMetadata {
    this.#writable('createDocument')
    const { documentId, title, createdAt, author } = checkNewDocument(input, this.#clock)
    const first = input.firstEvents ?? []
    const prepared = first.length === 0 ? undefined : prepareAppend(documentId, first, 0)
    return this.#run('createDocument', () => {
      // the metadata row and the first events in one transaction: a kill leaves both or neither
      // (statement journals in memory: see statement-journals.ts)
      const transaction = this.#db.transaction(() => {
        try {
          this.#stmt.of('insertMetadata').run(documentId, title, FORMAT_MAJOR, createdAt, createdAt, author)
        } catch (error) {
          if (sqliteCode(error) === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
            throw new StorageError('duplicate-document', `document ${documentId} already exists`, {
              cause: error,
              details: { documentId },
            })
          }
          throw error
        }
        if (prepared !== undefined) this.#appendTransaction()(documentId, 0, prepared)
      }).immediate
      withMemoryJournals(this.#db, transaction)
      return {
        documentId,
        title,
        formatVersion: FORMAT_MAJOR,
        createdAt,
        modifiedAt: createdAt,
        author,
      }
    })
  }

  getMetadata(documentId: string): DocumentMetadata | undefined {
    this.#alive('getMetadata')
    const row = this.#run('getMetadata', () => this.#stmt.of('getMetadata').get(documentId))
    return row === undefined ? undefined : metadataOf(row)
  }

  setMetadata(documentId: string, patch: MetadataPatch): DocumentMetadata {
    this.#writable('setMetadata')
    const modifiedAt = checkPatch(patch, this.#clock)
    return this.#run('setMetadata', () => {
      const current = this.getMetadata(documentId)
      if (current === undefined) throw unknownDocument(documentId)
      const title = patch.title ?? current.title
      const author = patch.author === undefined ? current.author : patch.author
      this.#stmt.of('updateMetadata').run(title, author, modifiedAt, documentId)
      return { ...current, title, author, modifiedAt }
    })
  }

  listDocuments(): readonly DocumentMetadata[] {
    this.#alive('listDocuments')
    return this.#run('listDocuments', () => this.#stmt.of('listDocuments').all().map(metadataOf))
  }

  deleteDocument(documentId: string): boolean {
    this.#writable('deleteDocument')
    return this.#run('deleteDocument', () => this.#stmt.of('deleteDocument').run(documentId).changes > 0)
  }

  nextSequence(documentId: string): number {
    this.#alive('nextSequence')
    return this.#run('nextSequence', () => {
      this.#requireDocument(documentId)
      return this.#next(documentId)
    })
  }

  eventCount(documentId: string): number {
    this.#alive('eventCount')
    return this.#run('eventCount', () => {
      this.#requireDocument(documentId)
      return this.#count(documentId)
    })
  }

  /**
   * The number of stored events in O(log n): the cached count (`event_counts`), trusted only when
   * it equals the span MAX - MIN + 1 of the stored sequences (two index seeks; the rule and why it
   * holds: count-cache.ts). Otherwise (no cache row, gaps, foreign rows, or an older format
   * without `event_counts`) the rows are counted: slower, never wrong.
   */
  #count(documentId: string): number {
    const cached = this.#cache?.of('cachedCount').get(documentId)
    if (cached !== undefined) {
      const max: unknown = this.#stmt.of('maxSequence').get(documentId)?.max_sequence ?? null
      const min: unknown = this.#stmt.of('minSequence').get(documentId)?.min_sequence ?? null
      const exact = exactCachedCount(cached.event_count, max, min)
      if (exact !== undefined) return exact
    }
    return this.#stmt.of('countEvents').get(documentId)?.n ?? 0
  }

  append(documentId: string, events: readonly DraftEvent[], options: AppendOptions): AppendResult {
    this.#writable('append')
    const expected = checkSequence('expectedSequence', options.expectedSequence)
    const prepared = prepareAppend(documentId, events, expected)
    try {
      const append = this.#appendTransaction()
      withMemoryJournals(this.#db, () => append(documentId, expected, prepared))
    } catch (error) {
      if (
        sqliteCode(error)?.startsWith('SQLITE_CONSTRAINT') &&
        String((error as Error).message).includes(INDEX_EVENTS_EVENT_ID)
      ) {
        const stored = prepared.events.find((e) => this.#stmt.of('findEventId').get(e.eventId) !== undefined)
        throw duplicateEventId(stored?.eventId ?? '(unknown)', 'is already stored')
      }
      throw toStorageError(`append to document ${documentId}`, error)
    }
    return appendResult(expected, prepared)
  }

  readEvents(documentId: string, range: ReadRange = {}): Iterable<ReadItem> {
    this.#alive('readEvents')
    const { from, to } = checkRange(range)
    this.#run('readEvents', () => this.#requireDocument(documentId))
    const db = this.#db
    const cached = this.#stmt.of('readRange')
    // Lazy: the statement starts when iteration starts (no extra generator layer per row).
    const rows: Iterable<StoredRow> = {
      [Symbol.iterator]: () => {
        // A second concurrent reader cannot share the cached statement while it is iterating.
        const stmt = cached.busy ? (db.prepare(SQL.readRange) as unknown as typeof cached) : cached
        return stmt.iterate(documentId, from, to)
      },
    }
    return decodeRows(documentId, rows, from, (error) =>
      toStorageError(`readEvents of document ${documentId}`, error),
    )
  }

  writeSnapshot(
    documentId: string,
    eventSequence: number,
    data: Uint8Array,
    options: WriteSnapshotOptions = {},
  ): SnapshotInfo {
    this.#writable('writeSnapshot')
    checkSequence('eventSequence', eventSequence)
    return this.#run('writeSnapshot', () => {
      this.#requireDocument(documentId)
      const next = this.#next(documentId)
      if (eventSequence >= next) throw snapshotSequenceOutOfRange(documentId, eventSequence, next)
      if (data.length > this.#maxSnapshotBytes)
        throw snapshotTooLarge(documentId, data.length, this.#maxSnapshotBytes)
      const compression = options.compression ?? 'gzip'
      const createdAt = checkTime('createdAt', options.createdAt ?? this.#clock())
      const blob = encodeSnapshot(data, compression, this.#codec)
      const result = this.#stmt
        .of('insertSnapshot')
        .run(documentId, eventSequence, blob, createdAt, compression)
      return {
        snapshotId: Number(result.lastInsertRowid),
        documentId,
        eventSequence,
        createdAt,
        compression,
        storedBytes: blob.length,
      }
    })
  }

  *#storedSnapshots(documentId: string, atOrBefore: number): Generator<StoredSnapshot> {
    // Ids first (covering index, no blob read), then each blob by rowid only when the caller
    // asks for the next candidate: loading the newest good snapshot reads one blob, not the
    // blobs a combined query would copy into its sorter for the snapshot_id tie-break.
    const ids = this.#stmt.of('snapshotIdsNewestFirst').all(documentId, atOrBefore)
    for (const { snapshot_id } of ids) {
      const row = this.#stmt.of('snapshotById').get(snapshot_id)
      if (row === undefined) continue // deleted in between (only by this connection's caller)
      yield { info: toInfo(row, row.snapshot_data.length), blob: row.snapshot_data }
    }
  }

  loadLatestSnapshot(documentId: string, options: LoadSnapshotOptions = {}): SnapshotLoadResult {
    this.#alive('loadLatestSnapshot')
    const limit = checkAtOrBefore(options)
    return this.#run('loadLatestSnapshot', () => {
      this.#requireDocument(documentId)
      return latestGoodSnapshot(this.#storedSnapshots(documentId, limit), this.#decoding)
    })
  }

  listSnapshots(documentId: string): readonly SnapshotInfo[] {
    this.#alive('listSnapshots')
    return this.#run('listSnapshots', () => {
      this.#requireDocument(documentId)
      return this.#stmt
        .of('listSnapshots')
        .all(documentId)
        .map((r) => toInfo(r, r.stored_bytes))
    })
  }

  verifySnapshots(documentId: string): readonly SnapshotProblem[] {
    this.#alive('verifySnapshots')
    return this.#run('verifySnapshots', () => {
      this.#requireDocument(documentId)
      return snapshotProblems(this.#storedSnapshots(documentId, Number.MAX_SAFE_INTEGER), this.#decoding)
    })
  }

  pruneSnapshots(documentId: string, keep: number = DEFAULT_SNAPSHOT_RETENTION): number {
    this.#writable('pruneSnapshots')
    checkKeep(keep)
    return this.#run('pruneSnapshots', () => {
      this.#requireDocument(documentId)
      return this.#stmt.of('pruneSnapshots').run(documentId, documentId, keep).changes
    })
  }

  logBytes(documentId: string, range: ReadRange = {}): number {
    this.#alive('logBytes')
    const { from, to } = checkRange(range)
    return this.#run('logBytes', () => {
      this.#requireDocument(documentId)
      return this.#stmt.of('logBytes').get(documentId, from, to)?.bytes ?? 0
    })
  }

  /** One statement: SQLite reads the payload's `userId` (no event is decoded or validated in JavaScript). */
  eventUserId(documentId: string, sequence: number): string | undefined {
    this.#alive('eventUserId')
    checkSequence('sequence', sequence)
    return this.#run(
      'eventUserId',
      () => this.#stmt.of('eventUserId').get(documentId, sequence)?.user_id ?? undefined,
    )
  }

  get historyIndexAvailable(): boolean {
    return this.#history !== undefined
  }

  writeHistoryEntry(documentId: string, eventSequence: number, data: Uint8Array): HistoryEntryInfo {
    this.#writable('writeHistoryEntry')
    checkSequence('eventSequence', eventSequence)
    const history = this.#history
    if (history === undefined) throw noHistoryIndex('writeHistoryEntry')
    return this.#run('writeHistoryEntry', () => {
      this.#requireDocument(documentId)
      if (data.length > this.#maxSnapshotBytes)
        throw snapshotTooLarge(documentId, data.length, this.#maxSnapshotBytes)
      const row = this.#stmt.of('eventIdAt').get(documentId, eventSequence)
      if (typeof row?.event_id !== 'string') throw entrySequenceOutOfRange(documentId, eventSequence)
      const blob = encodeSnapshot(data, 'gzip', this.#codec)
      const createdAt = this.#clock()
      history.of('insertEntry').run(documentId, eventSequence, row.event_id, blob, createdAt)
      return {
        documentId,
        eventSequence,
        eventId: row.event_id,
        createdAt,
        storedBytes: blob.length,
        stale: false,
      }
    })
  }

  *#historyCandidates(
    history: LazyStatements<keyof typeof HISTORY_SQL>,
    documentId: string,
    after: number,
    atOrBefore: number,
  ): Generator<StoredHistoryEntry> {
    // one candidate at a time: a lookup usually stops at the first
    for (const row of history.of('candidates').iterate(documentId, after, atOrBefore)) {
      yield {
        info: {
          documentId,
          eventSequence: row.event_sequence,
          eventId: row.event_id,
          createdAt: row.created_at,
        },
        logEventId: row.log_event_id ?? undefined,
        blob: () => history.of('data').get(documentId, row.event_sequence)?.state_data,
      }
    }
  }

  loadHistoryEntry(documentId: string, options: LoadHistoryEntryOptions = {}): HistoryEntryLoadResult {
    this.#alive('loadHistoryEntry')
    const [after, atOrBefore] = checkEntryWindow(options)
    const history = this.#history
    return this.#run('loadHistoryEntry', () => {
      this.#requireDocument(documentId)
      if (history === undefined || atOrBefore <= after) return { skipped: [] }
      return newestTrustedEntry(
        this.#historyCandidates(history, documentId, after, atOrBefore),
        this.#maxSnapshotBytes,
        this.#codec,
      )
    })
  }

  listHistoryEntries(documentId: string): readonly HistoryEntryInfo[] {
    this.#alive('listHistoryEntries')
    const history = this.#history
    return this.#run('listHistoryEntries', () => {
      this.#requireDocument(documentId)
      if (history === undefined) return []
      return history
        .of('list')
        .all(documentId)
        .map((row) => {
          const info = {
            documentId,
            eventSequence: row.event_sequence,
            eventId: row.event_id,
            createdAt: row.created_at,
            storedBytes: row.stored_bytes,
          }
          return { ...info, stale: isStale(info.eventId, row.log_event_id) }
        })
    })
  }

  deleteHistoryEntries(documentId: string, sequences?: readonly number[]): number {
    this.#writable('deleteHistoryEntries')
    const history = this.#history
    if (history === undefined) throw noHistoryIndex('deleteHistoryEntries')
    return this.#run('deleteHistoryEntries', () => {
      this.#requireDocument(documentId)
      if (sequences === undefined) return history.of('deleteAll').run(documentId).changes
      let deleted = 0
      this.#db.transaction(() => {
        for (const sequence of sequences) deleted += history.of('deleteOne').run(documentId, sequence).changes
      })()
      return deleted
    })
  }

  deleteSnapshots(documentId: string, snapshotIds: readonly number[]): number {
    this.#writable('deleteSnapshots')
    return this.#run('deleteSnapshots', () => {
      this.#requireDocument(documentId)
      let deleted = 0
      this.#db.transaction(() => {
        for (const id of snapshotIds) deleted += this.#stmt.of('deleteSnapshot').run(documentId, id).changes
      })()
      return deleted
    })
  }

  /** Replaces a history entry's stored blob (on-disk damage, for tests: see `testing.ts`). */
  #corruptHistoryEntry(documentId: string, eventSequence: number, blob: Uint8Array): void {
    this.#writable('corruptHistoryEntry')
    const history = this.#history
    if (history === undefined) throw noHistoryIndex('corruptHistoryEntry')
    this.#run('corruptHistoryEntry', () => {
      this.#requireDocument(documentId)
      history.of('replaceData').run(blob, documentId, eventSequence)
    })
  }

  /** Replaces a snapshot's stored blob (on-disk damage, for tests: see `testing.ts`). */
  #corruptSnapshot(documentId: string, snapshotId: number, blob: Uint8Array): void {
    this.#writable('corruptSnapshot')
    this.#run('corruptSnapshot', () => {
      this.#requireDocument(documentId)
      this.#stmt.of('replaceSnapshotBlob').run(blob, snapshotId)
    })
  }
}
