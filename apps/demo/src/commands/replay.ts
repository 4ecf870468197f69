/** `wiretuner replay FILE [--to SEQ] [--no-snapshots]`: the document at SEQ, its hash and how it was reached. */
import { type Command, fileArgument, parseNonNegativeInt, stringOption } from '../cli/command.js'
import { formatMs, keyValues } from '../cli/format.js'
import { documentCounts } from '../document-view.js'
import { documentAtWithProgress, documentHash } from '../engine/document-at.js'
import { checkSequence, openDocumentFile } from '../engine/open-file.js'

/** The `wiretuner replay` command. */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'Rebuild the document at a sequence: counts, SHA-256 of its canonical form, events replayed, time',
  positionals: [{ name: 'FILE', description: 'a .wiretuner file' }],
  options: {
    to: { type: 'string', valueName: 'SEQ', description: 'sequence to replay to (default: the head)' },
    'no-snapshots': { type: 'boolean', description: 'ignore snapshots: replay every event from the start' },
  },
  async run(ctx) {
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
      const counts = documentCounts(result.document)
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
      return { data, text }
    } finally {
      doc.file.close()
    }
  },
}
