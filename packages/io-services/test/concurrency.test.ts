/**
 * Two processes writing one file: optimistic concurrency through expectedSequence (no
 * duplicates, no gaps, the loser gets `conflict`) and a typed `busy` error for a writer that
 * cannot get the lock within its busy timeout.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWireTunerFile } from '../src/node.js'
import { bundleWorker, drafts, expectStorageError, spawnWorker, tempDir } from './helpers.js'

const DOC = '88888888-8888-4888-8888-888888888888'
let bundle = ''
let tmp: ReturnType<typeof tempDir>

beforeAll(async () => {
  tmp = tempDir('wt-conc-')
  bundle = await bundleWorker()
})
afterAll(() => {
  tmp.cleanup()
  rmSync(bundle, { force: true })
})

async function newFile(name: string): Promise<string> {
  const path = join(tmp.dir, name)
  const file = await openWireTunerFile(path)
  file.createDocument({ documentId: DOC, title: name })
  file.close()
  return path
}

describe('two writer processes', () => {
  it('the same expectedSequence from both: exactly one wins, the other gets conflict', async () => {
    const path = await newFile('duel.wiretuner')
    const a = spawnWorker(bundle, ['serve', path, '5000'])
    const b = spawnWorker(bundle, ['serve', path, '5000'])
    await Promise.all([a.next('ready'), b.next('ready')])
    for (let round = 0; round < 5; round++) {
      a.child.stdin.write(`next ${DOC}\n`)
      b.child.stdin.write(`next ${DOC}\n`)
      const [na, nb] = await Promise.all([a.next('next '), b.next('next ')])
      expect(na).toBe(nb)
      const expected = Number(na.split(' ')[1])
      a.child.stdin.write(`append ${DOC} ${expected} 3\n`)
      b.child.stdin.write(`append ${DOC} ${expected} 3\n`)
      const answers = (await Promise.all([a.next(''), b.next('')])).sort()
      expect(answers).toEqual(['error conflict', `ok ${expected} ${expected + 3}`])
    }
    a.child.stdin.write('exit\n')
    b.child.stdin.write('exit\n')
    await Promise.all([a.exited, b.exited])
    const file = await openWireTunerFile(path, { readOnly: true })
    expect(file.eventCount(DOC)).toBe(15)
    expect(file.validate().ok).toBe(true)
    file.close()
  })

  it('racing appenders with retries leave no duplicates and no gaps', async () => {
    const path = await newFile('race.wiretuner')
    const acks: string[] = []
    const onLine = (line: string) => {
      if (line.startsWith('ack ')) acks.push(line)
    }
    const count = 150
    const a = spawnWorker(bundle, ['race', path, DOC, String(count)], onLine)
    const b = spawnWorker(bundle, ['race', path, DOC, String(count)], onLine)
    // Each worker retries its conflicts (timing-dependent; the duel above proves the loser sees one).
    await Promise.all([a.next('done'), b.next('done')])
    expect(await a.exited).toBe(0)
    expect(await b.exited).toBe(0)
    const file = await openWireTunerFile(path, { readOnly: true })
    const stored = [...file.readEvents(DOC)].map((i) =>
      i.kind === 'event' ? `ack ${i.sequence} ${i.event.eventId}` : i.kind,
    )
    file.close()
    expect(stored).toHaveLength(2 * count)
    expect(new Set(stored).size).toBe(2 * count)
    expect([...acks].sort()).toEqual([...stored].sort())
  })

  it('a writer that cannot get the lock in time gets busy, and writes nothing', async () => {
    const path = await newFile('busy.wiretuner')
    const holder = new Database(path)
    holder.pragma('journal_mode = WAL')
    holder.exec('BEGIN IMMEDIATE')
    const w = spawnWorker(bundle, ['serve', path, '150'])
    await w.next('ready')
    const started = Date.now()
    w.child.stdin.write(`append ${DOC} 0 2\n`)
    expect(await w.next('')).toBe('error busy')
    expect(Date.now() - started).toBeGreaterThanOrEqual(100)
    // In-process as well: a second connection with a short timeout.
    const local = await openWireTunerFile(path, { busyTimeoutMs: 50 })
    const e = expectStorageError(() => local.append(DOC, drafts(DOC, 1), { expectedSequence: 0 }), 'busy')
    expect(e.message).toMatch(/locked/)
    holder.exec('ROLLBACK')
    holder.close()
    w.child.stdin.write(`append ${DOC} 0 2\n`)
    expect(await w.next('')).toBe('ok 0 2')
    w.child.stdin.write('exit\n')
    await w.exited
    expect(local.eventCount(DOC)).toBe(2)
    local.close()
  })
})
