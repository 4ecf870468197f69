/**
 * A vitest `globalSetup` module: starts one PostgreSQL database for the test run (see
 * {@link startPostgres}), provides its URL to the tests as `inject('postgresUrl')`, and stops it
 * when the run ends. Use: `globalSetup: ['@wiretuner/pg-kit/vitest-setup']`… or a path to it.
 */
import type { TestProject } from 'vitest/node'
import { startPostgres } from './start-postgres.js'

declare module 'vitest' {
  interface ProvidedContext {
    /** URL of the run's PostgreSQL database (pg-kit's globalSetup). */
    postgresUrl: string
  }
}

/** Starts the database and provides its URL; returns the teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const handle = await startPostgres()
  project.provide('postgresUrl', handle.url)
  return () => handle.stop()
}
