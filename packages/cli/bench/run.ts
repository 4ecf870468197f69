/**
 * `pnpm bench` for @wiretuner/cli: start-up of the compiled executable, process level. Every
 * sample is a NEW `node dist/cli.js …` process; the time is from spawning it to the first complete
 * line on its stdout (what a user waits for). Cases, interleaved sample by sample:
 *  - `node -e "console.log(1)"`: node's own start-up on this machine, the floor;
 *  - `wiretuner --help`: the dispatcher and the command table only;
 *  - `wiretuner info FILE` on a 10,000-event document (10 snapshots): target < 300 ms.
 * `WT_PROCESS_SAMPLES` sets the number of processes per case (default 15). The machine is a shared
 * 2-core box: read medians with their min–max, and the ratios measured in the same run. Under
 * load the wall times swing by several times; the CPU time of each process (user + system, from
 * GNU time when /usr/bin/time exists) is reported beside them as the steadier figure.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ratio, report, summarize, target, warmPageCache } from '@wiretuner/bench-kit'
import { writeFixture } from '../test/helpers/fixture.ts'

const cli = join(import.meta.dirname, '..', 'dist', 'cli.js')
if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'pnpm build' first`)
const samples = Number(process.env.WT_PROCESS_SAMPLES ?? 15)

/** Milliseconds from spawning `args` to the first complete stdout line; checks the exit code. */
function firstLineMs(args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    let firstLine: number | undefined
    let out = ''
    let err = ''
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d
      if (firstLine === undefined && out.includes('\n')) firstLine = performance.now() - started
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0 || firstLine === undefined)
        reject(new Error(`${args.join(' ')} exited ${code} without a line: ${err.trim()}`))
      else resolve(firstLine)
    })
  })
}

/** CPU milliseconds (user + system) of `samples` runs of `node ...args`, measured by GNU time. */
function cpuTimes(args: readonly string[], samples: number): number[] {
  const out: number[] = []
  for (let i = 0; i < samples; i++) {
    const r = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, ...args], { encoding: 'utf8' })
    const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr)
    if (r.status !== 0 || m === null) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr}`)
    out.push((Number(m[1]) + Number(m[2])) * 1000)
  }
  return out
}

const scratch = mkdtempSync(join(tmpdir(), 'wiretuner-cli-bench-'))
try {
  const file = join(scratch, 'f.wiretuner')
  await writeFixture(file, 10_000)
  warmPageCache(file)
  const cases = [
    { name: 'node -e "console.log(1)" (node start-up)', args: ['-e', 'console.log(1)'], ms: [] as number[] },
    { name: 'wiretuner --help', args: [cli, '--help'], ms: [] as number[] },
    { name: 'wiretuner info FILE (10,000 events)', args: [cli, 'info', file], ms: [] as number[] },
  ]
  // one untimed round: the first process after the build pays for loading files into the page cache
  for (const c of cases) await firstLineMs(c.args)
  for (let i = 0; i < samples; i++) for (const c of cases) c.ms.push(await firstLineMs(c.args))
  console.log(`process start to first stdout line, ${samples} fresh processes per case (interleaved)`)
  const [node, help, info] = cases.map((c) => report(summarize(c.name, c.ms)))
  if (node && help && info) {
    console.log(
      `ratio info / node start-up: ${ratio(info, node).toFixed(2)}; help / node: ${ratio(help, node).toFixed(2)}`,
    )
    target('wiretuner info: first line (median, ms)', info.medianMs, { atMost: 300 })
  }
  if (existsSync('/usr/bin/time')) {
    console.log('CPU time per process (user + system, GNU time), same cases, not interleaved')
    for (const c of cases) report(summarize(`cpu: ${c.name}`, cpuTimes(c.args, samples)))
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
