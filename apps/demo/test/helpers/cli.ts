/** Spawns the real `wiretuner` CLI (or another script of the app) with tsx over the TypeScript sources. */
import { type ChildProcessByStdio, spawn } from 'node:child_process'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'

const cliPath = fileURLToPath(new URL('../../src/cli.ts', import.meta.url))
const appDir = fileURLToPath(new URL('../..', import.meta.url))

/** Exit code and output of one run. */
export interface CliRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Starts `script` (a TypeScript file of the app) as a child process with tsx. */
export function spawnScript(
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): ChildProcessByStdio<null, Readable, Readable> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env, FORCE_COLOR: '0' }
  // Paths in tests are absolute; a stale pnpm INIT_CWD must not redirect relative ones.
  delete childEnv.npm_lifecycle_event
  return spawn(process.execPath, ['--conditions=@wiretuner/source', '--import', 'tsx', script, ...args], {
    cwd: appDir,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Starts the CLI as a child process (for `serve`, which keeps running). */
export function spawnCli(args: readonly string[], env: Readonly<Record<string, string>> = {}) {
  return spawnScript(cliPath, args, env)
}

/** Runs `script` to completion and collects its output. */
export function runScript(
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawnScript(script, args, env)
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

/** Runs the CLI to completion. */
export function runCliProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<CliRun> {
  return runScript(cliPath, args, env)
}
