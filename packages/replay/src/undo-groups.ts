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
  /**
   * When the group was undone: `[undoSequence, redoSequence]` pairs (redo `null` when it was not
   * redone afterwards), in log order.
   */
  readonly undone: readonly (readonly [number, number | null])[]
}

type Building = {
  groupId: string
  label: string
  firstSequence: number
  lastSequence: number
  eventCount: number
  undone: [number, number | null][]
}

/** Collects undo groups incrementally: feed the events in sequence order with {@link add}. */
export class UndoGroupCollector {
  readonly #depth: number
  readonly #groups: Building[] = []
  #undo: Building[] = []
  #redo: Building[] = []
  #open: Building | undefined
  #pendingLabel: { readonly groupId: string; readonly label: string } | undefined

  /** `historyDepth`: most groups that can be undone (the fold's; default 200). */
  constructor(options: { readonly historyDepth?: number } = {}) {
    this.#depth = options.historyDepth ?? DEFAULT_HISTORY_DEPTH
  }

  #close(): void {
    this.#open = undefined
  }

  /** Adds `event`, stored at `sequence`. */
  add(sequence: number, event: WireTunerEvent): void {
    const groupId = undoGroupOf(event)
    if (groupId !== undefined) {
      const open = this.#open
      if (open !== undefined && open.groupId === groupId) {
        open.lastSequence = sequence
        open.eventCount++
        return
      }
      const pending = this.#pendingLabel
      const announced = pending !== undefined && pending.groupId === groupId
      if (announced) this.#pendingLabel = undefined
      const group: Building = {
        groupId,
        label: announced ? pending.label : eventLabel(event),
        firstSequence: sequence,
        lastSequence: sequence,
        eventCount: 1,
        undone: [],
      }
      this.#groups.push(group)
      this.#undo.push(group)
      if (this.#undo.length > this.#depth) this.#undo.shift()
      if (this.#redo.length > 0) this.#redo = []
      this.#open = group
      return
    }
    switch (event.eventType) {
      case 'UndoEvent': {
        const top = this.#undo.at(-1)
        if (top === undefined || top.groupId !== event.groupId) return
        this.#close()
        this.#redo.push(this.#undo.pop() as Building)
        top.undone.push([sequence, null])
        return
      }
      case 'RedoEvent': {
        const top = this.#redo.at(-1)
        if (top === undefined || top.groupId !== event.groupId) return
        this.#close()
        this.#undo.push(this.#redo.pop() as Building)
        const last = top.undone.at(-1)
        if (last !== undefined) last[1] = sequence
        return
      }
      case 'StartGroupEvent':
        if (this.#open?.groupId !== event.groupId) this.#close()
        this.#pendingLabel =
          event.label === undefined ? undefined : { groupId: event.groupId, label: event.label }
        return
      case 'EndGroupEvent':
        if (this.#open?.groupId === event.groupId) this.#close()
        if (this.#pendingLabel?.groupId === event.groupId) this.#pendingLabel = undefined
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
