/**
 * The shape of one `wiretuner` command and the helpers every command uses to read its
 * arguments: typed option specs (parsed by `node:util` parseArgs), user paths resolved against
 * the directory the user ran `pnpm` from, and strict integer parsing.
 */
import { resolve } from 'node:path'
import { CliError } from './errors.js'
import type { Progress } from './progress.js'

/** One option of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean'
  readonly description: string
  /** Placeholder shown in help, e.g. `SEQ`. */
  readonly valueName?: string
}

/** One positional argument of a command. */
export interface PositionalSpec {
  readonly name: string
  readonly description: string
}

/** What a command's `run` receives. */
export interface CommandContext {
  /** Parsed option values by option name. */
  readonly options: Readonly<Record<string, string | boolean | undefined>>
  /** Positional arguments, checked against the command's spec. */
  readonly positionals: readonly string[]
  /** Whether `--json` was given. */
  readonly json: boolean
  /** A progress bar (a no-op unless stdout and stderr are terminals and not `--json`). */
  progress(label: string, total: number): Progress
  /** Prints an informational line on stderr (suppressed with `--json`). */
  note(line: string): void
}

/** The result of a command: `data` is printed with `--json`, `text` otherwise. */
export interface CommandResult {
  readonly data: Readonly<Record<string, unknown>>
  readonly text: string
  /** Exit code; default 0. */
  readonly exitCode?: number
  /** For long-running commands (`serve`): resolves when the command is done. */
  readonly until?: Promise<void>
}

/** A `wiretuner` command. */
export interface Command {
  readonly name: string
  readonly summary: string
  readonly positionals: readonly PositionalSpec[]
  readonly options: Readonly<Record<string, OptionSpec>>
  /** Extra help text (examples, exit codes). */
  readonly details?: string
  run(ctx: CommandContext): Promise<CommandResult>
}

/** The directory relative user paths are resolved against (pnpm runs scripts in the package dir). */
export function userCwd(): string {
  const init = process.env.INIT_CWD
  return process.env.npm_lifecycle_event !== undefined && init !== undefined && init !== ''
    ? init
    : process.cwd()
}

/** Resolves a path the user typed to an absolute path. */
export function resolveUserPath(path: string): string {
  return resolve(userCwd(), path)
}

/** Parses a non-negative integer option (`--at 12`), or throws a usage error naming the option. */
export function parseNonNegativeInt(value: string, option: string): number {
  if (!/^\d+$/.test(value)) {
    throw new CliError('usage', `--${option} must be a non-negative integer, got '${value}'`)
  }
  const n = Number(value)
  if (!Number.isSafeInteger(n)) throw new CliError('usage', `--${option} is too large: ${value}`)
  return n
}

/** The `--port P` option of a command that serves on 127.0.0.1 (0 picks a free port). */
export function portOption(defaultPort: number): OptionSpec {
  return { type: 'string', valueName: 'P', description: `port (default ${defaultPort}; 0 picks a free one)` }
}

/**
 * The value of a port option (`--port`, see {@link portOption}): `undefined` when absent, else an
 * integer 0..65535 (0 = a free port) or a usage error naming the option.
 */
export function portValue(ctx: CommandContext, option = 'port'): number | undefined {
  const raw = stringOption(ctx, option)
  if (raw === undefined) return undefined
  const port = parseNonNegativeInt(raw, option)
  if (port > 65535) throw new CliError('usage', `--${option} must be at most 65535, got ${port}`)
  return port
}

/** Reads a string option, or `undefined`. */
export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.options[name]
  return typeof v === 'string' ? v : undefined
}

/** Reads a required string option, or throws a usage error. */
export function requiredOption(ctx: CommandContext, name: string, command: string): string {
  const v = stringOption(ctx, name)
  if (v === undefined || v === '')
    throw new CliError('usage', `--${name} is required (see 'wiretuner ${command} --help')`)
  return v
}

/** The first positional (the FILE), which every file command requires. */
export function fileArgument(ctx: CommandContext, command: string): string {
  const file = ctx.positionals[0]
  if (file === undefined || file === '')
    throw new CliError('usage', `missing FILE argument (see 'wiretuner ${command} --help')`)
  return resolveUserPath(file)
}
