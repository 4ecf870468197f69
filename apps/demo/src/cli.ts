#!/usr/bin/env node
/** Entry point of the `wiretuner` CLI (`pnpm wiretuner <command>` from the repository root). */
import { runCli } from './cli/run.js'
import { commands } from './commands/index.js'

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  // `wiretuner ... | head` closes the pipe early: that is not an error.
  if (err.code === 'EPIPE') process.exit(0)
})

const code = await runCli(commands, process.argv.slice(2))
process.exitCode = code
