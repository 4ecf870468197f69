/**
 * The document session: the API an editor uses. It dispatches events (validate, check they apply,
 * append with optimistic concurrency, apply), undoes and redoes by undo group and travels in time.
 * It holds the state and delegates the rest: checking drafts and mapping append failures to
 * `session-dispatch.ts`; snapshot writes by policy to `snapshot-writer.ts` (exactly at sequences
 * k × snapshotEvery − 1, also inside a large batch; retention; on close when the tail is long);
 * background preparation of time travel to `background-preparation.ts`; the persistent history
 * index to `history-index.ts`; playback to `log-playback.ts`. Sessions are made by
 * `openSession` / `createSession` (open-session.ts).
 */
import type { DraftEvent, WireTunerEvent } from '@wiretuner/event-schema'
import type { AppendResult, DocumentStorage, SnapshotInfo } from '@wiretuner/io-services'
import { type Bounds, type Document, hitTest, type Point, type Tessellation } from '@wiretuner/vector-model'
import {
  type BackgroundPreparationOptions,
  BackgroundPreparations,
  type TimeTravelPreparation,
} from './background-preparation.js'
import { ReplayError } from './errors.js'
import {
  type HistoryIndexBuilder,
  type HistoryIndexReport,
  sessionHistoryIndex,
  unbuiltHistoryIndexReport,
} from './history-index.js'
import { logPlayback } from './log-playback.js'
import type { Playback, PlaybackOptions } from './playback.js'
import { RenderCacheKeeper, type RenderCacheReport } from './render-caches.js'
import { objectsInScan, renderedPathsScan } from './render-fallbacks.js'
import { appendError, checkDrafts, sessionEvent } from './session-dispatch.js'
import type { LoadReport, ResolvedOptions, SessionEventInit, SessionListener } from './session-options.js'
import { SnapshotWriter } from './snapshot-writer.js'
import {
  type ReplayProblem,
  type ReplayState,
  type UndoConflict,
  type UndoGroup,
  type UserHistory,
  userHistory,
} from './state.js'
import { type Thumbnail, type ThumbnailRenderer, thumbnailOf } from './thumbnails.js'
import type { TimeTravel } from './time-travel.js'

/** An open document; see the module comment. Create with `openSession` or `createSession`. */
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
  #lastConflicts: readonly UndoConflict[] = []
  #closed = false
  readonly #snapshots: SnapshotWriter
  readonly #preparations: BackgroundPreparations
  /** Keeps the persistent history index complete (undefined: off, or a read-only storage). */
  readonly #indexBuilder: HistoryIndexBuilder | undefined
  /** Keeps the render caches (undefined: the storage has none, or `renderCaches.mode` is 'off'). */
  readonly #renderCaches: RenderCacheKeeper | undefined

  /** @internal Use `openSession` or `createSession`. */
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
    this.loadReport = loadReport
    this.#options = options
    this.#indexBuilder = sessionHistoryIndex(
      storage,
      documentId,
      options.snapshotEvery,
      options.historyIndex,
      (sequence) => this.#timeTravel.stateAt(sequence),
      () => this.#state.sequence,
    )
    const closed = () => this.#closed
    this.#snapshots = new SnapshotWriter(
      { storage, documentId, options, timeTravel, historyIndex: this.#indexBuilder, closed },
      lastSnapshotSequence,
    )
    this.#preparations = new BackgroundPreparations(timeTravel, closed)
    this.#indexBuilder?.schedule()
    const renderCache = storage.renderCache
    this.#renderCaches =
      renderCache === undefined || options.renderCaches.mode === 'off'
        ? undefined
        : new RenderCacheKeeper(
            renderCache,
            !storage.readOnly,
            documentId,
            () => this.#state,
            options.renderCaches,
          )
  }

  /** What the render caches hold and what this session did to them. */
  get renderCaches(): RenderCacheReport {
    return (
      this.#renderCaches?.report ?? {
        available: false,
        verified: false,
        pendingObjects: 0,
        rowsWritten: 0,
        rowsDeleted: 0,
        rowsRepaired: 0,
        rowsFromMark: 0,
        marked: false,
        thumbnailsRendered: 0,
        errors: [],
      }
    )
  }

  /**
   * Ids of the objects under `point` (world), topmost first, within `tolerance` (default 2) of
   * their strokes: R*Tree candidates then exact geometry where the storage has render caches,
   * vector-model's linear `hitTest` otherwise. Same answer either way.
   */
  hitTest(point: Point, tolerance = 2): string[] {
    this.#checkOpen('hitTest')
    return this.#renderCaches?.hitTest(point, tolerance) ?? hitTest(this.document, point, { tolerance })
  }

  /** Ids of the visible objects whose paint bounds (stroke included) intersect `rect`, bottom first. */
  objectsIn(rect: Bounds): string[] {
    this.#checkOpen('objectsIn')
    return this.#renderCaches?.objectsIn(rect) ?? objectsInScan(this.document, rect)
  }

  /** Tessellations of `ids` (default all objects), from the cache where its rows are trusted. */
  renderedPaths(ids?: readonly string[]): Map<string, Tessellation> {
    this.#checkOpen('renderedPaths')
    return this.#renderCaches?.renderedPaths(ids) ?? renderedPathsScan(this.document, ids)
  }

  /**
   * The PNG thumbnail of the artboard (or of the whole document) as it is now: the stored one
   * when it was made from the same SVG export, else rendered by `renderer` (default
   * `renderCaches.thumbnailRenderer`) and stored. Throws `not-applicable` for an unknown artboard
   * and without any renderer.
   */
  thumbnail(artboardId?: string, renderer?: ThumbnailRenderer): Thumbnail {
    this.#checkOpen('thumbnail')
    const render = renderer ?? this.#options.renderCaches.thumbnailRenderer
    if (render === undefined) {
      throw new ReplayError(
        'not-applicable',
        'thumbnail: no thumbnail renderer (pass one, or set renderCaches.thumbnailRenderer)',
      )
    }
    return (
      this.#renderCaches?.thumbnail(artboardId, render) ??
      thumbnailOf(this.document, this.sequence, artboardId, render, undefined)
    )
  }

  /** Writes pending render cache rows now (normally done after a quiet delay, or at close). */
  flushRenderCaches(): RenderCacheReport {
    this.#checkOpen('flushRenderCaches')
    this.#renderCaches?.flush()
    return this.renderCaches
  }

  /** Deletes the document's render cache rows and writes them all again (for `compact` and tools). */
  rebuildRenderCaches(): RenderCacheReport {
    this.#checkOpen('rebuildRenderCaches')
    const keeper = this.#renderCaches
    if (keeper === undefined || this.storage.readOnly) {
      throw new ReplayError(
        'storage-failed',
        `rebuildRenderCaches: document ${this.documentId} has no writable render caches (read-only storage, older format, in-memory storage, or renderCaches.mode 'off')`,
      )
    }
    keeper.clear()
    keeper.verify()
    return this.renderCaches
  }

  /**
   * What the persistent history index holds and what this session did to it (entries written,
   * stale ones removed, damaged ones rebuilt, background slices pending).
   */
  get historyIndex(): HistoryIndexReport {
    return this.#indexBuilder?.report ?? unbuiltHistoryIndexReport(this.storage)
  }

  /** Resolves with {@link historyIndex} once no background slice of the index is pending. */
  historyIndexReady(): Promise<HistoryIndexReport> {
    return this.#indexBuilder?.whenIdle() ?? Promise.resolve(this.historyIndex)
  }

  /**
   * Rebuilds the persistent history index now: deletes every entry of the document and writes
   * the wanted ones (one fold of the log). For `compact` and tools; throws `storage-failed` on a
   * read-only storage or one without the index.
   */
  rebuildHistoryIndex(): HistoryIndexReport {
    this.#checkOpen('rebuildHistoryIndex')
    const builder = this.#indexBuilder
    if (builder === undefined) {
      throw new ReplayError(
        'storage-failed',
        `rebuildHistoryIndex: document ${this.documentId} has no writable history index (read-only storage, older format, or historyIndex.mode 'off')`,
      )
    }
    builder.clear()
    return builder.buildAll()
  }

  /** @internal A seek or the load found the history index entry at `sequence` damaged or stale. */
  historyEntryDamaged(sequence: number): void {
    this.#indexBuilder?.damaged(sequence)
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

  /** The undo/redo history of this session's user (option `userId`; none: the anonymous user). */
  get userHistory(): UserHistory {
    return userHistory(this.#state.history, this.#options.userId)
  }

  /** True when this session's user has a group to undo. */
  get canUndo(): boolean {
    return this.userHistory.undoStack.length > 0
  }

  /** True when this session's user has a group to redo. */
  get canRedo(): boolean {
    return this.userHistory.redoStack.length > 0
  }

  /** Label of the group `undo()` would undo ("Move Objects"), or undefined. */
  get undoLabel(): string | undefined {
    return this.userHistory.undoStack.at(-1)?.label
  }

  /** Label of the group `redo()` would redo, or undefined. */
  get redoLabel(): string | undefined {
    return this.userHistory.redoStack.at(-1)?.label
  }

  /**
   * What the undos/redos of the last `dispatch` (or `undo()`/`redo()`) left as other users made
   * it (empty when they restored everything).
   */
  get lastConflicts(): readonly UndoConflict[] {
    return this.#lastConflicts
  }

  /** Sequence of the newest snapshot written or loaded (-1: none). */
  get lastSnapshotSequence(): number {
    return this.#snapshots.lastSequence
  }

  /** Snapshot writes that failed (a snapshot is a cache: failures never fail a dispatch). */
  get snapshotErrors(): readonly unknown[] {
    return this.#snapshots.errors
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
    const { now, newId, userId, sessionId } = this.#options
    return sessionEvent(init, { documentId: this.documentId, now, newId, userId, sessionId })
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
    return this.#record(drafts).events
  }

  /**
   * {@link dispatch}'s work: checks, appends and applies `drafts` (at least one). Returns the
   * storage's result, whose `events` (parsed back from the stored JSON) are only built when
   * read: `undo` and `redo` do not read them.
   */
  #record(drafts: readonly DraftEvent[]): AppendResult {
    const checked = checkDrafts(
      this.#state,
      drafts,
      this.documentId,
      this.#timeTravel.foldOptions,
      (sequence) => this.#snapshots.onCadence(sequence),
    )
    const first = this.#state.sequence + 1
    let result: AppendResult
    try {
      result = this.storage.append(this.documentId, checked.events, { expectedSequence: first })
    } catch (cause) {
      throw appendError(cause, this.documentId, first)
    }
    this.#lastConflicts = checked.conflicts
    const previous = this.#state.document
    this.#setState(checked.state)
    // the checked events name the same objects as the stored ones (storing only canonicalizes numbers)
    this.#renderCaches?.noteChange(previous, checked.state.document, checked.events)
    this.#snapshots.schedule(checked.cadenceStates)
    return result
  }

  /**
   * Undoes the top group of this session's user (records an UndoEvent); groups of other users are
   * never undone. Returns what it left as other users changed it since (`undefined`: restored
   * everything). Throws `nothing-to-undo` when the user has none.
   */
  undo(): UndoConflict | undefined {
    this.#checkOpen('undo')
    const top = this.userHistory.undoStack.at(-1)
    if (top === undefined)
      throw new ReplayError(
        'nothing-to-undo',
        `undo: document ${this.documentId} has nothing to undo${this.#whose()}`,
      )
    this.#record([this.createEvent({ eventType: 'UndoEvent', groupId: top.groupId })])
    return this.#lastConflicts[0]
  }

  /**
   * Redoes the top redo group of this session's user (records a RedoEvent). Returns what it left
   * (see {@link undo}). Throws `nothing-to-redo` when the user has none.
   */
  redo(): UndoConflict | undefined {
    this.#checkOpen('redo')
    const top = this.userHistory.redoStack.at(-1)
    if (top === undefined)
      throw new ReplayError(
        'nothing-to-redo',
        `redo: document ${this.documentId} has nothing to redo${this.#whose()}`,
      )
    this.#record([this.createEvent({ eventType: 'RedoEvent', groupId: top.groupId })])
    return this.#lastConflicts[0]
  }

  #whose(): string {
    const userId = this.#options.userId
    return userId === undefined ? '' : ` for user "${userId}"`
  }

  /** This session's user's undo groups, oldest first (for a history panel). */
  get undoGroups(): readonly UndoGroup[] {
    return this.userHistory.undoStack
  }

  /**
   * Folds events appended by another writer since this session's last sequence (after a
   * `concurrency-conflict`). Returns the problems of skipped events.
   */
  refresh(): readonly ReplayProblem[] {
    this.#checkOpen('refresh')
    const fold = this.#timeTravel.foldFrom(this.#state)
    const previous = this.#state.document
    if (fold.state.sequence !== this.#state.sequence) this.#setState(fold.state)
    this.#renderCaches?.noteChange(previous, fold.state.document, undefined)
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

  /**
   * {@link prepareTimeTravel} without blocking: folds the log in slices of `sliceEvents` events
   * (default 500, a few milliseconds each), one slice every `pauseMs` (default 1) on
   * `scheduler` (default the system timer), leaving the same checkpoints (same distance, same
   * positions, whatever the slice size). Seeks during the preparation are exact
   * and start from the checkpoints made so far. `close()` cancels it.
   */
  prepareTimeTravelInBackground(options: BackgroundPreparationOptions = {}): TimeTravelPreparation {
    this.#checkOpen('prepareTimeTravelInBackground')
    return this.#preparations.start(this.#state.sequence, options)
  }

  /**
   * Sequences of the in-memory time-travel checkpoints, ascending (read-only introspection: how a
   * preparation spread them).
   */
  get checkpointSequences(): readonly number[] {
    return this.#timeTravel.checkpointSequences
  }

  /** The document after event `sequence` (time travel). */
  documentAt(sequence: number): Document {
    return this.stateAt(sequence).document
  }

  /** A playhead over this document's log (positions -1..current sequence), on the given scheduler. */
  playback(options: PlaybackOptions = {}): Playback<Document> {
    this.#checkOpen('playback')
    return logPlayback(
      {
        storage: this.storage,
        documentId: this.documentId,
        length: this.#state.sequence + 1,
        stateAt: (sequence) => this.stateAt(sequence),
        foldOptions: this.#timeTravel.foldOptions,
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
    return this.#snapshots.write(this.#state)
  }

  /** Runs scheduled snapshot writes now. */
  flushSnapshots(): void {
    this.#snapshots.flush()
  }

  /** Flushes scheduled snapshots, writes one if the tail is long, and closes the session. */
  close(): void {
    if (this.#closed) return
    this.#preparations.cancelAll()
    this.flushSnapshots()
    this.#indexBuilder?.stop()
    this.#renderCaches?.stop()
    this.#snapshots.writeOnClose(this.#state)
    this.#closed = true
    this.#listeners.clear()
  }

  #setState(state: ReplayState): void {
    this.#state = state
    for (const listener of this.#listeners) listener(state)
  }
}
