/**
 * Browser suite: `.wiretuner` files between Node and OPFS, bad files, and two Workers on one
 * file. Node gives the fixtures (browser-files.test.ts builds them) and checks the uploads.
 */
import {
  browserTestApi,
  fetchFile,
  serveSuiteInWorker,
  startHelperWorker,
  uploadFile,
} from '@wiretuner/browser-kit/runner'
import {
  deleteOpfsFile,
  exportOpfsFile,
  importOpfsFile,
  listOpfsFiles,
  openOpfsFile,
} from '../../src/browser.js'
import { FORMAT_VERSION, type ReadItem, WIRETUNER_APPLICATION_ID } from '../../src/index.js'
import { acquirePool, loadSqlite, POOL_DATABASE, releasePool, removePool } from '../../src/opfs-pools.js'
import { journalsInMemoryByDefault, withMemoryJournals } from '../../src/statement-journals.js'
import { combineWalWrites, pendingBytes } from '../../src/wal-write-combining.js'
import { WasmConnection } from '../../src/wasm-connection.js'
import { BAD_FILES, BROWSER_MADE, NODE_MADE } from '../shared/bad-files.js'
import { sessionEvents } from '../shared/document-events.js'
import { drafts } from '../shared/events.js'
import { uniqueName } from './opfs-backend.js'

const { describe, it, expect } = browserTestApi
const DOC = '33333333-3333-4333-8333-333333333333'

function eventsOf(items: Iterable<ReadItem>): unknown[] {
  return [...items].map((item) => (item.kind === 'event' ? item.event : item))
}

/**
 * Runs `use` (an open or export of a file) once a terminated Worker's access handles are
 * released: the browser releases them asynchronously after `terminate()`, so a use right after
 * may still be refused with opened-elsewhere. Retries every 20 ms for at most 5 s, then throws
 * the last refusal.
 */
async function onceReleased<T>(use: () => Promise<T>): Promise<T> {
  const deadline = performance.now() + 5000
  for (;;) {
    try {
      return await use()
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code
      if (code !== 'opened-elsewhere' || performance.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    return String((error as { code?: unknown }).code)
  }
  return 'no error'
}

describe('a Node-made file imported into OPFS', () => {
  it('opens with the same events, validates clean, exports back in WAL form', async () => {
    const bytes = await fetchFile(NODE_MADE.file)
    const expected = JSON.parse(new TextDecoder().decode(await fetchFile(NODE_MADE.events)))
    expect([bytes[18], bytes[19]]).toEqual([2, 2]) // Node writes WAL-mode files
    const name = uniqueName('node-made')
    expect(await importOpfsFile(name, bytes)).toEqual({
      name,
      bytes: bytes.length,
      formatVersion: FORMAT_VERSION,
    })
    expect(await listOpfsFiles()).toContain(name)
    const file = await openOpfsFile(name, { create: false })
    expect(eventsOf(file.readEvents(DOC))).toEqual(expected)
    const report = file.validate({ documentStart: 'fail' })
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([])
    expect(file.connectionSettings()).toEqual({
      journalMode: 'wal', // the first read-write open switches the imported copy back to WAL
      foreignKeys: true,
      synchronous: 'full',
      busyTimeoutMs: 5000,
      applicationId: WIRETUNER_APPLICATION_ID,
      formatVersion: FORMAT_VERSION,
    })
    file.close()
    const exported = await exportOpfsFile(name)
    expect([exported[18], exported[19]]).toEqual([2, 2])
    expect(exported.length).toBe(bytes.length)
    await deleteOpfsFile(name)
    expect(await listOpfsFiles()).not.toContain(name)
  })

  it('its pool holds two OPFS files, enough for the switch to WAL, appends and checkpoints', async () => {
    const name = uniqueName('pool')
    await importOpfsFile(name, await fetchFile(NODE_MADE.file)) // stored with a rollback journal
    const file = await openOpfsFile(name, { create: false }) // a journalled write, then the -wal
    const before = file.eventCount(DOC)
    try {
      for (let round = 0; round < 3; round++) {
        file.append(DOC, drafts(DOC, 400), { expectedSequence: before + 400 * round })
        file.export() // checkpoints the -wal into the database
      }
    } finally {
      file.close()
    }
    const pool = await acquirePool('test', name)
    try {
      expect(pool.getCapacity()).toBe(2)
      expect(pool.getFileNames()).toEqual([POOL_DATABASE])
    } finally {
      releasePool(name)
    }
    const reader = await openOpfsFile(name, { readOnly: true })
    try {
      expect(reader.eventCount(DOC)).toBe(before + 1200)
      expect(reader.validate().checks.filter((c) => c.status === 'fail')).toEqual([])
    } finally {
      reader.close()
    }
    await deleteOpfsFile(name)
  })

  it('refuses to import over an existing file, which stays as it was', async () => {
    const bytes = await fetchFile(NODE_MADE.file)
    const name = uniqueName('twice')
    await importOpfsFile(name, bytes)
    const stored = await exportOpfsFile(name)
    const other = await fetchFile('newer.wiretuner')
    expect(await codeOf(importOpfsFile(name, bytes))).toBe('invalid-argument')
    expect(await codeOf(importOpfsFile(name, other))).toBe('newer-format')
    expect(await exportOpfsFile(name)).toEqual(stored)
    await deleteOpfsFile(name)
  })
})

describe('a browser-made file', () => {
  it('is created, written, validated and uploaded for Node', async () => {
    const name = uniqueName('browser-made')
    const file = await openOpfsFile(name)
    file.createDocument({ documentId: DOC, title: 'made in the browser', createdAt: 1_700_000_000_000 })
    const drafts = sessionEvents(DOC, 1200)
    for (let i = 0; i < drafts.length; i += 100) {
      file.append(DOC, drafts.slice(i, i + 100), { expectedSequence: i })
    }
    file.writeSnapshot(DOC, 999, new TextEncoder().encode('{"browser":true}'))
    const report = file.validate({ documentStart: 'fail' })
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([])
    const events = eventsOf(file.readEvents(DOC))
    expect(events).toHaveLength(1200)
    const exported = file.export()
    file.close()
    expect(await exportOpfsFile(name)).toEqual(exported)
    await uploadFile(BROWSER_MADE.file, exported)
    await uploadFile(BROWSER_MADE.events, JSON.stringify(events))
    await deleteOpfsFile(name)
  })

  it('a reopen in a new Worker reads what the first one wrote', async () => {
    const name = uniqueName('reopen')
    const file = await openOpfsFile(name)
    file.createDocument({ documentId: DOC, title: 'reopen' })
    const written = file
      .append(DOC, sessionEvents(DOC, 20), { expectedSequence: 0 })
      .events.map((e) => e.eventId)
    file.close()
    const other = startHelperWorker('opfs-helper')
    try {
      expect(await other.request({ op: 'read', name, documentId: DOC })).toEqual(written)
    } finally {
      other.terminate()
    }
    await deleteOpfsFile(name)
  })
})

describe('WAL in OPFS (locking_mode EXCLUSIVE)', () => {
  it('a browser-made file is in WAL mode; a read-only open reads it and exports every commit', async () => {
    const name = uniqueName('wal')
    const file = await openOpfsFile(name)
    expect(file.connectionSettings().journalMode).toBe('wal')
    file.createDocument({ documentId: DOC, title: 'wal' })
    const written = file.append(DOC, sessionEvents(DOC, 30), { expectedSequence: 0 }).events
    // checkpointed into the file first: an export holds every commit
    const exported = file.export()
    expect([exported[18], exported[19]]).toEqual([2, 2])
    // while a read of this connection iterates, the checkpoint cannot run: the same bytes anyway
    file.append(DOC, sessionEvents(DOC, 31).slice(30), { expectedSequence: 30 })
    const reading = file.readEvents(DOC)[Symbol.iterator]()
    reading.next()
    const duringRead = file.export()
    reading.return?.()
    expect(file.export()).toEqual(duringRead)
    const all = eventsOf(file.readEvents(DOC))
    expect(all.slice(0, 30)).toEqual(written)
    expect(all).toHaveLength(31)
    file.close()
    const reader = await openOpfsFile(name, { readOnly: true })
    try {
      expect(eventsOf(reader.readEvents(DOC))).toEqual(all)
      expect(reader.export()).toEqual(duringRead)
      expect(reader.validate().checks.filter((c) => c.status === 'fail')).toEqual([])
    } finally {
      reader.close()
    }
    expect(await exportOpfsFile(name)).toEqual(duringRead)
    await deleteOpfsFile(name)
  })

  for (const synchronous of ['full', 'normal'] as const)
    it(`a Worker ended without closing its file (synchronous ${synchronous}): the next open and an export hold every commit`, async () => {
      const name = uniqueName('unclosed')
      const other = startHelperWorker('opfs-helper')
      let written: string[]
      try {
        written = (await other.request({
          op: 'write-and-hold',
          name,
          documentId: DOC,
          count: 40,
          synchronous,
        })) as string[]
      } finally {
        other.terminate() // the tab closes: its commits are in the -wal, never checkpointed
      }
      expect(written).toHaveLength(40)
      // export reads the -wal through SQLite; the bytes, imported again, hold all 40 events
      const exported = await onceReleased(() => exportOpfsFile(name))
      const copy = uniqueName('unclosed-copy')
      await importOpfsFile(copy, exported)
      const reopened = await openOpfsFile(copy, { readOnly: true })
      try {
        expect(eventsOf(reopened.readEvents(DOC)).map((e) => (e as { eventId: string }).eventId)).toEqual(
          written,
        )
      } finally {
        reopened.close()
      }
      // a read-write open recovers them too, and goes on appending after them
      const file = await openOpfsFile(name, { create: false })
      try {
        expect(file.eventCount(DOC)).toBe(40)
        file.append(DOC, sessionEvents(DOC, 41).slice(40), { expectedSequence: 40 })
        expect(file.eventCount(DOC)).toBe(41)
      } finally {
        file.close()
      }
      await deleteOpfsFile(name)
      await deleteOpfsFile(copy)
    })
})

/** A new OPFS file `name`'s pool, the SQLite module and the database opened in it (no storage). */
async function poolDatabase(name: string) {
  const sqlite3 = await loadSqlite()
  const pool = await acquirePool('test', name)
  const PoolDb = pool.OpfsSAHPoolDb as unknown as new (
    file: string,
    flags: string,
  ) => ConstructorParameters<typeof WasmConnection>[1]
  return { sqlite3, pool, db: new PoolDb(POOL_DATABASE, 'c') }
}

describe('combined WAL writes (wal-write-combining.ts)', () => {
  /** Counts the synchronous access handles' writes and flushes while `run` runs (the real calls). */
  function countingHandleCalls(run: () => void): { writes: number; flushes: number } {
    const proto = (
      globalThis as unknown as {
        FileSystemSyncAccessHandle: { prototype: Record<'write' | 'flush', (...args: unknown[]) => unknown> }
      }
    ).FileSystemSyncAccessHandle.prototype
    const { write, flush } = proto
    const counts = { writes: 0, flushes: 0 }
    proto.write = function (this: unknown, ...args: unknown[]) {
      counts.writes++
      return write.apply(this, args)
    }
    proto.flush = function (this: unknown, ...args: unknown[]) {
      counts.flushes++
      return flush.apply(this, args)
    }
    try {
      run()
    } finally {
      proto.write = write
      proto.flush = flush
    }
    return counts
  }

  it('a 1,000-event append reaches OPFS in a few writes and one flush; everything reads back', async () => {
    const name = uniqueName('combined')
    const file = await openOpfsFile(name)
    try {
      file.createDocument({ documentId: DOC, title: 'combined' })
      const drafts = sessionEvents(DOC, 1_000)
      let ids: string[] = []
      const counts = countingHandleCalls(() => {
        ids = file.append(DOC, drafts, { expectedSequence: 0 }).events.map((e) => e.eventId)
      })
      // one write per frame header and one per page (~2 x 100 frames) without the combining
      expect(counts.writes).toBeGreaterThan(0)
      expect(counts.writes).toBeLessThanOrEqual(4)
      expect(counts.flushes).toBe(1)
      expect(eventsOf(file.readEvents(DOC)).map((e) => (e as { eventId: string }).eventId)).toEqual(ids)
      expect(file.validate().checks.filter((c) => c.status === 'fail')).toEqual([])
    } finally {
      file.close()
    }
    const reopened = await openOpfsFile(name, { readOnly: true })
    try {
      expect(reopened.eventCount(DOC)).toBe(1_000)
    } finally {
      reopened.close()
    }
    await deleteOpfsFile(name)
  })

  it("a checkpoint's page writes to the database file are combined too; the export holds every event", async () => {
    const name = uniqueName('combined-checkpoint')
    const file = await openOpfsFile(name)
    let exported: Uint8Array = new Uint8Array(0)
    try {
      file.createDocument({ documentId: DOC, title: 'combined checkpoint' })
      const ids = file
        .append(DOC, sessionEvents(DOC, 1_000), { expectedSequence: 0 })
        .events.map((e) => e.eventId)
      // export() checkpoints the WAL (~100 pages, one write each without the combining)
      const counts = countingHandleCalls(() => {
        exported = file.export()
      })
      expect(counts.writes).toBeGreaterThan(0)
      expect(counts.writes).toBeLessThanOrEqual(12)
      expect(eventsOf(file.readEvents(DOC)).map((e) => (e as { eventId: string }).eventId)).toEqual(ids)
    } finally {
      file.close()
    }
    const copy = uniqueName('combined-checkpoint-copy')
    await importOpfsFile(copy, exported)
    const reopened = await openOpfsFile(copy, { readOnly: true })
    try {
      expect(reopened.eventCount(DOC)).toBe(1_000)
      expect(reopened.validate().checks.filter((c) => c.status === 'fail')).toEqual([])
    } finally {
      reopened.close()
    }
    await deleteOpfsFile(name)
    await deleteOpfsFile(copy)
  })

  it('every commit is written when it returns, also when the buffer fills within its commit frame', async () => {
    const name = uniqueName('combined-small')
    const { sqlite3, db } = await poolDatabase(name)
    const connection = new WasmConnection(sqlite3, db)
    try {
      connection.pragma('locking_mode = EXCLUSIVE')
      connection.pragma('journal_mode = WAL')
      connection.pragma('synchronous = NORMAL')
      connection.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)')
      // room for two and a half frames: the buffer fills at every third page, commit frames included
      expect(combineWalWrites(sqlite3, db, 20_000)).toBe(true)
      const insert = connection.prepare('INSERT INTO t (v) VALUES (?)')
      let rows = 0
      for (let n = 1; n <= 40; n++) {
        connection.transaction(() => {
          for (let i = 0; i < n; i++) insert.run(`${rows++}:${'w'.repeat(3_000)}`)
        })()
        expect({ n, pending: pendingBytes(sqlite3) }).toEqual({ n, pending: 0 })
      }
      expect(connection.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: rows })
    } finally {
      connection.close()
      await removePool(name)
    }
  })

  it('under synchronous NORMAL each commit is written when append returns (no flush)', async () => {
    const name = uniqueName('combined-normal')
    const file = await openOpfsFile(name, { synchronous: 'normal' })
    try {
      file.createDocument({ documentId: DOC, title: 'combined, normal' })
      const drafts = sessionEvents(DOC, 300)
      for (let i = 0; i < 300; i += 100) {
        const counts = countingHandleCalls(() => {
          file.append(DOC, drafts.slice(i, i + 100), { expectedSequence: i })
        })
        expect(counts).toEqual({ writes: 1, flushes: 0 })
      }
    } finally {
      file.close()
    }
    await deleteOpfsFile(name)
  })
})

describe('statement journals on the WASM build (statement-journals.ts)', () => {
  it('stay in memory without the temp_store switch; the probe sees one spilled under temp_store = FILE', async () => {
    const name = uniqueName('journals')
    const { sqlite3, pool, db } = await poolDatabase(name)
    const execs: string[] = []
    const connection = new (class extends WasmConnection {
      override exec(source: string): void {
        execs.push(source)
        super.exec(source)
      }
    })(sqlite3, db)
    try {
      connection.pragma('locking_mode = EXCLUSIVE')
      connection.pragma('journal_mode = WAL')
      connection.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)')
      const insert = connection.prepare('INSERT INTO t (v) VALUES (?)')
      connection.transaction(() => {
        for (let i = 0; i < 3_000; i++) insert.run(`${i}-${'v'.repeat(200)}`)
      })()
      const compiled = (connection.pragma('compile_options') as { compile_options: string }[]).map(
        (o) => o.compile_options,
      )
      expect(compiled).toContain('TEMP_STORE=2')
      expect(journalsInMemoryByDefault(connection)).toBe(true)
      // one statement that may abort (UNIQUE) changing every row: its journal is > 64 KiB
      const filesDuringUpdate = () =>
        connection.transaction(() => {
          connection.prepare("UPDATE t SET v = v || 'x'").run()
          return pool.getFileCount()
        })()
      const files = pool.getFileCount() // the database and its -wal
      execs.length = 0
      expect(withMemoryJournals(connection, filesDuringUpdate)).toBe(files)
      expect(execs).toEqual(['BEGIN', 'COMMIT']) // no PRAGMA around the transaction
      // a free slot for the temporary file (a pool may hold only the files it needs)
      await pool.addCapacity(1)
      connection.pragma('temp_store = FILE')
      expect(filesDuringUpdate()).toBe(files + 1)
    } finally {
      connection.close()
      await removePool(name)
    }
  })
})

describe('bad files: the same typed error as on Node, nothing stored', () => {
  for (const bad of BAD_FILES) {
    it(`${bad.what}: ${bad.code}`, async () => {
      const before = await listOpfsFiles()
      const name = uniqueName('bad')
      expect(await codeOf(importOpfsFile(name, await fetchFile(bad.name)))).toBe(bad.code)
      expect(await listOpfsFiles()).toEqual(before)
    })
  }

  it('a bad name is invalid-argument; a missing file is not-found', async () => {
    expect(await codeOf(openOpfsFile('../escape'))).toBe('invalid-argument')
    expect(await codeOf(openOpfsFile('.hidden'))).toBe('invalid-argument')
    expect(await codeOf(openOpfsFile('../escape', { readOnly: true }))).toBe('invalid-argument')
    expect(await codeOf(openOpfsFile('a/b', { create: false }))).toBe('invalid-argument')
    expect(await codeOf(openOpfsFile('missing.wiretuner', { create: false }))).toBe('not-found')
    expect(await codeOf(openOpfsFile('missing.wiretuner', { readOnly: true }))).toBe('not-found')
    expect(await codeOf(exportOpfsFile('missing.wiretuner'))).toBe('not-found')
    expect(await codeOf(deleteOpfsFile('missing.wiretuner'))).toBe('not-found')
    expect(await listOpfsFiles()).not.toContain('missing.wiretuner')
  })
})

describe('two Workers on one file', () => {
  it('the second is refused (opened-elsewhere) while the first holds it; nothing stored is lost', async () => {
    const name = uniqueName('shared')
    const file = await openOpfsFile(name)
    file.createDocument({ documentId: DOC, title: 'shared' })
    const ids = file.append(DOC, sessionEvents(DOC, 10), { expectedSequence: 0 }).events.map((e) => e.eventId)
    expect(await codeOf(openOpfsFile(name))).toBe('opened-elsewhere') // this Worker, again
    const other = startHelperWorker('opfs-helper')
    try {
      for (const op of ['open', 'export', 'delete'] as const) {
        expect(await codeOf(other.request({ op, name }))).toBe('opened-elsewhere')
      }
      // the first Worker goes on writing and reading as before
      file.append(DOC, sessionEvents(DOC, 2).slice(1), { expectedSequence: 10 })
      expect(file.eventCount(DOC)).toBe(11)
      file.close()
      const read = (await other.request({ op: 'read', name, documentId: DOC })) as string[]
      expect(read.slice(0, 10)).toEqual(ids)
      expect(read).toHaveLength(11)
      // now the other Worker holds it: this one is refused
      await other.request({ op: 'open', name })
      expect(await codeOf(openOpfsFile(name))).toBe('opened-elsewhere')
    } finally {
      other.terminate() // a closed tab releases its handles (the browser does it a little later)
    }
    const again = await onceReleased(() => openOpfsFile(name, { create: false }))
    expect(again.eventCount(DOC)).toBe(11)
    again.close()
    await deleteOpfsFile(name)
  })

  it('a file this Worker closed and another deleted: not-found here, then created afresh', async () => {
    const name = uniqueName('deleted-elsewhere')
    const file = await openOpfsFile(name)
    file.createDocument({ documentId: DOC, title: 'deleted elsewhere' })
    file.close()
    const other = startHelperWorker('opfs-helper')
    try {
      expect(await other.request({ op: 'delete', name })).toBe('deleted')
    } finally {
      other.terminate()
    }
    expect(await codeOf(openOpfsFile(name, { create: false }))).toBe('not-found')
    expect(await codeOf(openOpfsFile(name, { readOnly: true }))).toBe('not-found')
    expect(await listOpfsFiles()).not.toContain(name)
    const fresh = await openOpfsFile(name)
    expect(fresh.listDocuments()).toEqual([])
    fresh.close()
    await deleteOpfsFile(name)
    expect(await listOpfsFiles()).not.toContain(name)
  })
})

serveSuiteInWorker()
