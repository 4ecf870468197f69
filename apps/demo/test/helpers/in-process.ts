/** Runs the demo's `wiretuner` in this process (the CLI's dispatcher with the demo's commands), capturing its output. */
import { runCli } from '@wiretuner/cli'
import { commands } from '../../src/commands/index.ts'
import type { CliRun } from './cli.ts'

/** Runs `args` through the CLI dispatcher in-process. */
export async function runCliInProcess(args: readonly string[]): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const io = {
    stdout: (t: string) => {
      stdout += t
    },
    stderr: (t: string) => {
      stderr += t
    },
  }
  const code = await runCli(args, { commands, io })
  return { code, stdout, stderr }
}
