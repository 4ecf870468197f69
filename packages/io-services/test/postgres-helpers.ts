/**
 * Node test helpers for the PostgreSQL storage: the run's database (pg-kit's globalSetup provides
 * its URL), a fresh PostgreSQL schema per storage (a `search_path` in the connection string:
 * each test sees empty tables, without the cost of a new database), and the contract suite's
 * PostgreSQL backend.
 */
import { randomBytes } from 'node:crypto'
import type {} from '@wiretuner/pg-kit/vitest-setup'
import pg from 'pg'
import { inject } from 'vitest'
import type { StorageOptions } from '../src/index.js'
import { openPostgresStorage, type PostgresStorage, type PostgresStorageOptions } from '../src/postgres.js'
import type { Backend } from './shared/events.js'

/** The run's PostgreSQL database URL (pg-kit globalSetup; `WT_POSTGRES_URL` points it at a server). */
export function postgresUrl(): string {
  return inject('postgresUrl')
}

/** Runs one statement on the run's database. */
export async function adminQuery(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: postgresUrl() })
  await client.connect()
  try {
    return await client.query(text, values)
  } finally {
    await client.end()
  }
}

/** A fresh, empty PostgreSQL schema: the connection string selecting it, and its removal. */
export async function freshSchema(): Promise<{ readonly url: string; readonly drop: () => Promise<void> }> {
  const name = `wt_${randomBytes(6).toString('hex')}`
  await adminQuery(`CREATE SCHEMA ${name}`)
  const url = new URL(postgresUrl())
  url.searchParams.set('options', `-c search_path=${name}`)
  return { url: url.toString(), drop: async () => void (await adminQuery(`DROP SCHEMA ${name} CASCADE`)) }
}

/** A storage on a fresh schema; `close()` closes it and drops the schema. */
export async function openFreshPostgres(
  options: StorageOptions & Partial<PostgresStorageOptions> = {},
): Promise<{ readonly storage: PostgresStorage; readonly url: string; readonly close: () => Promise<void> }> {
  const schema = await freshSchema()
  const storage = await openPostgresStorage({ listen: false, ...options, connectionString: schema.url })
  return {
    storage,
    url: schema.url,
    close: async () => {
      await storage.close()
      await schema.drop()
    },
  }
}

/** The contract suite's PostgreSQL backend (a real server, a fresh schema per open). */
export const POSTGRES_BACKEND: Backend = {
  name: 'postgresql',
  readsBlockWrites: false,
  open: (options = {}) => openFreshPostgres(options),
}
