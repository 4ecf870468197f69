/**
 * Random multi-user logs for the per-user undo properties: actions of two or three users
 * (creates, moves, drags that extend a group, deletes, style, layer and title edits, selections,
 * undos and redos of the user's own top group), each turned into a VALID event against the state
 * folded so far. The undo/redo steps are handed to a callback with the state before them, for the
 * property's checks.
 */
import type { WireTunerEvent } from '@wiretuner/event-schema'
import fc from 'fast-check'
import { Folder, initialState } from '../../src/advanced.js'
import { type ReplayState, type UndoGroup, userHistory } from '../../src/index.js'
import { eventBuilder } from './helpers.js'

/** One generated action of a user; interpreted against the current state. */
export interface Action {
  readonly user: number
  readonly op:
    | 'create'
    | 'move'
    | 'drag'
    | 'delete'
    | 'style'
    | 'layer'
    | 'dropLayer'
    | 'editLayer'
    | 'reorderLayer'
    | 'title'
    | 'select'
    | 'undo'
    | 'redo'
  readonly a: number
  readonly b: number
}

/** The users of the generated logs. */
export const USERS = ['ann', 'ben', 'cat'] as const

/** Actions (undo and redo twice as likely as one edit kind). */
export const actionArb: fc.Arbitrary<Action> = fc.record({
  user: fc.integer({ min: 0, max: USERS.length - 1 }),
  op: fc.constantFrom<Action['op']>(
    'create',
    'move',
    'drag',
    'drag',
    'delete',
    'style',
    'layer',
    'dropLayer',
    'editLayer',
    'reorderLayer',
    'title',
    'select',
    'undo',
    'undo',
    'redo',
    'redo',
  ),
  a: fc.nat({ max: 1000 }),
  b: fc.nat({ max: 1000 }),
})

/** An undo/redo step as the property sees it. */
export interface UndoStep {
  readonly kind: 'undo' | 'redo'
  readonly userId: string
  /** The group undone/redone, as it was before the step. */
  readonly entry: UndoGroup
  readonly before: ReplayState
  readonly folder: Folder
  readonly event: WireTunerEvent
}

/**
 * Plays `actions` on document `documentId` after `setup` (anonymous events numbered from 0) and
 * returns every event. `onUndoRedo` applies each undo/redo itself (on `step.folder`) and checks it.
 */
export function playActions(
  documentId: string,
  setup: (ev: ReturnType<typeof eventBuilder>) => WireTunerEvent[],
  actions: readonly Action[],
  onUndoRedo: (step: UndoStep) => void = (step) => {
    step.folder.apply(step.event)
  },
): WireTunerEvent[] {
  const ev = eventBuilder(documentId)
  const folder = new Folder(initialState(documentId))
  const events = setup(ev)
  for (const e of events) folder.apply(e)
  let made = 0
  for (const action of actions) {
    const userId = USERS[action.user] as string
    const state = folder.state()
    const doc = state.document
    const ids = [...doc.objects.values()].map((o) => o.id).sort()
    const layers = doc.artboards.flatMap((a) => a.layers.map((l) => l.id))
    const pick = <T>(list: readonly T[], n: number): T | undefined => list[n % Math.max(1, list.length)]
    const objectId = pick(ids, action.a)
    const layerId = pick(layers, action.a)
    const withUser = (fields: Record<string, unknown>) => ev({ ...fields, userId })
    let event: WireTunerEvent | undefined
    switch (action.op) {
      case 'create':
        event = withUser({
          eventType: 'CreateShapeEvent',
          schemaVersion: 2,
          shapeId: `${userId}-${made++}`,
          shapeType: 'rectangle',
          parameters: { centerX: 10, centerY: 10, width: 20, height: 10 },
          ...(layers.length === 0 ? {} : { layerId: pick(layers, action.b) }),
        })
        break
      case 'move':
      case 'drag':
        if (objectId !== undefined)
          event = withUser({
            eventType: 'MoveObjectEvent',
            objectIds: [objectId],
            delta: { x: 1 + (action.b % 9), y: 0 },
            ...(action.op === 'drag' ? { undoGroupId: `drag-${userId}` } : {}),
          })
        break
      case 'delete':
        if (objectId !== undefined)
          event = withUser({ eventType: 'DeleteObjectEvent', objectIds: [objectId] })
        break
      case 'style':
        if (objectId !== undefined)
          event = withUser({
            eventType: 'ModifyStyleEvent',
            objectIds: [objectId],
            fill: `#00${(action.b % 256).toString(16).padStart(2, '0')}00`,
          })
        break
      case 'layer':
        event = withUser({
          eventType: 'CreateLayerEvent',
          layerId: `L-${userId}-${made++}`,
          artboardId: 'ab',
        })
        break
      case 'dropLayer': {
        const layer = pick(
          layers.filter((l) => l !== 'l1'),
          action.a,
        )
        if (layer !== undefined) event = withUser({ eventType: 'DeleteLayerEvent', layerId: layer })
        break
      }
      case 'editLayer':
        if (layerId !== undefined)
          event = withUser({ eventType: 'ModifyLayerEvent', layerId, name: `n${action.b % 5}` })
        break
      case 'reorderLayer':
        if (layerId !== undefined)
          event = withUser({ eventType: 'ReorderLayerEvent', layerId, newZIndex: action.b % layers.length })
        break
      case 'title':
        event = withUser({ eventType: 'ModifyDocumentMetadataEvent', title: `t${action.b % 4}` })
        break
      case 'select':
        if (objectId !== undefined)
          event = withUser({ eventType: 'SelectObjectsEvent', objectIds: [objectId], mode: 'replace' })
        break
      case 'undo':
      case 'redo': {
        const h = userHistory(state.history, userId)
        const entry = (action.op === 'undo' ? h.undoStack : h.redoStack).at(-1)
        if (entry === undefined) break
        const e = withUser({
          eventType: action.op === 'undo' ? 'UndoEvent' : 'RedoEvent',
          groupId: entry.groupId,
        })
        onUndoRedo({ kind: action.op, userId, entry, before: state, folder, event: e })
        events.push(e)
        continue
      }
    }
    if (event === undefined) continue
    const problem = folder.apply(event)
    if (problem !== undefined) throw new Error(`generated event refused: ${problem.reason}`)
    events.push(event)
  }
  return events
}
