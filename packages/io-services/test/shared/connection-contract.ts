/**
 * What io-services relies on from an SQLite driver (the SqliteConnection interface), asserted on
 * better-sqlite3 (connection-contract.test.ts) and on the WASM adapter in Chromium
 * (browser/connection-suite.ts): value types, positional and array parameters, errors with
 * better-sqlite3's codes, transactions and savepoints, busy iterations, close.
 */
import type { TestApi } from '@wiretuner/browser-kit/runner'
import type { SqliteConnection } from '../../src/sqlite-connection.js'
import { sqliteCode, toStorageError } from '../../src/sqlite-errors.js'

/** A driver under test: opens a fresh in-memory connection. */
export interface ConnectionBackend {
  readonly name: string
  readonly open: () => Promise<SqliteConnection> | SqliteConnection
}

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected an error, nothing was thrown')
}

/** Declares the connection contract once per backend. */
export function connectionContract(t: TestApi, backends: readonly ConnectionBackend[]): void {
  const { describe, it, expect, afterEach } = t
  for (const backend of backends) {
    describe(`connection contract: ${backend.name}`, () => {
      let db: SqliteConnection | undefined
      async function open(): Promise<SqliteConnection> {
        db = await backend.open()
        db.exec(
          'CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, r REAL, s TEXT UNIQUE, b BLOB);' +
            'CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES t(id))',
        )
        db.pragma('foreign_keys = ON')
        return db
      }
      afterEach(() => db?.close())

      it('values: integers as number, BLOBs as Uint8Array, text, real, null; run results', async () => {
        const c = await open()
        const insert = c.prepare('INSERT INTO t (n, r, s, b) VALUES (?, ?, ?, ?)')
        expect(insert.reader).toBe(false)
        const r1 = insert.run(2 ** 40, 1.5, 'x', new Uint8Array([0, 1, 255]))
        expect({ changes: r1.changes, rowid: Number(r1.lastInsertRowid) }).toEqual({ changes: 1, rowid: 1 })
        insert.run(null, null, null, null)
        const select = c.prepare('SELECT id, n, r, s, b FROM t ORDER BY id')
        expect(select.reader).toBe(true)
        const [first, second] = select.all() as Record<string, unknown>[]
        expect(first).toMatchObject({ id: 1, n: 2 ** 40, r: 1.5, s: 'x' })
        expect(typeof first?.n).toBe('number')
        const blob = first?.b
        expect(blob).toBeInstanceOf(Uint8Array)
        expect(blob instanceof Uint8Array ? [...blob] : blob).toEqual([0, 1, 255])
        expect(second).toEqual({ id: 2, n: null, r: null, s: null, b: null })
        expect(c.prepare('UPDATE t SET n = 7').run().changes).toBe(2)
      })

      it('texts: several per statement, ASCII or not, empty, beside other values; stored as UTF-8', async () => {
        const c = await open()
        c.exec('CREATE TABLE texts (k INTEGER, a TEXT, b TEXT, c TEXT, d BLOB, e TEXT)')
        const insert = c.prepare('INSERT INTO texts VALUES (?, ?, ?, ?, ?, ?)')
        const rows: unknown[][] = [
          [1, 'plain', '{"json":[1,2]}', '', new Uint8Array([7]), 'x'.repeat(70_000)],
          [2, 'ascii', 'é, ü and 😀', '', null, '中文'],
          [3, '😀', '', 'a\u0000b', null, 'ok'],
          [4, '\u00a0', 'no-break space before', 'z', null, ''],
        ]
        for (const row of rows) insert.run(...row)
        const read = c
          .prepare('SELECT k, a, b, c, e, hex(b) AS hb, length(e) AS le FROM texts ORDER BY k')
          .all() as Record<string, unknown>[]
        const hex = (s: string) =>
          [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('')
        expect(read.map((r) => [r.k, r.a, r.b, r.c, r.e])).toEqual([
          [1, 'plain', '{"json":[1,2]}', '', 'x'.repeat(70_000)],
          [2, 'ascii', 'é, ü and 😀', '', '中文'],
          [3, '😀', '', 'a\u0000b', 'ok'],
          [4, '\u00a0', 'no-break space before', 'z', ''],
        ])
        expect(read.map((r) => r.hb)).toEqual(rows.map((row) => hex(row[2] as string)))
        expect(read.map((r) => r.le)).toEqual([70_000, 2, 2, 0])
      })

      it('raw rows are arrays, plucked rows the first column; the toggles switch each other off', async () => {
        const c = await open()
        const insert = c.prepare('INSERT INTO t (n, s, b) VALUES (?, ?, ?)')
        insert.run(1, 'a', new Uint8Array([9]))
        insert.run(2, 'b', null)
        const select = c.prepare('SELECT n, s, b FROM t ORDER BY n')
        expect(select.raw()).toBe(select)
        const rows = select.all() as unknown[][]
        expect(rows.map(([n, s, b]) => [n, s, b instanceof Uint8Array ? [...b] : b])).toEqual([
          [1, 'a', [9]],
          [2, 'b', null],
        ])
        expect(select.get()).toHaveLength(3)
        expect([...select.iterate()].map((row) => (row as unknown[])[1])).toEqual(['a', 'b'])
        expect(select.pluck().all()).toEqual([1, 2])
        expect(select.get()).toBe(1)
        expect(select.raw(false).all()).toEqual([1, 2]) // raw(false) leaves pluck on
        expect(select.pluck(false).get()).toMatchObject({ n: 1, s: 'a' })
        expect(select.raw().raw(false).get()).toMatchObject({ n: 1, s: 'a' })
        expect(thrown(() => insert.pluck())).toBeInstanceOf(TypeError)
        expect(thrown(() => insert.raw())).toBeInstanceOf(TypeError)
      })

      it('positional parameters, or one array of them (as Kysely passes them)', async () => {
        const c = await open()
        c.prepare('INSERT INTO t (n, s) VALUES (?, ?)').run([1, 'a'])
        c.prepare('INSERT INTO t (n, s) VALUES (?, ?)').run(2, 'b')
        const byN = c.prepare('SELECT s FROM t WHERE n >= ? ORDER BY n')
        expect(byN.all([1])).toEqual([{ s: 'a' }, { s: 'b' }])
        expect(byN.get(2)).toEqual({ s: 'b' })
        expect(byN.get(3)).toBeUndefined()
        expect([...byN.iterate([2])]).toEqual([{ s: 'b' }])
      })

      it("errors carry better-sqlite3's codes and map to StorageErrors", async () => {
        const c = await open()
        c.prepare('INSERT INTO t (id, s) VALUES (1, ?)').run('dup')
        const unique = thrown(() => c.prepare('INSERT INTO t (s) VALUES (?)').run('dup'))
        expect(sqliteCode(unique)).toBe('SQLITE_CONSTRAINT_UNIQUE')
        const primary = thrown(() => c.prepare('INSERT INTO t (id) VALUES (1)').run())
        expect(sqliteCode(primary)).toBe('SQLITE_CONSTRAINT_PRIMARYKEY')
        const foreign = thrown(() => c.prepare('INSERT INTO child (parent) VALUES (99)').run())
        expect(sqliteCode(foreign)).toBe('SQLITE_CONSTRAINT_FOREIGNKEY')
        expect(sqliteCode(thrown(() => c.prepare('SELEKT 1')))).toBe('SQLITE_ERROR')
        expect(toStorageError('op', unique)).toMatchObject({ name: 'StorageError', code: 'io' })
        // the statement is usable again after a failed run
        expect(c.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 })
      })

      it('transactions commit, roll back on throw, and nest as savepoints', async () => {
        const c = await open()
        const add = c.prepare('INSERT INTO t (s) VALUES (?)')
        const count = () => (c.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n
        c.transaction(() => {
          expect(c.inTransaction).toBe(true)
          add.run('a')
        })()
        expect(c.inTransaction).toBe(false)
        expect(thrown(() => c.transaction(() => add.run('b') && add.run('a'))())).toBeDefined()
        expect(count()).toBe(1)
        c.transaction(() => {
          add.run('c')
          expect(thrown(() => c.transaction(() => add.run('d') && add.run('a'))())).toBeDefined()
          expect(c.inTransaction).toBe(true)
        })()
        expect(count()).toBe(2)
        const immediate = c.transaction((s: string) => add.run(s).changes)
        expect(immediate.immediate('e')).toBe(1)
        expect(count()).toBe(3)
      })

      it('an open iteration: reads work, writes are busy, its statement is busy; break releases', async () => {
        const c = await open()
        for (const s of ['a', 'b', 'c']) c.prepare('INSERT INTO t (s) VALUES (?)').run(s)
        const all = c.prepare('SELECT s FROM t ORDER BY id')
        const write = c.prepare('INSERT INTO t (s) VALUES (?)')
        for (const row of all.iterate()) {
          expect(all.busy).toBe(true)
          expect(c.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 3 })
          const busy = thrown(() => write.run('x'))
          expect(toStorageError('write', busy)).toMatchObject({ code: 'busy' })
          expect(row).toEqual({ s: 'a' })
          break
        }
        expect(all.busy).toBe(false)
        write.run('x')
        expect(all.all()).toHaveLength(4)
      })

      it('pragma: simple value or rows', async () => {
        const c = await open()
        expect(c.pragma('user_version = 7')).toEqual([])
        expect(c.pragma('user_version', { simple: true })).toBe(7)
        expect(c.pragma('user_version')).toEqual([{ user_version: 7 }])
        expect(c.pragma('foreign_keys', { simple: true })).toBe(1)
      })

      it('after close: open is false, use is a TypeError that maps to closed; close again is fine', async () => {
        const c = await open()
        expect(c.open).toBe(true)
        c.close()
        expect(c.open).toBe(false)
        expect(
          toStorageError(
            'read',
            thrown(() => c.prepare('SELECT 1')),
          ),
        ).toMatchObject({ code: 'closed' })
        c.close()
      })
    })
  }
}
