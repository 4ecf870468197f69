/**
 * pg-kit against real PostgreSQL: a private server starts, answers queries and is gone after
 * stop(); a database on an "existing" server (the private one standing in for WT_POSTGRES_URL)
 * is created fresh and dropped; a missing installation is a typed error.
 */
import { existsSync } from 'node:fs'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { PgKitError, startLocalServer, startPostgres } from '../src/index.ts'

async function query(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await client.query(text)
  } finally {
    await client.end()
  }
}

describe('pg-kit', () => {
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved }
  })

  it('starts a private server on 127.0.0.1, then stops and removes it', async () => {
    delete process.env.WT_POSTGRES_URL
    const server = await startLocalServer()
    try {
      expect(server.url).toMatch(/^postgres:\/\/wt@127\.0\.0\.1:\d+\/postgres$/)
      const result = await query(server.url, 'select current_user as who, 1 + 1 as two')
      expect(result.rows[0]).toEqual({ who: 'wt', two: 2 })
    } finally {
      await server.stop()
    }
    expect(existsSync(server.dataDir)).toBe(false)
    await expect(query(server.url, 'select 1')).rejects.toThrow(/ECONNREFUSED/)
    await server.stop() // idempotent
  })

  it('with WT_POSTGRES_URL, creates a fresh database per call and drops it in stop()', async () => {
    const server = await startLocalServer()
    try {
      process.env.WT_POSTGRES_URL = server.url
      const [a, b] = [await startPostgres(), await startPostgres()]
      expect(a.kind).toBe('existing')
      expect(a.url).not.toBe(b.url)
      await query(a.url, 'create table only_in_a (x int)')
      await expect(query(b.url, 'select * from only_in_a')).rejects.toThrow(/does not exist/)
      const name = new URL(a.url).pathname.slice(1)
      expect(name).toMatch(/^wt_test_[0-9a-f]{12}$/)
      await a.stop()
      await b.stop()
      const left = await query(server.url, "select datname from pg_database where datname like 'wt_test_%'")
      expect(left.rows).toEqual([])
    } finally {
      await server.stop()
    }
  })

  it('reports a missing installation and an unusable server as typed errors', async () => {
    process.env.WT_POSTGRES_BIN = '/nonexistent/bin'
    delete process.env.WT_POSTGRES_URL
    const missing = await startPostgres().catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(PgKitError)
    expect((missing as PgKitError).code).toBe('not-installed')
    expect((missing as PgKitError).message).toMatch(/scripts\/setup\.sh/)
    const refused = await startPostgres({ serverUrl: 'postgres://wt@127.0.0.1:1/postgres' }).catch(
      (e: unknown) => e,
    )
    expect((refused as PgKitError).code).toBe('server-unusable')
  })
})
