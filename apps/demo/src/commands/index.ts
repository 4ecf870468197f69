/**
 * Every command of the demo's `wiretuner`, in the order `--help` lists them: the CLI package's
 * file commands with the demo's `simulate` (the demo simulator), `serve` (the viewer) and `edit`
 * (the editor) around them, then the collaboration server `sync-server` and its `sync-token`.
 */
import { type Command, fileCommands } from '@wiretuner/cli'
import { editCommand } from './edit.js'
import { serveCommand } from './serve.js'
import { simulateCommand } from './simulate.js'
import { syncServerCommand, syncTokenCommand } from './sync-server.js'

/** The demo CLI's commands. */
export const commands: readonly Command[] = [
  simulateCommand,
  ...fileCommands,
  serveCommand,
  editCommand,
  syncServerCommand,
  syncTokenCommand,
]
