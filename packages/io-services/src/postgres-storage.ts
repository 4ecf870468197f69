/**
 * The PostgreSQL {@link AsyncDocumentStorage}: the `.wiretuner` schema on a PostgreSQL database
 * (postgres-migrations.ts), queried through Kysely's Postgres dialect over a `pg` pool, with the
 * same validation, serialisation, snapshot and history-entry checks as the SQLite store (the
 * shared modules event-codec, log-decoding, snapshot-selection, history-index, checks; the
 * snapshot and history queries are postgres-snapshots.ts and postgres-history.ts). Several
 * server processes may share one database: an append locks its document's metadata row
 * (`FOR NO KEY UPDATE`) before checking `expectedSequence`, so two appends to one document run one
 * after the other and the second gets `conflict`; UNIQUE(document_id, event_sequence) backs that
 * up. Each committed append is announced with NOTIFY (see postgres-notifications.ts).
 */
import type { DraftEvent } from '@wiretuner/event-schema'
import { sql, type Transaction } from 'kysely'
import type { AsyncDocumentStorage } from './async-storage.js'
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
import { exactCachedCount } from './count-cache.js'
import { registerDamageHook } from './damage-hooks.js'
import { StorageError } from './errors.js'
import { appendResult, type PreparedAppend, prepareAppend } from './event-codec.js'
import { DEFAULT_SNAPSHOT_CODEC, type SnapshotCodec } from './gzip-codecs.js'
import { checkEntryWindow, entrySequenceOutOfRange } from './history-index.js'
import { decodeRows } from './log-decoding.js'
import { eventIdOf, type PostgresDb } from './postgres-db.js'
import {
  isDuplicateEventIdViolation,
  isSequenceViolation,
  toPostgresStorageError,
} from './postgres-errors.js'
import {
  deleteEntryRows,
  listEntryRows,
  loadTrustedEntry,
  logEventIdAt,
  replaceEntryBlob,
  upsertHistoryEntry,
} from './postgres-history.js'
import {
  APPEND_CHANNEL,
  type AppendCallback,
  type AppendListener,
  appendPayload,
} from './postgres-notifications.js'
import {
  deleteSnapshotRows,
  insertSnapshotRow,
  listSnapshotRows,
  loadLatestSnapshotRow,
  pruneSnapshotRows,
  replaceSnapshotBlob,
  snapshotRowProblems,
} from './postgres-snapshots.js'
import { FORMAT_MAJOR, type MetadataTable, type WireTunerDatabase } from './schema.js'
import { DEFAULT_MAX_SNAPSHOT_BYTES, encodeSnapshot } from './snapshot-codec.js'
import type { SnapshotDecoding } from './snapshot-selection.js'
import type {
  AppendOptions,
  AppendResult,
  DocumentMetadata,
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

/** Rows per INSERT statement of an append (6 parameters a row; PostgreSQL allows 65,535). */
export const POSTGRES_INSERT_ROWS = 1000

/** Rows fetched per query of a `readEvents` iteration (keyset pages: no connection held between them). */
export const POSTGRES_READ_PAGE_ROWS = 1000

type Db = PostgresDb

function toMetadata(row: MetadataTable): DocumentMetadata {
  return {
    documentId: row.document_id,
    title: row.title,
    formatVersion: row.format_version,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    author: row.author,
  }
}

/** Settings of {@link PostgresStorage} (the pool and the listener are opened by `openPostgresStorage`). */
export interface PostgresStorageSettings extends StorageOptions {
  readonly readOnly?: boolean
  /** Names the database in error messages (the URL without its password). */
  readonly where: string
}

/**
 * {@link AsyncDocumentStorage} over a migrated PostgreSQL database. Open it with
 * `openPostgresStorage` (`@wiretuner/io-services/postgres`), which runs the migrations.
 */
export class PostgresStorage implements AsyncDocumentStorage {
  readonly readOnly: boolean
  /** Always true: the migrations create the history index table. */
  readonly historyIndexAvailable = true
  /** The database, for messages (no password). */
  readonly where: string
  readonly #db: Db
  readonly #listener: AppendListener | undefined
  readonly #clock: () => number
  readonly #maxSnapshotBytes: number
  readonly #codec: SnapshotCodec
  readonly #decoding: SnapshotDecoding
  #closed: Promise<void> | undefined

  constructor(db: Db, listener: AppendListener | undefined, settings: PostgresStorageSettings) {
    this.#db = db
    this.#listener = listener
    this.where = settings.where
    this.readOnly = settings.readOnly ?? false
    this.#clock = settings.clock ?? Date.now
    this.#maxSnapshotBytes = settings.maxSnapshotBytes ?? DEFAULT_MAX_SNAPSHOT_BYTES
    this.#codec = settings.snapshotCodec ?? DEFAULT_SNAPSHOT_CODEC
    this.#decoding = { maxBytes: this.#maxSnapshotBytes, codec: this.#codec }
    registerDamageHook(this, {
      snapshot: (documentId, snapshotId, blob) => this.#corruptSnapshot(documentId, snapshotId, blob),
      historyEntry: (documentId, sequence, blob) => this.#corruptHistoryEntry(documentId, sequence, blob),
    })
  }

  /** False once {@link close} was called. */
  get open(): boolean {
    return this.#closed === undefined
  }

  /**
   * Calls `listener(documentId, nextSequence)` after every committed append to this database, by
   * this storage or any other process (LISTEN/NOTIFY, in commit order per document). Returns the
   * unsubscribe function. Throws `invalid-argument` when the storage was opened with `listen: false`.
   */
  onAppend(listener: AppendCallback): () => void {
    this.#alive('onAppend')
    if (this.#listener === undefined)
      throw new StorageError('invalid-argument', 'onAppend: this storage was opened with listen: false')
    return this.#listener.subscribe(listener)
  }

  /** Closes the pool and the LISTEN connection. Idempotent; later calls throw `closed`. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.#listener?.close()
      await this.#db.destroy()
    })()
    return this.#closed
  }

  #alive(operation: string): void {
    if (this.#closed !== undefined) throw new StorageError('closed', `${operation}: the storage is closed`)
  }

  #writable(operation: string): void {
    this.#alive(operation)
    if (this.readOnly) throw readOnlyError(operation)
  }

  async #run<T>(operation: string, documentId: string | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (error) {
      throw toPostgresStorageError(operation, error, documentId)
    }
  }

  /** {@link #run} of `fn` on an existing document (`unknown-document` otherwise). */
  #onDocument<T>(operation: string, documentId: string, fn: () => Promise<T>): Promise<T> {
    return this.#run(operation, documentId, async () => {
      await this.#requireDocument(documentId)
      return fn()
    })
  }

  /** The document's next sequence (0 for no events); throws `unknown-document`. */
  async #next(db: Db | Transaction<WireTunerDatabase>, documentId: string): Promise<number> {
    const row = await db
      .selectFrom('metadata as m')
      .select((eb) =>
        eb
          .selectFrom('events')
          .select((e) => e.fn.max('event_sequence').as('max'))
          .whereRef('events.document_id', '=', 'm.document_id')
          .as('max_sequence'),
      )
      .where('m.document_id', '=', documentId)
      .executeTakeFirst()
    if (row === undefined) throw unknownDocument(documentId)
    const max = row.max_sequence ?? null
    return max === null ? 0 : max + 1
  }

  /**
   * Locks the document's metadata row for the rest of `trx`: appends to one document queue here,
   * across every process. A statement of its own: under READ COMMITTED the next statement gets a
   * new snapshot, which sees what the previous lock holder committed (a subquery of the locking
   * statement would still see the old state).
   */
  async #lockDocument(trx: Transaction<WireTunerDatabase>, documentId: string): Promise<void> {
    const row = await trx
      .selectFrom('metadata')
      .select('document_id')
      .where('document_id', '=', documentId)
      .forNoKeyUpdate()
      .executeTakeFirst()
    if (row === undefined) throw unknownDocument(documentId)
  }

  async #requireDocument(documentId: string): Promise<void> {
    const row = await this.#db
      .selectFrom('metadata')
      .select('document_id')
      .where('document_id', '=', documentId)
      .executeTakeFirst()
    if (row === undefined) throw unknownDocument(documentId)
  }

  async createDocument(input: NewDocument): Promise<DocumentMetadata> {
    this.#writable('createDocument')
    const { documentId, title, createdAt, author } = checkNewDocument(input, this.#clock)
    const first = input.firstEvents ?? []
    const prepared = first.length === 0 ? undefined : prepareAppend(documentId, first, 0)
    await this.#appendTransaction('createDocument', documentId, prepared, async (trx) => {
      await trx
        .insertInto('metadata')
        .values({
          document_id: documentId,
          title,
          format_version: FORMAT_MAJOR,
          created_at: createdAt,
          modified_at: createdAt,
          author,
        })
        .execute()
      if (prepared !== undefined) await this.#appendIn(trx, documentId, 0, prepared)
    })
    return { documentId, title, formatVersion: FORMAT_MAJOR, createdAt, modifiedAt: createdAt, author }
  }

  async getMetadata(documentId: string): Promise<DocumentMetadata | undefined> {
    this.#alive('getMetadata')
    const row = await this.#run('getMetadata', documentId, () =>
      this.#db
        .selectFrom('metadata')
        .select(['document_id', 'title', 'format_version', 'created_at', 'modified_at', 'author'])
        .where('document_id', '=', documentId)
        .executeTakeFirst(),
    )
    return row === undefined ? undefined : toMetadata(row)
  }

  async setMetadata(documentId: string, patch: MetadataPatch): Promise<DocumentMetadata> {
    this.#writable('setMetadata')
    const modifiedAt = checkPatch(patch, this.#clock)
    const row = await this.#run('setMetadata', documentId, () =>
      this.#db
        .updateTable('metadata')
        .set({
          modified_at: modifiedAt,
          ...(patch.title === undefined ? {} : { title: patch.title }),
          ...(patch.author === undefined ? {} : { author: patch.author }),
        })
        .where('document_id', '=', documentId)
        .returning(['document_id', 'title', 'format_version', 'created_at', 'modified_at', 'author'])
        .executeTakeFirst(),
    )
    if (row === undefined) throw unknownDocument(documentId)
    return toMetadata(row)
  }

  async listDocuments(): Promise<readonly DocumentMetadata[]> {
    this.#alive('listDocuments')
    const rows = await this.#run('listDocuments', undefined, () =>
      this.#db
        .selectFrom('metadata')
        .select(['document_id', 'title', 'format_version', 'created_at', 'modified_at', 'author'])
        .orderBy(sql`rowid`)
        .execute(),
    )
    return rows.map(toMetadata)
  }

  async deleteDocument(documentId: string): Promise<boolean> {
    this.#writable('deleteDocument')
    const result = await this.#run('deleteDocument', documentId, () =>
      this.#db.deleteFrom('metadata').where('document_id', '=', documentId).executeTakeFirst(),
    )
    return result.numDeletedRows > 0n
  }

  async nextSequence(documentId: string): Promise<number> {
    this.#alive('nextSequence')
    return this.#run('nextSequence', documentId, () => this.#next(this.#db, documentId))
  }

  /** The cached count when provably exact (count-cache.ts), else the rows counted. */
  async eventCount(documentId: string): Promise<number> {
    this.#alive('eventCount')
    return this.#run('eventCount', documentId, async () => {
      const row = await this.#db
        .selectFrom('metadata as m')
        .select((eb) => [
          eb
            .selectFrom('event_counts as c')
            .select('c.event_count')
            .whereRef('c.document_id', '=', 'm.document_id')
            .as('cached'),
          eb
            .selectFrom('events as e')
            .select((e) => e.fn.max('e.event_sequence').as('max'))
            .whereRef('e.document_id', '=', 'm.document_id')
            .as('max'),
          eb
            .selectFrom('events as e')
            .select((e) => e.fn.min('e.event_sequence').as('min'))
            .whereRef('e.document_id', '=', 'm.document_id')
            .as('min'),
        ])
        .where('m.document_id', '=', documentId)
        .executeTakeFirst()
      if (row === undefined) throw unknownDocument(documentId)
      const exact = exactCachedCount(row.cached ?? undefined, row.max ?? null, row.min ?? null)
      if (exact !== undefined) return exact
      const counted = await this.#db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('document_id', '=', documentId)
        .executeTakeFirst()
      return counted?.n ?? 0
    })
  }

  async append(
    documentId: string,
    events: readonly DraftEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.#writable('append')
    const expected = checkSequence('expectedSequence', options.expectedSequence)
    const prepared = prepareAppend(documentId, events, expected)
    await this.#appendTransaction(`append to document ${documentId}`, documentId, prepared, (trx) =>
      this.#appendIn(trx, documentId, expected, prepared),
    )
    return appendResult(expected, prepared)
  }

  /**
   * Runs `body` in a transaction, mapping its failures: a violated eventId index becomes
   * `duplicate-event-id` naming the stored eventId, the rest goes through postgres-errors.
   */
  async #appendTransaction(
    operation: string,
    documentId: string,
    prepared: PreparedAppend | undefined,
    body: (trx: Transaction<WireTunerDatabase>) => Promise<void>,
  ): Promise<void> {
    try {
      await this.#db.transaction().execute(body)
    } catch (error) {
      if (isDuplicateEventIdViolation(error) && prepared !== undefined) {
        const ids = prepared.events.map((e) => e.eventId)
        const stored = await this.#db
          .selectFrom('events')
          .select(eventIdOf('event_payload').as('id'))
          .where(eventIdOf('event_payload'), '=', sql<string>`any(${ids})`)
          .limit(1)
          .executeTakeFirst()
          .catch(() => undefined)
        throw duplicateEventId(stored?.id ?? '(unknown)', 'is already stored')
      }
      if (isSequenceViolation(error) && prepared !== undefined) {
        // a writer outside this code's lock stored the sequence first: the same conflict
        const actual = await this.#next(this.#db, documentId).catch(() => -1)
        const conflict = sequenceConflict(documentId, prepared.first, actual)
        throw new StorageError('conflict', conflict.message, { cause: error, details: conflict.details })
      }
      throw toPostgresStorageError(operation, error, documentId)
    }
  }

  /**
   * The append inside `trx`: lock the document's metadata row (appends to one document queue
   * here, across every process), check the sequence, insert the rows, keep the count, touch
   * `modified_at`, and NOTIFY (delivered at commit).
   */
  async #appendIn(
    trx: Transaction<WireTunerDatabase>,
    documentId: string,
    expected: number,
    prepared: PreparedAppend,
  ): Promise<void> {
    await this.#lockDocument(trx, documentId)
    const actual = await this.#next(trx, documentId)
    if (actual !== expected) throw sequenceConflict(documentId, expected, actual)
    const { events, payloads, first } = prepared
    if (events.length === 0) return
    for (let start = 0; start < events.length; start += POSTGRES_INSERT_ROWS) {
      const rows = events.slice(start, start + POSTGRES_INSERT_ROWS).map((event, k) => ({
        document_id: documentId,
        event_sequence: first + start + k,
        event_type: event.eventType,
        event_payload: payloads[start + k] as string,
        timestamp: event.timestamp,
        user_id: event.userId ?? 'local-user',
      }))
      await trx.insertInto('events').values(rows).execute()
    }
    // the count, modified_at and the NOTIFY in ONE statement (one round trip, not three)
    const next = first + events.length
    const after = await trx
      .with('bumped', (db) =>
        db
          .updateTable('event_counts')
          .set({ event_count: sql<number>`event_count + ${events.length}` })
          .where('document_id', '=', documentId)
          .returning('document_id'),
      )
      .with('touched', (db) =>
        db
          .updateTable('metadata')
          .set({ modified_at: sql<number>`greatest(modified_at, ${this.#clock()})` })
          .where('document_id', '=', documentId)
          .returning('document_id'),
      )
      .selectNoFrom((eb) => [
        eb.selectFrom('bumped').select(eb.fn.countAll<number>().as('n')).as('bumped'),
        eb.selectFrom('touched').select(eb.fn.countAll<number>().as('n')).as('touched'),
        sql<string>`pg_notify(${APPEND_CHANNEL}, ${appendPayload(documentId, next)})`.as('notified'),
      ])
      .executeTakeFirstOrThrow()
    if (after.bumped === 0) {
      // no count row (a document of an older writer, or dropped by a re-key): count the rows
      await trx
        .insertInto('event_counts')
        .columns(['document_id', 'event_count'])
        .expression((eb) =>
          eb
            .selectFrom('events')
            .select([
              sql<string>`${documentId}`.as('document_id'),
              eb.fn.countAll<number>().as('event_count'),
            ])
            .where('document_id', '=', documentId),
        )
        .onConflict((oc) =>
          oc.column('document_id').doUpdateSet((eb) => ({ event_count: eb.ref('excluded.event_count') })),
        )
        .execute()
    }
  }

  readEvents(documentId: string, range: ReadRange = {}): AsyncIterable<ReadItem> {
    this.#alive('readEvents')
    const { from, to } = checkRange(range)
    return this.#readPages(documentId, from, to)
  }

  /** Keyset pages of the range, each decoded like the file's rows (gaps and damaged rows reported). */
  async *#readPages(documentId: string, from: number, to: number): AsyncGenerator<ReadItem> {
    const operation = `readEvents of document ${documentId}`
    await this.#run(operation, documentId, () => this.#requireDocument(documentId))
    let next = from
    for (;;) {
      this.#alive('readEvents')
      const start = next
      const rows = await this.#run(operation, documentId, () =>
        this.#db
          .selectFrom('events')
          .select(['event_sequence', 'event_type', 'event_payload'])
          .where('document_id', '=', documentId)
          .where('event_sequence', '>=', start)
          .where('event_sequence', '<=', to)
          .orderBy('event_sequence')
          .limit(POSTGRES_READ_PAGE_ROWS)
          .execute(),
      )
      const last = rows.at(-1)
      if (last === undefined) return
      yield* decodeRows(documentId, rows, start)
      if (rows.length < POSTGRES_READ_PAGE_ROWS) return
      next = last.event_sequence + 1
    }
  }

  async logBytes(documentId: string, range: ReadRange = {}): Promise<number> {
    this.#alive('logBytes')
    const { from, to } = checkRange(range)
    return this.#run('logBytes', documentId, async () => {
      await this.#requireDocument(documentId)
      const row = await this.#db
        .selectFrom('events')
        .select(sql<number | null>`sum(octet_length(event_payload))`.as('bytes'))
        .where('document_id', '=', documentId)
        .where('event_sequence', '>=', from)
        .where('event_sequence', '<=', to)
        .executeTakeFirst()
      return row?.bytes ?? 0
    })
  }

  async writeSnapshot(
    documentId: string,
    eventSequence: number,
    data: Uint8Array,
    options: WriteSnapshotOptions = {},
  ): Promise<SnapshotInfo> {
    this.#writable('writeSnapshot')
    checkSequence('eventSequence', eventSequence)
    return this.#run('writeSnapshot', documentId, async () => {
      const next = await this.#next(this.#db, documentId)
      if (eventSequence >= next) throw snapshotSequenceOutOfRange(documentId, eventSequence, next)
      if (data.length > this.#maxSnapshotBytes)
        throw snapshotTooLarge(documentId, data.length, this.#maxSnapshotBytes)
      const compression = options.compression ?? 'gzip'
      const createdAt = checkTime('createdAt', options.createdAt ?? this.#clock())
      const blob = encodeSnapshot(data, compression, this.#codec)
      const snapshotId = await insertSnapshotRow(
        this.#db,
        documentId,
        eventSequence,
        blob,
        createdAt,
        compression,
      )
      return { snapshotId, documentId, eventSequence, createdAt, compression, storedBytes: blob.length }
    })
  }

  async loadLatestSnapshot(
    documentId: string,
    options: LoadSnapshotOptions = {},
  ): Promise<SnapshotLoadResult> {
    this.#alive('loadLatestSnapshot')
    const limit = checkAtOrBefore(options)
    return this.#onDocument('loadLatestSnapshot', documentId, () =>
      loadLatestSnapshotRow(this.#db, documentId, limit, this.#decoding),
    )
  }

  async listSnapshots(documentId: string): Promise<readonly SnapshotInfo[]> {
    this.#alive('listSnapshots')
    return this.#onDocument('listSnapshots', documentId, () => listSnapshotRows(this.#db, documentId))
  }

  async verifySnapshots(documentId: string): Promise<readonly SnapshotProblem[]> {
    this.#alive('verifySnapshots')
    return this.#onDocument('verifySnapshots', documentId, () =>
      snapshotRowProblems(this.#db, documentId, this.#decoding),
    )
  }

  async pruneSnapshots(documentId: string, keep: number = DEFAULT_SNAPSHOT_RETENTION): Promise<number> {
    this.#writable('pruneSnapshots')
    checkKeep(keep)
    return this.#onDocument('pruneSnapshots', documentId, () => pruneSnapshotRows(this.#db, documentId, keep))
  }

  async deleteSnapshots(documentId: string, snapshotIds: readonly number[]): Promise<number> {
    this.#writable('deleteSnapshots')
    return this.#onDocument('deleteSnapshots', documentId, () =>
      deleteSnapshotRows(this.#db, documentId, snapshotIds),
    )
  }

  async writeHistoryEntry(
    documentId: string,
    eventSequence: number,
    data: Uint8Array,
  ): Promise<HistoryEntryInfo> {
    this.#writable('writeHistoryEntry')
    checkSequence('eventSequence', eventSequence)
    return this.#onDocument('writeHistoryEntry', documentId, async () => {
      if (data.length > this.#maxSnapshotBytes)
        throw snapshotTooLarge(documentId, data.length, this.#maxSnapshotBytes)
      const eventId = await logEventIdAt(this.#db, documentId, eventSequence)
      if (eventId === undefined) throw entrySequenceOutOfRange(documentId, eventSequence)
      const blob = encodeSnapshot(data, 'gzip', this.#codec)
      const createdAt = this.#clock()
      await upsertHistoryEntry(this.#db, documentId, eventSequence, {
        event_id: eventId,
        state_data: blob,
        created_at: createdAt,
      })
      return { documentId, eventSequence, eventId, createdAt, storedBytes: blob.length, stale: false }
    })
  }

  async loadHistoryEntry(
    documentId: string,
    options: LoadHistoryEntryOptions = {},
  ): Promise<HistoryEntryLoadResult> {
    this.#alive('loadHistoryEntry')
    const window = checkEntryWindow(options)
    return this.#onDocument('loadHistoryEntry', documentId, () =>
      loadTrustedEntry(this.#db, documentId, window, this.#maxSnapshotBytes, this.#codec),
    )
  }

  async listHistoryEntries(documentId: string): Promise<readonly HistoryEntryInfo[]> {
    this.#alive('listHistoryEntries')
    return this.#onDocument('listHistoryEntries', documentId, () => listEntryRows(this.#db, documentId))
  }

  async deleteHistoryEntries(documentId: string, sequences?: readonly number[]): Promise<number> {
    this.#writable('deleteHistoryEntries')
    return this.#onDocument('deleteHistoryEntries', documentId, () =>
      deleteEntryRows(this.#db, documentId, sequences),
    )
  }

  /** Replaces a history entry's stored blob (damage, for tests: see `testing.ts`). */
  async #corruptHistoryEntry(documentId: string, eventSequence: number, blob: Uint8Array): Promise<void> {
    this.#writable('corruptHistoryEntry')
    await this.#onDocument('corruptHistoryEntry', documentId, () =>
      replaceEntryBlob(this.#db, documentId, eventSequence, blob),
    )
  }

  /** Replaces a snapshot's stored blob (damage, for tests: see `testing.ts`). */
  async #corruptSnapshot(documentId: string, snapshotId: number, blob: Uint8Array): Promise<void> {
    this.#writable('corruptSnapshot')
    await this.#onDocument('corruptSnapshot', documentId, () =>
      replaceSnapshotBlob(this.#db, snapshotId, blob),
    )
  }
}
