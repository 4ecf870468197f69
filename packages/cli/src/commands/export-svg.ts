/** `wiretuner export-svg FILE [--at SEQ] [--artboard ID] --out OUT.svg`: the document at SEQ as SVG. */
import { exportSvg } from '@wiretuner/vector-model'
import {
  type CommandContext,
  type CommandResult,
  fileArgument,
  parseNonNegativeInt,
  requiredOption,
  resolveUserPath,
  stringOption,
} from '../command.js'
import { documentAtWithProgress } from '../engine/document-at.js'
import { checkSequence, openDocumentFile } from '../engine/open-file.js'
import { checkOutput, writeOutput } from '../engine/output-file.js'
import { CliError } from '../errors.js'

/** Runs `wiretuner export-svg` (its options are in the command table, `commands/index.ts`). */
export async function run(ctx: CommandContext): Promise<CommandResult> {
  const path = fileArgument(ctx, 'export-svg')
  const out = resolveUserPath(requiredOption(ctx, 'out', 'export-svg'))
  const atRaw = stringOption(ctx, 'at')
  const at = atRaw === undefined ? undefined : parseNonNegativeInt(atRaw, 'at')
  const artboardId = stringOption(ctx, 'artboard')
  const target = { path: out, what: 'the SVG', force: ctx.options.force === true, inputs: [path] }
  checkOutput(target)
  const doc = await openDocumentFile(path)
  let svg: string
  let sequence: number
  try {
    sequence = at ?? doc.headSequence
    checkSequence(path, sequence, doc.headSequence)
    const { document } = documentAtWithProgress(doc.file, doc.metadata.documentId, sequence, ctx.progress)
    if (artboardId !== undefined && !document.artboards.some((a) => a.id === artboardId)) {
      const ids = document.artboards.map((a) => a.id)
      throw new CliError(
        'unknown-artboard',
        `no artboard '${artboardId}' at sequence ${sequence} (artboards: ${ids.length > 0 ? ids.join(', ') : 'none'})`,
      )
    }
    svg = exportSvg(document, artboardId === undefined ? {} : { artboardId })
  } finally {
    doc.file.close()
  }
  await writeOutput(target, svg)
  return {
    data: { file: path, out, sequence, artboardId: artboardId ?? null, bytes: Buffer.byteLength(svg) },
    text: `wrote ${out} (${Buffer.byteLength(svg)} bytes): ${artboardId === undefined ? 'every artboard' : `artboard ${artboardId}`} at sequence ${sequence}`,
  }
}
