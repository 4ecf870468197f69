/** Help texts of the `wiretuner` CLI: the command list and each command's usage. */
import type { Command } from './command.js'

/** Usage line and option list of one command. */
export function commandHelp(cmd: Command): string {
  const args = cmd.positionals.map((p) => p.name).join(' ')
  const lines = [`Usage: wiretuner ${cmd.name}${args ? ` ${args}` : ''} [options]`, '', cmd.summary, '']
  if (cmd.positionals.length > 0) {
    lines.push('Arguments:')
    for (const p of cmd.positionals) lines.push(`  ${p.name.padEnd(22)} ${p.description}`)
    lines.push('')
  }
  lines.push('Options:')
  const opts: [string, string][] = Object.entries(cmd.options).map(([name, o]) => [
    `--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`,
    o.description,
  ])
  opts.push(
    ['--json', 'print the result as one JSON object on stdout'],
    ['--timeout SECONDS', 'give up after SECONDS (exit status 137, one line on stderr)'],
    ['--help, -h', 'show this help'],
  )
  for (const [flag, desc] of opts) lines.push(`  ${flag.padEnd(22)} ${desc}`)
  if (cmd.details) lines.push('', cmd.details)
  return `${lines.join('\n')}\n`
}

/** The top-level help: every command with its summary. */
export function mainHelp(commands: readonly Command[]): string {
  const lines = [
    'Usage: wiretuner <command> [arguments] [options]',
    '',
    'Work with WireTuner (.wiretuner) documents: the commands below.',
    '',
    'Commands:',
  ]
  for (const c of commands) lines.push(`  ${c.name.padEnd(12)} ${c.summary}`)
  lines.push('', "Run 'wiretuner <command> --help' for a command's options.", '')
  return lines.join('\n')
}
