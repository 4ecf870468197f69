/**
 * The document session: the API an editor uses. It opens a document (newest usable snapshot, then
 * the streamed tail), dispatches events (validate, check they apply, append with optimistic
 * concurrency, apply), undoes and redoes by undo group, travels in time, and writes snapshots by
 * policy (every N events, retention, on close when the tail is long).
 */
import {
  createEvent,
  type DraftEvent,
  type EventInit,
  parseDraftEvent,
  type WireTunerEvent,
} from '@wiretuner/event-schema'
import { type DocumentStorage, isStorageError, type SnapshotInfo } from '@wiretuner/io-services'
import type { Document } from '@wiretuner/vector-model'
import { ReplayError, type ReplayErrorCode } from './errors.js'
import { DEFAULT_HISTORY_DEPTH, Folder } from './fold.js'
import { createPlayback, type Playback, type PlaybackOptions } from './playback.js'
import { encodeSnapshot } from './snapshot-format.js'
import type { ReplayProblem, ReplayState, UndoGroup } from './state.js'
import { type SkippedSnapshot, TimeTravel } from './time-travel.js'

/** How snapshot writes are scheduled: now, in a microtask, or by a function of yours. */
export type SnapshotScheduling = 'sync' | 'microtask' | ((task: () => void) => void)

/** Options of {@link openDocument} and {@link createDocument}. */
export interface SessionOptions {
  /** A snapshot is written when this many events were added since the last one. Default 1000. */
  readonly snapshotEvery?: number
  /** Snapshots kept (newest first); older ones are pruned after each write. Default 10. */
  readonly snapshotRetention?: number
  /** `close()` writes a snapshot when at least this many events follow the last one. Default 100. */
  readonly closeSnapshotMinTail?: number
  /** Compression of written snapshots. Default `gzip`. */
  readonly snapshotCompression?: 'gzip' | 'none'
  /** When snapshot writes run; default `microtask` (after the dispatch returns). */
  readonly snapshotScheduling?: SnapshotScheduling
  /** Undo groups kept. Default 200. */
  readonly historyDepth?: number
  /** In-memory time-travel checkpoints: distance (default 1000) and count (default 128). */
  readonly checkpointEvery?: number
  readonly maxCheckpoints?: number
  /** Clock and id source for the events the session creates (undo, redo, createEvent). */
  readonly now?: () => number
  readonly newId?: () => string
  /** Envelope fields stamped on events made by {@link DocumentSession.createEvent}, undo and redo. */
  readonly userId?: string
  readonly sessionId?: string
}

/** What opening a document did: where it started, what was skipped and why. */
export interface LoadReport {
  readonly documentId: string
  /** Sequence of the snapshot the load started from; -1 for a full replay. */
  readonly snapshotSequence: number
  /** True when no usable snapshot existed and the whole log was replayed. */
  readonly fullReplay: boolean
  /** Snapshots that were newer than the one used but failed their checks, newest first. */
  readonly skippedSnapshots: readonly SkippedSnapshot[]
  /** Events folded after the snapshot (applied, not counting skipped ones). */
  readonly eventsReplayed: number
  /** Events of the tail that were skipped: exact sequence, type and reason. */
  readonly problems: readonly ReplayProblem[]
  /** Sequence of the last event of the log (-1 for an empty log). */
  readonly sequence: number
  readonly durationMs: number
}

/** An event as an editor writes it: `documentId`, `eventId`, `timestamp` may be left to the session. */
export type SessionEventInit = EventInit extends infer E
  ? E extends EventInit
    ? Omit<E, 'documentId'> & { readonly documentId?: string }
    : never
  : never

/** Listener of session state changes. */
export type SessionListener = (state: ReplayState) => void

/** Parameters of {@link createDocument}. */
export interface NewDocumentParams {
  /** UUIDv4 of the document; generated when absent. */
  readonly documentId?: string
  readonly title?: string
  readonly author?: string
}

interface ResolvedOptions {
  readonly snapshotEvery: number
  readonly snapshotRetention: number
  readonly closeSnapshotMinTail: number
  readonly snapshotCompression: 'gzip' | 'none'
  readonly schedule: (task: () => void) => void
  readonly now: () => number
  readonly newId: () => string
  readonly userId: string | undefined
  readonly sessionId: string | undefined
}

function resolveOptions(options: SessionOptions): ResolvedOptions {
  const s = options.snapshotScheduling ?? 'microtask'
  return {
    snapshotEvery: options.snapshotEvery ?? 1_000,
    snapshotRetention: options.snapshotRetention ?? 10,
    closeSnapshotMinTail: options.closeSnapshotMinTail ?? 100,
    snapshotCompression: options.snapshotCompression ?? 'gzip',
    schedule: s === 'sync' ? (task) => task() : s === 'microtask' ? (task) => queueMicrotask(task) : s,
    now: options.now ?? Date.now,
    newId: options.newId ?? (() => crypto.randomUUID()),
    userId: options.userId,
    sessionId: options.sessionId,
  }
}

const problemCode = (p: ReplayProblem): ReplayErrorCode =>
  p.kind === 'nothing-to-undo' || p.kind === 'nothing-to-redo' ? p.kind : 'not-applicable'

/** An open document; see the module comment. Create with {@link openDocument} or {@link createDocument}. */
export class DocumentSession {
  /** The document's id. */
  readonly documentId: string
  /** The storage the session reads and writes. */
  readonly storage: DocumentStorage
  /** What opening the document did. */
  readonly loadReport: LoadReport
  readonly #options: ResolvedOptions
  readonly #timeTravel: TimeTravel
  readonly #listeners = new Set<SessionListener>()
  #state: ReplayState
  #lastSnapshotSequence: number
  #pendingSnapshots: ReplayState[] = []
  #snapshotErrors: unknown[] = []
  #closed = false

  /** @internal Use {@link openDocument} or {@link createDocument}. */
  constructor(
    storage: DocumentStorage,
    documentId: string,
    timeTravel: TimeTravel,
    state: ReplayState,
    lastSnapshotSequence: number,
    loadReport: LoadReport,
    options: ResolvedOptions,
  ) {
    this.storage = storage
    this.documentId = documentId
    this.#timeTravel = timeTravel
    this.#state = state
    this.#lastSnapshotSequence = lastSnapshotSequence
    this.loadReport = loadReport
    this.#options = options
  }

  /** The current document. */
  get document(): Document {
    return this.#state.document
  }

  /** The reducer state: document, undo history and last sequence. */
  get state(): ReplayState {
    return this.#state
  }

  /** Sequence of the last event (-1 for an empty log). */
  get sequence(): number {
    return this.#state.sequence
  }

  /** True when there is a group to undo. */
  get canUndo(): boolean {
    return this.#state.history.undoStack.length > 0
  }

  /** True when there is a group to redo. */
  get canRedo(): boolean {
    return this.#state.history.redoStack.length > 0
  }

  /** Label of the group `undo()` would undo ("Move Objects"), or undefined. */
  get undoLabel(): string | undefined {
    return this.#state.history.undoStack.at(-1)?.label
  }

  /** Label of the group `redo()` would redo, or undefined. */
  get redoLabel(): string | undefined {
    return this.#state.history.redoStack.at(-1)?.label
  }

  /** Sequence of the newest snapshot written or loaded (-1: none). */
  get lastSnapshotSequence(): number {
    return this.#lastSnapshotSequence
  }

  /** Snapshot writes that failed (a snapshot is a cache: failures never fail a dispatch). */
  get snapshotErrors(): readonly unknown[] {
    return this.#snapshotErrors
  }

  #checkOpen(where: string): void {
    if (this.#closed)
      throw new ReplayError(
        'session-closed',
        `${where}: the session of document ${this.documentId} is closed`,
      )
  }

  /**
   * Builds a draft event for this document: fills `documentId`, `eventId`, `timestamp` and the
   * session's `userId`/`sessionId` (unless given). Validates it (throws `invalid-event`).
   */
  createEvent(init: SessionEventInit): DraftEvent {
    const full = {
      ...(this.#options.userId === undefined ? {} : { userId: this.#options.userId }),
      ...(this.#options.sessionId === undefined ? {} : { sessionId: this.#options.sessionId }),
      ...init,
      documentId: init.documentId ?? this.documentId,
    } as EventInit
    try {
      return createEvent(full, { now: this.#options.now, newId: this.#options.newId })
    } catch (cause) {
      throw new ReplayError('invalid-event', `createEvent: ${(cause as Error).message}`, { cause })
    }
  }

  /**
   * Validates the events, checks that they apply in order to the current state, appends them
   * (all or none) with optimistic concurrency and applies them. Returns the stored events. Throws
   * `invalid-event`, `not-applicable`, `nothing-to-undo`/`nothing-to-redo` (nothing appended), or
   * `concurrency-conflict` (another writer appended first; call {@link refresh}).
   */
  dispatch(input: DraftEvent | readonly DraftEvent[]): readonly WireTunerEvent[] {
    this.#checkOpen('dispatch')
    const drafts: readonly DraftEvent[] = Array.isArray(input) ? input : [input as DraftEvent]
    if (drafts.length === 0) return []
    const first = this.#state.sequence + 1
    const folder = new Folder(this.#state, this.#timeTravel.foldOptions)
    const events: WireTunerEvent[] = []
    for (let i = 0; i < drafts.length; i++) {
      const sequence = first + i
      const parsed = parseDraftEvent(drafts[i])
      if (!parsed.ok) {
        throw new ReplayError(
          'invalid-event',
          `dispatch: event ${i} (sequence ${sequence}) is invalid: ${parsed.error.message}`,
          {
            cause: parsed.error,
          },
        )
      }
      if (parsed.value.documentId !== this.documentId) {
        throw new ReplayError(
          'invalid-event',
          `dispatch: event ${i} belongs to document ${parsed.value.documentId}, not ${this.documentId}`,
        )
      }
      const event = { ...parsed.value, eventSequence: sequence } as WireTunerEvent
      const problem = folder.apply(event)
      if (problem !== undefined) {
        throw new ReplayError(
          problemCode(problem),
          `dispatch: ${event.eventType} (event ${i}, sequence ${sequence}) does not apply: ${problem.reason}`,
        )
      }
      events.push(event)
    }
    let stored: readonly WireTunerEvent[]
    try {
      stored = this.storage.append(this.documentId, events, { expectedSequence: first }).events
    } catch (cause) {
      if (isStorageError(cause, 'conflict')) {
        throw new ReplayError(
          'concurrency-conflict',
          `dispatch: document ${this.documentId} was changed by another writer (expected next sequence ${first}); refresh and retry`,
          { cause },
        )
      }
      if (isStorageError(cause, 'invalid-event') || isStorageError(cause, 'duplicate-event-id')) {
        throw new ReplayError(
          'invalid-event',
          `dispatch: the storage refused the events: ${(cause as Error).message}`,
          { cause },
        )
      }
      throw new ReplayError(
        'storage-failed',
        `dispatch: appending to document ${this.documentId} failed: ${(cause as Error).message}`,
        {
          cause,
        },
      )
    }
    this.#setState(folder.state())
    this.#maybeSnapshot()
    return stored
  }

  /** Undoes the top undo group (records an UndoEvent). Throws `nothing-to-undo` when there is none. */
  undo(): void {
    this.#checkOpen('undo')
    const top = this.#state.history.undoStack.at(-1)
    if (top === undefined)
      throw new ReplayError('nothing-to-undo', `undo: document ${this.documentId} has nothing to undo`)
    this.dispatch(this.createEvent({ eventType: 'UndoEvent', groupId: top.groupId }))
  }

  /** Redoes the top redo group (records a RedoEvent). Throws `nothing-to-redo` when there is none. */
  redo(): void {
    this.#checkOpen('redo')
    const top = this.#state.history.redoStack.at(-1)
    if (top === undefined)
      throw new ReplayError('nothing-to-redo', `redo: document ${this.documentId} has nothing to redo`)
    this.dispatch(this.createEvent({ eventType: 'RedoEvent', groupId: top.groupId }))
  }

  /** The undo groups, oldest first (for a history panel). */
  get undoGroups(): readonly UndoGroup[] {
    return this.#state.history.undoStack
  }

  /**
   * Folds events appended by another writer since this session's last sequence (after a
   * `concurrency-conflict`). Returns the problems of skipped events.
   */
  refresh(): readonly ReplayProblem[] {
    this.#checkOpen('refresh')
    const fold = this.#timeTravel.foldFrom(this.#state)
    if (fold.state.sequence !== this.#state.sequence) this.#setState(fold.state)
    return fold.problems
  }

  /** The reducer state after event `sequence` (-1..current), from the nearest base at or before it. */
  stateAt(sequence: number): ReplayState {
    this.#checkOpen('stateAt')
    if (!Number.isInteger(sequence) || sequence < -1 || sequence > this.#state.sequence) {
      throw new ReplayError(
        'sequence-out-of-range',
        `stateAt: sequence ${sequence} is outside the log of document ${this.documentId} (-1..${this.#state.sequence})`,
      )
    }
    if (sequence === this.#state.sequence) return this.#state
    return this.#timeTravel.stateAt(sequence)
  }

  /**
   * Prepares fast time travel over the whole log (one full replay that leaves evenly spread
   * in-memory checkpoints); afterwards any `documentAt` folds at most one checkpoint distance.
   * Returns the problems met on the way.
   */
  prepareTimeTravel(): readonly ReplayProblem[] {
    this.#checkOpen('prepareTimeTravel')
    return this.#timeTravel.prepare(this.#state.sequence).problems
  }

  /** The document after event `sequence` (time travel). */
  documentAt(sequence: number): Document {
    return this.stateAt(sequence).document
  }

  /** A playhead over this document's log (positions -1..current sequence), on the given scheduler. */
  playback(options: PlaybackOptions = {}): Playback<Document> {
    this.#checkOpen('playback')
    const length = this.#state.sequence + 1
    const window = new EventWindow(this.storage, this.documentId)
    let last: ReplayState | undefined
    const stateAt = (k: number): ReplayState => {
      last = this.stateAt(k)
      return last
    }
    return createPlayback<Document>(
      {
        length,
        documentAt: (k) => stateAt(k).document,
        timestampAt: (k) => window.get(k)?.timestamp ?? Number.NaN,
        step: (previous, k) => {
          const event = window.get(k)
          if (
            last === undefined ||
            last.document !== previous ||
            last.sequence !== k - 1 ||
            event === undefined
          ) {
            return stateAt(k).document
          }
          const folder = new Folder(last, this.#timeTravel.foldOptions)
          folder.apply(event)
          last = folder.state()
          return last.document
        },
      },
      options,
    )
  }

  /** Registers a listener called after every state change; returns the function removing it. */
  subscribe(listener: SessionListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Writes a snapshot of the current state now (also runs any scheduled write). */
  snapshotNow(): SnapshotInfo | undefined {
    this.#checkOpen('snapshotNow')
    this.flushSnapshots()
    if (this.#state.sequence < 0) return undefined
    return this.#writeSnapshot(this.#state)
  }

  /** Runs scheduled snapshot writes now. */
  flushSnapshots(): void {
    const pending = this.#pendingSnapshots
    this.#pendingSnapshots = []
    for (const state of pending) {
      try {
        this.#writeSnapshot(state)
      } catch (error) {
        this.#snapshotErrors.push(error)
      }
    }
  }

  /** Flushes scheduled snapshots, writes one if the tail is long, and closes the session. */
  close(): void {
    if (this.#closed) return
    this.flushSnapshots()
    if (
      this.#state.sequence - this.#lastSnapshotSequence >= this.#options.closeSnapshotMinTail &&
      !this.storage.readOnly
    ) {
      try {
        this.#writeSnapshot(this.#state)
      } catch (error) {
        this.#snapshotErrors.push(error)
      }
    }
    this.#closed = true
    this.#listeners.clear()
  }

  #setState(state: ReplayState): void {
    this.#state = state
    for (const listener of this.#listeners) listener(state)
  }

  #maybeSnapshot(): void {
    if (this.#state.sequence - this.#lastSnapshotSequence < this.#options.snapshotEvery) return
    const state = this.#state
    this.#lastSnapshotSequence = state.sequence
    this.#timeTravel.remember(state)
    this.#pendingSnapshots.push(state)
    this.#options.schedule(() => {
      if (!this.#closed) this.flushSnapshots()
    })
  }

  #writeSnapshot(state: ReplayState): SnapshotInfo {
    const existing = this.storage.listSnapshots(this.documentId)[0]
    if (existing !== undefined && existing.eventSequence === state.sequence) return existing
    const info = this.storage.writeSnapshot(this.documentId, state.sequence, encodeSnapshot(state), {
      compression: this.#options.snapshotCompression,
    })
    this.storage.pruneSnapshots(this.documentId, this.#options.snapshotRetention)
    if (state.sequence > this.#lastSnapshotSequence) this.#lastSnapshotSequence = state.sequence
    this.#timeTravel.remember(state)
    return info
  }
}

/** A sliding window of stored events for playback (reads 512 at a time). */
class EventWindow {
  readonly #storage: DocumentStorage
  readonly #documentId: string
  #from = 0
  #events: (WireTunerEvent | undefined)[] = []

  constructor(storage: DocumentStorage, documentId: string) {
    this.#storage = storage
    this.#documentId = documentId
  }

  get(sequence: number): WireTunerEvent | undefined {
    if (sequence < this.#from || sequence >= this.#from + this.#events.length) {
      this.#from = sequence
      this.#events = []
      for (const item of this.#storage.readEvents(this.#documentId, { from: sequence, to: sequence + 511 })) {
        if (item.kind === 'event') this.#events[item.sequence - sequence] = item.event
        else if (item.kind === 'invalid') this.#events[item.sequence - sequence] = undefined
      }
      if (this.#events.length === 0) return undefined
    }
    return this.#events[sequence - this.#from]
  }
}

function sessionFrom(
  storage: DocumentStorage,
  documentId: string,
  options: SessionOptions,
  build: (timeTravel: TimeTravel) => { state: ReplayState; lastSnapshot: number; report: LoadReport },
): DocumentSession {
  const resolved = resolveOptions(options)
  const timeTravel = new TimeTravel(storage, documentId, {
    historyDepth: options.historyDepth ?? DEFAULT_HISTORY_DEPTH,
    ...(options.checkpointEvery === undefined ? {} : { checkpointEvery: options.checkpointEvery }),
    ...(options.maxCheckpoints === undefined ? {} : { maxCheckpoints: options.maxCheckpoints }),
  })
  const { state, lastSnapshot, report } = build(timeTravel)
  return new DocumentSession(storage, documentId, timeTravel, state, lastSnapshot, report, resolved)
}

/**
 * Opens a stored document: the newest snapshot that passes its checks (a corrupt one falls back
 * to an older one, or to a full replay), then the tail of the log, streamed. What happened is in
 * `session.loadReport`. Throws `unknown-document`.
 */
export function openDocument(
  storage: DocumentStorage,
  documentId: string,
  options: SessionOptions = {},
): DocumentSession {
  const started = performance.now()
  if (storage.getMetadata(documentId) === undefined) {
    throw new ReplayError(
      'unknown-document',
      `openDocument: document ${documentId} does not exist in this storage`,
    )
  }
  return sessionFrom(storage, documentId, options, (timeTravel) => {
    let base: ReturnType<TimeTravel['baseAtOrBefore']>
    let fold: ReturnType<TimeTravel['foldFrom']>
    try {
      base = timeTravel.baseAtOrBefore(Number.MAX_SAFE_INTEGER, false)
      fold = timeTravel.foldFrom(base.state)
    } catch (cause) {
      if (cause instanceof ReplayError) throw cause
      throw new ReplayError(
        'storage-failed',
        `openDocument: reading document ${documentId} failed: ${(cause as Error).message}`,
        {
          cause,
        },
      )
    }
    const snapshotSequence = base.source === 'snapshot' ? base.state.sequence : -1
    const report: LoadReport = {
      documentId,
      snapshotSequence,
      fullReplay: base.source === 'empty',
      skippedSnapshots: base.skippedSnapshots,
      eventsReplayed: fold.eventsApplied,
      problems: fold.problems,
      sequence: fold.state.sequence,
      durationMs: performance.now() - started,
    }
    return { state: fold.state, lastSnapshot: snapshotSequence, report }
  })
}

/**
 * Creates a document in `storage` (metadata row plus its CreateDocumentEvent) and opens a
 * session on it. Throws `document-exists` when the id is taken.
 */
export function createDocument(
  storage: DocumentStorage,
  params: NewDocumentParams = {},
  options: SessionOptions = {},
): DocumentSession {
  const newId = options.newId ?? (() => crypto.randomUUID())
  const documentId = params.documentId ?? newId()
  try {
    storage.createDocument({
      documentId,
      title: params.title ?? 'Untitled',
      ...(params.author === undefined ? {} : { author: params.author }),
    })
  } catch (cause) {
    if (isStorageError(cause, 'duplicate-document')) {
      throw new ReplayError('document-exists', `createDocument: document ${documentId} already exists`, {
        cause,
      })
    }
    throw new ReplayError('storage-failed', `createDocument: ${(cause as Error).message}`, { cause })
  }
  const session = openDocument(storage, documentId, options)
  session.dispatch(
    session.createEvent({
      eventType: 'CreateDocumentEvent',
      ...(params.title === undefined ? {} : { title: params.title }),
      ...(params.author === undefined ? {} : { author: params.author }),
    }),
  )
  return session
}
