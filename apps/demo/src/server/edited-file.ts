/**
 * The file `wiretuner edit FILE` lends to the editor page: its bytes with an ETag, and writing
 * the page's exported bytes back. A write must name the ETag the page last saw (else 412: the
 * file changed behind the page), must look like a WireTuner file (SQLite header and the
 * "WTNR" application id), and replaces FILE atomically (temporary file in the same directory,
 * fsync, rename). The page's bytes are a checkpointed file (io-services' OPFS export).
 */
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { DemoError } from '../errors.js'

/** Information the page reads before importing. */
export interface EditedFileInfo {
  readonly fileName: string
  readonly etag: string
  readonly bytes: number
}

/** The edited file; see the module comment. */
export interface EditedFile {
  info(): EditedFileInfo
  read(): { readonly bytes: Buffer; readonly etag: string }
  /** Replaces the file; returns the new ETag. Throws `EditedFileConflict` / `DemoError`. */
  write(bytes: Uint8Array, ifMatch: string | undefined): string
}

/** A write refused because the file is not at the version the page saw (HTTP 412). */
export class EditedFileConflict extends DemoError {}

const SQLITE_HEADER = 'SQLite format 3\u0000'
const APPLICATION_ID = 0x57544e52

/** Whether `bytes` start like a WireTuner file (SQLite header, application id "WTNR"). */
export function looksLikeWireTuner(bytes: Uint8Array): boolean {
  if (bytes.length < 100) return false
  const header = new TextDecoder('latin1').decode(bytes.subarray(0, 16))
  const id = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(68)
  return header === SQLITE_HEADER && id === APPLICATION_ID
}

/** The edited file at `path` (which exists and was closed cleanly). */
export function createEditedFile(path: string): EditedFile {
  const etagOf = (): string => {
    const st = statSync(path, { bigint: true })
    return `"${st.size}-${st.mtimeNs}"`
  }
  return {
    info: () => ({ fileName: basename(path), etag: etagOf(), bytes: statSync(path).size }),
    read: () => ({ etag: etagOf(), bytes: readFileSync(path) }),
    write(bytes, ifMatch) {
      const etag = etagOf()
      if (ifMatch !== etag)
        throw new EditedFileConflict(
          'server',
          `${basename(path)} changed since the page opened it (ETag ${etag}, the page had ${ifMatch ?? 'none'}); reload the page`,
        )
      if (!looksLikeWireTuner(bytes))
        throw new DemoError(
          'server',
          `refusing to write ${basename(path)}: the bytes are not a WireTuner file`,
        )
      const temporary = join(dirname(path), `.${basename(path)}.saving-${process.pid}`)
      try {
        const fd = openSync(temporary, 'w')
        try {
          writeSync(fd, bytes)
          fsyncSync(fd)
        } finally {
          closeSync(fd)
        }
        renameSync(temporary, path)
      } catch (error) {
        rmSync(temporary, { force: true })
        throw new DemoError('server', `cannot write ${basename(path)}: ${(error as Error).message}`, {
          cause: error,
        })
      }
      return etagOf()
    },
  }
}
