/**
 * The CLI dispatcher's output contract, in-process: `--json` prints exactly one JSON object on
 * stdout (also for errors), errors are one line on stderr, usage errors exit 2, `--help` works on
 * every command, no progress bar is drawn when stdout/stderr are not terminals.
 */
import { readFileSync } from 'node:fs'
import { DEFAULT_SNAPSHOT_RETENTION } from '@wiretuner/io-services'
import { describe, expect, inject, it } from 'vitest'
import { COMPACT_DEFAULT_KEEP } from '../src/commands/index.ts'
import { plural } from '../src/format.ts'
import { CliError, describeError, fileCommands } from '../src/index.ts'
import { createProgress, formatProgress, formatRate, progressAllowed } from '../src/progress.ts'
import { runCliInProcess } from './helpers/in-process.ts'

const fixture = inject('fixtureFile')

describe('CLI output contract', () => {
  it('prints --help for every command', async () => {
    for (const cmd of fileCommands) {
      const run = await runCliInProcess([cmd.name, '--help'])
      expect(run.code).toBe(0)
      expect(run.stdout).toContain(`Usage: wiretuner ${cmd.name}`)
      expect(run.stdout).toContain('--json')
      for (const option of Object.keys(cmd.options)) expect(run.stdout).toContain(`--${option}`)
    }
  })

  it('with --json prints one JSON object for results and for errors, and nothing else on stdout', async () => {
    const ok = await runCliInProcess(['info', fixture, '--json'])
    expect(ok.stdout.trim().split('\n')).toHaveLength(1)
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, command: 'info' })
    expect(ok.stderr).toBe('')
    const bad = await runCliInProcess(['replay', fixture, '--to', '999999', '--json'])
    expect(bad.code).toBe(1)
    expect(JSON.parse(bad.stdout)).toMatchObject({
      ok: false,
      command: 'replay',
      error: { code: 'sequence-out-of-range' },
    })
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('exits 2 for usage errors and 1 for other failures', async () => {
    expect((await runCliInProcess(['replay'])).code).toBe(2)
    expect((await runCliInProcess(['replay', fixture, 'extra'])).code).toBe(2)
    expect((await runCliInProcess(['replay', fixture, '--to', '1.5'])).code).toBe(2)
    expect((await runCliInProcess([])).code).toBe(2)
    expect((await runCliInProcess(['info', '/definitely/not/here.wiretuner'])).code).toBe(1)
  })

  it('prints the package version with --version', async () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string
    }
    const run = await runCliInProcess(['--version'])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(`wiretuner ${manifest.version}\n`)
  })

  it("states compact's default --keep in its help as io-services' retention default", async () => {
    expect(COMPACT_DEFAULT_KEEP).toBe(DEFAULT_SNAPSHOT_RETENTION)
    expect((await runCliInProcess(['compact', '--help'])).stdout).toContain(
      `default ${DEFAULT_SNAPSHOT_RETENTION})`,
    )
  })

  it('treats typed package errors as user errors and anything else as internal', () => {
    expect(describeError(new CliError('usage', 'x'))).toMatchObject({ code: 'usage', expected: true })
    const storage = Object.assign(new Error('disk full'), { name: 'StorageError', code: 'io' })
    expect(describeError(storage)).toMatchObject({ code: 'io', expected: true })
    expect(describeError(new TypeError('boom'))).toMatchObject({ code: 'internal', expected: false })
  })

  it('draws no progress bar unless both stdout and stderr are terminals and not --json', () => {
    // Under vitest neither stream is a terminal.
    expect(progressAllowed(false)).toBe(process.stdout.isTTY === true && process.stderr.isTTY === true)
    expect(progressAllowed(true)).toBe(false)
    const writes: unknown[] = []
    const original = process.stderr.write.bind(process.stderr)
    process.stderr.write = ((chunk: unknown) => {
      writes.push(chunk)
      return true
    }) as typeof process.stderr.write
    try {
      const bar = createProgress('x', 10, false)
      bar.update(5)
      bar.finish()
    } finally {
      process.stderr.write = original
    }
    expect(writes).toEqual([])
  })

  it('formats progress: 100 % only when done, the rate an average over the elapsed time', () => {
    expect(formatProgress('x', 0, 10, 0)).toBe(`x [${'-'.repeat(30)}]   0% 0/10`)
    expect(formatProgress('x', 10, 10, 2000)).toBe(`x [${'#'.repeat(30)}] 100% 10/10 5.0/s`)
    expect(formatProgress('x', 1, 1, 0.5)).toMatch(/ 100% 1\/1 2000\/s$/)
    expect(formatProgress('x', 999, 1000, 1000)).toMatch(/ 99% 999\/1000 999\/s$/)
    expect(formatRate(3, 10_000)).toBe('0.3/s')
    expect(formatRate(1500, 300)).toBe('5000/s')
    expect(formatRate(5, 0)).toBe('')
  })

  it('ends the bar on a final line at 100 % with the real average rate', () => {
    const writes: string[] = []
    const original = process.stderr.write.bind(process.stderr)
    process.stderr.write = ((chunk: unknown) => {
      writes.push(String(chunk))
      return true
    }) as typeof process.stderr.write
    try {
      const bar = createProgress('work', 1000, true)
      for (let done = 0; done <= 1000; done += 50) bar.update(done)
      bar.finish()
    } finally {
      process.stderr.write = original
    }
    const lines = writes.join('').split('\r\x1b[2K')
    const final = lines[lines.length - 1] ?? ''
    expect(final).toMatch(/^work \[#{30}\] 100% 1000\/1000 \d+(\.\d)?\/s\n$/)
    expect(final).not.toMatch(/ 0(\.0)?\/s/)
  })

  it('counts with the right plural: 1 artboard, 2 artboards, 0 artboards, 1 entry', () => {
    expect(plural(1, 'artboard')).toBe('1 artboard')
    expect(plural(2, 'artboard')).toBe('2 artboards')
    expect(plural(0, 'artboard')).toBe('0 artboards')
    expect(plural(1, 'entry', 'entries')).toBe('1 entry')
    expect(plural(6, 'entry', 'entries')).toBe('6 entries')
  })
})
