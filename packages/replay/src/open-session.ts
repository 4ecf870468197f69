/**
 * Opening and creating document sessions: the entry points that build a {@link DocumentSession} (newest
 * usable snapshot, then the streamed tail; a corrupt snapshot falls back and is reported).
 */
import { createEvent, type DraftEvent } from '@wiretuner/event-schema'
import { type DocumentStorage, isStorageError } from '@wiretuner/io-services'
import { monotonicNow } from './clock.js'
import { ReplayError } from './errors.js'
import { DocumentSession } from './session.js'
import {
  type LoadReport,
  type NewDocumentParams,
  type ResolvedOptions,
  resolveOptions,
  type SessionOptions,
} from './session-options.js'
import { storeSnapshot } from './snapshot-policy.js'
import type { ReplayState } from './state.js'
import { TimeTravel } from './time-travel.js'
import { DEFAULT_HISTORY_DEPTH } from './undo-groups.js'

function sessionFrom(
  storage: DocumentStorage,
  documentId: string,
  options: SessionOptions,
  build: (
    timeTravel: TimeTravel,
    resolved: ResolvedOptions,
  ) => { state: ReplayState; lastSnapshot: number; report: LoadReport },
): DocumentSession {
  const resolved = resolveOptions(options)
  let session: DocumentSession | undefined
  const timeTravel = new TimeTravel(storage, documentId, {
    onSkippedHistoryEntry: (entry) => session?.historyEntryDamaged(entry.eventSequence),
    historyDepth: options.historyDepth ?? DEFAULT_HISTORY_DEPTH,
    ...(options.checkpointEvery === undefined ? {} : { checkpointEvery: options.checkpointEvery }),
    ...(options.maxCheckpoints === undefined ? {} : { maxCheckpoints: options.maxCheckpoints }),
  })
  const { state, lastSnapshot, report } = build(timeTravel, resolved)
  session = new DocumentSession(storage, documentId, timeTravel, state, lastSnapshot, report, resolved)
  for (const skipped of report.skippedHistoryEntries) session.historyEntryDamaged(skipped.eventSequence)
  return session
}

/**
 * After a load that found no usable snapshot or skipped bad ones and folded at least
 * `snapshotEvery` events, writes a snapshot of the head state on a writable storage (a migrated
 * or damaged file is fast again after one open). A failed write only leaves it unwritten.
 */
function writeRecoverySnapshot(
  storage: DocumentStorage,
  documentId: string,
  state: ReplayState,
  recovered: boolean,
  eventsReplayed: number,
  options: ResolvedOptions,
): boolean {
  if (!recovered || storage.readOnly || eventsReplayed < options.snapshotEvery) return false
  try {
    storeSnapshot(storage, documentId, state, options)
    return true
  } catch {
    return false
  }
}

/**
 * Opens a stored document: the newest snapshot that passes its checks (a corrupt one falls back
 * to an older one, or to a full replay), then the tail of the log, streamed. When that replayed at
 * least `snapshotEvery` events without a usable snapshot (or past skipped ones), a snapshot of the
 * head is written (writable storage). What happened is in `session.loadReport`. Throws
 * `unknown-document`.
 */
export function openSession(
  storage: DocumentStorage,
  documentId: string,
  options: SessionOptions = {},
): DocumentSession {
  const started = monotonicNow()
  if (storage.getMetadata(documentId) === undefined) {
    throw new ReplayError(
      'unknown-document',
      `openSession: document ${documentId} does not exist in this storage`,
    )
  }
  return sessionFrom(storage, documentId, options, (timeTravel, resolved) => {
    let base: ReturnType<TimeTravel['baseAtOrBefore']>
    let fold: ReturnType<TimeTravel['foldFrom']>
    try {
      base = timeTravel.baseAtOrBefore(Number.MAX_SAFE_INTEGER, false)
      fold = timeTravel.foldFrom(base.state)
    } catch (cause) {
      if (cause instanceof ReplayError) throw cause
      throw new ReplayError(
        'storage-failed',
        `openSession: reading document ${documentId} failed: ${(cause as Error).message}`,
        {
          cause,
        },
      )
    }
    const snapshotSequence = base.source === 'empty' ? -1 : base.state.sequence
    const recovered = base.source !== 'snapshot' || base.skippedSnapshots.length > 0
    const wroteSnapshot = writeRecoverySnapshot(
      storage,
      documentId,
      fold.state,
      recovered,
      fold.eventsApplied,
      resolved,
    )
    if (wroteSnapshot) timeTravel.remember(fold.state)
    const report: LoadReport = {
      documentId,
      snapshotSequence,
      fullReplay: base.source === 'empty',
      baseSource: base.source === 'checkpoint' ? 'snapshot' : base.source,
      skippedSnapshots: base.skippedSnapshots,
      skippedHistoryEntries: base.skippedHistoryEntries,
      eventsReplayed: fold.eventsApplied,
      problems: fold.problems,
      sequence: fold.state.sequence,
      wroteSnapshot,
      durationMs: monotonicNow() - started,
    }
    return {
      state: fold.state,
      lastSnapshot: wroteSnapshot ? fold.state.sequence : base.source === 'snapshot' ? snapshotSequence : -1,
      report,
    }
  })
}

/**
 * Creates a document in `storage` (metadata row plus its CreateDocumentEvent) and opens a
 * session on it. Throws `document-exists` when the id is taken.
 */
export function createSession(
  storage: DocumentStorage,
  params: NewDocumentParams = {},
  options: SessionOptions = {},
): DocumentSession {
  const newId = options.newId ?? (() => crypto.randomUUID())
  const documentId = params.documentId ?? newId()
  const resolved = resolveOptions(options)
  let first: DraftEvent
  try {
    first = createEvent(
      {
        eventType: 'CreateDocumentEvent',
        documentId,
        ...(resolved.userId === undefined ? {} : { userId: resolved.userId }),
        ...(resolved.sessionId === undefined ? {} : { sessionId: resolved.sessionId }),
        ...(params.title === undefined ? {} : { title: params.title }),
        ...(params.author === undefined ? {} : { author: params.author }),
      },
      { now: resolved.now, newId: resolved.newId },
    )
  } catch (cause) {
    throw new ReplayError('invalid-event', `createSession: ${(cause as Error).message}`, { cause })
  }
  try {
    // the metadata row and the CreateDocumentEvent in one transaction: never a document without it
    storage.createDocument({
      documentId,
      title: params.title ?? 'Untitled',
      ...(params.author === undefined ? {} : { author: params.author }),
      firstEvents: [first],
    })
  } catch (cause) {
    if (isStorageError(cause, 'duplicate-document')) {
      throw new ReplayError('document-exists', `createSession: document ${documentId} already exists`, {
        cause,
      })
    }
    throw new ReplayError('storage-failed', `createSession: ${(cause as Error).message}`, { cause })
  }
  return openSession(storage, documentId, options)
}
