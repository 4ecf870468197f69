/**
 * Opening an existing .wiretuner file for a CLI command: checks that the file exists (never
 * creates one), opens it through io-services, picks its document, and turns the storage's typed
 * failures into one-line {@link CliError}s (not a WireTuner file, newer format, ...).
 */
import { existsSync, type Stats, statSync } from 'node:fs'
import { type DocumentMetadata, isStorageError } from '@wiretuner/io-services'
import { openWireTunerFile, type WireTunerFile } from '@wiretuner/io-services/node'
import { CliError } from '../errors.js'

/** An open file with the one document the CLI works on. */
export interface OpenDocumentFile {
  readonly file: WireTunerFile
  readonly metadata: DocumentMetadata
  /** Number of events of the document. */
  readonly eventCount: number
  /**
   * Sequence of the last stored event (-1 when the log is empty): the largest stored sequence,
   * not `eventCount - 1`, so events after a gap are never ignored.
   */
  readonly headSequence: number
  /** Sequences up to the head with no stored row (0 for a gap-free log). */
  readonly missingEvents: number
  /** Milliseconds the open took. */
  readonly openMs: number
}

/** Maps an io-services open failure to a user-facing error. */
export function mapOpenError(path: string, err: unknown): unknown {
  if (isStorageError(err)) {
    switch (err.code) {
      case 'not-found':
        return new CliError('file-not-found', `${path}: no such file`, { cause: err })
      case 'not-sqlite':
      case 'empty-file':
      case 'not-wiretuner':
        return new CliError(
          'not-wiretuner',
          `${path} is not a WireTuner file: ${stripPath(path, err.message)}`,
          { cause: err },
        )
      case 'newer-format':
        return new CliError(
          'newer-format',
          `${path} was written by a newer WireTuner version: ${stripPath(path, err.message)}`,
          { cause: err },
        )
      default:
        return new CliError('open-failed', `cannot open ${path}: ${stripPath(path, err.message)}`, {
          cause: err,
        })
    }
  }
  return err
}

function stripPath(path: string, message: string): string {
  return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message
}

/** What a path that is not a regular file is, for messages. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory'
  if (stats.isFIFO()) return 'a named pipe (FIFO)'
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isBlockDevice()) return 'a block device'
  if (stats.isSocket()) return 'a socket'
  return 'not a regular file'
}

/** Checks that `path` names an existing regular file (never a directory, device or FIFO, which are not read). */
export function requireExistingFile(path: string): void {
  if (!existsSync(path)) throw new CliError('file-not-found', `${path}: no such file`)
  const stats = statSync(path)
  if (!stats.isFile())
    throw new CliError('not-wiretuner', `${path} is not a WireTuner file: it is ${kindOf(stats)}`)
}

/** Opens an existing file (read-only unless `write`) and its first document. */
export async function openDocumentFile(
  path: string,
  options: { readonly write?: boolean } = {},
): Promise<OpenDocumentFile> {
  requireExistingFile(path)
  const started = performance.now()
  let file: WireTunerFile
  try {
    file = await openWireTunerFile(path, { readOnly: options.write !== true, create: false })
  } catch (err) {
    throw mapOpenError(path, err)
  }
  const metadata = file.listDocuments()[0]
  if (metadata === undefined) {
    file.close()
    throw new CliError('not-wiretuner', `${path} holds no document`)
  }
  let eventCount: number
  let headSequence: number
  try {
    eventCount = file.eventCount(metadata.documentId)
    headSequence = file.nextSequence(metadata.documentId) - 1
  } catch (err) {
    file.close()
    throw mapOpenError(path, err)
  }
  return {
    file,
    metadata,
    eventCount,
    headSequence,
    missingEvents: Math.max(0, headSequence + 1 - eventCount),
    openMs: performance.now() - started,
  }
}

/** Checks a requested sequence against the head. */
export function checkSequence(path: string, sequence: number, headSequence: number): void {
  if (headSequence < 0)
    throw new CliError('sequence-out-of-range', `${path} has no events, so there is no sequence ${sequence}`)
  if (sequence > headSequence) {
    throw new CliError(
      'sequence-out-of-range',
      `sequence ${sequence} is beyond the head of ${path} (last sequence ${headSequence})`,
    )
  }
}
