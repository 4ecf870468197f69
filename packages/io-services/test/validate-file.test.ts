/**
 * validateFile: a healthy file passes every check; each kind of damage fails exactly its check,
 * with precise findings, and the damaged log still reads as a stream of items.
 */
import { randomBytes } from 'node:crypto'
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StorageError, type ValidationReport } from '../src/index.js'
import { openWireTunerFile, validateFile } from '../src/node.js'
import { VALIDATION_STEPS } from '../src/validate-connection.js'
import { validationSettings } from '../src/validation-context.js'
import { draft, drafts, tempDir } from './helpers.js'

const DOC = '66666666-6666-4666-8666-666666666666'
let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir()
})
afterEach(() => tmp.cleanup())

const failing = (r: ValidationReport) => r.checks.filter((c) => c.status === 'fail').map((c) => c.id)

/** Every check id the table of checks declares, with every optional check on. */
const declaredIds = () =>
  VALIDATION_STEPS.flatMap((step) => step.checks(validationSettings({ documentStart: 'fail' }))).map(
    ([id]) => id,
  )

describe('the table of checks', () => {
  it('declares exactly the checks a report holds, in report order', async () => {
    const path = join(tmp.dir, 'declared.wiretuner')
    const file = await openWireTunerFile(path)
    file.createDocument({ documentId: DOC, title: 'T' })
    file.append(DOC, drafts(DOC, 3), { expectedSequence: 0 })
    file.close()
    const report = validateFile(path, { documentStart: 'fail' })
    expect(report.checks.map((c) => c.id)).toEqual(declaredIds())
  })

  it('names every check in the README list of checks (`index.*` stands for any index)', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('## validateFile'), readme.indexOf('## Tests'))
    const listed = [...section.matchAll(/`([a-z_*]+(?:[.-][a-z_*]+)+)`/g)].map((m) => m[1] as string)
    const patterns = listed.map(
      (name) => new RegExp(`^${name.replaceAll('.', '\\.').replaceAll('*', '[^.]+')}$`),
    )
    const unlisted = declaredIds().filter((id) => !patterns.some((p) => p.test(id)))
    expect(unlisted).toEqual([])
  })
})

describe('validateFile', () => {
  it('passes every check on a healthy file, with EXPLAIN proof of both indexes', async () => {
    const path = join(tmp.dir, 'good.wiretuner')
    const file = await openWireTunerFile(path)
    file.createDocument({ documentId: DOC, title: 'T' })
    file.append(DOC, drafts(DOC, 2100), { expectedSequence: 0 })
    for (const seq of [999, 1999]) file.writeSnapshot(DOC, seq, new TextEncoder().encode(`state ${seq}`))
    file.close()
    const report = validateFile(path)
    expect(failing(report)).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.checks.every((c) => c.status === 'pass')).toBe(true)
    expect(report.documents).toEqual([
      {
        documentId: DOC,
        eventCount: 2100,
        snapshotCount: 2,
        historyEntries: 0,
        renderCacheRows: { rows: 0, fresh: 0, older: 0, stale: 0, damaged: 0, mark: 'none' },
      },
    ])
    const ids = report.checks.map((c) => c.id)
    for (const id of [
      'sqlite.integrity-check',
      'sqlite.foreign-key-check',
      'events.document-id',
      'events.sequence-unique',
      'events.sequence-gap-free',
      'events.event-type-known',
      'events.timestamp-positive',
      'events.payload-valid',
      'snapshots.cadence',
      'snapshots.event-reference',
      'snapshots.decompress',
      'snapshots.size',
      'index.idx_events_document_sequence.exists',
      'index.idx_events_document_sequence.used',
      'index.idx_snapshots_document.exists',
      'index.idx_snapshots_document.used',
      'sqlite.foreign-keys',
      'sqlite.wal',
    ]) {
      expect(ids).toContain(id)
    }
  })

  it('reports each kind of damage precisely, and reads still stream past it', async () => {
    const path = join(tmp.dir, 'damaged.wiretuner')
    const file = await openWireTunerFile(path)
    file.createDocument({ documentId: DOC, title: 'T' })
    file.append(DOC, drafts(DOC, 10), { expectedSequence: 0 })
    file.writeSnapshot(DOC, 5, new TextEncoder().encode('five'))
    file.close()
    const db = new Database(path)
    db.exec('DELETE FROM events WHERE event_sequence IN (3, 4)')
    const odd = { ...draft(DOC, 0), eventSequence: 10 }
    db.prepare(
      'INSERT INTO events (document_id, event_sequence, event_type, event_payload, timestamp) VALUES (?, 10, ?, ?, -5)',
    ).run(DOC, 'ExplodeEvent', JSON.stringify(odd))
    db.prepare(
      "INSERT INTO events (document_id, event_sequence, event_type, event_payload, timestamp) VALUES (?, 11, 'ViewportPanEvent', '{not json', 1)",
    ).run(DOC)
    db.exec("UPDATE snapshots SET snapshot_data = X'0102030405'")
    db.prepare(
      "INSERT INTO snapshots (document_id, event_sequence, snapshot_data, created_at, compression) VALUES (?, 40, X'00', 1, 'gzip')",
    ).run(DOC)
    db.exec('DROP INDEX idx_snapshots_document')
    db.close()

    const report = validateFile(path)
    expect(report.ok).toBe(false)
    expect(failing(report).sort()).toEqual(
      [
        'events.event-type-known',
        'events.payload-valid',
        'events.sequence-gap-free',
        'events.timestamp-positive',
        'index.idx_snapshots_document.exists',
        'index.idx_snapshots_document.used',
        'snapshots.cadence',
        'snapshots.decompress',
        'snapshots.event-reference',
      ].sort(),
    )
    const find = (id: string) => report.checks.find((c) => c.id === id)?.findings ?? []
    expect(find('events.sequence-gap-free')).toEqual([`document ${DOC}: sequences 3..4 are missing`])
    expect(find('events.event-type-known')).toEqual(['1 event(s) of unknown type "ExplodeEvent"'])
    expect(find('events.payload-valid')).toHaveLength(2)
    expect(find('events.payload-valid')[1]).toMatch(/sequence 11 .*not valid JSON/)
    expect(find('snapshots.event-reference')[0]).toMatch(/sequence 40\): no such event/)
    expect(find('snapshots.cadence')).toEqual([
      `document ${DOC}: snapshot at 5 is off cadence (nearest position 999 ± 50; only the newest snapshot may be off cadence)`,
    ])

    const reader = await openWireTunerFile(path, { readOnly: true })
    const kinds = [...reader.readEvents(DOC)].map((i) =>
      i.kind === 'gap' ? `gap ${i.from}-${i.to}` : `${i.kind} ${i.sequence}`,
    )
    expect(kinds).toEqual([
      'event 0',
      'event 1',
      'event 2',
      'gap 3-4',
      'event 5',
      'event 6',
      'event 7',
      'event 8',
      'event 9',
      'invalid 10',
      'invalid 11',
    ])
    const bad = reader.loadLatestSnapshot(DOC)
    expect(bad.snapshot).toBeUndefined()
    expect(bad.skipped).toHaveLength(2)
    reader.close()
  })

  it('checks the snapshot cadence: on-cadence positions pass, shifted positions and big gaps fail', async () => {
    const path = join(tmp.dir, 'cadence.wiretuner')
    const file = await openWireTunerFile(path)
    file.createDocument({ documentId: DOC, title: 'T' })
    file.append(DOC, drafts(DOC, 100), { expectedSequence: 0 })
    const options = { snapshotInterval: 20, snapshotTolerance: 2 }
    const cadence = () => validateFile(path, options).checks.find((c) => c.id === 'snapshots.cadence')
    const write = (...sequences: number[]) => {
      for (const info of file.listSnapshots(DOC)) file.deleteSnapshots(DOC, [info.snapshotId])
      for (const seq of sequences) file.writeSnapshot(DOC, seq, new TextEncoder().encode(`{"s":${seq}}`))
    }
    // k × 20 − 1 (± 2), the newest off cadence (a close snapshot) within 20 (+ 2) of the one before.
    write(19, 39, 61, 79, 93)
    expect(cadence()).toMatchObject({ status: 'pass', findings: [] })
    // Shifted positions fail (each one reported); the newest alone may be off cadence.
    write(19, 36, 55, 70, 79)
    const off = (at: number, nearest: number) =>
      `document ${DOC}: snapshot at ${at} is off cadence (nearest position ${nearest} ± 2; only the newest snapshot may be off cadence)`
    expect(cadence()).toMatchObject({ status: 'fail', findings: [off(36, 39), off(55, 59), off(70, 79)] })
    // A gap of more than 20 + 2 fails, also before the newest one.
    write(19, 59, 79, 99)
    expect(cadence()?.findings).toEqual([
      `document ${DOC}: 40 events between snapshots at 19 and 59 (at most 20 + 2)`,
    ])
    write(19, 39, 59, 99)
    expect(cadence()?.findings).toEqual([
      `document ${DOC}: 40 events between snapshots at 59 and 99 (at most 20 + 2)`,
    ])
    // The tail after the newest snapshot only warns (slow to open, not wrong).
    write(19)
    const report = validateFile(path, options)
    expect(report.checks.find((c) => c.id === 'snapshots.cadence')?.status).toBe('pass')
    expect(report.checks.find((c) => c.id === 'snapshots.tail')).toMatchObject({ status: 'warn' })
    file.close()
  })

  it('warns (not fails) when snapshots are missing for a long log', async () => {
    const path = join(tmp.dir, 'nosnap.wiretuner')
    const file = await openWireTunerFile(path)
    file.createDocument({ documentId: DOC, title: 'T' })
    file.append(DOC, drafts(DOC, 1100), { expectedSequence: 0 })
    const report = file.validate()
    file.close()
    expect(report.ok).toBe(true)
    expect(report.checks.find((c) => c.id === 'snapshots.tail')).toMatchObject({ status: 'warn' })
  })

  it('reports pages damaged in the middle of the file instead of throwing; reads fail typed', async () => {
    const path = join(tmp.dir, 'pages.wiretuner')
    const file = await openWireTunerFile(path)
    file.createDocument({ documentId: DOC, title: 'T' })
    file.append(DOC, drafts(DOC, 2000), { expectedSequence: 0 })
    file.close()
    const pageSize = 4096
    const middle = Math.floor(statSync(path).size / 2 / pageSize) * pageSize
    const fd = openSync(path, 'r+')
    writeSync(fd, randomBytes(3 * pageSize), 0, 3 * pageSize, middle)
    closeSync(fd)
    const report = validateFile(path)
    expect(report.ok).toBe(false)
    expect(report.checks.find((c) => c.id === 'sqlite.integrity-check')?.status).toBe('fail')
    const reader = await openWireTunerFile(path, { readOnly: true })
    let error: unknown
    try {
      for (const _ of reader.readEvents(DOC)) {
        // consume
      }
    } catch (e) {
      error = e
    }
    reader.close()
    expect(error).toBeInstanceOf(StorageError)
    expect((error as StorageError).code).toBe('corrupt')
  })
})
