/**
 * The store's SQL texts (`src/queries.ts`) are exactly what Kysely compiles from the builders of
 * `src/query-builders.ts`, which are typed against `WireTunerDatabase`: a renamed column or
 * table fails type-checking there, a changed text fails this test, and so does a builder whose
 * parameters are not in the statement's positional order (its parameter list is the bind tuple
 * the store's prepared statements are typed with). The texts are kept as plain strings so that
 * opening and reading a file never loads Kysely: `src/` imports the builders as types only.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { type Compilable, type CompiledQuery, Kysely, SqliteDialect } from 'kysely'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../src/migrations.ts'
import { HISTORY_SQL, insertEventsSql, SQL } from '../src/queries.ts'
import { HISTORY_QUERIES, QUERIES } from '../src/query-builders.ts'
import { openDatabase } from '../src/sqlite-driver.ts'

/** Compiles `builder` called with `args` (distinct markers, whatever the declared types). */
function compileWith(
  builder: (...args: never[]) => Compilable<unknown>,
  args: readonly unknown[],
): CompiledQuery {
  const built: Compilable<unknown> = Reflect.apply(builder, undefined, args)
  return built.compile()
}

/** Each builder's compiled text and bound parameters, called with one marker per parameter. */
function compiled(builders: Record<string, (...args: never[]) => Compilable<unknown>>) {
  return Object.entries(builders).map(([key, builder]) => {
    const args = Array.from({ length: builder.length }, (_, i) => `${key}#${i}`)
    const query = compileWith(builder, args)
    return { key, sql: query.sql, parameters: query.parameters, args }
  })
}

describe('SQL texts', () => {
  it('are what Kysely compiles from the typed builders', () => {
    const texts = (list: ReturnType<typeof compiled>) => Object.fromEntries(list.map((q) => [q.key, q.sql]))
    expect(SQL).toEqual(texts(compiled(QUERIES)))
    expect(HISTORY_SQL).toEqual(texts(compiled(HISTORY_QUERIES)))
  })

  it("bind each builder's parameters in its declared order", () => {
    for (const q of [...compiled(QUERIES), ...compiled(HISTORY_QUERIES)])
      expect({ key: q.key, parameters: q.parameters }).toEqual({ key: q.key, parameters: q.args })
  })

  it('insertEventsSql(n) stores exactly the rows of n insertEvent statements', async () => {
    // Two files with the current schema; the same rows through both statements, row for row
    // equal (values and SQLite storage classes), and the same constraint error for a duplicate.
    const files = [openDatabase(':memory:'), openDatabase(':memory:')]
    const [single, multi] = files as [Database.Database, Database.Database]
    for (const db of files) {
      const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) })
      for (const migration of Object.values(MIGRATIONS)) await migration.up(kysely)
      db.prepare(SQL.insertMetadata).run('d', 'title', 1, 1, 1, null)
    }
    const payload = (seq: number) => `{"eventId":"e-${seq}","n":${seq}}`
    const user = (seq: number) => (seq % 3 === 0 ? null : `u${seq % 2}`)
    const one = single.prepare(SQL.insertEvent)
    let first = 5
    for (const n of [1, 2, 8, 32, 128]) {
      for (let k = 0; k < n; k++)
        one.run('d', first + k, `t${k}`, payload(first + k), 1000 + k, user(first + k))
      const params: unknown[] = ['d', first]
      for (let k = 0; k < n; k++) params.push(`t${k}`, payload(first + k), 1000 + k, user(first + k))
      expect(multi.prepare(insertEventsSql(n)).run(params).changes).toBe(n)
      first += n
      // the same with one user id for the whole chunk, bound once
      for (let k = 0; k < n; k++) one.run('d', first + k, `t${k}`, payload(first + k), 1000 + k, 'same')
      const shared: unknown[] = ['d', first, 'same']
      for (let k = 0; k < n; k++) shared.push(`t${k}`, payload(first + k), 1000 + k)
      expect(multi.prepare(insertEventsSql(n, true)).run(shared).changes).toBe(n)
      first += n
    }
    const rows = (db: Database.Database) =>
      db
        .prepare(
          'SELECT event_id, document_id, event_sequence, typeof(event_sequence) AS t, event_type, event_payload, timestamp, typeof(timestamp) AS tt, user_id FROM events ORDER BY event_id',
        )
        .all()
    expect(rows(multi)).toEqual(rows(single))
    expect(rows(multi)).toHaveLength(342)
    // the unique eventId index refuses a stored eventId inside a chunk, and the chunk writes nothing
    const again = ['d', first, 't', payload(first), 1, null, 't', payload(7), 1, null]
    expect(() => multi.prepare(insertEventsSql(2)).run(again)).toThrow(/UNIQUE constraint failed/)
    const sharedAgain = ['d', first, 'u', 't', payload(first), 1, 't', payload(7), 1]
    expect(() => multi.prepare(insertEventsSql(2, true)).run(sharedAgain)).toThrow(/UNIQUE constraint failed/)
    expect(rows(multi)).toHaveLength(342)
    for (const db of files) db.close()
    expect(() => insertEventsSql(0)).toThrow(RangeError)
    expect(() => insertEventsSql(0, true)).toThrow(RangeError)
  })

  it('reach src/ only as types (reading a file never loads Kysely)', () => {
    const src = join(import.meta.dirname, '..', 'src')
    const valueImports = readdirSync(src)
      .filter((name) => name.endsWith('.ts') && name !== 'query-builders.ts')
      .flatMap((name) =>
        readFileSync(join(src, name), 'utf8')
          .split('\n')
          .filter((line) => line.includes("'./query-builders.js'") && !line.startsWith('import type '))
          .map((line) => `${name}: ${line}`),
      )
    expect(valueImports).toEqual([])
  })
})
