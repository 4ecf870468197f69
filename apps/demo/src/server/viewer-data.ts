/**
 * The viewer's payloads from engine data, shared by the Node server's backend and the viewer's
 * in-page (Worker) mode: log items as viewer events, and the document at a sequence as a viewer
 * state (SVG plus the artboard/layer tree). Browser-safe: no Node imports.
 */
import type { ReadItem } from '@wiretuner/io-services'
import { touchedObjectIds } from '@wiretuner/replay'
import { type Document, exportSvg } from '@wiretuner/vector-model'
import { documentCounts, documentTree } from '../document-view.js'
import type { ViewerEvent, ViewerHistoryEntry, ViewerState } from './backend.js'

/** The SVG the viewer shows and `export-svg` writes for a document. */
export function renderSvg(doc: Document, artboardId?: string): string {
  return exportSvg(doc, artboardId === undefined ? {} : { artboardId })
}

/** Log items as the viewer lists them: damaged rows keep their reason, gaps become one entry per missing sequence. */
export function viewerEvents(items: Iterable<ReadItem>): ViewerEvent[] {
  const out: ViewerEvent[] = []
  for (const item of items) {
    if (item.kind === 'event') {
      out.push({
        sequence: item.sequence,
        eventType: item.event.eventType,
        timestamp: item.event.timestamp,
        event: item.event as unknown as Record<string, unknown>,
      })
    } else if (item.kind === 'invalid') {
      out.push({
        sequence: item.sequence,
        eventType: item.eventType,
        timestamp: 0,
        event: null,
        problem: item.reason,
      })
    } else {
      for (let s = item.from; s <= item.to; s++)
        out.push({
          sequence: s,
          eventType: '(missing)',
          timestamp: 0,
          event: null,
          problem: 'missing from the log',
        })
    }
  }
  return out
}

/** The viewer state of `doc` after event `sequence`, with its SVG (`renderSvg(doc)`, or given). */
export function viewerState(sequence: number, doc: Document, svg = renderSvg(doc)): ViewerState {
  return {
    sequence,
    svg,
    artboards: documentTree(doc),
    objectCount: documentCounts(doc).objects,
    selectionCount: doc.selection.objectIds.length,
  }
}

/** The events among `items` that name `objectId` as an object they change (see `ViewerObjectHit`). */
export function objectHistory(items: Iterable<ReadItem>, objectId: string): ViewerHistoryEntry[] {
  const out: ViewerHistoryEntry[] = []
  for (const item of items) {
    if (item.kind !== 'event' || touchedObjectIds(item.event)?.includes(objectId) !== true) continue
    out.push({ sequence: item.sequence, eventType: item.event.eventType, timestamp: item.event.timestamp })
  }
  return out
}
