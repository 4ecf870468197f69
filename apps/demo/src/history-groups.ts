/**
 * The undo groups of a whole log, for the viewer's group list: consecutive undoable events with
 * the same `undoGroupId` form one group (an undoable event without one is a group of its own),
 * labelled by the group's StartGroupEvent or else by its first event (event-schema's labels).
 * Unlike the replay history (bounded to the undo depth), this covers every group ever recorded;
 * each group also lists when it was undone (and redone) by UndoEvent/RedoEvent.
 */
import { eventLabel, eventMetadata, type WireTunerEvent } from '@wiretuner/event-schema'
import type { ViewerGroup } from './server/backend.js'

type Building = {
  groupId: string
  label: string
  firstSequence: number
  lastSequence: number
  eventCount: number
  undone: [number, number | null][]
}

/** Collects undo groups incrementally: feed events in sequence order with {@link add}. */
export class GroupCollector {
  readonly #groups: Building[] = []
  readonly #byId = new Map<string, Building>()
  readonly #labels = new Map<string, string>()
  #open: Building | undefined

  #close(): void {
    if (this.#open) {
      this.#groups.push(this.#open)
      this.#byId.set(this.#open.groupId, this.#open)
    }
    this.#open = undefined
  }

  /** Adds the event stored at `sequence`. */
  add(sequence: number, event: WireTunerEvent): void {
    if (event.eventType === 'UndoEvent' || event.eventType === 'RedoEvent') {
      if (this.#open?.groupId === event.groupId) this.#close()
      const g = this.#byId.get(event.groupId)
      if (g !== undefined) {
        const last = g.undone.at(-1)
        if (event.eventType === 'UndoEvent') g.undone.push([sequence, null])
        else if (last !== undefined && last[1] === null) last[1] = sequence
      }
      return
    }
    if (event.eventType === 'StartGroupEvent') {
      if (event.label !== undefined) this.#labels.set(event.groupId, event.label)
      return
    }
    if (!eventMetadata(event.eventType).undoable) return
    const groupId = event.undoGroupId ?? `event-${sequence}`
    const open = this.#open
    if (open && open.groupId === groupId && event.undoGroupId !== undefined) {
      open.lastSequence = sequence
      open.eventCount++
      return
    }
    this.#close()
    const label = this.#labels.get(groupId) ?? eventLabel(event)
    this.#labels.delete(groupId)
    this.#open = {
      groupId,
      label,
      firstSequence: sequence,
      lastSequence: sequence,
      eventCount: 1,
      undone: [],
    }
  }

  /** The groups so far (the open one included), as plain values. */
  groups(): ViewerGroup[] {
    const all = this.#open ? [...this.#groups, this.#open] : this.#groups
    return all.map((g) => ({ ...g, undone: g.undone.map(([u, r]) => [u, r] as const) }))
  }
}

/** Collects the undo groups of a log read in sequence order. */
export function collectGroups(
  events: Iterable<{ readonly sequence: number; readonly event: WireTunerEvent }>,
): ViewerGroup[] {
  const collector = new GroupCollector()
  for (const { sequence, event } of events) collector.add(sequence, event)
  return collector.groups()
}
