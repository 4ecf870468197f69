/**
 * Issue 12: commands on logs damaged behind the engine's back (rows deleted or edited with
 * better-sqlite3) return, read every stored event and say what is wrong: a gap never hangs
 * `replay --to` or `export-svg --at`, the head is the largest stored sequence (events after a gap
 * are not ignored), and `replay` exits 1 with the problems listed.
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { openSession } from '@wiretuner/replay'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { createFileBackend } from '../src/server/file-backend.ts'
import { openViewerSession } from '../src/server/viewer-session.ts'
import type { CliRun } from './helpers/cli.ts'
import { withSql } from './helpers/files.ts'
import { runCliInProcess as inProcess } from './helpers/in-process.ts'

const fixture = inject('fixtureFile')
const fixtureEvents = inject('fixtureEvents')
const dir = join(inject('scratchDir'), 'damaged')
const head = fixtureEvents - 1

function json(run: CliRun): Record<string, unknown> {
  return JSON.parse(run.stdout.trim()) as Record<string, unknown>
}

beforeAll(() => {
  mkdirSync(dir, { recursive: true })
})

describe('a deleted range of events', () => {
  const gap = (name: string): string =>
    withSql(fixture, join(dir, name), 'DELETE FROM events WHERE event_sequence BETWEEN 1000 AND 1009')

  it.concurrent('replay --to inside the gap returns the state there, exit 1, the gap listed', async () => {
    const path = gap('gap-replay.wiretuner')
    for (const extra of [[], ['--no-snapshots']]) {
      const run = await inProcess(['replay', path, '--to', '1005', '--json', ...extra])
      expect(run.code).toBe(1)
      const r = json(run)
      expect(r.sequence).toBe(1005)
      expect(r.headSequence).toBe(head)
      expect(r.missingEvents).toBe(10)
      expect(r.problems).toContainEqual(expect.objectContaining({ kind: 'gap', sequence: 1000 }))
    }
    const text = await inProcess(['replay', path, '--to', '1005'])
    expect(text.stdout).toMatch(/problem at 1000: sequences 1000\.\.1005 are missing/)
    expect(text.stdout).toMatch(/run `wiretuner validate`/)
  })

  it.concurrent('the head is the largest stored sequence: info and replay see the newest events', async () => {
    const path = gap('gap-head.wiretuner')
    const info = json(await inProcess(['info', path, '--json']))
    expect(info.eventCount).toBe(fixtureEvents - 10)
    expect(info.headSequence).toBe(head)
    expect(info.missingEvents).toBe(10)
    expect((await inProcess(['info', path])).stdout).toMatch(/10 events missing/)
    const healthy = json(await inProcess(['replay', fixture, '--json']))
    const fast = await inProcess(['replay', path, '--json'])
    expect(fast.code).toBe(1)
    expect(json(fast).sequence).toBe(head)
    // the newest snapshot is intact: same document as the undamaged file, yet the damage is said
    expect(json(fast).sha256).toBe(healthy.sha256)
    expect(json(fast).missingEvents).toBe(10)
  })

  it.concurrent('export-svg --at inside the gap writes the SVG', async () => {
    const path = gap('gap-svg.wiretuner')
    const out = join(dir, 'gap-1005.svg')
    const run = await inProcess(['export-svg', path, '--at', '1005', '--out', out, '--json'])
    expect(run.code).toBe(0)
    expect(json(run).sequence).toBe(1005)
  })

  it.concurrent('the last rows deleted: replay stops at the new head and says the tail is lost', async () => {
    const path = withSql(
      fixture,
      join(dir, 'gap-end.wiretuner'),
      `DELETE FROM events WHERE event_sequence > ${head - 5}`,
    )
    const run = await inProcess(['replay', path, '--no-snapshots', '--json'])
    expect(run.code).toBe(1)
    expect(json(run).sequence).toBe(head - 5)
    expect(json(run).lostTail).toBe(true)
  })
})

describe('rows whose sequence is not an integer', () => {
  it.concurrent('an event at 700.5 is skipped and reported, not fatal', async () => {
    const path = withSql(
      fixture,
      join(dir, 'half-event.wiretuner'),
      'UPDATE events SET event_sequence = 700.5 WHERE event_sequence = 700',
    )
    const run = await inProcess(['replay', path, '--no-snapshots', '--json'])
    expect(run.code).toBe(1)
    const r = json(run)
    expect(r.sequence).toBe(head)
    expect(r.problems).toContainEqual(expect.objectContaining({ kind: 'invalid', sequence: 700.5 }))
  })

  it.concurrent('a snapshot at a fraction is skipped: info and replay work', async () => {
    const path = withSql(
      fixture,
      join(dir, 'half-snapshot.wiretuner'),
      'UPDATE snapshots SET event_sequence = event_sequence - 0.5 WHERE snapshot_id = (SELECT max(snapshot_id) FROM snapshots)',
    )
    expect((await inProcess(['info', path])).code).toBe(0)
    const run = await inProcess(['replay', path, '--json'])
    expect(run.code).toBe(0)
    expect(json(run).snapshotsSkipped).toBe(1)
    expect(json(run).sha256).toBe(json(await inProcess(['replay', fixture, '--json'])).sha256)
  })
})

describe('documents that do not start with their CreateDocumentEvent', () => {
  it.concurrent('validate fails a document without events (an interrupted creation)', async () => {
    const path = withSql(
      fixture,
      join(dir, 'no-events.wiretuner'),
      'DELETE FROM events; DELETE FROM snapshots',
    )
    const run = await inProcess(['validate', path])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/\[FAIL\] events\.first-is-create-document/)
    expect(run.stdout).toMatch(/has no events: not even its CreateDocumentEvent/)
  })

  it.concurrent('validate fails a document whose event 0 is not a CreateDocumentEvent', async () => {
    // event 0 replaced by event 1 (re-keyed): no gap, no duplicate, the wrong first event
    const path = withSql(
      fixture,
      join(dir, 'wrong-first.wiretuner'),
      `DELETE FROM events WHERE event_sequence = 0;
       UPDATE events SET event_sequence = event_sequence - 1,
         event_payload = json_set(event_payload, '$.eventSequence', event_sequence - 1);
       DELETE FROM snapshots`,
    )
    const run = await inProcess(['validate', path])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /the first stored event \(sequence 0\) is a \w+Event, not a CreateDocumentEvent/,
    )
  })
})

describe('what is echoed', () => {
  it.concurrent('a 5 MB event_type and title are cut in validate and info output', async () => {
    const path = withSql(
      fixture,
      join(dir, 'huge-values.wiretuner'),
      `UPDATE events SET event_type = printf('%.*c', 5000000, 'x') WHERE event_sequence = 3;
       UPDATE metadata SET title = printf('%.*c', 5000000, 't')`,
    )
    const validate = await inProcess(['validate', path, '--json'])
    expect(validate.code).toBe(1)
    expect(validate.stdout.length).toBeLessThan(200_000)
    const info = await inProcess(['info', path])
    expect(info.code).toBe(0)
    expect(info.stdout.length).toBeLessThan(10_000)
    expect(info.stdout).toMatch(/more characters\)/)
  })
})

describe('paths that are not regular files', () => {
  it.concurrent('/dev/null, /dev/zero and a FIFO are named for what they are', async () => {
    for (const device of ['/dev/null', '/dev/zero']) {
      const run = await inProcess(['info', device])
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/is not a WireTuner file: it is a character device/)
    }
    const fifo = join(dir, 'pipe.wiretuner')
    execFileSync('mkfifo', [fifo])
    for (const command of ['info', 'validate', 'replay']) {
      const run = await inProcess([command, fifo])
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/is not a WireTuner file: it is a named pipe \(FIFO\)/)
    }
  })
})

describe('snapshots whose content is not the log', () => {
  it.concurrent("validate fails a snapshot holding another sequence's state", async () => {
    const path = withSql(
      fixture,
      join(dir, 'swapped-snapshot.wiretuner'),
      'UPDATE snapshots SET snapshot_data = (SELECT snapshot_data FROM snapshots ORDER BY event_sequence LIMIT 1) WHERE snapshot_id = (SELECT max(snapshot_id) FROM snapshots)',
    )
    const run = await inProcess(['validate', path])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/\[FAIL\] snapshots\.content-matches-log/)
    expect((await inProcess(['validate', fixture])).code).toBe(0)
  })
})

describe('the viewer on a log with a gap', () => {
  it.concurrent('lists the events after the gap and shows their state', async () => {
    const path = withSql(
      fixture,
      join(dir, 'gap-viewer.wiretuner'),
      'DELETE FROM events WHERE event_sequence BETWEEN 200 AND 209',
    )
    const file = await openWireTunerFile(path, { readOnly: true, create: false })
    const documentId = file.listDocuments()[0]?.documentId ?? ''
    const { session } = openViewerSession(file, documentId)
    const backend = createFileBackend({ file, path, documentId, documentAt: (s) => session.documentAt(s) })
    try {
      expect(backend.info().headSequence).toBe(head)
      expect(backend.info().eventCount).toBe(fixtureEvents - 10)
      expect(backend.events(head - 1, head).map((e) => e.sequence)).toEqual([head - 1, head])
      expect(backend.events(199, 210).filter((e) => e.problem !== undefined)).toHaveLength(10)
      expect(backend.state(head).sequence).toBe(head)
      expect(backend.state(205).sequence).toBe(205)
    } finally {
      backend.close()
      session.close()
      file.close()
    }
  })
})

describe('the viewer on a growing file', () => {
  it.concurrent('lists and shows events appended by another writer after it opened', async () => {
    const path = join(dir, 'growing.wiretuner')
    copyFileSync(fixture, path)
    const file = await openWireTunerFile(path, { readOnly: true, create: false })
    const documentId = file.listDocuments()[0]?.documentId ?? ''
    const viewer = openViewerSession(file, documentId)
    const backend = createFileBackend({ file, path, documentId, documentAt: (s) => viewer.documentAt(s) })
    try {
      expect(backend.info().headSequence).toBe(head)
      const writerFile = await openWireTunerFile(path, { create: false })
      const writer = openSession(writerFile, documentId, { historyIndex: { mode: 'off' } })
      writer.dispatch(writer.createEvent({ eventType: 'ViewportPanEvent', delta: { x: 5, y: 5 } }))
      writer.close()
      writerFile.close()
      expect(backend.info().headSequence).toBe(head + 1)
      expect(backend.events(head + 1, head + 1)[0]?.eventType).toBe('ViewportPanEvent')
      expect(backend.state(head + 1).sequence).toBe(head + 1)
    } finally {
      backend.close()
      viewer.session.close()
      file.close()
    }
  })
})
