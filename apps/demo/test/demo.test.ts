/** `pnpm demo`'s script, run as a real process on a small session into a scratch directory. */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, inject, it } from 'vitest'
import { runScript } from './helpers/cli.ts'

const out = join(inject('scratchDir'), 'demo')

describe('pnpm demo', () => {
  it('simulates, reopens, validates, travels in time, exports SVGs and reports', async () => {
    mkdirSync(out, { recursive: true })
    const script = fileURLToPath(new URL('../src/demo.ts', import.meta.url))
    const run = await runScript(script, [], {
      WIRETUNER_DEMO_OUT: out,
      WIRETUNER_DEMO_EVENTS: '1200',
      WIRETUNER_DEMO_SEED: 'test',
    })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/Simulated 1200 events \(seed "test"/)
    expect(run.stdout).toMatch(/Reopened in [\d.]+ m?s: snapshot #\d+/)
    expect(run.stdout).toContain('Validated: clean')
    expect(run.stdout).toContain(`wiretuner serve ${join(out, 'demo.wiretuner')}`)
    expect(existsSync(join(out, 'demo.wiretuner'))).toBe(true)
    const svgs = [...run.stdout.matchAll(/→ (\S+\.svg)/g)].map((m) => m[1] ?? '')
    expect(svgs).toHaveLength(5)
    for (const svg of svgs) expect(readFileSync(svg, 'utf8')).toMatch(/^<svg /)
  })
})
