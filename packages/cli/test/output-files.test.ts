/**
 * Issue 12: commands that write a file never destroy one. The output may not be the input (same
 * path, symlink, hard link); an existing output is replaced only with `--force`, and only once the
 * new file is complete. `--timeout` is checked and does not disturb a command that ends in time
 * (the demo's tests kill a long simulation with it).
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
import { runCliProcess } from './helpers/cli.ts'
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

describe('--timeout', () => {
  it.concurrent('is checked, and a command that ends in time is not affected', async () => {
    const bad = await inProcess(['info', fixture, '--timeout', 'soon'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--timeout must be a positive number of seconds/)
    const ok = await runCliProcess(['info', fixture, '--timeout', '60', '--json'])
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout).eventCount).toBeGreaterThan(0)
  }, 60_000)
})
