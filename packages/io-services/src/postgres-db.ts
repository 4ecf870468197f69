/**
 * What the PostgreSQL store's query modules share: the Kysely database type, the SQL expression of
 * a payload's eventId (the one the unique index is built on), and bytea as a plain `Uint8Array`.
 */
import { type Kysely, sql } from 'kysely'
import { EVENT_ID_FUNCTION } from './postgres-migrations.js'
import type { WireTunerDatabase } from './schema.js'

/** The Kysely instance of a WireTuner PostgreSQL database (a pool, or a transaction of it). */
export type PostgresDb = Kysely<WireTunerDatabase>

/** The payload's eventId as the unique index computes it (NULL for a payload that is not JSON). */
export function eventIdOf(column: string) {
  return sql<string | null>`${sql.id(EVENT_ID_FUNCTION)}(${sql.ref(column)})`
}

/** `pg` returns bytea as a Buffer: a plain Uint8Array view of it, as the other stores hand out. */
export function bytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
}
