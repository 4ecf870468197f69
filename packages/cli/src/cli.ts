#!/usr/bin/env node
/**
 * The `wiretuner` executable (`bin` of this package): the file commands through {@link runCli}.
 * Only the dispatcher and the command table load at start-up; a command's module and the
 * libraries it needs load when it runs.
 */
import { runCli } from './run.js'

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  // `wiretuner ... | head` closes the pipe early: that is not an error.
  if (err.code === 'EPIPE') process.exit(0)
})

process.exitCode = await runCli(process.argv.slice(2))
