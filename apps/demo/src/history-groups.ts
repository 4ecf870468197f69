/**
 * The undo groups of a whole log, for the viewer's group list: consecutive undoable events with
 * the same `undoGroupId` form one group (an undoable event without one is a group of its own),
 * labelled by the group's StartGroupEvent or else by its first event (event-schema's labels).
 * Unlike the replay history (bounded to the undo depth), this covers every group ever recorded.
 */
import { eventLabel, eventMetadata, type WireTunerEvent } from '@wiretuner/event-schema'
import type { ViewerGroup } from './server/backend.js'

/** Collects the undo groups of a log read in sequence order. */
export function collectGroups(
  events: Iterable<{ readonly sequence: number; readonly event: WireTunerEvent }>,
): ViewerGroup[] {
  const groups: ViewerGroup[] = []
  const labels = new Map<string, string>()
  let open:
    | { groupId: string; label: string; firstSequence: number; lastSequence: number; eventCount: number }
    | undefined
  const close = (): void => {
    if (open) groups.push({ ...open })
    open = undefined
  }
  for (const { sequence, event } of events) {
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
    open = { groupId, label, firstSequence: sequence, lastSequence: sequence, eventCount: 1 }
  }
  close()
  return groups
}
