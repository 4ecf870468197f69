/**
 * A small editing session as events (a CreateDocumentEvent first, as the editor writes it), for
 * files exchanged between Node and the browser: `wiretuner validate` requires that start.
 */
import { createEvent, type DraftEvent } from '@wiretuner/event-schema'
import { drafts } from './events.js'

/** `CreateDocumentEvent` and `n - 1` varied events of `documentId`. */
export function sessionEvents(documentId: string, n: number): DraftEvent[] {
  const start = createEvent({
    documentId,
    timestamp: 1_700_000_000_000,
    eventType: 'CreateDocumentEvent',
    title: 'exchanged',
  } as never)
  return [start, ...drafts(documentId, n - 1)]
}
