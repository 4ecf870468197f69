/**
 * `wiretuner compact FILE`: prunes snapshots to the retention policy, rebuilds the persistent
 * history index from the log, and reports what it removed and wrote. Events are never touched.
 */
import { DEFAULT_SNAPSHOT_RETENTION } from '@wiretuner/io-services'
import { openDocument } from '@wiretuner/replay'
import { type Command, fileArgument, parseNonNegativeInt, stringOption } from '../cli/command.js'
import { DemoError } from '../cli/errors.js'
import { openDocumentFile } from '../engine/open-file.js'

/** The `wiretuner compact` command. */
export const compactCommand: Command = {
  name: 'compact',
  summary: `Prune snapshots to the retention policy (keep the ${DEFAULT_SNAPSHOT_RETENTION} newest) and rebuild the history index; events are never touched`,
  positionals: [{ name: 'FILE', description: 'a .wiretuner file' }],
  options: {
    keep: {
      type: 'string',
      valueName: 'N',
      description: `snapshots to keep (default ${DEFAULT_SNAPSHOT_RETENTION})`,
    },
  },
  async run(ctx) {
    const path = fileArgument(ctx, 'compact')
    const keepRaw = stringOption(ctx, 'keep')
    const keep = keepRaw === undefined ? DEFAULT_SNAPSHOT_RETENTION : parseNonNegativeInt(keepRaw, 'keep')
    if (keep < 1) throw new DemoError('usage', '--keep must be at least 1')
    const doc = await openDocumentFile(path, { write: true })
    try {
      const id = doc.metadata.documentId
      const before = doc.file.listSnapshots(id)
      const kept = new Set(before.slice(0, keep).map((s) => s.snapshotId))
      const removedInfos = before.filter((s) => !kept.has(s.snapshotId))
      const removed = doc.file.pruneSnapshots(id, keep)
      // the history index is a cache derived from the log: drop it and build it again
      const session = openDocument(doc.file, id, { closeSnapshotMinTail: Number.MAX_SAFE_INTEGER })
      let index: ReturnType<typeof session.rebuildHistoryIndex>
      try {
        index = session.rebuildHistoryIndex()
      } finally {
        session.close()
      }
      doc.file.checkpoint()
      const after = doc.file.listSnapshots(id)
      const freedBytes = removedInfos.reduce((n, s) => n + s.storedBytes, 0)
      const data = {
        file: path,
        keep,
        removed,
        removedSequences: removedInfos.map((s) => s.eventSequence),
        freedBytes,
        remaining: after.map((s) => s.eventSequence),
        eventCount: doc.file.eventCount(id),
        historyIndex: { entries: index.entries, bytes: index.bytes, staleRemoved: index.staleRemoved.length },
      }
      const pruned =
        removed === 0
          ? `${path}: nothing to prune (${after.length} snapshots, keeping up to ${keep})`
          : `${path}: removed ${removed} snapshots (${freedBytes} bytes of snapshot data; sequences ${removedInfos.map((s) => s.eventSequence).join(', ')}); ${after.length} remain; ${data.eventCount} events untouched`
      const text = `${pruned}\nhistory index rebuilt: ${index.entries} entries, ${index.bytes} bytes`
      return { data, text }
    } finally {
      doc.file.close()
    }
  },
}
