/**
 * `@wiretuner/cli/command-kit`: what a command of an app built on the CLI uses — argument
 * parsing, output formatting, progress bars, opening an existing file with the CLI's messages,
 * outputs written atomically (`--force` to replace), the document at a sequence, and the resvg
 * thumbnail renderer.
 */

export {
  fileArgument,
  parseNonNegativeInt,
  portOption,
  portValue,
  requiredOption,
  resolveUserPath,
  stringOption,
} from './command.js'
export type { DocumentAtResult } from './engine/document-at.js'
export { documentAt, documentHash } from './engine/document-at.js'
export type { OpenDocumentFile } from './engine/open-file.js'
export { openDocumentFile } from './engine/open-file.js'
export type { OutputTarget } from './engine/output-file.js'
export { buildOutput, checkOutput } from './engine/output-file.js'
export { resvgThumbnailRenderer, THUMBNAIL_SIZE } from './engine/thumbnail-renderer.js'
export { formatBytes, formatMs, plural } from './format.js'
export { createProgress, progressAllowed } from './progress.js'
