/**
 * The undo grouping rule, once: which undo group an event belongs to, when a group closes, and
 * its label. The fold ({@link Folder}) applies it to build the bounded undo history;
 * {@link collectUndoGroups} applies it to list every group a log ever recorded (e.g. a viewer's
 * group list), with when each was undone and redone.
 *
 * - An undoable event belongs to the group `undoGroupId`, or to a group of its own (its
 *   `eventId`) without one; consecutive events of the open group extend it.
 * - A StartGroupEvent of another group, an EndGroupEvent of the open group, an undo and a redo
 *   close the open group.
 * - An undo applies only to the group on top of the undo stack, a redo only to the one on top of
 *   the redo stack (a refused one changes nothing, not even the open group); a new group clears
 *   the redo stack; the undo stack keeps the newest `historyDepth` groups.
 * - A group is labelled by the StartGroupEvent announcing it, else by its first event
 *   (event-schema's `eventLabel`).
 *
 * - Per user: the stacks, the open group and a pending label are those of the event's `userId`
 *   (events without one are one anonymous user); an undo or redo acts only on its user's stacks.
 *
 * The collector does not apply the events: an event the fold refuses (say, a move of an unknown
 * object) still appears in the list, the fold keeps no group for it.
 */
import { EVENT_TYPES, eventLabel, eventMetadata, type WireTunerEvent } from '@wiretuner/event-schema'

/** Default number of undo groups kept (older ones can no longer be undone). */
export const DEFAULT_HISTORY_DEPTH = 200

/** A lookup table rather than `eventMetadata` per event: this runs once per folded event. */
const undoableByType: Readonly<Record<string, boolean>> = Object.fromEntries(
  EVENT_TYPES.map((t) => [t, eventMetadata(t).undoable]),
)

/** True when events of type `eventType` are undoable (false for an unknown type). */
export function isUndoableType(eventType: string): boolean {
  return undoableByType[eventType] === true
}

/** The undo group of `event` when it is undoable, else `undefined`. */
export function undoGroupOf(event: WireTunerEvent): string | undefined {
  if (!isUndoableType(event.eventType)) return undefined
  return event.undoGroupId ?? event.eventId
}

/** One undo group of a log, as {@link collectUndoGroups} lists it. */
export interface RecordedUndoGroup {
  readonly groupId: string
  readonly label: string
  /** First and last sequence of the group's events. */
  readonly firstSequence: number
  readonly lastSequence: number
  readonly eventCount: number
  /** The user whose events the group holds (absent: events without `userId`). */
  readonly userId?: string
  /**
   * When the group was undone: `[undoSequence, redoSequence]` pairs (redo `null` when it was not
   * redone afterwards), in log order.
   */
  readonly undone: readonly (readonly [number, number | null])[]
}

type Building = {
  userId?: string
  groupId: string
  label: string
  firstSequence: number
  lastSequence: number
  eventCount: number
  undone: [number, number | null][]
}

/** One user's stacks in the collector. */
interface UserStacks {
  undo: Building[]
  redo: Building[]
  open: Building | undefined
  pendingLabel: { readonly groupId: string; readonly label: string } | undefined
}

/** Collects undo groups incrementally: feed the events in sequence order with {@link add}. */
export class UndoGroupCollector {
  readonly #depth: number
  readonly #groups: Building[] = []
  /** Stacks by user (`undefined`: the events without `userId`). */
  readonly #users = new Map<string | undefined, UserStacks>()

  /** `historyDepth`: most groups of one user that can be undone (the fold's; default 200). */
  constructor(options: { readonly historyDepth?: number } = {}) {
    this.#depth = options.historyDepth ?? DEFAULT_HISTORY_DEPTH
  }

  #stacks(userId: string | undefined): UserStacks {
    let s = this.#users.get(userId)
    if (s === undefined) {
      s = { undo: [], redo: [], open: undefined, pendingLabel: undefined }
      this.#users.set(userId, s)
    }
    return s
  }

  /** Adds `event`, stored at `sequence`. */
  add(sequence: number, event: WireTunerEvent): void {
    const s = this.#stacks(event.userId)
    const groupId = undoGroupOf(event)
    if (groupId !== undefined) {
      const open = s.open
      if (open !== undefined && open.groupId === groupId) {
        open.lastSequence = sequence
        open.eventCount++
        return
      }
      const pending = s.pendingLabel
      const announced = pending !== undefined && pending.groupId === groupId
      if (announced) s.pendingLabel = undefined
      const group: Building = {
        ...(event.userId === undefined ? {} : { userId: event.userId }),
        groupId,
        label: announced ? pending.label : eventLabel(event),
        firstSequence: sequence,
        lastSequence: sequence,
        eventCount: 1,
        undone: [],
      }
      this.#groups.push(group)
      s.undo.push(group)
      if (s.undo.length > this.#depth) s.undo.shift()
      if (s.redo.length > 0) s.redo = []
      s.open = group
      return
    }
    switch (event.eventType) {
      case 'UndoEvent': {
        const top = s.undo.at(-1)
        if (top === undefined || top.groupId !== event.groupId) return
        s.open = undefined
        s.redo.push(s.undo.pop() as Building)
        top.undone.push([sequence, null])
        return
      }
      case 'RedoEvent': {
        const top = s.redo.at(-1)
        if (top === undefined || top.groupId !== event.groupId) return
        s.open = undefined
        s.undo.push(s.redo.pop() as Building)
        const last = top.undone.at(-1)
        if (last !== undefined) last[1] = sequence
        return
      }
      case 'StartGroupEvent':
        if (s.open?.groupId !== event.groupId) s.open = undefined
        s.pendingLabel =
          event.label === undefined ? undefined : { groupId: event.groupId, label: event.label }
        return
      case 'EndGroupEvent':
        if (s.open?.groupId === event.groupId) s.open = undefined
        if (s.pendingLabel?.groupId === event.groupId) s.pendingLabel = undefined
        return
      default:
        return
    }
  }

  /** The groups so far (the open one included), as plain values. */
  groups(): RecordedUndoGroup[] {
    return this.#groups.map((g) => ({ ...g, undone: g.undone.map(([u, r]) => [u, r] as const) }))
  }
}

/** The undo groups of a log read in sequence order (every group, not bounded by an undo depth). */
export function collectUndoGroups(
  events: Iterable<{ readonly sequence: number; readonly event: WireTunerEvent }>,
  options: { readonly historyDepth?: number } = {},
): RecordedUndoGroup[] {
  const collector = new UndoGroupCollector(options)
  for (const { sequence, event } of events) collector.add(sequence, event)
  return collector.groups()
}
