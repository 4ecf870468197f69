/** `wiretuner simulate --events N --out FILE [--seed S]`: writes a new document by simulation. */
import { CliError, type Command } from '@wiretuner/cli'
import {
  buildOutput,
  checkOutput,
  formatMs,
  parseNonNegativeInt,
  plural,
  requiredOption,
  resolveUserPath,
  stringOption,
} from '@wiretuner/cli/command-kit'
import { simulateSession } from '../simulate-session.js'

/** The `wiretuner simulate` command. */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Write a new document by simulating a realistic, seeded editing session',
  positionals: [],
  options: {
    events: { type: 'string', valueName: 'N', description: 'number of events to write (exactly)' },
    out: { type: 'string', valueName: 'FILE', description: 'the new .wiretuner file' },
    seed: { type: 'string', valueName: 'S', description: 'seed of the session (default "wiretuner")' },
    force: { type: 'boolean', description: 'replace FILE if it exists (only once the new one is complete)' },
    durable: {
      type: 'boolean',
      description: 'fsync every commit (synchronous=FULL, the editor default; slower)',
    },
  },
  details: 'The same --seed and --events always produce the same events and the same document.',
  async run(ctx) {
    const events = parseNonNegativeInt(requiredOption(ctx, 'events', 'simulate'), 'events')
    if (events < 1) throw new CliError('usage', '--events must be at least 1')
    const out = resolveUserPath(requiredOption(ctx, 'out', 'simulate'))
    const seed = stringOption(ctx, 'seed') ?? 'wiretuner'
    const target = { path: out, what: 'the document', force: ctx.options.force === true }
    checkOutput(target)
    const progress = ctx.progress('simulating', events)
    let result: Awaited<ReturnType<typeof simulateSession>>
    try {
      // built under a temporary name and renamed when complete: the previous file stays as it
      // was until then (a failure, a full disk or a kill leaves it untouched)
      result = await buildOutput(target, async (temporary) => ({
        ...(await simulateSession({
          out: temporary,
          events,
          seed,
          synchronous: ctx.options.durable === true ? 'full' : 'normal',
          onProgress: (n) => progress.update(n),
        })),
        file: out,
      }))
    } finally {
      progress.finish()
    }
    const top = Object.entries(result.eventTypes)
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => `${t.replace(/Event$/, '')} ${n}`)
      .join(', ')
    const text = [
      `wrote ${plural(result.events, 'event')} to ${out} in ${formatMs(result.wallMs)} (${Math.round(result.events / (result.wallMs / 1000))} events/s)`,
      `  seed ${seed}, document ${result.documentId}, ${Math.round(result.simulatedDurationMs / 60000)} min of simulated editing`,
      `  ${plural(result.rawPointerSamples, 'pointer sample')} sampled down to 50 ms; ${plural(result.refusedEvents, 'event')} refused`,
      `  document: ${plural(result.artboards, 'artboard')}, ${plural(result.layers, 'layer')}, ${plural(result.objects, 'object')}; ${plural(result.snapshots, 'snapshot')}`,
      `  events: ${top}`,
    ].join('\n')
    return { data: { ...result }, text }
  },
}
