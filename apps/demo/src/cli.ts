#!/usr/bin/env node
/**
 * The demo's `wiretuner` (`pnpm wiretuner <command>` from the repository root): the published
 * CLI's file commands plus the demo's own `simulate` and `serve`.
 */
import { runCli } from '@wiretuner/cli'
import { commands } from './commands/index.js'

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  // `wiretuner ... | head` closes the pipe early: that is not an error.
  if (err.code === 'EPIPE') process.exit(0)
})

process.exitCode = await runCli(process.argv.slice(2), { commands })
