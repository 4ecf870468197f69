/** Every `wiretuner` command, in the order `--help` lists them. */
import type { Command } from '../cli/command.js'
import { compactCommand } from './compact.js'
import { exportSvgCommand } from './export-svg.js'
import { infoCommand } from './info.js'
import { replayCommand } from './replay.js'
import { serveCommand } from './serve.js'
import { simulateCommand } from './simulate.js'
import { validateCommand } from './validate.js'

/** The CLI's commands. */
export const commands: readonly Command[] = [
  simulateCommand,
  infoCommand,
  validateCommand,
  replayCommand,
  exportSvgCommand,
  compactCommand,
  serveCommand,
]
