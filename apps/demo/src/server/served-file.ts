/**
 * One `.wiretuner` file as `wiretuner serve` serves it: the file opened with the CLI's messages,
 * the viewer's read-only replay session over it, and the viewer backend (hit tests at the head
 * through the session's R*Tree-backed `hitTest`). Closing the backend closes both.
 */
import { openDocumentFile } from '@wiretuner/cli/command-kit'
import type { ViewerBackend } from './backend.js'
import { createFileBackend } from './file-backend.js'
import { openViewerSession, type ViewerSession } from './viewer-session.js'

/** A served file; see the module comment. */
export interface ServedFile {
  readonly backend: ViewerBackend
  readonly viewer: ViewerSession
  readonly eventCount: number
}

/** Opens `path` for the viewer (the file is closed again when anything fails). */
export async function openServedFile(path: string): Promise<ServedFile> {
  const doc = await openDocumentFile(path)
  const documentId = doc.metadata.documentId
  let viewer: ViewerSession
  try {
    viewer = openViewerSession(doc.file, documentId)
  } catch (err) {
    doc.file.close()
    throw err
  }
  const { session } = viewer
  const backend = createFileBackend({
    file: doc.file,
    path,
    documentId,
    documentAt: (sequence) => viewer.documentAt(sequence),
    // at the session's head, the session's hitTest (R*Tree candidates where the file has them)
    hitTestAt: (sequence, point, tolerance) =>
      sequence === session.sequence ? session.hitTest(point, tolerance) : null,
    onClose: () => {
      session.close()
      doc.file.close()
    },
  })
  return { backend, viewer, eventCount: doc.eventCount }
}
