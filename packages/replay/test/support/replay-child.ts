/**
 * Child process of the two-process determinism test: opens a .wiretuner file read-only, replays
 * each given document fully (no snapshot) and from its snapshots, and prints the SHA-256 of the
 * resulting document bytes and history metadata as one JSON line.
 */
import { createHash } from 'node:crypto'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { serializeDocument } from '@wiretuner/vector-model'
import { foldEvents } from '../../src/fold.js'
import { openSession } from '../../src/open-session.js'
import { initialState } from '../../src/state.js'

const args = process.argv.slice(2)
if (args.length === 0 || args.length % 2 !== 0)
  throw new Error('usage: replay-child (<file> <documentId>)...')
const sha = (text: string) => createHash('sha256').update(text).digest('hex')
for (let i = 0; i < args.length; i += 2) {
  const path = args[i] as string
  const documentId = args[i + 1] as string
  const file = await openWireTunerFile(path, { readOnly: true })
  const session = openSession(file, documentId)
  const events = [...file.readEvents(documentId)].flatMap((i) => (i.kind === 'event' ? [i.event] : []))
  const full = foldEvents(initialState(documentId), events).state
  const history = (h: typeof full.history) =>
    JSON.stringify([
      h.undoStack.map((g) => [g.groupId, g.label, g.firstSequence, g.lastSequence]),
      h.redoStack.map((g) => g.groupId),
    ])
  console.log(
    JSON.stringify({
      opened: sha(serializeDocument(session.document)),
      full: sha(serializeDocument(full.document)),
      history: sha(history(session.state.history)),
      snapshot: session.loadReport.snapshotSequence,
    }),
  )
  file.close()
}
