/**
 * Read-only views of a vector-model document that the CLI, the simulator and the viewer show:
 * the artboard/layer structure, per-path anchor counts and object centres, and summary counts.
 */
import {
  artboardCount,
  type Document,
  getObject,
  layerCount,
  objectBounds,
  objectCount,
} from '@wiretuner/vector-model'
import type { TreeArtboard } from './server/backend.js'
import type { LiveStructure } from './simulator/editor-port.js'

/** Artboards, layers (bottom first) with their object ids, and the selection. */
export function liveStructure(doc: Document): LiveStructure {
  return {
    artboards: doc.artboards.map((a) => ({
      id: a.id,
      bounds: a.bounds,
      layers: a.layers.map((l) => ({
        id: l.id,
        visible: l.visible,
        locked: l.locked,
        objectIds: [...l.objectIds],
      })),
    })),
    selection: [...doc.selection.objectIds],
  }
}

/** The artboard/layer tree shown by the viewer. */
export function documentTree(doc: Document): TreeArtboard[] {
  return doc.artboards.map((a) => ({
    id: a.id,
    name: a.name,
    layers: a.layers.map((l) => ({
      id: l.id,
      name: l.name,
      visible: l.visible,
      locked: l.locked,
      objectCount: l.objectIds.size,
    })),
  }))
}

/** Anchor count of a live path, or undefined when `id` is not a path. */
export function anchorCountOf(doc: Document, id: string): number | undefined {
  const obj = getObject(doc, id)
  return obj?.kind === 'path' ? obj.anchors.length : undefined
}

/** Centre of an object's transformed bounds, or undefined when it does not exist. */
export function objectCenterOf(doc: Document, id: string): { x: number; y: number } | undefined {
  const obj = getObject(doc, id)
  if (obj === undefined) return undefined
  const b = objectBounds(obj)
  return b === undefined ? undefined : { x: b.x + b.width / 2, y: b.y + b.height / 2 }
}

/** Counts of artboards, layers and objects of a document (vector-model's own counts). */
export function documentCounts(doc: Document): { artboards: number; layers: number; objects: number } {
  return { artboards: artboardCount(doc), layers: layerCount(doc), objects: objectCount(doc) }
}
