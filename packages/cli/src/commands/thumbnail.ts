/**
 * `wiretuner thumbnail FILE [--artboard ID] --out OUT.png`: the PNG thumbnail of the document (or
 * one artboard) at its head, from `thumbnails_cache` when the stored one was made from the same
 * SVG export, else rendered now by resvg and stored in the file (when it can be written).
 */
import { openSession } from '@wiretuner/replay'
import {
  type CommandContext,
  type CommandResult,
  fileArgument,
  requiredOption,
  resolveUserPath,
  stringOption,
} from '../command.js'
import { openDocumentFile } from '../engine/open-file.js'
import { checkOutput, writeOutput } from '../engine/output-file.js'
import { resvgThumbnailRenderer } from '../engine/thumbnail-renderer.js'
import { CliError } from '../errors.js'

/** Runs `wiretuner thumbnail` (its options are in the command table, `commands/index.ts`). */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const path = fileArgument(ctx, 'thumbnail')
  const out = resolveUserPath(requiredOption(ctx, 'out', 'thumbnail'))
  const artboardId = stringOption(ctx, 'artboard')
  const target = { path: out, what: 'the PNG', force: ctx.options.force === true, inputs: [path] }
  checkOutput(target)
  const doc = await openDocumentFile(path, { write: true })
  let thumbnail: ReturnType<ReturnType<typeof openSession>['thumbnail']>
  try {
    const session = openSession(doc.file, doc.metadata.documentId, {
      closeSnapshotMinTail: Number.MAX_SAFE_INTEGER,
      historyIndex: { mode: 'off' },
    })
    try {
      const ids = session.document.artboards.map((a) => a.id)
      if (artboardId !== undefined && !ids.includes(artboardId)) {
        throw new CliError(
          'unknown-artboard',
          `no artboard '${artboardId}' (artboards: ${ids.length > 0 ? ids.join(', ') : 'none'})`,
        )
      }
      thumbnail = session.thumbnail(artboardId, resvgThumbnailRenderer)
    } finally {
      session.close()
    }
  } finally {
    doc.file.close()
  }
  await writeOutput(target, thumbnail.png)
  const what = artboardId === undefined ? 'the document' : `artboard ${artboardId}`
  return {
    data: {
      file: path,
      out,
      artboardId: artboardId ?? null,
      width: thumbnail.width,
      height: thumbnail.height,
      bytes: thumbnail.png.length,
      fromCache: thumbnail.fromCache,
    },
    text: `wrote ${out} (${thumbnail.width}×${thumbnail.height}, ${thumbnail.png.length} bytes): ${what}, ${thumbnail.fromCache ? 'from the thumbnail cache' : 'rendered now and cached'}`,
  }
}
