/** `wiretuner simulate --events N --out FILE [--seed S]`: writes a new document by simulation. */
import { accessSync, constants, existsSync, rmSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import {
  type Command,
  parseNonNegativeInt,
  requiredOption,
  resolveUserPath,
  stringOption,
} from '../cli/command.js'
import { DemoError } from '../cli/errors.js'
import { formatMs } from '../cli/format.js'
import { simulateSession } from '../simulator/simulate.js'

/** Checks that a new file can be created at `path` (its directory exists and is writable). */
export function requireWritableTarget(path: string, what: string): void {
  const dir = dirname(path)
  if (!existsSync(dir))
    throw new DemoError('output-unwritable', `cannot write ${what} ${path}: directory ${dir} does not exist`)
  if (!statSync(dir).isDirectory())
    throw new DemoError('output-unwritable', `cannot write ${what} ${path}: ${dir} is not a directory`)
  try {
    accessSync(dir, constants.W_OK)
  } catch (err) {
    throw new DemoError(
      'output-unwritable',
      `cannot write ${what} ${path}: directory ${dir} is not writable`,
      { cause: err },
    )
  }
  if (existsSync(path) && statSync(path).isDirectory())
    throw new DemoError('output-unwritable', `cannot write ${what} ${path}: it is a directory`)
}

/** The `wiretuner simulate` command. */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Write a new document by simulating a realistic, seeded editing session',
  positionals: [],
  options: {
    events: { type: 'string', valueName: 'N', description: 'number of events to write (exactly)' },
    out: { type: 'string', valueName: 'FILE', description: 'the new .wiretuner file' },
    seed: { type: 'string', valueName: 'S', description: 'seed of the session (default "wiretuner")' },
    force: { type: 'boolean', description: 'replace FILE if it exists' },
    durable: {
      type: 'boolean',
      description: 'fsync every commit (synchronous=FULL, the editor default; slower)',
    },
  },
  details: 'The same --seed and --events always produce the same events and the same document.',
  async run(ctx) {
    const events = parseNonNegativeInt(requiredOption(ctx, 'events', 'simulate'), 'events')
    if (events < 1) throw new DemoError('usage', '--events must be at least 1')
    const out = resolveUserPath(requiredOption(ctx, 'out', 'simulate'))
    const seed = stringOption(ctx, 'seed') ?? 'wiretuner'
    requireWritableTarget(out, 'the document')
    if (existsSync(out)) {
      if (ctx.options.force !== true)
        throw new DemoError('file-exists', `${out} already exists (use --force to replace it)`)
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${out}${suffix}`, { force: true })
    }
    const progress = ctx.progress('simulating', events)
    let result: Awaited<ReturnType<typeof simulateSession>>
    try {
      result = await simulateSession({
        out,
        events,
        seed,
        synchronous: ctx.options.durable === true ? 'full' : 'normal',
        onProgress: (n) => progress.update(n),
      })
    } catch (err) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${out}${suffix}`, { force: true })
      throw err
    } finally {
      progress.finish()
    }
    const top = Object.entries(result.eventTypes)
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => `${t.replace(/Event$/, '')} ${n}`)
      .join(', ')
    const text = [
      `wrote ${result.events} events to ${out} in ${formatMs(result.wallMs)} (${Math.round(result.events / (result.wallMs / 1000))} events/s)`,
      `  seed ${seed}, document ${result.documentId}, ${Math.round(result.simulatedDurationMs / 60000)} min of simulated editing`,
      `  ${result.rawPointerSamples} pointer samples sampled down to 50 ms; ${result.refusedEvents} events refused`,
      `  document: ${result.artboards} artboards, ${result.layers} layers, ${result.objects} objects; ${result.snapshots} snapshots`,
      `  events: ${top}`,
    ].join('\n')
    return { data: { ...result }, text }
  },
}
