/**
 * The PostgreSQL schema: the SAME tables, columns, constraints, indexes, foreign keys and
 * cascades as the `.wiretuner` file (migrations.ts), in PostgreSQL's types — `bigint` for
 * SQLite's 64-bit INTEGER (sequences, Unix-ms times), `bytea` for BLOB, identity columns for
 * AUTOINCREMENT — as migrations named like the file's, run by Kysely's Migrator (which
 * records them in `wiretuner_migration` and serialises concurrent opens with an advisory lock).
 * Two things SQLite has implicitly are spelled out: `metadata.rowid` (creation order, SQLite's
 * implicit rowid) and `wiretuner_event_id(payload)` (SQLite's `json_valid`/`json_extract`: the
 * payload's eventId, NULL for a payload that is not JSON, so a damaged row never blocks writes).
 */
import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely'
import { HISTORY_INDEX_TABLE } from './history-index.js'
import { createSeedSchema } from './migrations.js'
import { INDEX_EVENTS_EVENT_ID, TRIGGER_EVENT_COUNTS_DELETE, TRIGGER_EVENT_COUNTS_UPDATE } from './schema.js'

/** Kysely's migration bookkeeping tables in a WireTuner PostgreSQL database. */
export const POSTGRES_MIGRATION_TABLE = 'wiretuner_migration'
/** The Migrator's lock row table (the lock itself is an advisory lock). */
export const POSTGRES_MIGRATION_LOCK_TABLE = 'wiretuner_migration_lock'

/** The SQL function giving a payload's eventId (NULL when the payload is not JSON). */
export const EVENT_ID_FUNCTION = 'wiretuner_event_id'

/** Migration 1: the seed schema, in PostgreSQL's types (see `createSeedSchema`). */
const seedSchema: Migration = {
  up: (db: Kysely<unknown>) =>
    createSeedSchema(db, {
      integer: 'bigint',
      blob: 'bytea',
      autoId: (c) => c.generatedByDefaultAsIdentity(),
      // SQLite's implicit rowid: listDocuments' creation order
      metadataColumns: (table) =>
        table.addColumn('rowid', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity()),
    }),
}

/** Migration 2: the same eventId is never stored twice (unique index on the payload's eventId). */
const uniqueEventId: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`CREATE FUNCTION ${sql.id(EVENT_ID_FUNCTION)}(payload text) RETURNS text
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      BEGIN
        RETURN payload::json ->> 'eventId';
      EXCEPTION WHEN others THEN
        RETURN NULL;
      END $$`.execute(db)
    await sql`CREATE UNIQUE INDEX ${sql.id(INDEX_EVENTS_EVENT_ID)}
      ON events ((${sql.id(EVENT_ID_FUNCTION)}(event_payload)))`.execute(db)
  },
}

/**
 * Migration 3: cheap event counts, as in the file: `event_counts`, bumped by `append` in its
 * transaction; deletes (cascades included) keep it exact through a statement-level trigger (one
 * UPDATE per statement, not per row); re-keying a row drops the document's count.
 */
const eventCounts: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('event_counts')
      .addColumn('document_id', 'text', (c) =>
        c.primaryKey().notNull().references('metadata.document_id').onDelete('cascade'),
      )
      .addColumn('event_count', 'bigint', (c) => c.notNull())
      .execute()
    await sql`INSERT INTO event_counts (document_id, event_count)
      SELECT m.document_id, (SELECT count(*) FROM events e WHERE e.document_id = m.document_id)
      FROM metadata m`.execute(db)
    await sql`CREATE FUNCTION wiretuner_event_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE event_counts c SET event_count = c.event_count - d.n
        FROM (SELECT document_id, count(*) AS n FROM old_rows GROUP BY document_id) d
        WHERE c.document_id = d.document_id;
        RETURN NULL;
      END $$`.execute(db)
    await sql`CREATE TRIGGER ${sql.id(TRIGGER_EVENT_COUNTS_DELETE)} AFTER DELETE ON events
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
      EXECUTE FUNCTION wiretuner_event_counts_delete()`.execute(db)
    await sql`CREATE FUNCTION wiretuner_event_counts_rekey() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM event_counts WHERE document_id IN (OLD.document_id, NEW.document_id);
        RETURN NULL;
      END $$`.execute(db)
    await sql`CREATE TRIGGER ${sql.id(TRIGGER_EVENT_COUNTS_UPDATE)}
      AFTER UPDATE OF document_id, event_sequence ON events FOR EACH ROW
      WHEN (OLD.document_id IS DISTINCT FROM NEW.document_id
        OR OLD.event_sequence IS DISTINCT FROM NEW.event_sequence)
      EXECUTE FUNCTION wiretuner_event_counts_rekey()`.execute(db)
  },
}

/**
 * Migration 4 of the file rewrites legacy `WTSS` snapshot frames into the seed's form. A
 * PostgreSQL database never held one (it starts at this code's snapshot form): nothing to do,
 * kept so that the migration count is the format version here too.
 */
const seedSnapshots: Migration = {
  async up(): Promise<void> {},
}

/** Migration 5: the persistent history index (`history_index_cache`, see history-index.ts). */
const historyIndex: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`CREATE TABLE ${sql.id(HISTORY_INDEX_TABLE)} (
      document_id TEXT NOT NULL REFERENCES metadata (document_id) ON DELETE CASCADE,
      event_sequence BIGINT NOT NULL,
      event_id TEXT NOT NULL,
      state_data BYTEA NOT NULL,
      created_at BIGINT NOT NULL,
      PRIMARY KEY (document_id, event_sequence)
    )`.execute(db)
  },
}

/**
 * Migration 6: the render caches of the `.wiretuner` file (an SQLite R*Tree among them) are not
 * kept in PostgreSQL (the storage has no `renderCache` capability); an empty migration, kept so that
 * the migration count is the format version here too.
 */
const renderCaches: Migration = {
  async up(): Promise<void> {},
}

/** Migration 7: the freshness marks of the file's render caches; none here either (empty, like 6). */
const renderCacheMarks: Migration = {
  async up(): Promise<void> {},
}

/** Every PostgreSQL migration, by name (the file's names); names sort in application order. */
export const POSTGRES_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_seed_schema': seedSchema,
  '0002_unique_event_id': uniqueEventId,
  '0003_event_counts': eventCounts,
  '0004_seed_snapshots': seedSnapshots,
  '0005_history_index': historyIndex,
  '0006_render_caches': renderCaches,
  '0007_render_cache_marks': renderCacheMarks,
}

/** Kysely provider over {@link POSTGRES_MIGRATIONS}. */
export const postgresMigrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...POSTGRES_MIGRATIONS }),
}
