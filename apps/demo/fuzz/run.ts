/**
 * `pnpm fuzz [--cases N] [--seed S] [--timeout MS] [--jobs J] [--json]`: the fault campaign.
 * Builds the base files (fixed seeds), then runs N cases (case i's damage depends only on S and
 * i) in J worker processes, each case under a watchdog of MS milliseconds (a case over it is a
 * hang: its worker is killed and replaced; a worker that dies is a crash). Prints the table of
 * classes and every failing case; exits 1 when a case crashed, hung, succeeded wrongly or was
 * written to by a read.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { CASE_CLASSES, type CaseClass, FAILING_CLASSES } from './classify.ts'
import { DAMAGE_KINDS } from './damage.ts'
import { buildBase, type FuzzSetup } from './setup.ts'
import type { CaseRequest, CaseResult } from './worker.ts'

const workerPath = fileURLToPath(new URL('./worker.ts', import.meta.url))

/** A campaign's summary. */
export interface CampaignSummary {
  readonly seed: string
  readonly cases: number
  readonly timeoutMs: number
  readonly seconds: number
  /** Cases per class. */
  readonly classes: Readonly<Record<CaseClass, number>>
  /** Cases per damage kind and class. */
  readonly byDamage: Readonly<Record<string, Partial<Record<CaseClass, number>>>>
  /** The cases of a failing class (to replay one: same seed, `--only INDEX`). */
  readonly failures: readonly Pick<CaseResult, 'index' | 'damage' | 'detail' | 'class' | 'notes'>[]
}

interface Slot {
  child: ChildProcess
  timer?: ReturnType<typeof setTimeout>
  /** Cases this worker process has been sent (the first one also pays for loading the engine). */
  sent: number
}

/**
 * Extra time for a worker's first case: the fresh process loads the CLI, the engine and the
 * viewer's server code through tsx before it can answer (seen: over 10 s on a loaded 2-core box).
 * A first case that hangs is still killed, only later.
 */
const STARTUP_ALLOWANCE_MS = 60_000

function startWorker(): ChildProcess {
  return fork(workerPath, [], {
    execArgv: ['--conditions=@wiretuner/source', '--import', 'tsx', '--stack-size=4000'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
}

/** Runs a campaign; see the module comment. */
export async function runCampaign(options: {
  readonly cases: number
  readonly seed: string
  readonly timeoutMs: number
  readonly jobs: number
  readonly only?: number
  readonly onResult?: (result: CaseResult, done: number) => void
}): Promise<CampaignSummary> {
  const started = performance.now()
  const dir = mkdtempSync(join(tmpdir(), 'wiretuner-fuzz-'))
  try {
    const setup: FuzzSetup = await buildBase(dir)
    const indices =
      options.only === undefined ? Array.from({ length: options.cases }, (_, i) => i) : [options.only]
    const results: CaseResult[] = []
    let next = 0
    await new Promise<void>((resolve, reject) => {
      let running = 0
      const launch = (slot: Slot): void => {
        const index = indices[next++]
        if (index === undefined) {
          slot.child.kill()
          if (running === 0) resolve()
          return
        }
        running++
        const finish = (result: CaseResult): void => {
          clearTimeout(slot.timer)
          slot.child.removeAllListeners('message')
          slot.child.removeAllListeners('exit')
          running--
          results.push(result)
          options.onResult?.(result, results.length)
        }
        const replace = (result: CaseResult): void => {
          finish(result)
          slot.child.removeAllListeners()
          slot.child.kill('SIGKILL')
          rmSync(join(dir, `case-${index}`), { recursive: true, force: true })
          slot.child = startWorker()
          slot.sent = 0
          launch(slot)
        }
        const limit = options.timeoutMs + (slot.sent++ === 0 ? STARTUP_ALLOWANCE_MS : 0)
        slot.timer = setTimeout(
          () =>
            replace({
              index,
              damage: '?',
              detail: `over ${options.timeoutMs} ms`,
              outcomes: {},
              class: 'hang',
              notes: [`killed after ${limit} ms`],
            }),
          limit,
        )
        slot.child.on('message', (message: { ok: boolean; result?: CaseResult; error?: string }) => {
          if (message.ok && message.result !== undefined) {
            finish(message.result)
            launch(slot)
          } else {
            clearTimeout(slot.timer)
            reject(new Error(`fuzz harness failure in case ${index}: ${message.error}`))
          }
        })
        slot.child.on('exit', (code, signal) =>
          replace({
            index,
            damage: '?',
            detail: `worker exited (${code ?? signal})`,
            outcomes: {},
            class: 'crash',
            notes: [`the process died: ${code ?? signal}`],
          }),
        )
        const request: CaseRequest = { setup, dir, seed: options.seed, index }
        slot.child.send(request)
      }
      const jobs = Math.max(1, Math.min(options.jobs, indices.length))
      for (let j = 0; j < jobs; j++) launch({ child: startWorker(), sent: 0 })
    })
    results.sort((a, b) => a.index - b.index)
    const classes = Object.fromEntries(CASE_CLASSES.map((c) => [c, 0])) as Record<CaseClass, number>
    const byDamage: Record<string, Partial<Record<CaseClass, number>>> = {}
    for (const r of results) {
      classes[r.class]++
      const row = byDamage[r.damage] ?? {}
      row[r.class] = (row[r.class] ?? 0) + 1
      byDamage[r.damage] = row
    }
    return {
      seed: options.seed,
      cases: results.length,
      timeoutMs: options.timeoutMs,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      classes,
      byDamage,
      failures: results
        .filter((r) => FAILING_CLASSES.has(r.class))
        .map(({ index, damage, detail, class: c, notes }) => ({ index, damage, detail, class: c, notes })),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The summary as a Markdown table (classes as columns, damage kinds as rows, then the totals). */
export function summaryTable(summary: CampaignSummary): string {
  const header = `| damage | ${CASE_CLASSES.join(' | ')} |`
  const rule = `|---|${CASE_CLASSES.map(() => '---:').join('|')}|`
  const rows = DAMAGE_KINDS.filter((k) => summary.byDamage[k.id] !== undefined).map(
    (k) => `| ${k.id} | ${CASE_CLASSES.map((c) => summary.byDamage[k.id]?.[c] ?? 0).join(' | ')} |`,
  )
  const unknown = summary.byDamage['?']
  if (unknown !== undefined)
    rows.push(`| (killed or died) | ${CASE_CLASSES.map((c) => unknown[c] ?? 0).join(' | ')} |`)
  const total = `| **all ${summary.cases}** | ${CASE_CLASSES.map((c) => `**${summary.classes[c]}**`).join(' | ')} |`
  return [header, rule, ...rows, total].join('\n')
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
      timeout: { type: 'string', default: '10000' },
      jobs: { type: 'string', default: '2' },
      only: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  const number = (name: string, raw: string): number => {
    const n = Number(raw)
    if (!Number.isSafeInteger(n) || n < 0)
      throw new Error(`--${name} must be a non-negative integer, got ${raw}`)
    return n
  }
  const summary = await runCampaign({
    cases: number('cases', values.cases),
    seed: values.seed,
    timeoutMs: number('timeout', values.timeout),
    jobs: number('jobs', values.jobs),
    ...(values.only === undefined ? {} : { only: number('only', values.only) }),
    onResult: (r, done) => {
      if (!values.json && (done % 100 === 0 || FAILING_CLASSES.has(r.class)))
        process.stderr.write(
          `${done} cases${FAILING_CLASSES.has(r.class) ? ` (case ${r.index}: ${r.class})` : ''}\n`,
        )
    },
  })
  if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`)
  else {
    process.stdout.write(
      `fuzz: ${summary.cases} cases, seed ${summary.seed}, ${summary.timeoutMs} ms per case, ${summary.seconds} s\n\n${summaryTable(summary)}\n`,
    )
    for (const f of summary.failures)
      process.stdout.write(
        `\ncase ${f.index} (${f.damage}: ${f.detail}): ${f.class}\n  ${f.notes.join('\n  ')}\n`,
      )
  }
  process.exitCode = summary.failures.length > 0 ? 1 : 0
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main()
