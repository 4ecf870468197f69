/** Spawns the real `wiretuner` executable of this package with tsx over its TypeScript sources. */
import { type ChildProcessByStdio, spawn } from 'node:child_process'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'

const cliPath = fileURLToPath(new URL('../../src/cli.ts', import.meta.url))
const packageDir = fileURLToPath(new URL('../..', import.meta.url))

/** Exit code and output of one run. */
export interface CliRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Starts the CLI as a child process. */
export function spawnCli(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): ChildProcessByStdio<null, Readable, Readable> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env, FORCE_COLOR: '0' }
  // Paths in tests are absolute; a stale pnpm INIT_CWD must not redirect relative ones.
  delete childEnv.npm_lifecycle_event
  return spawn(process.execPath, ['--conditions=@wiretuner/source', '--import', 'tsx', cliPath, ...args], {
    cwd: packageDir,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Runs the CLI to completion and collects its output. */
export function runCliProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env)
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
  })
}
