/**
 * The viewer backend over one open .wiretuner file: events straight from the log, the document at
 * any sequence from a {@link DocumentAt} function (replay's time travel, which starts from the
 * nearest snapshot or cached checkpoint), with a small LRU of recently rendered states so
 * scrubbing back and forth and the e2e comparisons never recompute.
 */
import { basename } from 'node:path'
import type { WireTunerFile } from '@wiretuner/io-services/node'
import { UndoGroupCollector } from '@wiretuner/replay'
import { type Document, hitTestTopmost, type Point } from '@wiretuner/vector-model'
import type {
  ViewerBackend,
  ViewerEvent,
  ViewerGroup,
  ViewerGroups,
  ViewerHistoryEntry,
  ViewerInfo,
  ViewerObjectHit,
  ViewerState,
} from './backend.js'
import { objectHistory, viewerEvents, viewerState } from './viewer-data.js'

/** Returns the document after event `sequence`. */
export type DocumentAt = (sequence: number) => Document

/** Options of {@link createFileBackend}. */
export interface FileBackendOptions {
  readonly file: WireTunerFile
  readonly path: string
  readonly documentId: string
  readonly documentAt: DocumentAt
  /** Called on close (e.g. to close the replay session and the file). */
  readonly onClose?: () => void
  /**
   * The objects under `point` at `sequence`, topmost first, when a faster answer than a scan of
   * the document exists (the session's R*Tree-backed `hitTest` at its head); `null` falls back to
   * vector-model's `hitTestTopmost` over `documentAt(sequence)`.
   */
  readonly hitTestAt?: (sequence: number, point: Point, tolerance: number) => readonly string[] | null
  /** Rendered states kept (default 256). */
  readonly cacheSize?: number
}

/** Creates the backend; see the module comment. */
export function createFileBackend(options: FileBackendOptions): ViewerBackend {
  const { file, documentId } = options
  const cacheSize = options.cacheSize ?? 256
  const states = new Map<number, ViewerState>()
  // The group list needs one pass over the whole log: done in slices of the event loop so the
  // server keeps answering (a million-event log takes seconds).
  const collector = new UndoGroupCollector()
  // positions 0..head: the head is the largest stored sequence, so events after a gap are listed
  const total = file.nextSequence(documentId)
  let scanned = 0
  let groups: ViewerGroup[] | undefined
  let scanTimer: ReturnType<typeof setImmediate> | undefined
  const scanSlice = (): void => {
    const sliceEnd = performance.now() + 12
    while (scanned < total && performance.now() < sliceEnd) {
      const to = Math.min(total - 1, scanned + 1999)
      for (const item of file.readEvents(documentId, { from: scanned, to })) {
        if (item.kind === 'event') collector.add(item.sequence, item.event)
      }
      scanned = to + 1
    }
    if (scanned < total) scanTimer = setImmediate(scanSlice)
    else {
      scanTimer = undefined
      groups = collector.groups()
    }
  }
  if (total === 0) groups = []
  else scanTimer = setImmediate(scanSlice)
  let info: ViewerInfo | undefined

  const eventsIn = (from: number, to: number): ViewerEvent[] =>
    viewerEvents(file.readEvents(documentId, { from, to }))

  const state = (sequence: number): ViewerState => {
    const hit = states.get(sequence)
    if (hit) {
      states.delete(sequence)
      states.set(sequence, hit)
      return hit
    }
    const s = viewerState(sequence, options.documentAt(sequence))
    states.set(sequence, s)
    while (states.size > cacheSize) {
      const oldest = states.keys().next().value
      if (oldest === undefined) break
      states.delete(oldest)
    }
    return s
  }

  return {
    info() {
      // the head is looked up on every call (two index seeks): the file may grow meanwhile
      const head = file.nextSequence(documentId) - 1
      if (info !== undefined && info.headSequence === head) return info
      const metadata = file.getMetadata(documentId)
      const eventCount = file.eventCount(documentId)
      const first = eventsIn(0, 0)[0]
      const last = head >= 0 ? eventsIn(head, head)[0] : undefined
      info = {
        fileName: basename(options.path),
        documentId,
        title: metadata?.title ?? '',
        eventCount,
        headSequence: head,
        snapshotSequences: file.listSnapshots(documentId).map((s) => s.eventSequence),
        firstTimestamp: first?.timestamp ?? null,
        lastTimestamp: last?.timestamp ?? null,
      }
      return info
    },
    events: eventsIn,
    svgAt: (sequence) => state(sequence).svg,
    state,
    groups(): ViewerGroups {
      return { complete: groups !== undefined, scanned, total, groups: groups ?? [] }
    },
    objectAt(sequence, point, tolerance): ViewerObjectHit {
      const fast = options.hitTestAt?.(sequence, point, tolerance) ?? null
      const objectId =
        (fast === null ? hitTestTopmost(options.documentAt(sequence), point, { tolerance }) : fast[0]) ?? null
      const history: ViewerHistoryEntry[] = []
      if (objectId !== null) {
        // the whole log up to `sequence`, in pages (one pass per click: the viewer's documents are small)
        for (let from = 0; from <= sequence; from += 2000) {
          const to = Math.min(sequence, from + 1999)
          history.push(...objectHistory(file.readEvents(documentId, { from, to }), objectId))
        }
      }
      return { sequence, objectId, history }
    },
    close() {
      if (scanTimer !== undefined) clearImmediate(scanTimer)
      options.onClose?.()
    },
  }
}
