/**
 * Issue 12: commands that write a file never destroy one. The output may not be the input (same
 * path, symlink, hard link); an existing output is replaced only with `--force`, and only once the
 * new file is complete (a simulation killed half-way leaves the original byte for byte).
 */
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { runCliProcess, spawnCli } from './helpers/cli.ts'
import { runCliInProcess as inProcess } from './helpers/in-process.ts'

const fixture = inject('fixtureFile')
const dir = join(inject('scratchDir'), 'outputs')

const hash = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

beforeAll(() => {
  mkdirSync(dir, { recursive: true })
})

describe('export-svg --out', () => {
  it.concurrent('refuses the input itself, through a symlink and through a hard link, even with --force', async () => {
    const doc = join(dir, 'self.wiretuner')
    copyFileSync(fixture, doc)
    const before = hash(doc)
    symlinkSync(doc, join(dir, 'self-symlink.svg'))
    linkSync(doc, join(dir, 'self-hardlink.svg'))
    for (const out of [doc, join(dir, 'self-symlink.svg'), join(dir, 'self-hardlink.svg')]) {
      for (const force of [[], ['--force']]) {
        const run = await inProcess(['export-svg', doc, '--out', out, ...force])
        expect(run.code).toBe(1)
        expect(run.stderr).toMatch(/refusing to write the SVG .* it is the input/)
      }
    }
    expect(hash(doc)).toBe(before)
    expect((await inProcess(['validate', doc])).code).toBe(0)
  })

  it.concurrent('refuses an existing output without --force; replaces it with --force', async () => {
    const out = join(dir, 'existing.svg')
    writeFileSync(out, 'keep me')
    const refused = await inProcess(['export-svg', fixture, '--out', out])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/already exists \(use --force to replace it\)/)
    expect(readFileSync(out, 'utf8')).toBe('keep me')
    expect((await inProcess(['export-svg', fixture, '--out', out, '--force'])).code).toBe(0)
    expect(readFileSync(out, 'utf8')).toMatch(/^<svg/)
    expect(readdirSync(dir).filter((n) => n.includes('.partial-'))).toEqual([])
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

describe('--timeout', () => {
  it.concurrent('ends a command that runs longer, with one line on stderr and no output file', async () => {
    const out = join(dir, 'timed-out.wiretuner')
    const run = await runCliProcess(['simulate', '--events', '2000000', '--out', out, '--timeout', '1'])
    expect(run.code === null || run.code === 137).toBe(true)
    expect(run.stderr).toMatch(/wiretuner simulate: error: timed out after 1 s \(--timeout\)/)
    expect(readdirSync(dir)).not.toContain('timed-out.wiretuner')
  }, 60_000)

  it.concurrent('is checked, and a command that ends in time is not affected', async () => {
    const bad = await inProcess(['info', fixture, '--timeout', 'soon'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--timeout must be a positive number of seconds/)
    const ok = await runCliProcess(['info', fixture, '--timeout', '60', '--json'])
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout).eventCount).toBeGreaterThan(0)
  }, 60_000)
})
