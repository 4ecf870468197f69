/**
 * Read-only views of a vector-model document that the CLI and the viewer show: the artboard/layer
 * tree and summary counts.
 */
import { artboardCount, type Document, layerCount, objectCount } from '@wiretuner/vector-model'
import type { TreeArtboard } from './server/backend.js'

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

/** Counts of artboards, layers and objects of a document (vector-model's own counts). */
export function documentCounts(doc: Document): { artboards: number; layers: number; objects: number } {
  return { artboards: artboardCount(doc), layers: layerCount(doc), objects: objectCount(doc) }
}
