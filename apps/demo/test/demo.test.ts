/** `pnpm demo`'s script, run as a real process on a small session into a scratch directory. */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, inject, it } from 'vitest'

const out = join(inject('scratchDir'), 'demo')

describe('pnpm demo', () => {
  it('simulates, reopens, validates, travels in time, exports SVGs and reports', async () => {
    mkdirSync(out, { recursive: true })
    const script = fileURLToPath(new URL('../src/demo.ts', import.meta.url))
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(process.execPath, ['--conditions=@wiretuner/source', '--import', 'tsx', script], {
          env: {
            ...process.env,
            WIRETUNER_DEMO_OUT: out,
            WIRETUNER_DEMO_EVENTS: '1200',
            WIRETUNER_DEMO_SEED: 'test',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        })
        let stdout = ''
        let stderr = ''
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          stdout += d
        })
        child.stderr.setEncoding('utf8').on('data', (d: string) => {
          stderr += d
        })
        child.on('error', reject)
        child.on('close', (code) => resolve({ code, stdout, stderr }))
      },
    )
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
