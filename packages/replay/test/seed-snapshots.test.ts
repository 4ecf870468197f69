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
import type { WireTunerEvent } from '@wiretuner/event-schema'
import { openWireTunerFile } from '@wiretuner/io-services'
import { documentToJson } from '@wiretuner/vector-model'
import { afterAll, describe, expect, it } from 'vitest'
import { Folder, initialState, openDocument, SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION } from '../src/index.js'
import { fakeUuid, prng, simulatedLog } from './support/simulated-editor.js'

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
    const session = openDocument(file, documentId, { snapshotScheduling: 'sync', closeSnapshotMinTail: 50 })
    // A realistic mix dispatched in batches of 1..400 events, as an editor (and an import) would.
    const log = simulatedLog(23, EVENTS, { documentId }).slice(0, EVENTS)
    const rand = prng(99)
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
        format: SNAPSHOT_FORMAT,
        schemaVersion: SNAPSHOT_FORMAT_VERSION,
        sequence: row.sequence,
      })
      expect(JSON.stringify(json.document), `snapshot at ${row.sequence}`).toBe(expected.get(row.sequence))
    }
  }, 120_000)
})
