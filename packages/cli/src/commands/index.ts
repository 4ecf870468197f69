/**
 * The file commands of `wiretuner` (info, validate, replay, export-svg, thumbnail, compact) as a command
 * table. Each entry holds what `--help` shows; its implementation module (and with it the
 * libraries it needs: io-services, replay, vector-model) is imported only when the command runs,
 * so `wiretuner --help` loads none of them and `wiretuner info` loads no replay code.
 */
import type { Command, CommandContext, CommandResult } from '../command.js'

/** Snapshots `compact` keeps by default: io-services' `DEFAULT_SNAPSHOT_RETENTION` (a test checks they agree). */
export const COMPACT_DEFAULT_KEEP = 10

const FILE = [{ name: 'FILE', description: 'a .wiretuner file' }] as const

/** Runs the `run` export of a command module, imported on first use. */
function lazy(
  load: () => Promise<{ run(ctx: CommandContext): Promise<CommandResult> }>,
): (ctx: CommandContext) => Promise<CommandResult> {
  return async (ctx) => (await load()).run(ctx)
}

/** `wiretuner info FILE`. */
export const infoCommand: Command = {
  name: 'info',
  summary: 'Show document metadata, event count, head sequence, snapshots and file size',
  positionals: FILE,
  options: {},
  run: lazy(() => import('./info.js')),
}

/** `wiretuner validate FILE`. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check a file (schema, indexes, sequences, every event, every snapshot); exit 1 on problems',
  positionals: FILE,
  options: {
    verbose: { type: 'boolean', description: 'list every check, not only failures and warnings' },
  },
  details: 'Exit codes: 0 = no problems (warnings allowed), 1 = problems found or the file cannot be read.',
  run: lazy(() => import('./validate.js')),
}

/** `wiretuner replay FILE`. */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'Rebuild the document at a sequence: counts, SHA-256 of its canonical form, events replayed, time',
  positionals: FILE,
  options: {
    to: { type: 'string', valueName: 'SEQ', description: 'sequence to replay to (default: the head)' },
    'no-snapshots': { type: 'boolean', description: 'ignore snapshots: replay every event from the start' },
  },
  details:
    'Exit codes: 0 = the document was rebuilt from a healthy log, 1 = the log is damaged (the document is still printed).',
  run: lazy(() => import('./replay.js')),
}

/** `wiretuner export-svg FILE --out OUT.svg`. */
export const exportSvgCommand: Command = {
  name: 'export-svg',
  summary: 'Write the document (or one artboard) at a sequence as an SVG file',
  positionals: FILE,
  options: {
    at: { type: 'string', valueName: 'SEQ', description: 'sequence (default: the head)' },
    artboard: { type: 'string', valueName: 'ID', description: 'export only this artboard' },
    out: { type: 'string', valueName: 'OUT.svg', description: 'the SVG file to write (never FILE itself)' },
    force: { type: 'boolean', description: 'replace OUT.svg if it exists' },
  },
  run: lazy(() => import('./export-svg.js')),
}

/** `wiretuner thumbnail FILE --out OUT.png`. */
export const thumbnailCommand: Command = {
  name: 'thumbnail',
  summary:
    'Write the PNG thumbnail of the document (or one artboard), from thumbnails_cache when it matches the document',
  positionals: FILE,
  options: {
    artboard: { type: 'string', valueName: 'ID', description: 'the thumbnail of this artboard only' },
    out: { type: 'string', valueName: 'OUT.png', description: 'the PNG file to write (never FILE itself)' },
    force: { type: 'boolean', description: 'replace OUT.png if it exists' },
  },
  run: lazy(() => import('./thumbnail.js')),
}

/** `wiretuner compact FILE`. */
export const compactCommand: Command = {
  name: 'compact',
  summary: `Prune snapshots to the retention policy (keep the ${COMPACT_DEFAULT_KEEP} newest), rebuild the history index and the render caches and VACUUM the file so it shrinks; events are never touched`,
  positionals: FILE,
  options: {
    keep: {
      type: 'string',
      valueName: 'N',
      description: `snapshots to keep (default ${COMPACT_DEFAULT_KEEP})`,
    },
  },
  run: lazy(() => import('./compact.js')),
}

/** The file commands, in the order `--help` lists them. */
export const fileCommands: readonly Command[] = [
  infoCommand,
  validateCommand,
  replayCommand,
  exportSvgCommand,
  thumbnailCommand,
  compactCommand,
]
