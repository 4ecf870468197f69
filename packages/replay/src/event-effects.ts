/**
 * The document effect of each event type: one vector-model operation per event, applied to a
 * document (persistent edit) or a draft (batch mode). History events (undo, redo, group markers)
 * and lifecycle markers change no content here; the fold in `fold.ts` handles them.
 */
import type { WireTunerEvent } from '@wiretuner/event-schema'
import {
  addAnchor,
  clearSelection,
  createArtboard,
  createLayer,
  createPath,
  createShape,
  deleteAnchor,
  deleteArtboard,
  deleteLayer,
  deleteObjects,
  deselectObjects,
  type EditTarget,
  finishPath,
  modifyAnchor,
  modifyArtboard,
  modifyLayer,
  moveObjects,
  panViewport,
  reorderLayer,
  resetViewport,
  rotateObjects,
  scaleObjects,
  selectObjects,
  setDocumentMetadata,
  setStyle,
  zoomViewport,
} from '@wiretuner/vector-model'

/**
 * Applies the content/selection/viewport effect of `event` to `target`. Throws the
 * `VectorModelError` of the operation when the event does not apply (the target is then unchanged).
 * `CreateDocumentEvent`, `UndoEvent`, `RedoEvent`, group and lifecycle markers are no-ops here.
 */
export function applyEffect<T extends EditTarget>(target: T, event: WireTunerEvent): T {
  switch (event.eventType) {
    // most frequent first (V8 compares the cases in order)
    case 'MoveObjectEvent':
      return moveObjects(target, event.objectIds, event.delta)
    case 'ModifyAnchorEvent':
      return modifyAnchor(target, event)
    case 'ViewportPanEvent':
      return panViewport(target, event.delta)
    case 'AddAnchorEvent':
      return addAnchor(target, event)
    case 'ModifyDocumentMetadataEvent':
      return setDocumentMetadata(target, {
        ...(event.title === undefined ? {} : { title: event.title }),
        ...(event.author === undefined ? {} : { author: event.author }),
      })
    case 'CreateArtboardEvent':
      return createArtboard(target, event)
    case 'ModifyArtboardEvent':
      return modifyArtboard(target, event)
    case 'DeleteArtboardEvent':
      return deleteArtboard(target, event.artboardId)
    case 'CreateLayerEvent':
      return createLayer(target, event)
    case 'ModifyLayerEvent':
      return modifyLayer(target, event)
    case 'ReorderLayerEvent':
      return reorderLayer(target, event.layerId, event.newZIndex)
    case 'DeleteLayerEvent':
      return deleteLayer(target, event.layerId)
    case 'CreatePathEvent':
      return createPath(target, event)
    case 'DeleteAnchorEvent':
      return deleteAnchor(target, event.pathId, event.anchorIndex)
    case 'FinishPathEvent':
      return finishPath(target, event.pathId, event.closed)
    case 'CreateShapeEvent':
      return createShape(target, event)
    case 'RotateObjectEvent':
      return rotateObjects(target, event.objectIds, event.angle, event.pivot)
    case 'ScaleObjectEvent':
      return scaleObjects(target, event.objectIds, event.scaleX, event.scaleY, event.pivot)
    case 'DeleteObjectEvent':
      return deleteObjects(target, event.objectIds)
    case 'ModifyStyleEvent': {
      // `null` fill/stroke removes it (vector-model's style change takes the event's fields as they are).
      const { fill, stroke, strokeWidth, opacity } = event
      return setStyle(target, event.objectIds, {
        ...(fill === undefined ? {} : { fill }),
        ...(stroke === undefined ? {} : { stroke }),
        ...(strokeWidth === undefined ? {} : { strokeWidth }),
        ...(opacity === undefined ? {} : { opacity }),
      })
    }
    case 'SelectObjectsEvent':
      return selectObjects(target, event.objectIds, event.mode)
    case 'DeselectObjectsEvent':
      return deselectObjects(target, event.objectIds)
    case 'ClearSelectionEvent':
      return clearSelection(target)
    case 'ViewportZoomEvent':
      return zoomViewport(target, event.factor, event.focalPoint)
    case 'ViewportResetEvent':
      return resetViewport(target)
    case 'CreateDocumentEvent':
    case 'StartGroupEvent':
    case 'EndGroupEvent':
    case 'UndoEvent':
    case 'RedoEvent':
    case 'SaveDocumentEvent':
    case 'LoadDocumentEvent':
    case 'DocumentLoadedEvent':
      return target
  }
}

/**
 * The objects whose content (geometry, style, transform, existence) `event` may change: their
 * ids, or `undefined` when any object may change (undo, redo, deleting a layer or an artboard:
 * the caller compares documents). Selection, viewport, layer and artboard edits change none.
 */
export function touchedObjectIds(event: WireTunerEvent): readonly string[] | undefined {
  switch (event.eventType) {
    case 'MoveObjectEvent':
    case 'RotateObjectEvent':
    case 'ScaleObjectEvent':
    case 'ModifyStyleEvent':
    case 'DeleteObjectEvent':
      return event.objectIds
    case 'ModifyAnchorEvent':
    case 'AddAnchorEvent':
    case 'DeleteAnchorEvent':
    case 'FinishPathEvent':
    case 'CreatePathEvent':
      return [event.pathId]
    case 'CreateShapeEvent':
      return [event.shapeId]
    case 'DeleteLayerEvent':
    case 'DeleteArtboardEvent':
    case 'UndoEvent':
    case 'RedoEvent':
      return undefined
    default:
      return []
  }
}
