/** `wiretuner replay FILE [--to SEQ] [--no-snapshots]`: the document at SEQ, its hash and how it was reached. */
import { artboardCount, layerCount, objectCount } from '@wiretuner/vector-model'
import {
  type CommandContext,
  type CommandResult,
  fileArgument,
  parseNonNegativeInt,
  stringOption,
} from '../command.js'
import { documentAtWithProgress, documentHash } from '../engine/document-at.js'
import { checkSequence, openDocumentFile } from '../engine/open-file.js'
import { clip, formatMs, keyValues, plural } from '../format.js'

/** Problems listed in the output (all are counted). */
const LISTED_PROBLEMS = 10

/** Runs `wiretuner replay` (its options are in the command table, `commands/index.ts`). */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const path = fileArgument(ctx, 'replay')
  const toRaw = stringOption(ctx, 'to')
  const requested = toRaw === undefined ? undefined : parseNonNegativeInt(toRaw, 'to')
  const doc = await openDocumentFile(path)
  try {
    const sequence = requested ?? doc.headSequence
    checkSequence(path, sequence, doc.headSequence)
    const useSnapshots = ctx.options['no-snapshots'] !== true
    const result = documentAtWithProgress(doc.file, doc.metadata.documentId, sequence, ctx.progress, {
      useSnapshots,
    })
    const counts = {
      artboards: artboardCount(result.document),
      layers: layerCount(result.document),
      objects: objectCount(result.document),
    }
    // a snapshot of a state after the head: the log lost its newest events
    const lostTail = doc.file
      .listSnapshots(doc.metadata.documentId)
      .some((s) => Number.isSafeInteger(s.eventSequence) && s.eventSequence > doc.headSequence)
    const damaged = result.problems.length > 0 || doc.missingEvents > 0 || lostTail
    const sha256 = documentHash(result.document)
    const data = {
      file: path,
      sequence: result.sequence,
      headSequence: doc.headSequence,
      ...counts,
      sha256,
      eventsReplayed: result.eventsReplayed,
      skippedEvents: result.problems.length,
      snapshotUsed: result.snapshotSequence,
      snapshotsSkipped: result.skippedSnapshots,
      snapshotsIgnored: !useSnapshots,
      missingEvents: doc.missingEvents,
      lostTail,
      problems: result.problems.slice(0, LISTED_PROBLEMS).map((p) => ({
        kind: p.kind,
        sequence: p.sequence,
        eventType: clip(p.eventType),
        reason: clip(p.reason),
      })),
      ms: Math.round(result.ms * 100) / 100,
      openMs: Math.round(doc.openMs * 100) / 100,
    }
    const text = keyValues([
      ['sequence', `${result.sequence} of ${doc.headSequence}`],
      ['artboards', counts.artboards],
      ['layers', counts.layers],
      ['objects', counts.objects],
      ['sha256', sha256],
      [
        'events replayed',
        `${result.eventsReplayed}${result.problems.length > 0 ? ` (${result.problems.length} skipped)` : ''}`,
      ],
      [
        'snapshot used',
        result.snapshotSequence === null
          ? useSnapshots
            ? 'none (full replay)'
            : 'none (--no-snapshots)'
          : `#${result.snapshotSequence}${result.skippedSnapshots > 0 ? ` (${result.skippedSnapshots} newer ones failed their checks)` : ''}`,
      ],
      ['time', formatMs(result.ms)],
    ])
    const notes: string[] = []
    for (const p of data.problems) notes.push(`  problem at ${p.sequence}: ${p.reason}`)
    if (result.problems.length > LISTED_PROBLEMS)
      notes.push(`  … and ${result.problems.length - LISTED_PROBLEMS} more`)
    if (doc.missingEvents > 0)
      notes.push(
        `  the log holds ${plural(doc.eventCount, 'event')} for sequences 0..${doc.headSequence}: ${doc.missingEvents} ${doc.missingEvents === 1 ? 'is' : 'are'} missing`,
      )
    if (lostTail)
      notes.push(
        `  a snapshot records a state after sequence ${doc.headSequence}: the newest events are lost`,
      )
    if (damaged) notes.push('  the log is damaged: run `wiretuner validate` for the full report')
    // A damaged log never passes as healthy: the document is printed, the exit code is 1.
    return {
      data,
      text:
        notes.length > 0
          ? `${text}
${notes.join('\n')}`
          : text,
      exitCode: damaged ? 1 : 0,
    }
  } finally {
    doc.file.close()
  }
}
