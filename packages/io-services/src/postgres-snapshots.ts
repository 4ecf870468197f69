/**
 * The snapshot queries of the PostgreSQL store. Candidates are listed newest first by id (no blob
 * read), then each blob is fetched only when it is checked, through the same selection as the
 * file (snapshot-selection.ts): loading the newest good snapshot reads one blob.
 */
import { sql } from 'kysely'
import { bytes, type PostgresDb } from './postgres-db.js'
import type { SnapshotCompression } from './snapshot-codec.js'
import {
  latestGoodSnapshot,
  type SnapshotDecoding,
  type StoredSnapshot,
  snapshotProblems,
} from './snapshot-selection.js'
import type { SnapshotInfo, SnapshotLoadResult, SnapshotProblem } from './types.js'

function toCompression(value: string): SnapshotCompression {
  return value === 'none' ? 'none' : 'gzip'
}

/** Inserts a snapshot row; returns its id. */
export async function insertSnapshotRow(
  db: PostgresDb,
  documentId: string,
  eventSequence: number,
  blob: Uint8Array,
  createdAt: number,
  compression: SnapshotCompression,
): Promise<number> {
  const row = await db
    .insertInto('snapshots')
    .values({
      document_id: documentId,
      event_sequence: eventSequence,
      snapshot_data: blob,
      created_at: createdAt,
      compression,
    })
    .returning('snapshot_id')
    .executeTakeFirstOrThrow()
  return row.snapshot_id
}

/** Visits the snapshots at or before `atOrBefore`, newest first, until `visit` returns false. */
async function visitSnapshots(
  db: PostgresDb,
  documentId: string,
  atOrBefore: number,
  visit: (candidate: StoredSnapshot) => boolean,
): Promise<void> {
  const ids = await db
    .selectFrom('snapshots')
    .select('snapshot_id')
    .where('document_id', '=', documentId)
    .where('event_sequence', '<=', atOrBefore)
    .orderBy('event_sequence', 'desc')
    .orderBy('snapshot_id', 'desc')
    .execute()
  for (const { snapshot_id } of ids) {
    const row = await db
      .selectFrom('snapshots')
      .selectAll()
      .where('snapshot_id', '=', snapshot_id)
      .executeTakeFirst()
    if (row === undefined) continue // deleted in between
    const blob = bytes(row.snapshot_data)
    const info: SnapshotInfo = {
      snapshotId: row.snapshot_id,
      documentId: row.document_id,
      eventSequence: row.event_sequence,
      createdAt: row.created_at,
      compression: toCompression(row.compression),
      storedBytes: blob.length,
    }
    if (!visit({ info, blob })) return
  }
}

/** The newest snapshot that passes its checks, and the failing newer ones (as the file does). */
export async function loadLatestSnapshotRow(
  db: PostgresDb,
  documentId: string,
  atOrBefore: number,
  decoding: SnapshotDecoding,
): Promise<SnapshotLoadResult> {
  const skipped: SnapshotProblem[] = []
  let found: SnapshotLoadResult | undefined
  // one candidate at a time through the shared selection (the first good one ends the walk)
  await visitSnapshots(db, documentId, atOrBefore, (candidate) => {
    const result = latestGoodSnapshot([candidate], decoding)
    skipped.push(...result.skipped)
    if (result.snapshot !== undefined) found = { snapshot: result.snapshot, skipped }
    return found === undefined
  })
  return found ?? { skipped }
}

/** Every snapshot of the document that fails its checks, newest first. */
export async function snapshotRowProblems(
  db: PostgresDb,
  documentId: string,
  decoding: SnapshotDecoding,
): Promise<SnapshotProblem[]> {
  const problems: SnapshotProblem[] = []
  await visitSnapshots(db, documentId, Number.MAX_SAFE_INTEGER, (candidate) => {
    problems.push(...snapshotProblems([candidate], decoding))
    return true
  })
  return problems
}

/** Every snapshot's row facts (no blob), newest first. */
export async function listSnapshotRows(db: PostgresDb, documentId: string): Promise<SnapshotInfo[]> {
  const rows = await db
    .selectFrom('snapshots')
    .select(['snapshot_id', 'document_id', 'event_sequence', 'created_at', 'compression'])
    .select(sql<number>`octet_length(snapshot_data)`.as('stored_bytes'))
    .where('document_id', '=', documentId)
    .orderBy('event_sequence', 'desc')
    .orderBy('snapshot_id', 'desc')
    .execute()
  return rows.map((row) => ({
    snapshotId: row.snapshot_id,
    documentId: row.document_id,
    eventSequence: row.event_sequence,
    createdAt: row.created_at,
    compression: toCompression(row.compression),
    storedBytes: row.stored_bytes,
  }))
}

/** Deletes all but the `keep` newest snapshots of the document; returns the count deleted. */
export async function pruneSnapshotRows(db: PostgresDb, documentId: string, keep: number): Promise<number> {
  const result = await db
    .deleteFrom('snapshots')
    .where('document_id', '=', documentId)
    .where('snapshot_id', 'not in', (eb) =>
      eb
        .selectFrom('snapshots')
        .select('snapshot_id')
        .where('document_id', '=', documentId)
        .orderBy('event_sequence', 'desc')
        .orderBy('snapshot_id', 'desc')
        .limit(keep),
    )
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Deletes the listed snapshots of the document; returns the count deleted. */
export async function deleteSnapshotRows(
  db: PostgresDb,
  documentId: string,
  snapshotIds: readonly number[],
): Promise<number> {
  if (snapshotIds.length === 0) return 0
  const result = await db
    .deleteFrom('snapshots')
    .where('document_id', '=', documentId)
    .where('snapshot_id', 'in', [...snapshotIds])
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Replaces a snapshot's stored blob as it is (damage, for tests). */
export async function replaceSnapshotBlob(
  db: PostgresDb,
  snapshotId: number,
  blob: Uint8Array,
): Promise<void> {
  await db
    .updateTable('snapshots')
    .set({ snapshot_data: blob })
    .where('snapshot_id', '=', snapshotId)
    .execute()
}
