/**
 * Schema migrations, run by Kysely's Migrator in one transaction. Migration 1 creates exactly the
 * seed's schema (tables, constraints, both indexes); later migrations only add. `user_version`
 * records how many have run (see {@link FORMAT_VERSION}).
 */
import {
  type ColumnDefinitionBuilder,
  type CreateTableBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  sql,
} from 'kysely'
import { crc32 } from './crc32.js'
import { HISTORY_INDEX_DDL } from './history-index.js'
import { unframeLegacySnapshot } from './legacy-snapshots.js'
import { RENDER_CACHE_DDL } from './render-cache.js'
import { RENDER_CACHE_MARKS_DDL } from './render-cache-marks.js'
import {
  EVENTS_SEQUENCE_CONSTRAINT,
  INDEX_EVENTS_DOCUMENT_SEQUENCE,
  INDEX_EVENTS_EVENT_ID,
  INDEX_SNAPSHOTS_DOCUMENT,
  TRIGGER_EVENT_COUNTS_DELETE,
  TRIGGER_EVENT_COUNTS_UPDATE,
} from './schema.js'
import { decodeSnapshot } from './snapshot-codec.js'

/**
 * How the seed schema's columns are spelled in one SQL dialect: the file's SQLite (below) or
 * PostgreSQL (postgres-migrations.ts). Everything else — tables, columns, constraints, foreign
 * keys, cascades, indexes — is {@link createSeedSchema}'s, written once.
 */
export interface SeedSchemaDialect {
  /** 64-bit integer: SQLite's `integer`, PostgreSQL's `bigint`. */
  readonly integer: 'integer' | 'bigint'
  /** Bytes: `blob` or `bytea`. */
  readonly blob: 'blob' | 'bytea'
  /** An auto-assigned integer primary key (SQLite AUTOINCREMENT, a PostgreSQL identity). */
  readonly autoId: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder
  /** Columns SQLite has implicitly that another dialect spells out (PostgreSQL: `rowid`). */
  readonly metadataColumns?: <T extends string, C extends string>(
    table: CreateTableBuilder<T, C>,
  ) => CreateTableBuilder<T, C>
}

/** The seed's tables and indexes (migration 1) in `dialect`'s column types. */
export async function createSeedSchema(db: Kysely<unknown>, dialect: SeedSchemaDialect): Promise<void> {
  const { integer, blob, autoId } = dialect
  const metadata = db.schema
    .createTable('metadata')
    .addColumn('document_id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('format_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', integer, (c) => c.notNull())
    .addColumn('modified_at', integer, (c) => c.notNull())
    .addColumn('author', 'text')
  await (dialect.metadataColumns?.(metadata) ?? metadata).execute()
  await db.schema
    .createTable('events')
    .addColumn('event_id', integer, (c) => autoId(c.primaryKey()))
    .addColumn('document_id', 'text', (c) =>
      c.notNull().references('metadata.document_id').onDelete('cascade'),
    )
    .addColumn('event_sequence', integer, (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('event_payload', 'text', (c) => c.notNull())
    .addColumn('timestamp', integer, (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addUniqueConstraint(EVENTS_SEQUENCE_CONSTRAINT, ['document_id', 'event_sequence'])
    .execute()
  await db.schema
    .createTable('snapshots')
    .addColumn('snapshot_id', integer, (c) => autoId(c.primaryKey()))
    .addColumn('document_id', 'text', (c) =>
      c.notNull().references('metadata.document_id').onDelete('cascade'),
    )
    .addColumn('event_sequence', integer, (c) => c.notNull())
    .addColumn('snapshot_data', blob, (c) => c.notNull())
    .addColumn('created_at', integer, (c) => c.notNull())
    .addColumn('compression', 'text', (c) => c.notNull().defaultTo('gzip'))
    .execute()
  await db.schema
    .createIndex(INDEX_EVENTS_DOCUMENT_SEQUENCE)
    .on('events')
    .columns(['document_id', 'event_sequence'])
    .execute()
  await db.schema
    .createIndex(INDEX_SNAPSHOTS_DOCUMENT)
    .on('snapshots')
    .columns(['document_id', 'event_sequence desc'])
    .execute()
}

/** Migration 1: the seed schema (metadata, events, snapshots, both indexes). */
const seedSchema: Migration = {
  up: (db: Kysely<unknown>) =>
    createSeedSchema(db, { integer: 'integer', blob: 'blob', autoId: (c) => c.autoIncrement() }),
}

/**
 * Migration 2: the same eventId is never stored twice. A unique index on the payload's eventId
 * (rows whose payload is not valid JSON index as NULL, so a damaged row never blocks writes).
 */
const uniqueEventId: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`CREATE UNIQUE INDEX ${sql.id(INDEX_EVENTS_EVENT_ID)} ON events (
      (CASE WHEN json_valid(event_payload) THEN json_extract(event_payload, '$.eventId') END)
    )`.execute(db)
  },
}

/**
 * Migration 3: cheap event counts. `event_counts` holds each document's number of events, filled
 * here from the existing rows; `append` adds its batch size in the same transaction (one UPDATE
 * per batch, no per-row trigger: an INSERT trigger cost ~2-3 µs per row). Deletes (cascades
 * included) keep it exact through a trigger; re-keying a row drops the document's count (the
 * store then counts and the next append rebuilds it).
 */
const eventCounts: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('event_counts')
      .addColumn('document_id', 'text', (c) =>
        c.primaryKey().notNull().references('metadata.document_id').onDelete('cascade'),
      )
      .addColumn('event_count', 'integer', (c) => c.notNull())
      .modifyEnd(sql`without rowid`)
      .execute()
    await sql`INSERT INTO event_counts (document_id, event_count)
      SELECT m.document_id, (SELECT count(*) FROM events e WHERE e.document_id = m.document_id)
      FROM metadata m`.execute(db)
    await sql`CREATE TRIGGER ${sql.id(TRIGGER_EVENT_COUNTS_DELETE)} AFTER DELETE ON events BEGIN
      UPDATE event_counts SET event_count = event_count - 1 WHERE document_id = OLD.document_id;
    END`.execute(db)
    await sql`CREATE TRIGGER ${sql.id(TRIGGER_EVENT_COUNTS_UPDATE)}
      AFTER UPDATE OF document_id, event_sequence ON events BEGIN
      DELETE FROM event_counts WHERE document_id IN (OLD.document_id, NEW.document_id);
    END`.execute(db)
  },
}

/** What migration 4 does with one legacy blob: its current-form replacement, or `undefined` (drop). */
function seedFormOf(blob: Uint8Array): { blob: Uint8Array; compression: 'gzip' | 'none' } | undefined {
  const frame = unframeLegacySnapshot(blob)
  if (typeof frame === 'string') return undefined
  // In the gzip case the legacy payload is already one gzip member of the bytes: the current form.
  const decoded = decodeSnapshot(frame.payload, { compression: frame.compression })
  if (!decoded.ok) return undefined
  const data = decoded.data
  if (data.length !== frame.uncompressedBytes || crc32(data) !== frame.crc32) return undefined
  // Only JSON survives: replay's private binary payloads (WTRS) are unreadable by this version.
  if (data[0] !== 0x7b /* { */) return undefined
  return { blob: new Uint8Array(frame.payload), compression: frame.compression }
}

/**
 * Migration 4: snapshot blobs become exactly the seed's form (one gzip member of the JSON, or the
 * plain JSON). Every row still holding a legacy `WTSS` frame is rewritten when its payload is JSON,
 * and deleted otherwise (replay's private binary payloads, damaged frames): snapshots are a cache
 * of the log, and loading falls back to an older snapshot or a full replay. Rows are read one
 * blob at a time.
 */
const seedSnapshots: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const ids = await sql<{ snapshot_id: number }>`SELECT snapshot_id FROM snapshots
      WHERE substr(snapshot_data, 1, 4) = CAST('WTSS' AS BLOB) ORDER BY snapshot_id`.execute(db)
    for (const { snapshot_id } of ids.rows) {
      const found = await sql<{ snapshot_data: Uint8Array }>`SELECT snapshot_data FROM snapshots
        WHERE snapshot_id = ${snapshot_id}`.execute(db)
      const row = found.rows[0]
      if (row === undefined) continue
      const replacement = seedFormOf(row.snapshot_data)
      if (replacement === undefined) {
        await sql`DELETE FROM snapshots WHERE snapshot_id = ${snapshot_id}`.execute(db)
      } else {
        await sql`UPDATE snapshots SET snapshot_data = ${replacement.blob},
          compression = ${replacement.compression} WHERE snapshot_id = ${snapshot_id}`.execute(db)
      }
    }
  },
}

/**
 * Migration 5: the persistent history index (`history_index_cache`, see history-index.ts): states
 * at chosen sequences, so that time travel anywhere in a long log starts near its target. A
 * cache: empty after the migration, filled by sessions and `compact`.
 */
const historyIndex: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql.raw(HISTORY_INDEX_DDL).execute(db)
  },
}

/**
 * Migration 6: the seed's planned cache tables (see render-cache.ts): `rendered_paths_cache`,
 * `spatial_index_cache` (an R*Tree virtual table) and `thumbnails_cache`. Caches: empty after the
 * migration, filled by sessions and `compact`; a file without rows opens exactly as before.
 */
const renderCaches: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const statement of RENDER_CACHE_DDL) await sql.raw(statement).execute(db)
  },
}

/**
 * Migration 7: the freshness marks of `rendered_paths_cache` (see render-cache-marks.ts). Empty
 * after the migration: the first session that checks every row of a document writes its mark.
 */
const renderCacheMarks: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql.raw(RENDER_CACHE_MARKS_DDL).execute(db)
  },
}

/** Every migration, by name; names sort in application order. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_seed_schema': seedSchema,
  '0002_unique_event_id': uniqueEventId,
  '0003_event_counts': eventCounts,
  '0004_seed_snapshots': seedSnapshots,
  '0005_history_index': historyIndex,
  '0006_render_caches': renderCaches,
  '0007_render_cache_marks': renderCacheMarks,
}

/** Kysely provider over {@link MIGRATIONS}. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
}
