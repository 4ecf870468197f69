/**
 * `wiretuner compact FILE`: prunes snapshots to the retention policy, rebuilds the persistent
 * history index and the render caches (tessellations, R*Tree, thumbnails) from the log, then VACUUMs the database (SQLite rebuilds it in one transaction) so
 * the freed pages leave the file, and reports the file size before and after, measured on disk.
 * Events are never touched.
 */
import { existsSync, statSync } from 'node:fs'
import { DEFAULT_SNAPSHOT_RETENTION } from '@wiretuner/io-services'
import { openSession } from '@wiretuner/replay'
import {
  type CommandContext,
  type CommandResult,
  fileArgument,
  parseNonNegativeInt,
  stringOption,
} from '../command.js'
import { openDocumentFile, requireExistingFile } from '../engine/open-file.js'
import { resvgThumbnailRenderer } from '../engine/thumbnail-renderer.js'
import { CliError } from '../errors.js'
import { formatBytes, plural } from '../format.js'

/** Runs `wiretuner compact` (its options are in the command table, `commands/index.ts`). */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const path = fileArgument(ctx, 'compact')
  const keepRaw = stringOption(ctx, 'keep')
  const keep = keepRaw === undefined ? DEFAULT_SNAPSHOT_RETENTION : parseNonNegativeInt(keepRaw, 'keep')
  if (keep < 1) throw new CliError('usage', '--keep must be at least 1')
  requireExistingFile(path)
  const sizeBefore = fileBytes(path)
  const doc = await openDocumentFile(path, { write: true })
  let closed = false
  try {
    const id = doc.metadata.documentId
    const before = doc.file.listSnapshots(id)
    const kept = new Set(before.slice(0, keep).map((s) => s.snapshotId))
    const removedInfos = before.filter((s) => !kept.has(s.snapshotId))
    const removed = doc.file.pruneSnapshots(id, keep)
    // the history index is a cache derived from the log: drop it and build it again
    const session = openSession(doc.file, id, { closeSnapshotMinTail: Number.MAX_SAFE_INTEGER })
    let index: ReturnType<typeof session.rebuildHistoryIndex>
    let caches: ReturnType<typeof session.rebuildRenderCaches>
    try {
      index = session.rebuildHistoryIndex()
      // the render caches too: dropped, rebuilt from the document, thumbnails rendered again
      caches = session.rebuildRenderCaches()
      doc.file.renderCache?.deleteThumbnails(id)
      for (const artboardId of [undefined, ...session.document.artboards.map((a) => a.id)]) {
        session.thumbnail(artboardId, resvgThumbnailRenderer)
      }
    } finally {
      session.close()
    }
    const after = doc.file.listSnapshots(id)
    const eventCount = doc.file.eventCount(id)
    doc.file.vacuum()
    doc.file.close()
    closed = true
    const sizeAfter = fileBytes(path)
    const freedBytes = removedInfos.reduce((n, s) => n + s.storedBytes, 0)
    const data = {
      file: path,
      keep,
      removed,
      removedSequences: removedInfos.map((s) => s.eventSequence),
      freedBytes,
      remaining: after.map((s) => s.eventSequence),
      eventCount,
      fileBytes: { before: sizeBefore, after: sizeAfter },
      historyIndex: { entries: index.entries, bytes: index.bytes, staleRemoved: index.staleRemoved.length },
      renderCaches: { objectRows: caches.rowsWritten, thumbnails: session.renderCaches.thumbnailsRendered },
    }
    const pruned =
      removed === 0
        ? `${path}: nothing to prune (${plural(after.length, 'snapshot')}, keeping up to ${keep})`
        : `${path}: removed ${plural(removed, 'snapshot')} (${freedBytes} bytes of snapshot data; sequences ${removedInfos.map((s) => s.eventSequence).join(', ')}); ${after.length} remain; ${plural(eventCount, 'event')} untouched`
    const text = [
      pruned,
      `history index rebuilt: ${plural(index.entries, 'entry', 'entries')}, ${index.bytes} bytes`,
      `render caches rebuilt: ${plural(caches.rowsWritten, 'object row')}, ${plural(session.renderCaches.thumbnailsRendered, 'thumbnail')}`,
      `vacuumed: file ${formatBytes(sizeBefore)} → ${formatBytes(sizeAfter)} (${sizeBefore} → ${sizeAfter} bytes on disk, with -wal)`,
    ].join('\n')
    return { data, text }
  } finally {
    if (!closed) doc.file.close()
  }
}

/** Bytes of the database on disk: the file plus its `-wal`, if any. */
function fileBytes(path: string): number {
  const wal = `${path}-wal`
  return statSync(path).size + (existsSync(wal) ? statSync(wal).size : 0)
}
