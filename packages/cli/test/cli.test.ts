/**
 * The `wiretuner` CLI's file commands: every command's happy path, `--json` output (exactly one JSON object on
 * stdout), `--help`, and bad input (missing file, not a WireTuner file, newer format, SEQ beyond
 * head, unwritable output path) as one stderr line with a non-zero exit code and no stack trace.
 * Each case spawns the real CLI (`spawned`) at least once; the full matrices of commands × bad
 * inputs run through the same dispatcher in-process (`inProcess`), since every spawn costs a
 * TypeScript start-up of a second or more on the shared machine.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { type CliRun, runCliProcess as spawned } from './helpers/cli.ts'
import {
  foreignSqlite,
  textFile,
  withCorruptNewestSnapshot,
  withFormatVersion,
  withFreePages,
  withGap,
} from './helpers/files.ts'
import { runCliInProcess as inProcess } from './helpers/in-process.ts'

const fixture = inject('fixtureFile')
const fixtureEvents = inject('fixtureEvents')
const dir = join(inject('scratchDir'), 'cli')

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
  it.concurrent('lists every command and shows help for each', async () => {
    const main = await spawned(['--help'])
    expect(main.code).toBe(0)
    for (const cmd of ['info', 'validate', 'replay', 'export-svg', 'thumbnail', 'compact']) {
      expect(main.stdout).toContain(cmd)
    }
    const help = await inProcess(['replay', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: wiretuner replay FILE')
    expect(help.stdout).toContain('--no-snapshots')
  })

  it.concurrent('rejects unknown commands and options with a usage error (exit 2)', async () => {
    expectUserError(await spawned(['frobnicate']), 2, /unknown command 'frobnicate'/)
    expectUserError(await inProcess(['info', fixture, '--bogus']), 2, /Unknown option '--bogus'/)
  })
})

describe('info', () => {
  it.concurrent('reports metadata, events, head, snapshots and file size', async () => {
    const r = json(await spawned(['info', fixture, '--json']))
    expect(r.eventCount).toBe(fixtureEvents)
    expect(r.headSequence).toBe(fixtureEvents - 1)
    expect(r.fileBytes).toBe(statSync(fixture).size)
    const snapshots = r.snapshots as {
      sequence: number
      ratio: number | null
      storedBytes: number
      jsonBytes: number | null
    }[]
    expect(snapshots.length).toBeGreaterThan(0)
    const first = snapshots[0]
    expect(first?.ratio).toBeGreaterThan(1)
    expect(first?.ratio).toBeCloseTo((first?.jsonBytes ?? 0) / (first?.storedBytes ?? 1), 2)
    const text = await inProcess(['info', fixture])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain(`head sequence:  ${fixtureEvents - 1}`)
    expect(text.stdout).toMatch(/stored \(gzip\), .* JSON, ratio [\d.]+:1/)
  })
})

describe('validate', () => {
  it.concurrent('exits 0 for a clean file', async () => {
    const run = await spawned(['validate', fixture])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/OK — \d+ checks, 0 failed/)
  })

  it.concurrent('exits 1 and names the problem for a log with a gap', async () => {
    const damaged = withGap(fixture, join(dir, 'gap.wiretuner'), 17)
    const run = await spawned(['validate', damaged])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('PROBLEMS FOUND')
    expect(run.stdout).toMatch(/\b17\b/)
    const r = json(await inProcess(['validate', damaged, '--json']))
    expect(r.clean).toBe(false)
  })
})

describe('replay', () => {
  it.concurrent('gives the same document with and without snapshots', async () => {
    const at = fixtureEvents - 3
    const fast = json(await inProcess(['replay', fixture, '--to', String(at), '--json']))
    const full = json(await spawned(['replay', fixture, '--to', String(at), '--no-snapshots', '--json']))
    expect(fast.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(fast.sha256).toBe(full.sha256)
    expect(fast.objects).toBe(full.objects)
    expect(full.eventsReplayed).toBe(at + 1)
    expect(full.snapshotUsed).toBeNull()
    expect(fast.snapshotUsed).toEqual(expect.any(Number))
    expect(fast.eventsReplayed as number).toBeLessThan(full.eventsReplayed as number)
  })
})

describe('damaged snapshots', () => {
  it.concurrent('replay falls back to an older snapshot, reports it, and gets the same document', async () => {
    const damaged = withCorruptNewestSnapshot(fixture, join(dir, 'corrupt-snapshot.wiretuner'))
    const fast = json(await inProcess(['replay', damaged, '--json']))
    const full = json(await inProcess(['replay', damaged, '--no-snapshots', '--json']))
    expect(fast.snapshotsSkipped).toBe(1)
    expect(fast.sha256).toBe(full.sha256)
    const text = await inProcess(['replay', damaged])
    expect(text.stdout).toMatch(/snapshot used:\s+#\d+ \(1 newer ones failed their checks\)/)
    const check = await inProcess(['validate', damaged])
    expect(check.code).toBe(1)
  })
})

describe('export-svg', () => {
  it.concurrent('writes the SVG of the document at a sequence, and of one artboard', async () => {
    const out = join(dir, 'at-500.svg')
    const r = json(await spawned(['export-svg', fixture, '--at', '500', '--out', out, '--json']))
    expect(r.sequence).toBe(500)
    const svg = readFileSync(out, 'utf8')
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    expect(svg).toContain('<path')
    const bad = await inProcess(['export-svg', fixture, '--artboard', 'nope', '--out', join(dir, 'nope.svg')])
    expectUserError(bad, 1, /no artboard 'nope' at sequence \d+ \(artboards: /)
  })
})

describe('thumbnail', () => {
  it.concurrent('writes a PNG of at most 50 KB, then serves it from thumbnails_cache', async () => {
    const copy = join(dir, 'thumbnail.wiretuner')
    copyFileSync(fixture, copy)
    const out = join(dir, 'thumb.png')
    const first = json(await spawned(['thumbnail', copy, '--out', out, '--json']))
    const png = readFileSync(out)
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(png.length).toBe(first.bytes)
    expect(png.length).toBeLessThanOrEqual(50 * 1024)
    expect(Math.max(first.width as number, first.height as number)).toBe(256)
    expect(first.fromCache).toBe(false)
    const again = json(await inProcess(['thumbnail', copy, '--out', out, '--force', '--json']))
    expect(again.fromCache).toBe(true)
    expect(readFileSync(out).equals(png)).toBe(true)
    const bad = await inProcess(['thumbnail', copy, '--artboard', 'nope', '--out', join(dir, 'nope.png')])
    expectUserError(bad, 1, /no artboard 'nope' \(artboards: /)
  })
})

describe('compact', () => {
  it.concurrent('prunes snapshots beyond --keep and never touches events', async () => {
    const copy = join(dir, 'compact.wiretuner')
    copyFileSync(fixture, copy)
    const before = json(await inProcess(['info', copy, '--json']))
    const count = (before.snapshots as unknown[]).length
    const r = json(await spawned(['compact', copy, '--keep', '1', '--json']))
    expect(r.removed).toBe(count - 1)
    expect(r.eventCount).toBe(fixtureEvents)
    const again = json(await inProcess(['compact', copy, '--keep', '1', '--json']))
    expect(again.removed).toBe(0)
  })

  it.concurrent('vacuums: the file on disk shrinks and the report gives its measured sizes', async () => {
    const copy = withFreePages(fixture, join(dir, 'compact-vacuum.wiretuner'), 2_000_000)
    const sizeBefore = statSync(copy).size
    expect(sizeBefore).toBeGreaterThan(statSync(fixture).size + 1_500_000)
    const r = json(await inProcess(['compact', copy, '--keep', '1', '--json']))
    const sizeAfter = statSync(copy).size
    expect(existsSync(`${copy}-wal`) ? statSync(`${copy}-wal`).size : 0).toBe(0)
    expect(sizeAfter).toBeLessThan(sizeBefore - 1_500_000)
    expect(r.fileBytes).toEqual({ before: sizeBefore, after: sizeAfter })
    const text = await inProcess(['compact', copy, '--keep', '1'])
    expect(text.stdout).toContain(`vacuumed: file`)
    expect(text.stdout).toContain(`(${sizeAfter} → ${statSync(copy).size} bytes on disk, with -wal)`)
  })
})

describe('bad input', () => {
  const commandsOnFile = (file: string): string[][] => [
    ['info', file],
    ['validate', file],
    ['replay', file],
    ['export-svg', file, '--out', join(dir, 'bad.svg')],
    ['compact', file],
  ]

  it.concurrent('a missing file', async () => {
    const missing = join(dir, 'missing.wiretuner')
    for (const [i, args] of commandsOnFile(missing).entries())
      expectUserError(await (i === 0 ? spawned : inProcess)(args), 1, /missing\.wiretuner: no such file/)
    expect(existsSync(missing)).toBe(false)
  })

  it.concurrent('not a WireTuner file (text, foreign SQLite)', async () => {
    const text = textFile(join(dir, 'notes.txt'))
    const foreign = foreignSqlite(join(dir, 'foreign.db'))
    for (const file of [text, foreign]) {
      for (const [i, args] of commandsOnFile(file).slice(0, 3).entries())
        expectUserError(
          await (i === 1 && file === text ? spawned : inProcess)(args),
          1,
          /is not a WireTuner file/,
        )
    }
    const asJson = await inProcess(['info', text, '--json'])
    expect(json(asJson)).toMatchObject({ ok: false, error: { code: 'not-wiretuner' } })
  })

  it.concurrent('a file written by a newer format', async () => {
    const newer = withFormatVersion(fixture, join(dir, 'newer.wiretuner'), 99)
    for (const [i, args] of commandsOnFile(newer).entries())
      expectUserError(await (i === 2 ? spawned : inProcess)(args), 1, /newer WireTuner version.*version 99/)
  })

  it.concurrent('a sequence beyond the head', async () => {
    const beyond = String(fixtureEvents + 10)
    expectUserError(
      await spawned(['replay', fixture, '--to', beyond]),
      1,
      new RegExp(`sequence ${beyond} is beyond the head .*last sequence ${fixtureEvents - 1}`),
    )
    expectUserError(
      await inProcess(['export-svg', fixture, '--at', beyond, '--out', join(dir, 'b.svg')]),
      1,
      /is beyond the head/,
    )
    expectUserError(await inProcess(['replay', fixture, '--to', '-3']), 2, /--to|Option/)
  })

  it.concurrent('an unwritable output path', async () => {
    const intoFile = join(fixture, 'out.svg')
    expectUserError(
      await spawned(['export-svg', fixture, '--out', intoFile]),
      1,
      /cannot write the SVG .* is not a directory/,
    )
    expectUserError(
      await inProcess(['export-svg', fixture, '--out', dir]),
      1,
      /cannot write the SVG .* is a directory/,
    )
    expectUserError(
      await inProcess(['export-svg', fixture, '--out', join(dir, 'nope', 'x.svg')]),
      1,
      /does not exist/,
    )
  })
})
