/**
 * Document, artboard and layer operations: metadata, create/modify/delete artboards (deleting one
 * removes its layers and objects), create/modify/reorder/delete layers (deleting one removes its
 * objects), and `restoreContent` for undo/redo.
 */
import { VectorModelError } from './errors.js'
import {
  closeWork,
  DocumentDraft,
  type EditTarget,
  edit,
  emptyObjects,
  findArtboardIndex,
  findLayerLoc,
  type MArtboard,
  newLayer,
  openWork,
  ownNewLayer,
  replaceWork,
  requireArtboardIndex,
  requireLayerLoc,
  type StoredArtboard,
  type StoredLayer,
  type Work,
  writableArtboard,
  writableArtboards,
  writableLayer,
} from './store.js'
import type { Bounds, Document, Size } from './types.js'
import { checkBounds, checkColour, checkId } from './validate.js'
import { dropFromSelection, EMPTY_SELECTION, initialViewport } from './view-ops.js'

/** Parameters of {@link createDocument}. */
export interface CreateDocumentParams {
  readonly id: string
  readonly title?: string
  readonly author?: string
  readonly canvasSize?: Size
}

/** Title of a document created without one. */
export const DEFAULT_TITLE = 'Untitled'
/** Background of an artboard created without one. */
export const DEFAULT_BACKGROUND = '#FFFFFF'

/** A new empty document: no artboards, empty selection, initial viewport. */
export function createDocument(params: CreateDocumentParams): Document {
  checkId(params.id, 'createDocument', 'id')
  const w = openWork(
    {
      schemaVersion: 1,
      id: params.id,
      title: params.title ?? DEFAULT_TITLE,
      ...(params.author === undefined ? {} : { author: params.author }),
      artboards: [],
      objects: emptyObjects(),
      selection: EMPTY_SELECTION,
      viewport: initialViewport(params.canvasSize),
    },
    false,
  )
  return closeWork(w)
}

/** Parameters of {@link setDocumentMetadata}: fields given are replaced. */
export interface DocumentMetadataParams {
  readonly title?: string
  readonly author?: string
}

/** Changes the title and/or author. */
export function setDocumentMetadata<T extends EditTarget>(target: T, params: DocumentMetadataParams): T {
  return edit(target, (w) => {
    if (params.title !== undefined) w.title = params.title
    if (params.author !== undefined) w.author = params.author
  })
}

/** Parameters of {@link createArtboard} (same names as `CreateArtboardEvent`). */
export interface CreateArtboardParams {
  readonly artboardId: string
  readonly name?: string
  readonly bounds: Bounds
  readonly backgroundColor?: string
  readonly preset?: string
}

/** Appends an artboard (no layers). Default name `Artboard N`, background `#FFFFFF`. */
export function createArtboard<T extends EditTarget>(target: T, params: CreateArtboardParams): T {
  return edit(target, (w) => {
    checkId(params.artboardId, 'createArtboard', 'artboardId')
    checkBounds(params.bounds, 'createArtboard', 'bounds')
    if (params.backgroundColor !== undefined)
      checkColour(params.backgroundColor, 'createArtboard', 'backgroundColor')
    if (findArtboardIndex(w, params.artboardId) >= 0) {
      throw new VectorModelError(
        'duplicate-id',
        `createArtboard: artboard "${params.artboardId}" already exists`,
      )
    }
    const ab: MArtboard = {
      id: params.artboardId,
      name: params.name ?? `Artboard ${w.artboards.length + 1}`,
      bounds: copyBounds(params.bounds),
      backgroundColor: params.backgroundColor ?? DEFAULT_BACKGROUND,
      ...(params.preset === undefined ? {} : { preset: params.preset }),
      layers: [],
    }
    writableArtboards(w).push(ab)
  })
}

function copyBounds(b: Bounds): Bounds {
  return { x: b.x, y: b.y, width: b.width, height: b.height }
}

/** Parameters of {@link modifyArtboard}: fields given are replaced. */
export interface ModifyArtboardParams {
  readonly artboardId: string
  readonly name?: string
  readonly bounds?: Bounds
  readonly backgroundColor?: string
}

/** Renames, moves/resizes or recolours an artboard (its objects do not move). */
export function modifyArtboard<T extends EditTarget>(target: T, params: ModifyArtboardParams): T {
  return edit(target, (w) => {
    const ai = requireArtboardIndex(w, params.artboardId, 'modifyArtboard')
    if (params.bounds !== undefined) checkBounds(params.bounds, 'modifyArtboard', 'bounds')
    if (params.backgroundColor !== undefined)
      checkColour(params.backgroundColor, 'modifyArtboard', 'backgroundColor')
    const ab = writableArtboard(w, ai)
    if (params.name !== undefined) ab.name = params.name
    if (params.bounds !== undefined) ab.bounds = copyBounds(params.bounds)
    if (params.backgroundColor !== undefined) ab.backgroundColor = params.backgroundColor
  })
}

function removeLayerObjects(w: Work, layer: StoredLayer): void {
  if (layer.objectIds.size === 0) return
  let objects = w.objects
  for (const id of layer.objectIds) objects = objects.remove(id)
  w.objects = objects
  const ids = layer.objectIds
  dropFromSelection(w, (id) => ids.has(id))
}

/** Deletes an artboard with its layers and their objects (also dropped from the selection). */
export function deleteArtboard<T extends EditTarget>(target: T, artboardId: string): T {
  return edit(target, (w) => {
    const ai = requireArtboardIndex(w, artboardId, 'deleteArtboard')
    for (const layer of (w.artboards[ai] as StoredArtboard).layers) removeLayerObjects(w, layer)
    writableArtboards(w).splice(ai, 1)
  })
}

/** Parameters of {@link createLayer} (same names as `CreateLayerEvent`). */
export interface CreateLayerParams {
  readonly layerId: string
  readonly artboardId: string
  readonly name?: string
  readonly visible?: boolean
  readonly locked?: boolean
  /** Position in the artboard's layers (0 = bottom); default on top. */
  readonly zIndex?: number
}

/** Adds an empty layer to an artboard. Default name `Layer N`, visible, unlocked, on top. */
export function createLayer<T extends EditTarget>(target: T, params: CreateLayerParams): T {
  return edit(target, (w) => {
    checkId(params.layerId, 'createLayer', 'layerId')
    const ai = requireArtboardIndex(w, params.artboardId, 'createLayer')
    if (findLayerLoc(w, params.layerId) !== undefined) {
      throw new VectorModelError('duplicate-id', `createLayer: layer "${params.layerId}" already exists`)
    }
    const count = (w.artboards[ai] as StoredArtboard).layers.length
    const z = params.zIndex ?? count
    if (!Number.isInteger(z) || z < 0 || z > count) {
      throw new VectorModelError(
        'out-of-range',
        `createLayer: zIndex ${z} is outside 0..${count} in artboard "${params.artboardId}"`,
      )
    }
    const layer = newLayer(
      params.layerId,
      params.name ?? `Layer ${count + 1}`,
      params.visible ?? true,
      params.locked ?? false,
    )
    writableArtboard(w, ai).layers.splice(z, 0, ownNewLayer(w, layer))
  })
}

/** Parameters of {@link modifyLayer}: fields given are replaced. */
export interface ModifyLayerParams {
  readonly layerId: string
  readonly name?: string
  readonly visible?: boolean
  readonly locked?: boolean
}

/** Renames, hides/shows or locks/unlocks a layer. */
export function modifyLayer<T extends EditTarget>(target: T, params: ModifyLayerParams): T {
  return edit(target, (w) => {
    const loc = requireLayerLoc(w, params.layerId, 'modifyLayer')
    const layer = writableLayer(w, loc)
    if (params.name !== undefined) layer.name = params.name
    if (params.visible !== undefined) layer.visible = params.visible
    if (params.locked !== undefined) layer.locked = params.locked
  })
}

/** Moves a layer to `newZIndex` (0 = bottom) within its artboard. */
export function reorderLayer<T extends EditTarget>(target: T, layerId: string, newZIndex: number): T {
  return edit(target, (w) => {
    const loc = requireLayerLoc(w, layerId, 'reorderLayer')
    const count = (w.artboards[loc.ai] as StoredArtboard).layers.length
    if (!Number.isInteger(newZIndex) || newZIndex < 0 || newZIndex >= count) {
      throw new VectorModelError(
        'out-of-range',
        `reorderLayer: newZIndex ${newZIndex} is outside 0..${count - 1} for layer "${layerId}"`,
      )
    }
    if (newZIndex === loc.li) return
    const layers = writableArtboard(w, loc.ai).layers
    const [layer] = layers.splice(loc.li, 1)
    layers.splice(newZIndex, 0, layer as StoredLayer)
  })
}

/** Deletes a layer and its objects (also dropped from the selection). */
export function deleteLayer<T extends EditTarget>(target: T, layerId: string): T {
  return edit(target, (w) => {
    const loc = requireLayerLoc(w, layerId, 'deleteLayer')
    removeLayerObjects(w, (w.artboards[loc.ai] as StoredArtboard).layers[loc.li] as StoredLayer)
    writableArtboard(w, loc.ai).layers.splice(loc.li, 1)
  })
}

/**
 * A document with `from`'s content (metadata, artboards, objects, selection) and `current`'s
 * viewport; used by undo/redo. With a draft, the draft continues from that state.
 */
export function restoreContent<T extends EditTarget>(current: T, from: Document): T {
  if (current instanceof DocumentDraft) {
    replaceWork(current, from, true)
    return current
  }
  const cur = current as Document
  return { ...from, viewport: cur.viewport } as T
}
