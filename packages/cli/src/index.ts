/**
 * Public entry of `@wiretuner/cli`: the `wiretuner` dispatcher and its file commands, for apps
 * that run the CLI with commands of their own (`runCli(argv, { commands: [...fileCommands, mine] })`).
 * Helpers for writing a command are in `@wiretuner/cli/command-kit`.
 */

export type { Command, CommandContext, CommandResult, OptionSpec, PositionalSpec } from './command.js'
export {
  compactCommand,
  exportSvgCommand,
  fileCommands,
  infoCommand,
  replayCommand,
  validateCommand,
} from './commands/index.js'
export type { CliErrorCode } from './errors.js'
export { CliError, isCliError } from './errors.js'
export type { Progress } from './progress.js'
export type { CliIo, RunCliOptions } from './run.js'
export { describeError, runCli } from './run.js'
