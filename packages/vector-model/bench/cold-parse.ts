/**
 * Cold decode benchmark: every sample is a NEW node process (cold V8: interpreter, no JIT yet)
 * that times the first, second and tenth `documentFromJson` of a snapshot's document, then the
 * same for `serializeDocument` (see cold-parse-child.ts). Runs against the BUILT package:
 * `pnpm bench:cold [snapshot.json ...]` (default /tmp/prof/i.json and
 * /tmp/prof/s.json, snapshot JSON with the document at `.document`). `WT_PROCESS_SAMPLES` sets the
 * number of processes per file (default 15); files run interleaved, sample by sample.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { report, summarize } from '@wiretuner/bench-kit'

interface Sample {
  readonly parse: readonly number[]
  readonly serialize: readonly number[]
}

const files = process.argv.length > 2 ? process.argv.slice(2) : ['/tmp/prof/i.json', '/tmp/prof/s.json']
const samples = Number(process.env.WT_PROCESS_SAMPLES ?? 15)

function runChild(file: string): Sample {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'cold-parse-child.ts'), file],
    { encoding: 'utf8', cwd: join(import.meta.dirname, '..') },
  )
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Sample
}

const results = new Map<string, Sample[]>(files.map((f) => [f, []]))
for (let i = 0; i < samples; i++) for (const f of files) results.get(f)?.push(runChild(f))

const CALLS = ['first', 'second', 'tenth (warm)'] as const
for (const [file, xs] of results) {
  for (const op of ['parse', 'serialize'] as const) {
    const name = op === 'parse' ? 'documentFromJson' : 'serializeDocument'
    CALLS.forEach((call, c) => {
      const ms = xs.map((s) => s[op][c] as number)
      report(summarize(`${file}: ${call} ${name}`, ms))
    })
  }
}
