/** `wiretuner export-svg FILE [--at SEQ] [--artboard ID] --out OUT.svg`: the document at SEQ as SVG. */
import {
  type Command,
  fileArgument,
  parseNonNegativeInt,
  requiredOption,
  resolveUserPath,
  stringOption,
} from '../cli/command.js'
import { DemoError } from '../cli/errors.js'
import { documentAtWithProgress } from '../engine/document-at.js'
import { checkSequence, openDocumentFile } from '../engine/open-file.js'
import { checkOutput, writeOutput } from '../engine/output-file.js'
import { renderSvg } from '../server/viewer-data.js'

/** The `wiretuner export-svg` command. */
export const exportSvgCommand: Command = {
  name: 'export-svg',
  summary: 'Write the document (or one artboard) at a sequence as an SVG file',
  positionals: [{ name: 'FILE', description: 'a .wiretuner file' }],
  options: {
    at: { type: 'string', valueName: 'SEQ', description: 'sequence (default: the head)' },
    artboard: { type: 'string', valueName: 'ID', description: 'export only this artboard' },
    out: { type: 'string', valueName: 'OUT.svg', description: 'the SVG file to write (never FILE itself)' },
    force: { type: 'boolean', description: 'replace OUT.svg if it exists' },
  },
  async run(ctx) {
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
        throw new DemoError(
          'unknown-artboard',
          `no artboard '${artboardId}' at sequence ${sequence} (artboards: ${ids.length > 0 ? ids.join(', ') : 'none'})`,
        )
      }
      svg = renderSvg(document, artboardId)
    } finally {
      doc.file.close()
    }
    await writeOutput(target, svg)
    return {
      data: { file: path, out, sequence, artboardId: artboardId ?? null, bytes: Buffer.byteLength(svg) },
      text: `wrote ${out} (${Buffer.byteLength(svg)} bytes): ${artboardId === undefined ? 'every artboard' : `artboard ${artboardId}`} at sequence ${sequence}`,
    }
  },
}
