/**
 * The demo's own commands on top of the CLI package's dispatcher: `--help` lists the file
 * commands and the demo's `simulate` and `serve`; `simulate` is deterministic, refuses to replace
 * a file without `--force` and, killed half-way, leaves the original; `serve` reports bad input
 * and a busy port as one line; `--timeout` ends a long simulation. (The file commands' own tests
 * are in packages/cli.)
 */
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { type CliRun, runCliProcess, spawnCli, runCliProcess as spawned } from './helpers/cli.ts'
import { runCliInProcess as inProcess } from './helpers/in-process.ts'

const fixture = inject('fixtureFile')
const dir = join(inject('scratchDir'), 'demo-commands')

const hash = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

function json(run: CliRun): Record<string, unknown> {
  const lines = run.stdout.trim().split('\n')
  expect(lines).toHaveLength(1)
  return JSON.parse(lines[0] ?? '') as Record<string, unknown>
}

/** A user error: one line on stderr, no stack trace, the given exit code. */
function expectUserError(run: CliRun, code: number, pattern: RegExp): void {
  expect(run.code).toBe(code)
  const lines = run.stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(pattern)
  expect(run.stderr).not.toMatch(/\n\s+at /)
}

beforeAll(() => {
  mkdirSync(dir, { recursive: true })
})

describe('wiretuner --help', () => {
  it.concurrent('lists the file commands and the demo commands', async () => {
    const main = await spawned(['--help'])
    expect(main.code).toBe(0)
    for (const cmd of ['simulate', 'info', 'validate', 'replay', 'export-svg', 'compact', 'serve']) {
      expect(main.stdout).toContain(`  ${cmd} `)
    }
    for (const cmd of ['simulate', 'serve']) {
      const help = await inProcess([cmd, '--help'])
      expect(help.code).toBe(0)
      expect(help.stdout).toContain(`Usage: wiretuner ${cmd}`)
    }
  })
})

describe('simulate', () => {
  it.concurrent('writes exactly N events, deterministically for a seed', async () => {
    const a = join(dir, 'sim-a.wiretuner')
    const b = join(dir, 'sim-b.wiretuner')
    const ra = json(await spawned(['simulate', '--events', '400', '--seed', 'cli', '--out', a, '--json']))
    const rb = json(await inProcess(['simulate', '--events', '400', '--seed', 'cli', '--out', b, '--json']))
    expect(ra.events).toBe(400)
    expect(ra.refusedEvents).toBe(0)
    expect(ra.documentId).toBe(rb.documentId)
    expect(ra.eventTypes).toEqual(rb.eventTypes)
    const ha = json(await inProcess(['replay', a, '--json']))
    const hb = json(await inProcess(['replay', b, '--json']))
    expect(ha.sha256).toBe(hb.sha256)
  })

  it.concurrent('refuses to overwrite an existing file without --force, and bad counts', async () => {
    expectUserError(await inProcess(['simulate', '--events', '10', '--out', fixture]), 1, /already exists/)
    expectUserError(
      await inProcess(['simulate', '--events', 'ten', '--out', join(dir, 'x.wiretuner')]),
      2,
      /--events must be a non-negative integer/,
    )
    expectUserError(await inProcess(['simulate', '--events', '10']), 2, /--out is required/)
  })

  it.concurrent('reports an unwritable output path', async () => {
    const run = await spawned([
      'simulate',
      '--events',
      '10',
      '--out',
      join(dir, 'no-such-dir', 'x.wiretuner'),
    ])
    expectUserError(run, 1, /cannot write the document .*does not exist/)
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false)
  })
})

describe('simulate --out --force', () => {
  it.concurrent('killed half-way, it leaves the original file byte for byte', async () => {
    const out = join(dir, 'killed.wiretuner')
    copyFileSync(fixture, out)
    const before = hash(out)
    const child = spawnCli(['simulate', '--events', '2000000', '--seed', 'kill', '--out', out, '--force'])
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
    })
    // killed once the new file is being built (its temporary name exists)
    const started = Date.now()
    while (!readdirSync(dir).some((n) => n.startsWith('.killed.wiretuner.partial-'))) {
      expect(Date.now() - started, stderr).toBeLessThan(60_000)
      await new Promise((r) => setTimeout(r, 50))
    }
    await new Promise((r) => setTimeout(r, 500))
    const closed = new Promise((r) => child.on('close', r))
    child.kill('SIGKILL')
    await closed
    expect(hash(out)).toBe(before)
    expect((await inProcess(['validate', out])).code).toBe(0)
    // the killed build's temporary is removed by the next build of the same output
    const partials = () => readdirSync(dir).filter((n) => n.startsWith('.killed.wiretuner.partial-'))
    expect(partials().length).toBeGreaterThan(0)
    expect((await inProcess(['simulate', '--events', '20', '--out', out, '--force'])).code).toBe(0)
    expect(partials()).toEqual([])
  }, 90_000)

  it.concurrent('replaces the file once the new one is complete', async () => {
    const out = join(dir, 'replaced.wiretuner')
    copyFileSync(fixture, out)
    const run = await inProcess([
      'simulate',
      '--events',
      '50',
      '--seed',
      'replace',
      '--out',
      out,
      '--force',
      '--json',
    ])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).file).toBe(out)
    const info = JSON.parse((await inProcess(['info', out, '--json'])).stdout)
    expect(info.eventCount).toBe(50)
    expect(readdirSync(dir).filter((n) => n.startsWith('.replaced.wiretuner.partial-'))).toEqual([])
  })
})

describe('serve', () => {
  it('reports a busy port for serve as one line', async () => {
    const blocker = createServer(() => {})
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const address = blocker.address()
    const port = typeof address === 'object' && address !== null ? address.port : 0
    try {
      const run = await inProcess(['serve', fixture, '--port', String(port)])
      expect(run.code).toBe(1)
      expect(run.stderr.trim().split('\n')).toEqual([
        `wiretuner serve: error: port ${port} is already in use on 127.0.0.1`,
      ])
    } finally {
      blocker.close()
    }
  })

  it.concurrent('refuses a bad port and a missing file', async () => {
    expectUserError(await inProcess(['serve', fixture, '--port', '70000']), 2, /--port must be at most 65535/)
    const missing = join(dir, 'missing.wiretuner')
    expectUserError(await inProcess(['serve', missing, '--port', '0']), 1, /missing\.wiretuner: no such file/)
    expect(existsSync(missing)).toBe(false)
  })
})

describe('--timeout', () => {
  it.concurrent('ends a command that runs longer, with one line on stderr and no output file', async () => {
    const out = join(dir, 'timed-out.wiretuner')
    const run = await runCliProcess(['simulate', '--events', '2000000', '--out', out, '--timeout', '1'])
    expect(run.code === null || run.code === 137).toBe(true)
    expect(run.stderr).toMatch(/wiretuner simulate: error: timed out after 1 s \(--timeout\)/)
    expect(readdirSync(dir)).not.toContain('timed-out.wiretuner')
  }, 60_000)
})
