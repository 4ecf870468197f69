/**
 * The reducer. A `Folder` folds events into a {@link ReplayState} using vector-model's batch mode
 * (one draft mutated in place). The undo history does not freeze documents: the draft records
 * each undo group's change (the touched objects' values before and after, and the frozen
 * artboards, selection and metadata on both sides), so the per-event cost stays that of an
 * in-place edit and the history holds only what the groups changed. It is total (an event that
 * does not apply is skipped and reported, the draft unchanged) and deterministic.
 */
import { eventLabel, type WireTunerEvent } from '@wiretuner/event-schema'
import {
  beginBatch,
  type ContentChange,
  createDocument,
  type Document,
  type DocumentDraft,
  restoreContent,
  VectorModelError,
} from '@wiretuner/vector-model'
import { applyEffect } from './event-effects.js'
import type { History, ReplayProblem, ReplayState, UndoGroup } from './state.js'
import { DEFAULT_HISTORY_DEPTH, undoGroupOf } from './undo-groups.js'

/** Options of the fold. */
export interface FoldOptions {
  /** Most undo groups kept (older ones can no longer be undone). Default 200. */
  readonly historyDepth?: number
  /**
   * Time travel: the document after `sequence`. Used when an undo/redo needs the before/after
   * document of a group restored from a snapshot without its documents.
   */
  readonly resolveDocument?: (sequence: number) => Document
}

/** Non-undoable event types that change the selection (the rest change neither content nor selection). */
const selectionTypes: ReadonlySet<string> = new Set([
  'SelectObjectsEvent',
  'DeselectObjectsEvent',
  'ClearSelectionEvent',
])

/** A running fold; see the module comment. Use {@link Folder.apply} per event, then {@link Folder.state}. */
export class Folder {
  readonly #depth: number
  readonly #resolve: ((sequence: number) => Document) | undefined
  #draft: DocumentDraft
  /** Frozen document equal to the draft while `#dirty` is false. */
  #committed: Document
  #dirty = false
  #undo: UndoGroup[]
  #redo: UndoGroup[]
  #openGroupId: string | undefined
  #pendingLabel: { readonly groupId: string; readonly label: string } | undefined
  /**
   * True when the top undo group's recorded change is stale (events of the group applied since).
   * It is recorded lazily, before the next event that changes content or selection, an undo/redo,
   * or `state()`: until then the draft's content and selection are exactly those after the group.
   */
  #afterStale = false
  /** Last sequence of the top group while `#afterStale` (written into the entry when settled). */
  #topLast = -1
  #sequence: number

  /** Starts folding from `state`, which is not modified. */
  constructor(state: ReplayState, options: FoldOptions = {}) {
    this.#depth = options.historyDepth ?? DEFAULT_HISTORY_DEPTH
    this.#resolve = options.resolveDocument
    this.#committed = state.document
    this.#draft = beginBatch(state.document)
    this.#undo = state.history.undoStack.slice()
    this.#redo = state.history.redoStack.slice()
    this.#openGroupId = state.history.openGroupId
    this.#pendingLabel = state.history.pendingLabel
    this.#sequence = state.sequence
    this.#resumeOpenGroup()
  }

  /**
   * Records further events of the open group on top of its recorded change; without an open
   * group, or for one restored without its change, records nothing.
   */
  #resumeOpenGroup(): void {
    const top = this.#undo.at(-1)
    if (this.#openGroupId !== undefined && top?.groupId === this.#openGroupId && top.change !== undefined) {
      this.#draft.resumeChange(top.change)
    } else {
      this.#draft.endChange()
    }
  }

  /** Sequence of the last event folded (or skipped). */
  get sequence(): number {
    return this.#sequence
  }

  /** Records that `sequence` was skipped without an event (damaged row, gap). */
  skip(sequence: number): void {
    if (sequence > this.#sequence) this.#sequence = sequence
  }

  #commit(): Document {
    if (this.#dirty) {
      this.#committed = this.#draft.commit()
      this.#dirty = false
    }
    return this.#committed
  }

  /**
   * Records the open group's change so far into its entry, if events of it were applied since.
   * A group restored without its change (from a snapshot) that was extended keeps none: its
   * sides are then resolved by time travel.
   */
  #settleAfter(): void {
    if (!this.#afterStale) return
    const top = this.#undo.length - 1
    const entry = this.#undo[top] as UndoGroup
    const draft = this.#draft
    this.#undo[top] = makeGroup(
      entry.groupId,
      entry.label,
      entry.firstSequence,
      this.#topLast,
      draft.recording ? draft.recordedChange() : undefined,
      entry.before,
      undefined,
    )
    this.#afterStale = false
  }

  #closeGroup(): void {
    this.#openGroupId = undefined
  }

  /**
   * Applies `event` (sequence taken from the event). Returns `undefined` when it applied, or the
   * problem when it does not apply, in which case nothing changed except the sequence.
   */
  apply(event: WireTunerEvent): ReplayProblem | undefined {
    const sequence = event.eventSequence
    const problem = this.#apply(event, sequence)
    this.#sequence = sequence
    return problem
  }

  #apply(event: WireTunerEvent, sequence: number): ReplayProblem | undefined {
    const type = event.eventType
    // the grouping rule of undo-groups.ts (one rule for the fold and the group lists)
    const groupId = undoGroupOf(event)
    if (groupId !== undefined) {
      if (this.#openGroupId === groupId) {
        const problem = this.#effect(event, sequence)
        if (problem !== undefined) return problem
        this.#topLast = sequence
        this.#afterStale = true
        return undefined
      }
      this.#settleAfter()
      this.#draft.beginChange()
      const problem = this.#effect(event, sequence)
      if (problem !== undefined) {
        // the open group (if any) may still be extended: go on recording its change
        this.#resumeOpenGroup()
        return problem
      }
      const pending = this.#pendingLabel
      const label = pending !== undefined && pending.groupId === groupId ? pending.label : eventLabel(event)
      if (pending !== undefined && pending.groupId === groupId) this.#pendingLabel = undefined
      this.#undo.push(makeGroup(groupId, label, sequence, sequence, undefined, undefined, undefined))
      // shift(), not splice(): splice allocates its result and was a hot spot (one call per group)
      while (this.#undo.length > this.#depth) this.#undo.shift()
      if (this.#redo.length > 0) this.#redo = []
      this.#openGroupId = groupId
      this.#topLast = sequence
      this.#afterStale = true
      return undefined
    }
    switch (type) {
      case 'UndoEvent':
        return this.#undoGroup(event.groupId, sequence)
      case 'RedoEvent':
        return this.#redoGroup(event.groupId, sequence)
      case 'StartGroupEvent':
        if (this.#openGroupId !== event.groupId) this.#closeGroup()
        this.#pendingLabel =
          event.label === undefined ? undefined : { groupId: event.groupId, label: event.label }
        return undefined
      case 'EndGroupEvent':
        if (this.#openGroupId === event.groupId) this.#closeGroup()
        if (this.#pendingLabel?.groupId === event.groupId) this.#pendingLabel = undefined
        return undefined
      case 'CreateDocumentEvent': {
        if (sequence !== 0) {
          return problem('not-applicable', sequence, type, 'CreateDocumentEvent is only valid as event 0')
        }
        const doc = createDocument({
          id: event.documentId,
          ...(event.title === undefined ? {} : { title: event.title }),
          ...(event.author === undefined ? {} : { author: event.author }),
        })
        this.#draft = beginBatch(doc)
        this.#committed = doc
        this.#dirty = false
        return undefined
      }
      default:
        // Selection, viewport and lifecycle events: not undoable. Before the selection changes,
        // the top group's `after` is frozen, so that its content AND selection are exactly those
        // at the group's last event. Viewport and lifecycle events need no freeze: they change
        // neither, and undo/redo never restore the viewport.
        if (selectionTypes.has(type)) this.#settleAfter()
        return this.#effect(event, sequence)
    }
  }

  #effect(event: WireTunerEvent, sequence: number): ReplayProblem | undefined {
    try {
      applyEffect(this.#draft, event)
    } catch (error) {
      if (error instanceof VectorModelError) {
        return problem('not-applicable', sequence, event.eventType, `${error.code}: ${error.message}`)
      }
      throw error
    }
    this.#dirty = true
    return undefined
  }

  #resolveSide(
    entry: UndoGroup,
    side: 'before' | 'after',
    sequence: number,
    type: string,
  ): Document | ReplayProblem {
    const doc = entry[side]
    if (doc !== undefined) return doc
    const at = side === 'before' ? entry.firstSequence - 1 : entry.lastSequence
    if (this.#resolve === undefined) {
      return problem(
        side === 'before' ? 'nothing-to-undo' : 'nothing-to-redo',
        sequence,
        type,
        `group "${entry.groupId}" was restored without its documents and no time travel is available`,
      )
    }
    try {
      return this.#resolve(at)
    } catch (error) {
      return problem(
        side === 'before' ? 'nothing-to-undo' : 'nothing-to-redo',
        sequence,
        type,
        `time travel to sequence ${at} for group "${entry.groupId}" failed: ${(error as Error).message}`,
      )
    }
  }

  #undoGroup(groupId: string, sequence: number): ReplayProblem | undefined {
    const open = this.#undo.at(-1)
    if (open === undefined || open.groupId !== groupId) {
      const why = open === undefined ? 'the undo stack is empty' : `the top group is "${open.groupId}"`
      return problem('nothing-to-undo', sequence, 'UndoEvent', `cannot undo group "${groupId}": ${why}`)
    }
    this.#settleAfter()
    const top = this.#undo.at(-1) as UndoGroup
    if (top.change === undefined) {
      // restored without its change: the document before it comes from time travel
      const before = this.#resolveSide(top, 'before', sequence, 'UndoEvent')
      if (!isDocument(before)) return before
      this.#closeGroup()
      const entry = this.#undo.pop() as UndoGroup
      restoreContent(this.#draft, before)
      this.#dirty = true
      this.#redo.push(withDocuments(entry, before, entry.after))
      return undefined
    }
    this.#closeGroup()
    const entry = this.#undo.pop() as UndoGroup
    this.#draft.applyChange(entry.change as ContentChange, 'before')
    this.#dirty = true
    this.#redo.push(entry)
    return undefined
  }

  #redoGroup(groupId: string, sequence: number): ReplayProblem | undefined {
    const entry = this.#redo.at(-1)
    if (entry === undefined || entry.groupId !== groupId) {
      const top = entry === undefined ? 'the redo stack is empty' : `the top group is "${entry.groupId}"`
      return problem('nothing-to-redo', sequence, 'RedoEvent', `cannot redo group "${groupId}": ${top}`)
    }
    if (entry.change === undefined) {
      const after = this.#resolveSide(entry, 'after', sequence, 'RedoEvent')
      if (!isDocument(after)) return after
      this.#settleAfter()
      this.#closeGroup()
      restoreContent(this.#draft, after)
      this.#dirty = true
      this.#redo.pop()
      this.#undo.push(withDocuments(entry, entry.before, after))
      return undefined
    }
    this.#settleAfter()
    this.#closeGroup()
    this.#draft.applyChange(entry.change, 'after')
    this.#dirty = true
    this.#redo.pop()
    this.#undo.push(entry)
    return undefined
  }

  /** The state so far (frozen); the fold can continue afterwards. */
  state(): ReplayState {
    this.#settleAfter()
    const document = this.#commit()
    const history: History = {
      undoStack: this.#undo.slice(),
      redoStack: this.#redo.slice(),
      ...(this.#openGroupId === undefined ? {} : { openGroupId: this.#openGroupId }),
      ...(this.#pendingLabel === undefined ? {} : { pendingLabel: this.#pendingLabel }),
    }
    return { document, history, sequence: this.#sequence }
  }
}

/**
 * An undo group record built field by field (object spread here cost ~1 µs per group in the hot
 * fold: the spread copies give V8 many hidden classes); one fixed key order per combination.
 * A group has its recorded `change`, or (restored from a snapshot) documents resolved by time
 * travel, or nothing yet.
 */
function makeGroup(
  groupId: string,
  label: string,
  firstSequence: number,
  lastSequence: number,
  change: ContentChange | undefined,
  before: Document | undefined,
  after: Document | undefined,
): UndoGroup {
  if (change !== undefined) return { groupId, label, firstSequence, lastSequence, change }
  if (before !== undefined) {
    return after !== undefined
      ? { groupId, label, firstSequence, lastSequence, before, after }
      : { groupId, label, firstSequence, lastSequence, before }
  }
  return after !== undefined
    ? { groupId, label, firstSequence, lastSequence, after }
    : { groupId, label, firstSequence, lastSequence }
}

/** `entry` (a group without a recorded change) with the documents resolved by time travel. */
function withDocuments(
  entry: UndoGroup,
  before: Document | undefined,
  after: Document | undefined,
): UndoGroup {
  return makeGroup(
    entry.groupId,
    entry.label,
    entry.firstSequence,
    entry.lastSequence,
    undefined,
    before,
    after,
  )
}

function problem(
  kind: ReplayProblem['kind'],
  sequence: number,
  eventType: string,
  reason: string,
): ReplayProblem {
  return { kind, sequence, eventType, reason }
}

function isDocument(value: Document | ReplayProblem): value is Document {
  return !('kind' in value && 'reason' in value)
}

/** Folds `events` into `state` (pure: `state` is not modified); skipped events are returned as problems. */
export function foldEvents(
  state: ReplayState,
  events: Iterable<WireTunerEvent>,
  options: FoldOptions = {},
): { readonly state: ReplayState; readonly problems: readonly ReplayProblem[] } {
  const folder = new Folder(state, options)
  const problems: ReplayProblem[] = []
  for (const event of events) {
    const p = folder.apply(event)
    if (p !== undefined) problems.push(p)
  }
  return { state: folder.state(), problems }
}

/** Applies one event (total): the new state, or the same state plus the problem. */
export function reduce(
  state: ReplayState,
  event: WireTunerEvent,
  options: FoldOptions = {},
): { readonly state: ReplayState; readonly problem?: ReplayProblem } {
  const folder = new Folder(state, options)
  const p = folder.apply(event)
  return p === undefined
    ? { state: folder.state() }
    : { state: { ...state, sequence: event.eventSequence }, problem: p }
}
