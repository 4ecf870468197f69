/**
 * `wiretuner serve DIR`: the `.wiretuner` files of one folder as the file-browser page lists them,
 * read WITHOUT replaying any document: each file is opened read-only through io-services for its
 * metadata (title), its event count and its `thumbnails_cache` row, then closed. A file without a
 * stored thumbnail gets one rendered on request (the document replayed once, the SVG export
 * rasterized by the CLI's resvg renderer), kept in memory while the file is unchanged (the file
 * stays read-only).
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { resvgThumbnailRenderer } from '@wiretuner/cli/command-kit'
import { openWireTunerFile, type WireTunerFile } from '@wiretuner/io-services/node'
import { openSession } from '@wiretuner/replay'
import { DemoError } from '../errors.js'

/** One file of the folder (`GET /api/folder`). */
export interface FolderEntry {
  readonly name: string
  readonly title: string
  readonly bytes: number
  readonly eventCount: number
  /** Whether `thumbnails_cache` holds the document's thumbnail (else it is rendered on request). */
  readonly storedThumbnail: boolean
  /** Why the file could not be read, when it could not (the other fields are then empty). */
  readonly problem?: string
}

/** A folder of `.wiretuner` files; see the module comment. */
export interface Folder {
  readonly dir: string
  list(): Promise<readonly FolderEntry[]>
  /** The document thumbnail of `name` (stored, or rendered now). */
  thumbnail(name: string): Promise<Uint8Array>
  /** The path of `name`, checked to be a `.wiretuner` file directly in the folder. */
  pathOf(name: string): string
}

const isWireTuner = (name: string): boolean => name.toLowerCase().endsWith('.wiretuner')

async function withFile<T>(path: string, read: (file: WireTunerFile, documentId: string) => T): Promise<T> {
  const file = await openWireTunerFile(path, { readOnly: true })
  try {
    const doc = file.listDocuments()[0]
    if (doc === undefined) throw new DemoError('server', `${path} holds no document`)
    return read(file, doc.documentId)
  } finally {
    file.close()
  }
}

/** The folder `dir` (it must exist). */
export function openFolder(dir: string): Folder {
  const rendered = new Map<string, { readonly mtimeMs: number; readonly png: Uint8Array }>()
  const pathOf = (name: string): string => {
    if (!isWireTuner(name) || name.includes('/') || name.includes('\\') || name.startsWith('.')) {
      throw new DemoError('server', `not a .wiretuner file of the folder: '${name}'`)
    }
    if (!readdirSync(dir).includes(name)) throw new DemoError('server', `no file '${name}' in ${dir}`)
    return join(dir, name)
  }
  return {
    dir,
    pathOf,
    async list() {
      const out: FolderEntry[] = []
      for (const name of readdirSync(dir).filter(isWireTuner).sort()) {
        const path = join(dir, name)
        const bytes = statSync(path).size
        try {
          out.push(
            await withFile(path, (file, documentId) => ({
              name,
              title: file.getMetadata(documentId)?.title ?? '',
              bytes,
              eventCount: file.eventCount(documentId),
              storedThumbnail: file.renderCache?.readThumbnail(documentId) !== undefined,
            })),
          )
        } catch (err) {
          const problem = err instanceof Error ? err.message : String(err)
          out.push({ name, title: '', bytes, eventCount: 0, storedThumbnail: false, problem })
        }
      }
      return out
    },
    async thumbnail(name) {
      const path = pathOf(name)
      const stored = await withFile(path, (file, documentId) => file.renderCache?.readThumbnail(documentId))
      if (stored !== undefined) return stored.png
      const { mtimeMs } = statSync(path)
      const memo = rendered.get(name)
      if (memo !== undefined && memo.mtimeMs === mtimeMs) return memo.png
      const png = await withFile(path, (file, documentId) => {
        const session = openSession(file, documentId, { historyIndex: { mode: 'off' } })
        try {
          return session.thumbnail(undefined, resvgThumbnailRenderer).png
        } finally {
          session.close()
        }
      })
      rendered.set(name, { mtimeMs, png })
      return png
    },
  }
}
