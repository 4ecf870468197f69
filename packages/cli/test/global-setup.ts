/** Vitest global setup: writes one shared fixture document (through replay's API) for the CLI tests. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A document shared by the tests (read only). */
    fixtureFile: string
    /** Number of events in it. */
    fixtureEvents: number
    /** Scratch directory removed after the run. */
    scratchDir: string
  }
}

/** Events in the shared fixture document (a snapshot at 999 and one at close). */
export const FIXTURE_EVENTS = 1500

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'wiretuner-cli-test-'))
  const file = join(dir, 'fixture.wiretuner')
  const script = new URL('./helpers/write-fixture.ts', import.meta.url).pathname
  execFileSync(
    process.execPath,
    ['--conditions=@wiretuner/source', '--import', 'tsx', script, file, `${FIXTURE_EVENTS}`],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  )
  project.provide('fixtureFile', file)
  project.provide('fixtureEvents', FIXTURE_EVENTS)
  project.provide('scratchDir', dir)
  return () => rmSync(dir, { recursive: true, force: true })
}
