/**
 * Issue 12: a snapshot with an intact frame but stale content is trusted by loading; the audit
 * (one full replay, used by `validate`) finds it. Real files, snapshot rows rewritten with
 * better-sqlite3-free tools: the system sqlite3 shell and node:zlib.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditSnapshots, openSession } from '../src/index.js'
import { simulatedLog } from '../src/testing.js'
import { fakeUuid } from './support/helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'wt-snapshot-audit-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const documentId = fakeUuid(7, 0xa0d)
const path = join(dir, 'audit.wiretuner')

beforeAll(async () => {
  const file = await openWireTunerFile(path)
  file.createDocument({ documentId, title: 'Audit' })
  const session = openSession(file, documentId, { snapshotScheduling: 'sync' })
  const log = simulatedLog(7, 2_100, { documentId }).slice(0, 2_100)
  for (let at = 0; at < log.length; at += 700) session.dispatch(log.slice(at, at + 700))
  session.close()
  file.close()
})

describe('auditSnapshots', () => {
  it('finds nothing in a healthy file', async () => {
    const file = await openWireTunerFile(path, { readOnly: true, create: false })
    expect(auditSnapshots(file, documentId)).toEqual([])
    file.close()
  })

  it('finds a snapshot with an intact frame and a stale document, which loading trusts', async () => {
    const damaged = join(dir, 'stale.wiretuner')
    execFileSync('cp', [path, damaged])
    const hex = execFileSync(
      'sqlite3',
      [damaged, 'SELECT hex(snapshot_data) FROM snapshots WHERE event_sequence = 1999'],
      {
        encoding: 'utf8',
      },
    ).trim()
    const state = JSON.parse(gunzipSync(Buffer.from(hex, 'hex')).toString('utf8')) as {
      document: { title: string }
    }
    state.document.title = 'Not what the log says'
    const blob = gzipSync(JSON.stringify(state)).toString('hex')
    execFileSync('sqlite3', [
      damaged,
      `UPDATE snapshots SET snapshot_data = X'${blob}' WHERE event_sequence = 1999`,
    ])
    const file = await openWireTunerFile(damaged, { readOnly: true, create: false })
    try {
      const session = openSession(file, documentId, { historyIndex: { mode: 'off' } })
      expect(session.loadReport.skippedSnapshots).toEqual([])
      session.close()
      const found = auditSnapshots(file, documentId)
      expect(found).toEqual([
        expect.objectContaining({
          eventSequence: 1999,
          code: 'different-document',
          reason: expect.stringMatching(/other than the log's/),
        }),
      ])
    } finally {
      file.close()
    }
  })

  it("finds a snapshot holding another sequence's state", async () => {
    const damaged = join(dir, 'swapped.wiretuner')
    execFileSync('cp', [path, damaged])
    execFileSync('sqlite3', [
      damaged,
      'UPDATE snapshots SET snapshot_data = (SELECT snapshot_data FROM snapshots WHERE event_sequence = 999) WHERE event_sequence = 1999',
    ])
    const file = await openWireTunerFile(damaged, { readOnly: true, create: false })
    try {
      expect(auditSnapshots(file, documentId)).toEqual([
        expect.objectContaining({
          eventSequence: 1999,
          code: 'sequence-mismatch',
          reason: expect.stringMatching(/sequence-mismatch/),
        }),
      ])
    } finally {
      file.close()
    }
  })
})
