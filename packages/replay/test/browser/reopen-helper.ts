/**
 * The second Worker of the browser acceptance suite (a new tab on the same OPFS file): reopens
 * the file, opens the document with replay, and answers with what the reopened session shows:
 * the document's bytes, undo/redo availability and labels, the history, and the documents after
 * up to three undos and one redo.
 */
import { answerRequests } from '@wiretuner/browser-kit/runner'
import { openOpfsFile } from '@wiretuner/io-services/browser'
import { openSession } from '../../src/open-session.js'
import { docBytes, historyShape } from '../support/helpers.js'

/** What the suite asks. */
export interface ReopenRequest {
  readonly name: string
  readonly documentId: string
  readonly snapshotEvery: number
  readonly closeSnapshotMinTail: number
}

/** What a reopened session shows (see the module comment). */
export interface ReopenAnswer {
  readonly bytes: string
  readonly availability: readonly unknown[]
  readonly shape: unknown
  readonly undone: readonly string[]
  readonly redone: string | null
}

answerRequests(async (message): Promise<ReopenAnswer> => {
  const request = message as ReopenRequest
  const file = await openOpfsFile(request.name, { create: false })
  try {
    const session = openSession(file, request.documentId, {
      snapshotScheduling: 'sync',
      snapshotEvery: request.snapshotEvery,
      closeSnapshotMinTail: request.closeSnapshotMinTail,
    })
    const answer = {
      bytes: docBytes(session),
      availability: [session.canUndo, session.canRedo, session.undoLabel, session.redoLabel],
      shape: historyShape(session.state),
    }
    const undone: string[] = []
    for (let i = 0; i < 3 && session.canUndo; i++) {
      session.undo()
      undone.push(docBytes(session))
    }
    let redone: string | null = null
    if (session.canRedo) {
      session.redo()
      redone = docBytes(session)
    }
    session.close()
    return { ...answer, undone, redone }
  } finally {
    file.close()
  }
})
