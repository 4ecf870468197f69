/**
 * Acceptance (issue 10): the snapshots of a file written by the project are exactly the seed's
 * form. For every snapshot row, the SYSTEM `sqlite3` shell extracts the blob, the SYSTEM `gzip`
 * decompresses it, `JSON.parse` reads it, and its `document` equals vector-model's
 * `documentToJson` of a full replay of the stored log to that sequence. (`scripts/setup.sh`
 * installs Debian's sqlite3 and gzip when they are missing.)
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32, gzipSync } from 'node:zlib'
import type { WireTunerEvent } from '@wiretuner/event-schema'
import { LEGACY_SNAPSHOT_REASON } from '@wiretuner/io-services'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { documentToJson } from '@wiretuner/vector-model'
import { afterAll, describe, expect, it } from 'vitest'
import { Folder, initialState, REPLAY_STATE_FORMAT, REPLAY_STATE_FORMAT_VERSION } from '../src/advanced.js'
import { openSession } from '../src/index.js'
import { createRandom, simulatedLog } from '../src/testing.js'
import { fakeUuid } from './support/helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'wt-seed-snapshots-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const EVENTS = 4_321

/** Runs a system tool; its stdout as text. */
const tool = (command: string, args: readonly string[]): string =>
  execFileSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })

describe('snapshots in the seed form', () => {
  it('sqlite3 + gzip -dc + JSON.parse of every snapshot give the document of a full replay', async () => {
    const path = join(dir, 'session.wiretuner')
    const documentId = fakeUuid(1, 0x5eed)
    const file = await openWireTunerFile(path)
    file.createDocument({ documentId, title: 'Seed snapshots' })
    const session = openSession(file, documentId, { snapshotScheduling: 'sync', closeSnapshotMinTail: 50 })
    // A realistic mix dispatched in batches of 1..400 events, as an editor (and an import) would.
    const log = simulatedLog(23, EVENTS, { documentId }).slice(0, EVENTS)
    const random = createRandom(99)
    const rand = (): number => random.next()
    for (let at = 0; at < log.length; ) {
      const size = 1 + Math.floor(rand() * 400)
      session.dispatch(log.slice(at, at + size))
      at += size
    }
    session.close()
    const rows = file.listSnapshots(documentId).map((s) => ({ id: s.snapshotId, sequence: s.eventSequence }))
    expect(rows.map((r) => r.sequence)).toEqual([4320, 3999, 2999, 1999, 999])
    // The full replay, from the events read back from storage.
    const expected = new Map<number, string>()
    const wanted = new Set(rows.map((r) => r.sequence))
    const folder = new Folder(initialState(documentId))
    for (const item of file.readEvents(documentId)) {
      expect(item.kind).toBe('event')
      folder.apply((item as { event: WireTunerEvent }).event)
      if (wanted.has(folder.sequence)) {
        expected.set(folder.sequence, JSON.stringify(documentToJson(folder.state().document)))
      }
    }
    file.close()

    for (const row of rows) {
      const out = join(dir, `snapshot-${row.id}.gz`)
      tool('sqlite3', [
        path,
        `select writefile('${out}', snapshot_data) from snapshots where snapshot_id = ${row.id}`,
      ])
      expect(
        tool('sqlite3', [path, `select compression from snapshots where snapshot_id = ${row.id}`]).trim(),
      ).toBe('gzip')
      const json = JSON.parse(tool('gzip', ['-dc', out])) as Record<string, unknown>
      expect(json).toMatchObject({
        format: REPLAY_STATE_FORMAT,
        schemaVersion: REPLAY_STATE_FORMAT_VERSION,
        sequence: row.sequence,
      })
      expect(JSON.stringify(json.document), `snapshot at ${row.sequence}`).toBe(expected.get(row.sequence))
    }
  }, 120_000)

  it('a format-3 file with legacy WTSS snapshots replays read-only, and migrates to fast opens', async () => {
    const path = join(dir, 'legacy.wiretuner')
    const documentId = fakeUuid(2, 0x5eed)
    const file = await openWireTunerFile(path)
    file.createDocument({ documentId, title: 'Legacy' })
    const session = openSession(file, documentId, {
      snapshotScheduling: 'sync',
      closeSnapshotMinTail: 1_000_000,
    })
    const log = simulatedLog(5, 2_500, { documentId }).slice(0, 2_500)
    for (let at = 0; at < log.length; at += 250) session.dispatch(log.slice(at, at + 250))
    const expected = JSON.stringify(documentToJson(session.document))
    session.close()
    const rows = file.listSnapshots(documentId).map((info) => {
      const data = file.loadLatestSnapshot(documentId, { atOrBefore: info.eventSequence }).snapshot?.data
      if (data === undefined) throw new Error(`snapshot at ${info.eventSequence} did not load`)
      return { id: info.snapshotId, sequence: info.eventSequence, data }
    })
    expect(rows.map((r) => r.sequence)).toEqual([1999, 999])
    file.close()
    // As the format-3 engine stored them: its 20-byte WTSS frame around a gzip member. The oldest
    // holds JSON (kept by the migration); the newest what replay wrote then and can no longer read
    // (its binary WTRS payload; dropped by the migration).
    const frame = (payload: Uint8Array, data: Uint8Array): string => {
      const header = Buffer.alloc(20)
      header.write('WTSS', 0, 'latin1')
      header[4] = 1
      header[5] = 1
      header.writeUInt32BE(data.length, 8)
      header.writeUInt32BE(crc32(data), 12)
      header.writeUInt32BE(payload.length, 16)
      return Buffer.concat([header, payload]).toString('hex')
    }
    const stored = (id: number) =>
      Buffer.from(
        tool('sqlite3', [path, `select hex(snapshot_data) from snapshots where snapshot_id = ${id}`]).trim(),
        'hex',
      )
    const [newest, oldest] = rows
    if (newest === undefined || oldest === undefined) throw new Error('expected two snapshots')
    const wtrs = Uint8Array.from([0x57, 0x54, 0x52, 0x53, 2, 0, 0, 0, 0])
    tool('sqlite3', [
      path,
      `update snapshots set snapshot_data = X'${frame(stored(oldest.id), oldest.data)}' where snapshot_id = ${oldest.id};
       update snapshots set snapshot_data = X'${frame(gzipSync(wtrs), wtrs)}' where snapshot_id = ${newest.id};
       delete from kysely_migration where name in ('0004_seed_snapshots', '0005_history_index', '0006_render_caches',
         '0007_render_cache_marks');
       drop table render_cache_marks;
       drop table history_index_cache;
       drop table spatial_index_cache;
       drop table rendered_paths_cache;
       drop table thumbnails_cache;
       pragma user_version = 3;`,
    ])

    const reader = await openWireTunerFile(path, { readOnly: true })
    expect(reader.formatVersion).toBe(3)
    const readOnly = openSession(reader, documentId)
    expect(readOnly.loadReport).toMatchObject({ fullReplay: true, wroteSnapshot: false, sequence: 2_499 })
    expect(readOnly.loadReport.skippedSnapshots.map((k) => k.reason)).toEqual([
      `corrupt-snapshot: ${LEGACY_SNAPSHOT_REASON}`,
      `corrupt-snapshot: ${LEGACY_SNAPSHOT_REASON}`,
    ])
    expect(JSON.stringify(documentToJson(readOnly.document))).toBe(expected)
    reader.close()

    // Read-write: migration 4 keeps the JSON one (unframed), drops the WTRS one; opening starts
    // from 999 (a usable snapshot, nothing skipped: no extra snapshot written).
    const writer = await openWireTunerFile(path)
    expect(writer.listSnapshots(documentId).map((i) => i.eventSequence)).toEqual([999])
    const fromOld = openSession(writer, documentId)
    expect(fromOld.loadReport).toMatchObject({
      snapshotSequence: 999,
      eventsReplayed: 1_500,
      wroteSnapshot: false,
    })
    expect(JSON.stringify(documentToJson(fromOld.document))).toBe(expected)
    // A real format-3 file holds only WTRS payloads: all dropped, the first open replays the whole
    // log and writes a snapshot of the head; the next open starts there.
    writer.deleteSnapshots(documentId, [oldest.id])
    const first = openSession(writer, documentId)
    expect(first.loadReport).toMatchObject({ fullReplay: true, wroteSnapshot: true })
    expect(JSON.stringify(documentToJson(first.document))).toBe(expected)
    const second = openSession(writer, documentId)
    expect(second.loadReport).toMatchObject({
      snapshotSequence: 2_499,
      eventsReplayed: 0,
      wroteSnapshot: false,
    })
    expect(JSON.stringify(documentToJson(second.document))).toBe(expected)
    writer.close()
    const head = join(dir, 'head.gz')
    const newestRow = 'from snapshots order by event_sequence desc limit 1'
    tool('sqlite3', [path, `select writefile('${head}', snapshot_data) ${newestRow}`])
    const json = JSON.parse(tool('gzip', ['-dc', head])) as { sequence: number }
    expect(json.sequence).toBe(2_499)
  }, 120_000)
})
