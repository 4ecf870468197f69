/**
 * A second Worker of the browser suites (another tab, as far as OPFS is concerned): opens,
 * reads, exports or deletes an OPFS file on request, or creates one, writes events and keeps it
 * open (a tab closed before closing its file), and answers with the result or the typed error's
 * code.
 */
import { answerRequests } from '@wiretuner/browser-kit/runner'
import { deleteOpfsFile, exportOpfsFile, type OpfsFile, openOpfsFile } from '../../src/browser.js'
import { sessionEvents } from '../shared/document-events.js'

/** A request to the helper. */
export type HelperRequest =
  | { readonly op: 'open'; readonly name: string }
  | { readonly op: 'close' }
  | { readonly op: 'read'; readonly name: string; readonly documentId: string }
  | { readonly op: 'export'; readonly name: string }
  | { readonly op: 'delete'; readonly name: string }
  | {
      readonly op: 'write-and-hold'
      readonly name: string
      readonly documentId: string
      readonly count: number
      /** The open's `synchronous` (default `full`). */
      readonly synchronous?: 'full' | 'normal'
    }

let held: OpfsFile | undefined

answerRequests(async (message) => {
  const request = message as HelperRequest
  switch (request.op) {
    case 'open':
      held = await openOpfsFile(request.name, { create: false })
      return 'opened'
    case 'close':
      held?.close()
      held = undefined
      return 'closed'
    case 'read': {
      const file = await openOpfsFile(request.name, { create: false })
      try {
        return [...file.readEvents(request.documentId)].map((item) =>
          item.kind === 'event' ? item.event.eventId : item.kind,
        )
      } finally {
        file.close()
      }
    }
    case 'export':
      return (await exportOpfsFile(request.name)).length
    case 'delete':
      await deleteOpfsFile(request.name)
      return 'deleted'
    case 'write-and-hold': {
      held = await openOpfsFile(request.name, { synchronous: request.synchronous ?? 'full' })
      held.createDocument({ documentId: request.documentId, title: 'held' })
      const result = held.append(request.documentId, sessionEvents(request.documentId, request.count), {
        expectedSequence: 0,
      })
      return result.events.map((e) => e.eventId)
    }
  }
})
