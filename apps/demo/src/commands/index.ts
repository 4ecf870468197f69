/**
 * Every command of the demo's `wiretuner`, in the order `--help` lists them: the CLI package's
 * file commands with the demo's `simulate` (the demo simulator) and `serve` (the viewer) around
 * them, then the collaboration server `sync-server` and its `sync-token`.
 */
import { type Command, fileCommands } from '@wiretuner/cli'
import { serveCommand } from './serve.js'
import { simulateCommand } from './simulate.js'
import { syncServerCommand, syncTokenCommand } from './sync-server.js'

/** The demo CLI's commands. */
export const commands: readonly Command[] = [
  simulateCommand,
  ...fileCommands,
  serveCommand,
  syncServerCommand,
  syncTokenCommand,
]
