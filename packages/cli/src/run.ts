/**
 * The `wiretuner` dispatcher: finds the command, parses its arguments strictly, runs it, prints
 * the result (text, or one JSON object with `--json`) and turns every failure into one line on
 * stderr and a non-zero exit code. Stack traces are shown only for unexpected errors and only
 * with `WIRETUNER_DEBUG=1`.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { Command, CommandContext } from './command.js'
import { fileCommands } from './commands/index.js'
import { CliError } from './errors.js'
import { commandHelp, mainHelp } from './help.js'
import { createProgress, progressAllowed } from './progress.js'
import { startWatchdog } from './watchdog.js'

/** Where the dispatcher writes; real streams by default, replaceable in tests. */
export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  /** Ends the process after `seconds` (`--timeout`); absent in-process (the option is then only checked). */
  startWatchdog?(seconds: number, command: string): Promise<void>
}

const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  startWatchdog,
}

/** Describes an error for the one-line message and the JSON error object. */
export function describeError(err: unknown): { code: string; message: string; expected: boolean } {
  if (err instanceof CliError) return { code: err.code, message: err.message, expected: true }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code
    // Typed errors of the workspace packages (StorageError, ReplayError, ...) carry a string code
    // and a precise message: they are user-facing, not bugs.
    if (typeof code === 'string' && /Error$/.test(err.name) && err.name !== 'Error') {
      return { code, message: err.message, expected: true }
    }
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      return { code, message: err.message, expected: true }
    }
    return { code: 'internal', message: `${err.name}: ${err.message}`, expected: false }
  }
  return { code: 'internal', message: String(err), expected: false }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** The command table (default {@link fileCommands}); an app adds its own commands to it. */
  readonly commands?: readonly Command[]
  /** Where output goes (default: the process's stdout and stderr, and a real `--timeout` watchdog). */
  readonly io?: CliIo
}

/** This package's version, for `--version` (read only then). */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: unknown
  }
  return typeof manifest.version === 'string' ? manifest.version : 'unknown'
}

/**
 * Runs the CLI with `argv` (without `node script`) and returns the exit code: 0 on success, 1 when
 * the command failed or found problems, 2 for usage errors.
 */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<number> {
  const commands = options.commands ?? fileCommands
  const io = options.io ?? processIo
  const [name, ...rest] = argv
  const json = rest.includes('--json')
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const sub = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined
    io.stdout(sub ? commandHelp(sub) : mainHelp(commands))
    return name === undefined ? 2 : 0
  }
  if (name === '--version') {
    io.stdout(`wiretuner ${packageVersion()}\n`)
    return 0
  }
  const fail = (err: unknown): number => {
    const d = describeError(err)
    io.stderr(`wiretuner ${name}: error: ${oneLine(d.message)}\n`)
    if (!d.expected && process.env.WIRETUNER_DEBUG === '1' && err instanceof Error && err.stack) {
      io.stderr(`${err.stack}\n`)
    }
    if (json)
      io.stdout(
        `${JSON.stringify({ ok: false, command: name, error: { code: d.code, message: d.message } })}\n`,
      )
    return err instanceof CliError ? err.exitCode : 1
  }
  const cmd = commands.find((c) => c.name === name)
  if (cmd === undefined) {
    return fail(new CliError('usage', `unknown command '${name}' (run 'wiretuner --help' for the list)`))
  }
  let parsed: ReturnType<typeof parseArgs>
  try {
    const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      timeout: { type: 'string' },
    }
    for (const [k, o] of Object.entries(cmd.options)) options[k] = { type: o.type }
    parsed = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true })
  } catch (err) {
    return fail(
      new CliError(
        'usage',
        `${err instanceof Error ? err.message : String(err)} (see 'wiretuner ${name} --help')`,
      ),
    )
  }
  const timeout = parsed.values.timeout
  if (typeof timeout === 'string') {
    const seconds = Number(timeout)
    if (!/^\d+(\.\d+)?$/.test(timeout) || !(seconds > 0))
      return fail(new CliError('usage', `--timeout must be a positive number of seconds, got '${timeout}'`))
    await io.startWatchdog?.(seconds, name)
  }
  if (parsed.values.help === true) {
    io.stdout(commandHelp(cmd))
    return 0
  }
  if (parsed.positionals.length > cmd.positionals.length) {
    return fail(
      new CliError(
        'usage',
        `unexpected argument '${parsed.positionals[cmd.positionals.length]}' (see 'wiretuner ${name} --help')`,
      ),
    )
  }
  const ctx: CommandContext = {
    options: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
    json,
    progress: (label, total) => createProgress(label, total, progressAllowed(json)),
    note: (line) => {
      if (!json) io.stderr(`${line}\n`)
    },
  }
  try {
    const result = await cmd.run(ctx)
    io.stdout(
      json
        ? `${JSON.stringify({ ok: true, command: name, ...result.data })}\n`
        : result.text.endsWith('\n')
          ? result.text
          : `${result.text}\n`,
    )
    if (result.until) await result.until
    return result.exitCode ?? 0
  } catch (err) {
    return fail(err)
  }
}
