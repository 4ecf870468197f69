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
import {
  type History,
  type ReplayProblem,
  type ReplayState,
  type UndoConflict,
  type UndoGroup,
  type UserHistory,
  userHistory,
} from './state.js'
import { DEFAULT_HISTORY_DEPTH, undoGroupOf } from './undo-groups.js'
import { ConflictList, mergeSide } from './undo-merge.js'
import { isEmpty, own, type Stacks, stacksOf } from './user-stacks.js'

/** Options of the fold. */
export interface FoldOptions {
  /** Most undo groups kept (older ones can no longer be undone). Default 200. */
  readonly historyDepth?: number
  /**
   * Time travel: the document after `sequence`. Used when an undo/redo needs the before/after
   * document of a group restored from a snapshot without its documents.
   */
  readonly resolveDocument?: (sequence: number) => Document
  /**
   * Time travel with the history: the state after `to`, folded from the state after `from`. A
   * multi-user undo/redo of a group restored from a snapshot without its change re-records the
   * group by folding its range (`firstSequence - 1` to `lastSequence`) again; without this
   * option such an undo/redo is refused (`nothing-to-undo` / `nothing-to-redo`).
   */
  readonly resolveRange?: (from: number, to: number) => ReplayState
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
  readonly #resolveRange: ((from: number, to: number) => ReplayState) | undefined
  #draft: DocumentDraft
  /** Frozen document equal to the draft while `#dirty` is false. */
  #committed: Document
  #dirty = false
  /** The stacks of the events without `userId`. */
  readonly #anon: Stacks
  /** The stacks of each `userId`; `undefined` while no event had one (the single-user fold). */
  #users: Map<string, Stacks> | undefined
  /** Last user looked up in `#users` (consecutive events are mostly of one user). */
  #lastUserId: string | undefined
  #lastStacks: Stacks | undefined
  /**
   * The user whose top undo group the draft's change recording belongs to (its open group may
   * go on recording); `undefined` after an undo/redo or when nothing is recorded.
   */
  #rec: Stacks | undefined
  /**
   * The stacks whose top undo group's recorded change is stale (events of the group applied
   * since). It is recorded lazily, before the next event that changes content or selection, an
   * undo/redo, or `state()`: until then the draft's content and selection are exactly those
   * after the group.
   */
  #stale: Stacks | undefined
  /** Last sequence of the stale top group (written into the entry when settled). */
  #topLast = -1
  #sequence: number
  #conflict: UndoConflict | undefined

  /** Starts folding from `state`, which is not modified. */
  constructor(state: ReplayState, options: FoldOptions = {}) {
    this.#depth = options.historyDepth ?? DEFAULT_HISTORY_DEPTH
    this.#resolve = options.resolveDocument
    this.#resolveRange = options.resolveRange
    this.#committed = state.document
    this.#draft = beginBatch(state.document)
    const h = state.history
    this.#anon = stacksOf(h)
    // a history with users is not the anonymous user's history alone: never hand it back as that
    if (h.users !== undefined) this.#anon.source = undefined
    let recording: Stacks | undefined = h.recording === true ? this.#anon : undefined
    if (h.users !== undefined) {
      this.#users = new Map()
      for (const id of Object.keys(h.users)) {
        const user = h.users[id] as UserHistory
        const stacks = stacksOf(user)
        this.#users.set(id, stacks)
        if (user.recording === true) recording = stacks
      }
    } else if (this.#anon.open !== undefined) {
      // the single-user history: its open group is the one recorded last
      recording = this.#anon
    }
    this.#sequence = state.sequence
    this.#rec = recording
    this.#resumeRecording()
  }

  /**
   * Records further events of the recording user's open group on top of its recorded change;
   * without one, or for a group restored without its change, records nothing.
   */
  #resumeRecording(): void {
    const s = this.#rec
    const top = s?.undo.at(-1)
    if (s !== undefined && s.open !== undefined && top?.groupId === s.open && top.change !== undefined) {
      this.#draft.resumeChange(top.change)
    } else {
      this.#draft.endChange()
    }
  }

  /** The stacks of `userId` (created on first use). */
  #stacks(userId: string | undefined): Stacks {
    if (userId === undefined) return this.#anon
    if (userId === this.#lastUserId && this.#lastStacks !== undefined) return this.#lastStacks
    if (this.#users === undefined) this.#users = new Map()
    let stacks = this.#users.get(userId)
    if (stacks === undefined) {
      stacks = { undo: [], redo: [], open: undefined, pending: undefined, source: undefined, owned: true }
      this.#users.set(userId, stacks)
    }
    this.#lastUserId = userId
    this.#lastStacks = stacks
    return stacks
  }

  /** Sequence of the last event folded (or skipped). */
  get sequence(): number {
    return this.#sequence
  }

  /**
   * What the last applied UndoEvent/RedoEvent left as other users made it (`undefined` when the
   * last event was not an undo/redo, or restored everything).
   */
  get lastConflict(): UndoConflict | undefined {
    return this.#conflict
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
   * Records the stale top group's change so far into its entry. A group restored without its
   * change (from a snapshot) that was extended keeps none: its sides are then resolved by time
   * travel.
   */
  #settleAfter(): void {
    const stale = this.#stale
    if (stale === undefined) return
    const s = own(stale)
    const top = s.undo.length - 1
    const entry = s.undo[top] as UndoGroup
    const draft = this.#draft
    s.undo[top] = makeGroup(
      entry.groupId,
      entry.label,
      entry.firstSequence,
      this.#topLast,
      draft.recording ? draft.recordedChange() : undefined,
      entry.before,
      undefined,
      entry.parts,
    )
    this.#stale = undefined
  }

  /**
   * Applies `event` (sequence taken from the event). Returns `undefined` when it applied, or the
   * problem when it does not apply, in which case nothing changed except the sequence.
   */
  apply(event: WireTunerEvent): ReplayProblem | undefined {
    const sequence = event.eventSequence
    this.#conflict = undefined
    const problem = this.#apply(event, sequence)
    this.#sequence = sequence
    return problem
  }

  #apply(event: WireTunerEvent, sequence: number): ReplayProblem | undefined {
    const type = event.eventType
    // the grouping rule of undo-groups.ts (one rule for the fold and the group lists)
    const groupId = undoGroupOf(event)
    if (groupId !== undefined) {
      const s = this.#stacks(event.userId)
      if (s.open === groupId) {
        if (this.#rec === s) {
          const problem = this.#effect(event, sequence)
          if (problem !== undefined) return problem
          this.#topLast = sequence
          this.#stale = s
          return undefined
        }
        return this.#extendInParts(s, event, sequence)
      }
      this.#settleAfter()
      this.#draft.beginChange()
      const problem = this.#effect(event, sequence)
      if (problem !== undefined) {
        // the open group (if any) may still be extended: go on recording its change
        this.#resumeRecording()
        return problem
      }
      const pending = s.pending
      const label = pending !== undefined && pending.groupId === groupId ? pending.label : eventLabel(event)
      if (pending !== undefined && pending.groupId === groupId) s.pending = undefined
      own(s).undo.push(
        makeGroup(groupId, label, sequence, sequence, undefined, undefined, undefined, undefined),
      )
      // shift(), not splice(): splice allocates its result and was a hot spot (one call per group)
      while (s.undo.length > this.#depth) s.undo.shift()
      if (s.redo.length > 0) s.redo = []
      s.open = groupId
      this.#rec = s
      this.#topLast = sequence
      this.#stale = s
      return undefined
    }
    switch (type) {
      case 'UndoEvent':
        return this.#undoRedo('undo', this.#stacks(event.userId), event, sequence)
      case 'RedoEvent':
        return this.#undoRedo('redo', this.#stacks(event.userId), event, sequence)
      case 'StartGroupEvent': {
        const s = this.#stacks(event.userId)
        if (s.open !== event.groupId) s.open = undefined
        s.pending = event.label === undefined ? undefined : { groupId: event.groupId, label: event.label }
        return undefined
      }
      case 'EndGroupEvent': {
        const s = this.#stacks(event.userId)
        if (s.open === event.groupId) s.open = undefined
        if (s.pending?.groupId === event.groupId) s.pending = undefined
        return undefined
      }
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

  /**
   * An event of `s`'s open group after another user changed the content (or after an undo/redo):
   * recorded as a new part of the group, so that its change never spans the other user's edits.
   */
  #extendInParts(s: Stacks, event: WireTunerEvent, sequence: number): ReplayProblem | undefined {
    this.#settleAfter()
    this.#draft.beginChange()
    const problem = this.#effect(event, sequence)
    if (problem !== undefined) {
      this.#resumeRecording()
      return problem
    }
    own(s)
    const at = s.undo.length - 1
    const top = s.undo[at] as UndoGroup
    if (top.change === undefined) {
      // restored without its change: it stays without one (its sides come from time travel)
      this.#draft.endChange()
      s.undo[at] = makeGroup(
        top.groupId,
        top.label,
        top.firstSequence,
        sequence,
        undefined,
        top.before,
        undefined,
        undefined,
      )
    } else {
      const parts = top.parts === undefined ? [top.change] : [...top.parts, top.change]
      // `change` stays the previous part until #settleAfter records the new one (the group is stale)
      s.undo[at] = makeGroup(
        top.groupId,
        top.label,
        top.firstSequence,
        sequence,
        top.change,
        undefined,
        undefined,
        parts,
      )
    }
    this.#rec = s
    this.#topLast = sequence
    this.#stale = s
    return undefined
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

  /** An UndoEvent (`undo`) or RedoEvent (`redo`) of the user of `s`. */
  #undoRedo(
    kind: 'undo' | 'redo',
    s: Stacks,
    event: { readonly groupId: string; readonly userId?: string | undefined },
    sequence: number,
  ): ReplayProblem | undefined {
    const from = kind === 'undo' ? s.undo : s.redo
    const entry = from.at(-1)
    const groupId = event.groupId
    if (entry === undefined || entry.groupId !== groupId) {
      const type = kind === 'undo' ? 'UndoEvent' : 'RedoEvent'
      const which = event.userId === undefined ? '' : ` of user "${event.userId}"`
      const why =
        entry === undefined
          ? `the ${kind} stack${which} is empty`
          : `the top group${which} is "${entry.groupId}"`
      return problem(`nothing-to-${kind}`, sequence, type, `cannot ${kind} group "${groupId}": ${why}`)
    }
    own(s)
    if (this.#users === undefined) {
      return kind === 'undo' ? this.#undoGroup(s, sequence) : this.#redoGroup(s, sequence)
    }
    return this.#undoRedoMerged(kind, s, event.userId, sequence)
  }

  /** The single-user undo: restores the whole content and selection before the top group. */
  #undoGroup(s: Stacks, sequence: number): ReplayProblem | undefined {
    this.#settleAfter()
    const top = s.undo.at(-1) as UndoGroup
    if (top.change === undefined) {
      // restored without its change: the document before it comes from time travel
      const before = this.#resolveSide(top, 'before', sequence, 'UndoEvent')
      if (!isDocument(before)) return before
      s.open = undefined
      this.#rec = undefined
      const entry = s.undo.pop() as UndoGroup
      restoreContent(this.#draft, before)
      this.#dirty = true
      s.redo.push(withDocuments(entry, before, entry.after))
      return undefined
    }
    s.open = undefined
    this.#rec = undefined
    const entry = s.undo.pop() as UndoGroup
    this.#draft.applyChange(entry.change as ContentChange, 'before')
    this.#dirty = true
    s.redo.push(entry)
    return undefined
  }

  /** The single-user redo: restores the whole content and selection after the top redo group. */
  #redoGroup(s: Stacks, sequence: number): ReplayProblem | undefined {
    const entry = s.redo.at(-1) as UndoGroup
    if (entry.change === undefined) {
      const after = this.#resolveSide(entry, 'after', sequence, 'RedoEvent')
      if (!isDocument(after)) return after
      this.#settleAfter()
      s.open = undefined
      this.#rec = undefined
      restoreContent(this.#draft, after)
      this.#dirty = true
      s.redo.pop()
      s.undo.push(withDocuments(entry, entry.before, after))
      return undefined
    }
    this.#settleAfter()
    s.open = undefined
    this.#rec = undefined
    this.#draft.applyChange(entry.change, 'after')
    this.#dirty = true
    s.redo.pop()
    s.undo.push(entry)
    return undefined
  }

  /**
   * The multi-user undo/redo (see undo-merge.ts): each part of the group's change, newest first
   * for an undo, is applied as it is when nothing it covers changed since, else merged three-way;
   * what another user changed since is left and reported ({@link lastConflict}).
   */
  #undoRedoMerged(
    kind: 'undo' | 'redo',
    s: Stacks,
    userId: string | undefined,
    sequence: number,
  ): ReplayProblem | undefined {
    this.#settleAfter()
    const side = kind === 'undo' ? 'before' : 'after'
    const from = kind === 'undo' ? s.undo : s.redo
    let entry = from.at(-1) as UndoGroup
    let parts: readonly ContentChange[]
    if (entry.change !== undefined) {
      parts = entry.parts === undefined ? [entry.change] : [...entry.parts, entry.change]
    } else {
      // restored without its change: recorded again by folding its range
      const recorded = this.#recordAgain(entry, userId, kind, sequence)
      if (!('groupId' in recorded)) return recorded
      entry = recorded
      parts =
        recorded.parts === undefined
          ? [recorded.change as ContentChange]
          : [...recorded.parts, recorded.change as ContentChange]
    }
    const conflicts = new ConflictList()
    const undoing = kind === 'undo'
    const order = undoing ? parts.slice().reverse() : parts
    // the parts as applied: a merged part is replaced by what it did, so that the way back
    // restores what this undo/redo changed and never a unit it left
    const applied: ContentChange[] = []
    for (const part of order) {
      if (this.#draft.matchesChangeSide(part, undoing ? 'after' : 'before')) {
        this.#draft.applyChange(part, side)
        applied.push(part)
      } else {
        const merged = mergeSide(this.#commit(), part, side)
        this.#draft.applyChange(merged.change, 'after')
        conflicts.add(merged.conflicts)
        const did = merged.change
        applied.push(undoing ? { objectIds: did.objectIds, before: did.after, after: did.before } : did)
      }
      this.#dirty = true
    }
    if (undoing) applied.reverse()
    s.open = undefined
    this.#rec = undefined
    from.pop()
    const last = applied.at(-1) as ContentChange
    const moved = makeGroup(
      entry.groupId,
      entry.label,
      entry.firstSequence,
      entry.lastSequence,
      last,
      undefined,
      undefined,
      applied.length > 1 ? applied.slice(0, -1) : undefined,
    )
    ;(undoing ? s.redo : s.undo).push(moved)
    this.#conflict = conflicts.report(kind, sequence, entry.groupId, userId)
    return undefined
  }

  /**
   * `entry` (a group of `userId` restored without its change) with its change and parts recorded
   * again: the state after its last event folded from the state before its first one, where the
   * group is the user's top group, recorded from its start. A problem when that is impossible.
   */
  #recordAgain(
    entry: UndoGroup,
    userId: string | undefined,
    kind: 'undo' | 'redo',
    sequence: number,
  ): UndoGroup | ReplayProblem {
    const type = kind === 'undo' ? 'UndoEvent' : 'RedoEvent'
    const refuse = (why: string) =>
      problem(
        `nothing-to-${kind}`,
        sequence,
        type,
        `group "${entry.groupId}" was restored without its change and ${why}`,
      )
    if (this.#resolveRange === undefined) return refuse('no time travel (resolveRange) is available')
    let state: ReplayState
    try {
      state = this.#resolveRange(entry.firstSequence - 1, entry.lastSequence)
    } catch (error) {
      return refuse(
        `folding its range ${entry.firstSequence}..${entry.lastSequence} failed: ${(error as Error).message}`,
      )
    }
    const top = userHistory(state.history, userId).undoStack.at(-1)
    if (top === undefined || top.groupId !== entry.groupId || top.change === undefined) {
      return refuse(`folding its range ${entry.firstSequence}..${entry.lastSequence} does not record it`)
    }
    return top
  }

  /** The state so far (frozen); the fold can continue afterwards. */
  state(): ReplayState {
    this.#settleAfter()
    const document = this.#commit()
    const users = this.#users
    const named = users === undefined ? undefined : this.#usersHistory(users)
    const anon = this.#historyOf(this.#anon, named !== undefined && this.#rec === this.#anon)
    const history: History =
      named === undefined
        ? anon
        : anon.openGroupId === undefined && anon.pendingLabel === undefined && anon.recording === undefined
          ? { undoStack: anon.undoStack, redoStack: anon.redoStack, users: named }
          : { ...anon, users: named }
    return { document, history, sequence: this.#sequence }
  }

  /**
   * The history of `s` as state (the single-user key order; `recording` only when true): its
   * source when nothing changed, else a new one that becomes its source (the arrays are handed
   * over; the next change copies them again).
   */
  #historyOf(s: Stacks, recorder: boolean): UserHistory {
    const recording = recorder && s.open !== undefined
    const source = s.source
    if (
      !s.owned &&
      source !== undefined &&
      source.openGroupId === s.open &&
      source.pendingLabel === s.pending &&
      (source.recording === true) === recording
    ) {
      return source
    }
    const h: UserHistory = {
      undoStack: s.undo,
      redoStack: s.redo,
      ...(s.open === undefined ? {} : { openGroupId: s.open }),
      ...(s.pending === undefined ? {} : { pendingLabel: s.pending }),
      ...(recording ? { recording: true as const } : {}),
    }
    s.source = h
    s.owned = false
    return h
  }

  /** The named users' histories (keys sorted, empty ones left out), or undefined when none is left. */
  #usersHistory(users: ReadonlyMap<string, Stacks>): Readonly<Record<string, UserHistory>> | undefined {
    const ids = users.size === 1 ? [...users.keys()] : [...users.keys()].sort()
    let out: Record<string, UserHistory> | undefined
    for (const id of ids) {
      const s = users.get(id) as Stacks
      if (isEmpty(s)) continue
      out ??= {}
      const h = this.#historyOf(s, this.#rec === s)
      // a user id "__proto__" must stay an own key
      if (id === '__proto__')
        Object.defineProperty(out, id, { value: h, enumerable: true, writable: true, configurable: true })
      else out[id] = h
    }
    return out
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
  parts: readonly ContentChange[] | undefined,
): UndoGroup {
  if (change !== undefined) {
    return parts === undefined
      ? { groupId, label, firstSequence, lastSequence, change }
      : { groupId, label, firstSequence, lastSequence, change, parts }
  }
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
    undefined,
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

/**
 * Folds `events` into `state` (pure: `state` is not modified); skipped events are returned as
 * problems, undos/redos that left other users' changes as `conflicts`.
 */
export function foldEvents(
  state: ReplayState,
  events: Iterable<WireTunerEvent>,
  options: FoldOptions = {},
): {
  readonly state: ReplayState
  readonly problems: readonly ReplayProblem[]
  readonly conflicts: readonly UndoConflict[]
} {
  const folder = new Folder(state, options)
  const problems: ReplayProblem[] = []
  const conflicts: UndoConflict[] = []
  for (const event of events) {
    const p = folder.apply(event)
    if (p !== undefined) problems.push(p)
    else if (folder.lastConflict !== undefined) conflicts.push(folder.lastConflict)
  }
  return { state: folder.state(), problems, conflicts }
}

/**
 * Applies one event (total): the new state, or the same state plus the problem; `conflict` when
 * an undo/redo left other users' changes.
 */
export function reduce(
  state: ReplayState,
  event: WireTunerEvent,
  options: FoldOptions = {},
): { readonly state: ReplayState; readonly problem?: ReplayProblem; readonly conflict?: UndoConflict } {
  const folder = new Folder(state, options)
  const p = folder.apply(event)
  if (p !== undefined) return { state: { ...state, sequence: event.eventSequence }, problem: p }
  const conflict = folder.lastConflict
  return conflict === undefined ? { state: folder.state() } : { state: folder.state(), conflict }
}
