/**
 * Every command of the demo's `wiretuner`, in the order `--help` lists them: the CLI package's
 * file commands with the demo's `simulate` (the demo simulator) and `serve` (the viewer) around them.
 */
import { type Command, fileCommands } from '@wiretuner/cli'
import { serveCommand } from './serve.js'
import { simulateCommand } from './simulate.js'

/** The demo CLI's commands. */
export const commands: readonly Command[] = [simulateCommand, ...fileCommands, serveCommand]
