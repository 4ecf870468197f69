/** Runs the `wiretuner` CLI in this process (same dispatcher and commands), capturing its output. */
import { runCli } from '../../src/index.ts'
import type { CliRun } from './cli.ts'

/** Runs `args` through the CLI dispatcher in-process. */
export async function runCliInProcess(args: readonly string[]): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    io: {
      stdout: (t) => {
        stdout += t
      },
      stderr: (t) => {
        stderr += t
      },
    },
  })
  return { code, stdout, stderr }
}
