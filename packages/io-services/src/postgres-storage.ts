/**
 * The PostgreSQL {@link AsyncDocumentStorage}: the `.wiretuner` schema on a PostgreSQL database
 * (postgres-migrations.ts), queried through Kysely's Postgres dialect over a `pg` pool, with the
 * same validation, serialisation, snapshot and history-entry checks as the SQLite store (the
 * shared modules event-codec, snapshot-selection, history-index, checks). This class checks the
 * arguments and the storage's state and maps failures; the queries live in postgres-documents.ts
 * (metadata, next sequence, counts), postgres-append.ts (the locked append and its NOTIFY),
 * postgres-events.ts (paged reads), postgres-snapshots.ts and postgres-history.ts. Several server
 * processes may share one database: appends to one document queue on its metadata row lock.
 */
import type { DraftEvent } from '@wiretuner/event-schema'
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
  readOnlyError,
  snapshotSequenceOutOfRange,
  snapshotTooLarge,
} from './checks.js'
import { registerDamageHook } from './damage-hooks.js'
import { StorageError } from './errors.js'
import { appendResult, prepareAppend } from './event-codec.js'
import { DEFAULT_SNAPSHOT_CODEC, type SnapshotCodec } from './gzip-codecs.js'
import { checkEntryWindow, entrySequenceOutOfRange } from './history-index.js'
import { appendInTransaction, runAppendTransaction } from './postgres-append.js'
import type { PostgresDb } from './postgres-db.js'
import {
  countEvents,
  insertMetadataRow,
  listMetadataRows,
  metadataRow,
  nextSequenceOf,
  requireDocument,
  updateMetadataRow,
} from './postgres-documents.js'
import { toPostgresStorageError } from './postgres-errors.js'
import { payloadBytes, payloadUserIdAt, readEventPages } from './postgres-events.js'
import {
  deleteEntryRows,
  listEntryRows,
  loadTrustedEntry,
  logEventIdAt,
  replaceEntryBlob,
  upsertHistoryEntry,
} from './postgres-history.js'
import type { AppendCallback, AppendListener } from './postgres-notifications.js'
import {
  deleteSnapshotRows,
  insertSnapshotRow,
  listSnapshotRows,
  loadLatestSnapshotRow,
  pruneSnapshotRows,
  replaceSnapshotBlob,
  snapshotRowProblems,
} from './postgres-snapshots.js'
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
  readonly #db: PostgresDb
  readonly #listener: AppendListener | undefined
  readonly #clock: () => number
  readonly #maxSnapshotBytes: number
  readonly #codec: SnapshotCodec
  readonly #decoding: SnapshotDecoding
  #closed: Promise<void> | undefined

  constructor(db: PostgresDb, listener: AppendListener | undefined, settings: PostgresStorageSettings) {
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
      await requireDocument(this.#db, documentId)
      return fn()
    })
  }

  async createDocument(input: NewDocument): Promise<DocumentMetadata> {
    this.#writable('createDocument')
    const row = checkNewDocument(input, this.#clock)
    const first = input.firstEvents ?? []
    const prepared = first.length === 0 ? undefined : prepareAppend(row.documentId, first, 0)
    return runAppendTransaction(this.#db, 'createDocument', row.documentId, prepared, async (trx) => {
      const metadata = await insertMetadataRow(trx, row)
      if (prepared !== undefined) await appendInTransaction(trx, row.documentId, 0, prepared, this.#clock)
      return metadata
    })
  }

  async getMetadata(documentId: string): Promise<DocumentMetadata | undefined> {
    this.#alive('getMetadata')
    return this.#run('getMetadata', documentId, () => metadataRow(this.#db, documentId))
  }

  async setMetadata(documentId: string, patch: MetadataPatch): Promise<DocumentMetadata> {
    this.#writable('setMetadata')
    const modifiedAt = checkPatch(patch, this.#clock)
    return this.#run('setMetadata', documentId, () =>
      updateMetadataRow(this.#db, documentId, patch, modifiedAt),
    )
  }

  async listDocuments(): Promise<readonly DocumentMetadata[]> {
    this.#alive('listDocuments')
    return this.#run('listDocuments', undefined, () => listMetadataRows(this.#db))
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
    return this.#run('nextSequence', documentId, () => nextSequenceOf(this.#db, documentId))
  }

  /** The cached count when provably exact (count-cache.ts), else the rows counted. */
  async eventCount(documentId: string): Promise<number> {
    this.#alive('eventCount')
    return this.#run('eventCount', documentId, () => countEvents(this.#db, documentId))
  }

  async append(
    documentId: string,
    events: readonly DraftEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.#writable('append')
    const expected = checkSequence('expectedSequence', options.expectedSequence)
    const prepared = prepareAppend(documentId, events, expected)
    await runAppendTransaction(this.#db, `append to document ${documentId}`, documentId, prepared, (trx) =>
      appendInTransaction(trx, documentId, expected, prepared, this.#clock),
    )
    return appendResult(expected, prepared)
  }

  readEvents(documentId: string, range: ReadRange = {}): AsyncIterable<ReadItem> {
    this.#alive('readEvents')
    const { from, to } = checkRange(range)
    return readEventPages(this.#db, documentId, from, to, () => this.#alive('readEvents'))
  }

  async logBytes(documentId: string, range: ReadRange = {}): Promise<number> {
    this.#alive('logBytes')
    const { from, to } = checkRange(range)
    return this.#onDocument('logBytes', documentId, () => payloadBytes(this.#db, documentId, from, to))
  }

  async eventUserId(documentId: string, sequence: number): Promise<string | undefined> {
    this.#alive('eventUserId')
    checkSequence('sequence', sequence)
    return this.#run('eventUserId', documentId, () => payloadUserIdAt(this.#db, documentId, sequence))
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
      const next = await nextSequenceOf(this.#db, documentId)
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
