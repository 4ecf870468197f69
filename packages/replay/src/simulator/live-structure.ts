/**
 * Read-only views of a vector-model document that the simulated user needs from an editor: the
 * artboard/layer structure with the selection, per-path anchor counts and object centres. Both
 * editors of the simulator (session and log) answer their port's read-backs with these.
 */
import { type Document, getObject, objectBounds } from '@wiretuner/vector-model'
import type { LiveStructure } from './editor-port.js'

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
