/**
 * Warms this Worker's SQLite WASM module up (issue 13): a scratch `:memory:` database (no OPFS, no
 * migrations: a few tables shaped like the file's) runs the kinds of statements an open of a
 * `.wiretuner` file runs (pragmas, metadata and snapshot lookups through the seed's indexes, a
 * log range, BLOB reads) through the same WASM adapter. SQLite's WebAssembly functions compile
 * lazily at first call (~25–30 ms of a new Worker's first open); here they compile before an open
 * is asked for. The engine Worker calls it while it waits for its first request.
 */
import { loadSqlite } from './opfs-pools.js'
import { SEED_LATEST_SNAPSHOT_QUERY, SEED_REPLAY_QUERY, SQL } from './queries.js'
import { WasmConnection } from './wasm-connection.js'

/** The scratch schema: the file's three main tables and both seed indexes, in short. */
const SCRATCH_SCHEMA = `
  create table metadata (document_id text primary key, title text not null, format_version integer not null,
    created_at integer not null, modified_at integer not null, author text);
  create table events (event_id integer primary key autoincrement, document_id text not null references metadata
    on delete cascade, event_sequence integer not null, event_type text not null, event_payload text not null,
    timestamp integer not null, user_id text, unique (document_id, event_sequence));
  create table snapshots (snapshot_id integer primary key autoincrement, document_id text not null references
    metadata on delete cascade, event_sequence integer not null, snapshot_data blob not null,
    created_at integer not null, compression text not null default 'gzip');
  create index idx_events_document_sequence on events (document_id, event_sequence);
  create index idx_snapshots_document on snapshots (document_id, event_sequence desc);`

/** Rows of the scratch log and snapshots. */
const EVENTS = 200
const SNAPSHOTS = 2

/**
 * Loads SQLite WASM (if not yet) and runs the scratch statements once; the database is discarded.
 * Rejects only when SQLite cannot load (`io`, as every OPFS call would).
 */
export async function warmUpSqliteWasm(): Promise<void> {
  const sqlite3 = await loadSqlite()
  const connection = new WasmConnection(sqlite3, new sqlite3.oo1.DB(':memory:', 'c'))
  try {
    connection.pragma('foreign_keys = ON')
    connection.pragma('user_version', { simple: true })
    connection.exec(SCRATCH_SCHEMA)
    const id = 'warm-up'
    connection.prepare(SQL.insertMetadata).run(id, 'warm-up', 4, 0, 0, null)
    const insertEvent = connection.prepare(SQL.insertEvent)
    const insertSnapshot = connection.prepare(
      'insert into snapshots (document_id, event_sequence, snapshot_data, created_at) values (?, ?, ?, ?)',
    )
    connection.transaction(() => {
      for (let k = 0; k < EVENTS; k++) {
        insertEvent.run(id, k, 'MoveObjectEvent', `{"eventId":"e${k}","sequence":${k}}`, k, null)
      }
      for (let s = 1; s <= SNAPSHOTS; s++) {
        insertSnapshot.run(id, s * 100 - 1, new Uint8Array(8_192).fill(s), s)
      }
    })()
    connection.prepare(SQL.getMetadata).get(id)
    connection.prepare(SQL.listDocuments).all()
    connection.prepare(SQL.maxSequence).get(id)
    connection.prepare(SEED_LATEST_SNAPSHOT_QUERY).get(id)
    for (const row of connection.prepare(SEED_REPLAY_QUERY).iterate(id, EVENTS - 100)) void row
    connection.prepare(SQL.readRange).all(id, 0, EVENTS - 1)
  } finally {
    connection.close()
  }
}
