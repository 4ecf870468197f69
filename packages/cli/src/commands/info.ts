/** `wiretuner info FILE`: document metadata, event count and head, snapshots, file size. */
import { statSync } from 'node:fs'
import type { SnapshotInfo } from '@wiretuner/io-services'
import type { WireTunerFile } from '@wiretuner/io-services/node'
import { type CommandContext, type CommandResult, fileArgument } from '../command.js'
import { openDocumentFile } from '../engine/open-file.js'
import { clip, formatBytes, formatTime, keyValues, plural } from '../format.js'

/** Snapshots whose JSON size and ratio are measured (each is read and checked). */
const RATIO_SNAPSHOTS = 12

/**
 * JSON bytes of the good snapshots among `infos` (newest first), by snapshot id. One walk down the
 * log: each lookup starts below the previous good snapshot, so every snapshot (a bad one too) is
 * inflated at most once; rows whose sequence is not an integer are never looked up. Exported for
 * its regression test.
 */
export function measureSnapshots(
  file: WireTunerFile,
  documentId: string,
  infos: readonly SnapshotInfo[],
): Map<number, number> {
  const sizes = new Map<number, number>()
  const wanted = new Set(infos.map((s) => s.snapshotId))
  const lowest = Math.min(...infos.map((s) => s.eventSequence))
  let limit = Number.MAX_SAFE_INTEGER
  while (wanted.size > sizes.size && limit >= 0 && limit >= Math.floor(lowest)) {
    const found = file.loadLatestSnapshot(documentId, { atOrBefore: limit }).snapshot
    if (found === undefined) break
    if (wanted.has(found.snapshotId)) sizes.set(found.snapshotId, found.data.length)
    limit = found.eventSequence - 1
  }
  return sizes
}

/** Runs `wiretuner info` (its options are in the command table, `commands/index.ts`). */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const path = fileArgument(ctx, 'info')
  const doc = await openDocumentFile(path)
  try {
    const { file, metadata } = doc
    const infos = file.listSnapshots(metadata.documentId)
    const measured = measureSnapshots(file, metadata.documentId, infos.slice(0, RATIO_SNAPSHOTS))
    // Per snapshot: the stored bytes (the gzip member), the JSON bytes and the ratio JSON / stored
    // (null when not measured, or when the snapshot does not pass its checks).
    const snapshots = infos.map((s) => {
      const jsonBytes = measured.get(s.snapshotId) ?? null
      return {
        sequence: s.eventSequence,
        storedBytes: s.storedBytes,
        jsonBytes,
        ratio: jsonBytes === null ? null : Math.round((jsonBytes / s.storedBytes) * 100) / 100,
        compression: s.compression,
        createdAt: s.createdAt,
      }
    })
    let fileBytes = statSync(path).size
    try {
      fileBytes += statSync(`${path}-wal`).size
    } catch {}
    const entries = file.listHistoryEntries(metadata.documentId)
    const indexBytes = entries.reduce((n, e) => n + e.storedBytes, 0)
    const historyIndex = {
      available: file.historyIndexAvailable,
      entries: entries.length,
      stale: entries.filter((e) => e.stale).length,
      bytes: indexBytes,
      shareOfFile: fileBytes === 0 ? 0 : Math.round((indexBytes / fileBytes) * 10_000) / 10_000,
      newestSequence: entries.at(-1)?.eventSequence ?? null,
    }
    const data = {
      file: path,
      fileBytes,
      formatVersion: file.formatVersion,
      olderFormat: file.olderFormat,
      documentCount: file.listDocuments().length,
      document: {
        documentId: metadata.documentId,
        title: metadata.title,
        author: metadata.author,
        formatVersion: metadata.formatVersion,
        createdAt: metadata.createdAt,
        modifiedAt: metadata.modifiedAt,
      },
      eventCount: doc.eventCount,
      headSequence: doc.headSequence,
      missingEvents: doc.missingEvents,
      snapshots,
      historyIndex,
    }
    const lines = [
      keyValues([
        ['file', path],
        ['size', `${formatBytes(fileBytes)} (${fileBytes} bytes)`],
        [
          'format version',
          file.olderFormat
            ? `${file.formatVersion} (older; readable as it is, upgraded on the next read-write open)`
            : file.formatVersion,
        ],
        ['document', metadata.documentId],
        ['title', clip(metadata.title)],
        ['author', metadata.author === null ? '–' : clip(metadata.author)],
        ['created', formatTime(metadata.createdAt)],
        ['modified', formatTime(metadata.modifiedAt)],
        ['events', doc.eventCount],
        [
          'head sequence',
          doc.missingEvents > 0
            ? `${doc.headSequence} (${plural(doc.missingEvents, 'event')} missing: the log is damaged, run validate)`
            : doc.headSequence,
        ],
        [
          'history index',
          historyIndex.available
            ? `${plural(historyIndex.entries, 'entry', 'entries')}, ${formatBytes(indexBytes)} (${(historyIndex.shareOfFile * 100).toFixed(1)}% of the file)${historyIndex.stale > 0 ? `, ${historyIndex.stale} stale (never used; rebuilt by the next session or compact)` : ''}`
            : 'none (older format)',
        ],
        ['snapshots', snapshots.length],
      ]),
    ]
    for (const s of snapshots) {
      lines.push(
        `  #${String(s.sequence).padEnd(9)} ${formatBytes(s.storedBytes).padStart(9)} stored (${s.compression})${s.jsonBytes === null ? '' : `, ${formatBytes(s.jsonBytes)} JSON, ratio ${s.ratio}:1`}`,
      )
    }
    return { data, text: lines.join('\n') }
  } finally {
    doc.file.close()
  }
}
