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

/** Collects the undo groups of a log read in sequence order. */
export function collectGroups(
  events: Iterable<{ readonly sequence: number; readonly event: WireTunerEvent }>,
): ViewerGroup[] {
  const groups: Building[] = []
  const byId = new Map<string, Building>()
  const labels = new Map<string, string>()
  let open: Building | undefined
  const close = (): void => {
    if (open) {
      groups.push(open)
      byId.set(open.groupId, open)
    }
    open = undefined
  }
  for (const { sequence, event } of events) {
    if (event.eventType === 'UndoEvent' || event.eventType === 'RedoEvent') {
      if (open?.groupId === event.groupId) close()
      const g = byId.get(event.groupId)
      if (g !== undefined) {
        const last = g.undone.at(-1)
        if (event.eventType === 'UndoEvent') g.undone.push([sequence, null])
        else if (last !== undefined && last[1] === null) last[1] = sequence
      }
      continue
    }
    if (event.eventType === 'StartGroupEvent') {
      if (event.label !== undefined) labels.set(event.groupId, event.label)
      continue
    }
    if (!eventMetadata(event.eventType).undoable) continue
    const groupId = event.undoGroupId ?? `event-${sequence}`
    if (open && open.groupId === groupId && event.undoGroupId !== undefined) {
      open.lastSequence = sequence
      open.eventCount++
      continue
    }
    close()
    const label = labels.get(groupId) ?? eventLabel(event)
    labels.delete(groupId)
    open = { groupId, label, firstSequence: sequence, lastSequence: sequence, eventCount: 1, undone: [] }
  }
  close()
  return groups
}
