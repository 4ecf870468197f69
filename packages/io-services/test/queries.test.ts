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
import type { Compilable, CompiledQuery } from 'kysely'
import { describe, expect, it } from 'vitest'
import { HISTORY_SQL, insertEventsSql, SQL } from '../src/queries.ts'
import { HISTORY_QUERIES, QUERIES } from '../src/query-builders.ts'

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

  it('insertEventsSql(n) is what Kysely compiles from insertEvent given n rows', () => {
    const row = (n: number) => ({
      document_id: `d${n}`,
      event_sequence: n,
      event_type: `t${n}`,
      event_payload: `p${n}`,
      timestamp: n,
      user_id: `u${n}`,
    })
    for (const n of [1, 2, 8, 32, 128]) {
      const query = QUERIES.insertEvent('d', 0, 't', 'p', 0, 'u')
        .values(Array.from({ length: n }, (_, i) => row(i)))
        .compile()
      expect(insertEventsSql(n)).toBe(query.sql)
      expect(query.parameters).toEqual(Array.from({ length: n }, (_, i) => Object.values(row(i))).flat())
    }
    expect(() => insertEventsSql(0)).toThrow(RangeError)
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
