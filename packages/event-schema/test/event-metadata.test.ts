/**
 * Tests of the per-type metadata: sampled, debounced and undoable flags per the catalog and the
 * architecture, labels for undo menus, schema versions.
 */
import { describe, expect, it } from 'vitest'
import {
  EVENT_TYPES,
  EventSchemaError,
  type EventType,
  eventLabel,
  eventMetadata,
  isEventType,
} from '../src/index.ts'

const byFlag = (flag: 'sampled' | 'undoable' | 'debounced') =>
  EVENT_TYPES.filter((t) => eventMetadata(t)[flag]).sort()

describe('eventMetadata', () => {
  it('marks the sampled types of the catalog', () => {
    expect(byFlag('sampled')).toEqual(
      [
        'AddAnchorEvent',
        'ModifyAnchorEvent',
        'MoveObjectEvent',
        'RotateObjectEvent',
        'ScaleObjectEvent',
        'ViewportPanEvent',
        'ViewportZoomEvent',
      ].sort(),
    )
    expect(byFlag('debounced')).toEqual(['ModifyStyleEvent'])
  })

  it('marks content changes undoable, and selection, viewport, markers and undo/redo not', () => {
    const notUndoable = EVENT_TYPES.filter((t) => !eventMetadata(t).undoable).sort()
    expect(notUndoable).toEqual(
      [
        'CreateDocumentEvent',
        'SelectObjectsEvent',
        'DeselectObjectsEvent',
        'ClearSelectionEvent',
        'ViewportPanEvent',
        'ViewportZoomEvent',
        'ViewportResetEvent',
        'StartGroupEvent',
        'EndGroupEvent',
        'UndoEvent',
        'RedoEvent',
        'SaveDocumentEvent',
        'LoadDocumentEvent',
        'DocumentLoadedEvent',
      ].sort(),
    )
  })

  it('gives labels and versions', () => {
    expect(eventMetadata('CreatePathEvent')).toMatchObject({ label: 'Create Path', schemaVersion: 1 })
    expect(eventMetadata('MoveObjectEvent').label).toBe('Move Objects')
    expect(eventMetadata('AddAnchorEvent').label).toBe('Add Anchor')
    expect(eventMetadata('CreateShapeEvent').schemaVersion).toBe(2)
    expect(new Set(EVENT_TYPES.map((t) => eventMetadata(t).label)).size).toBe(EVENT_TYPES.length)
  })

  it('labels shapes by kind', () => {
    const base = {
      eventType: 'CreateShapeEvent',
      eventId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      timestamp: 1,
      documentId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      schemaVersion: 2,
      shapeId: 's',
    } as const
    expect(
      eventLabel({
        ...base,
        shapeType: 'rectangle' as const,
        parameters: { centerX: 0, centerY: 0, width: 1, height: 1 },
      }),
    ).toBe('Create Rectangle')
    expect(
      eventLabel({
        ...base,
        shapeType: 'star' as const,
        parameters: { centerX: 0, centerY: 0, outerRadius: 2, innerRadius: 1, points: 5 },
      }),
    ).toBe('Create Star')
  })

  it('rejects names outside the catalog', () => {
    expect(isEventType('MoveObjectEvent')).toBe(true)
    expect(isEventType('toString')).toBe(false)
    expect(() => eventMetadata('Nope' as EventType)).toThrow(EventSchemaError)
  })
})
