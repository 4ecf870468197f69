/**
 * Vitest global setup: builds the viewer (vite build, so the e2e tests and `serve` tests run
 * against the real bundle) and simulates one shared fixture document with the real CLI.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import type { TestProject } from 'vitest/node'
import { FIXTURE } from './browser/fixture.ts'
import { runCliProcess } from './helpers/cli.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A simulated document shared by the tests (read only). */
    fixtureFile: string
    /** Number of events in it. */
    fixtureEvents: number
    /** Scratch directory removed after the run. */
    scratchDir: string
  }
}

/** Events in the shared fixture document. */
export const FIXTURE_EVENTS = FIXTURE.events

export default async function setup(project: TestProject): Promise<() => void> {
  await build({ configFile: new URL('../viewer/vite.config.ts', import.meta.url).pathname, logLevel: 'warn' })
  const dir = mkdtempSync(join(tmpdir(), 'wiretuner-demo-test-'))
  const file = join(dir, 'fixture.wiretuner')
  const result = await runCliProcess([
    'simulate',
    '--events',
    String(FIXTURE_EVENTS),
    '--seed',
    FIXTURE.seed,
    '--out',
    file,
    '--json',
  ])
  if (result.code !== 0) throw new Error(`fixture simulation failed (${result.code}): ${result.stderr}`)
  project.provide('fixtureFile', file)
  project.provide('fixtureEvents', FIXTURE_EVENTS)
  project.provide('scratchDir', dir)
  return () => rmSync(dir, { recursive: true, force: true })
}
