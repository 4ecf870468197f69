/**
 * Read-only accessors over a document: objects by id, artboards and layers, the objects of a
 * layer in z-order, the layer holding an object, and counts.
 */
import type { Artboard, Document, Layer, VectorObject } from './types.js'

/** The object with this id, or `undefined`. */
export function getObject(doc: Document, id: string): VectorObject | undefined {
  return doc.objects.get(id)
}

/** The artboards, in order. */
export function listArtboards(doc: Document): readonly Artboard[] {
  return doc.artboards
}

/** The artboard with this id, or `undefined`. */
export function getArtboard(doc: Document, artboardId: string): Artboard | undefined {
  return doc.artboards.find((a) => a.id === artboardId)
}

/** The layer with this id, or `undefined`. */
export function getLayer(doc: Document, layerId: string): Layer | undefined {
  for (const ab of doc.artboards) {
    for (const layer of ab.layers) if (layer.id === layerId) return layer
  }
  return undefined
}

/** The artboard holding a layer, or `undefined`. */
export function findLayerArtboard(doc: Document, layerId: string): Artboard | undefined {
  return doc.artboards.find((ab) => ab.layers.some((l) => l.id === layerId))
}

/** The objects of a layer (given or by id), bottom first; empty for an unknown layer id. */
export function layerObjects(doc: Document, layer: Layer | string): VectorObject[] {
  const l = typeof layer === 'string' ? getLayer(doc, layer) : layer
  if (l === undefined) return []
  const out: VectorObject[] = []
  for (const id of l.objectIds) {
    const o = doc.objects.get(id)
    if (o !== undefined) out.push(o)
  }
  return out
}

/** The layer holding an object, or `undefined`. */
export function findObjectLayer(doc: Document, objectId: string): Layer | undefined {
  const o = doc.objects.get(objectId)
  return o === undefined ? undefined : getLayer(doc, o.layerId)
}

/** Every object in drawing order: artboards, then layers bottom-up, then objects bottom-up. */
export function allObjects(doc: Document): VectorObject[] {
  const out: VectorObject[] = []
  for (const ab of doc.artboards) for (const layer of ab.layers) out.push(...layerObjects(doc, layer))
  return out
}

/** Number of objects. */
export function objectCount(doc: Document): number {
  return doc.objects.size
}

/** Number of layers over all artboards. */
export function layerCount(doc: Document): number {
  let n = 0
  for (const ab of doc.artboards) n += ab.layers.length
  return n
}

/** Number of artboards. */
export function artboardCount(doc: Document): number {
  return doc.artboards.length
}
