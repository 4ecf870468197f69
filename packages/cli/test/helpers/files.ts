/** Builds damaged or foreign files for the bad-input tests (real SQLite, edited with better-sqlite3). */
import { copyFileSync, writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'

/** Copies `source` to `target` and sets `PRAGMA user_version` (the format version) to `version`. */
export function withFormatVersion(source: string, target: string, version: number): string {
  copyFileSync(source, target)
  const db = new Database(target)
  db.pragma(`user_version = ${version}`)
  db.close()
  return target
}

/** An SQLite database of another application. */
export function foreignSqlite(target: string): string {
  const db = new Database(target)
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)')
  db.close()
  return target
}

/** A file that is not SQLite at all. */
export function textFile(target: string): string {
  writeFileSync(target, 'this is not a database\n'.repeat(20))
  return target
}

/** Copies `source` to `target` and deletes the event with sequence `sequence` (a gap). */
export function withGap(source: string, target: string, sequence: number): string {
  copyFileSync(source, target)
  const db = new Database(target)
  db.prepare('DELETE FROM events WHERE event_sequence = ?').run(sequence)
  db.close()
  return target
}

/** Copies `source` to `target` and overwrites the newest snapshot's bytes with garbage. */
export function withCorruptNewestSnapshot(source: string, target: string): string {
  copyFileSync(source, target)
  const db = new Database(target)
  db.prepare(
    'UPDATE snapshots SET snapshot_data = randomblob(200) WHERE snapshot_id = (SELECT snapshot_id FROM snapshots ORDER BY event_sequence DESC LIMIT 1)',
  ).run()
  db.close()
  return target
}

/**
 * Copies `source` to `target` and leaves `bytes` of free pages in it (a table filled and dropped,
 * as deleted data or a dropped cache leave them): the file keeps its size until a VACUUM.
 */
export function withFreePages(source: string, target: string, bytes: number): string {
  copyFileSync(source, target)
  const db = new Database(target)
  db.exec('CREATE TABLE scratch (body BLOB)')
  const insert = db.prepare('INSERT INTO scratch (body) VALUES (?)')
  for (let done = 0; done < bytes; done += 4096) insert.run(Buffer.alloc(4096, 7))
  db.exec('DROP TABLE scratch')
  db.close()
  return target
}
