/**
 * The store's own hot queries (compiled by Kysely) use the seed's indexes: EXPLAIN QUERY PLAN of
 * each, on a real file.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWireTunerFile } from '../src/node.js'
import { SQL } from '../src/queries.js'
import { tempDir } from './helpers.js'

const tmp = tempDir()
let db: Database.Database
beforeAll(async () => {
  const path = join(tmp.dir, 'plans.wiretuner')
  ;(await openWireTunerFile(path)).close()
  db = new Database(path, { readonly: true })
})
afterAll(() => {
  db.close()
  tmp.cleanup()
})

function plan(query: string): string {
  const params = Array.from({ length: (query.match(/\?/g) ?? []).length }, () => 0)
  return (db.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ')
}

describe('query plans', () => {
  it.each([
    ['readRange', 'idx_events_document_sequence'],
    ['maxSequence', 'idx_events_document_sequence'],
    ['minSequence', 'idx_events_document_sequence'],
    ['rebuildCount', 'idx_events_document_sequence'],
    ['countEvents', 'idx_events_document_sequence'],
    ['findEventId', 'idx_events_event_id'],
    ['snapshotIdsNewestFirst', 'idx_snapshots_document'],
    ['listSnapshots', 'idx_snapshots_document'],
    ['pruneSnapshots', 'idx_snapshots_document'],
  ] as const)('%s uses %s and never scans the table', (name, index) => {
    const detail = plan(SQL[name])
    expect(detail).toMatch(new RegExp(`SEARCH \\w+ USING (COVERING )?INDEX ${index}`))
    expect(detail).not.toMatch(/SCAN (events|snapshots)/)
  })

  it('snapshotIdsNewestFirst reads only the covering index (no blob) and snapshotById seeks the rowid', () => {
    expect(plan(SQL.snapshotIdsNewestFirst)).toMatch(
      /SEARCH snapshots USING COVERING INDEX idx_snapshots_document/,
    )
    expect(plan(SQL.snapshotById)).toMatch(/^SEARCH snapshots USING INTEGER PRIMARY KEY \(rowid=\?\)$/)
  })

  it.each(['cachedCount', 'bumpCount'] as const)('%s seeks event_counts by its primary key', (name) => {
    expect(plan(SQL[name])).toMatch(/^SEARCH event_counts USING PRIMARY KEY \(document_id=\?\)$/)
  })
})
