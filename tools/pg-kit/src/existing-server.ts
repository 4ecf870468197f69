/**
 * A fresh database on an existing server (`WT_POSTGRES_URL`): `CREATE DATABASE wt_test_<random>`,
 * and `DROP DATABASE … WITH (FORCE)` when done, so tests never see each other's tables.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { PgKitError } from './errors.js'

/** A database created for one caller. */
export interface TestDatabase {
  readonly url: string
  readonly database: string
  drop(): Promise<void>
}

async function onServer<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Creates `wt_test_<random>` on the server `serverUrl` points at; its URL names the new database. */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const database = `wt_test_${randomBytes(6).toString('hex')}`
  try {
    await onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${database}`))
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error)
    throw new PgKitError(
      'server-unusable',
      `cannot create a test database on ${redact(serverUrl)} (${text}): WT_POSTGRES_URL must name a running server and a role allowed to CREATE DATABASE`,
      { cause: error },
    )
  }
  const url = new URL(serverUrl)
  url.pathname = `/${database}`
  let dropped: Promise<void> | undefined
  return {
    url: url.toString(),
    database,
    drop: () => {
      dropped ??= onServer(serverUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      })
      return dropped
    },
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparsable URL)'
  }
}
