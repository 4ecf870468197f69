/**
 * The answers of the render-cache readers computed from the document alone, for storages without
 * render caches (the in-memory storage, older formats): the same results, in linear time.
 */
import {
  type Bounds,
  type Document,
  decodeTessellation,
  drawingOrder,
  objectPaintBounds,
  type Tessellation,
  tessellateObject,
} from '@wiretuner/vector-model'

/** Ids of the visible objects whose paint bounds intersect `rect`, bottom first (a scan of every object). */
export function objectsInScan(document: Document, rect: Bounds): string[] {
  const ids: string[] = []
  for (const obj of document.objects.values()) {
    const b = objectPaintBounds(obj)
    if (
      b !== undefined &&
      b.x <= rect.x + rect.width &&
      b.x + b.width >= rect.x &&
      b.y <= rect.y + rect.height &&
      b.y + b.height >= rect.y
    ) {
      ids.push(obj.id)
    }
  }
  return drawingOrder(document, ids)
}

/** Tessellations of `ids` (default every object), computed now. */
export function renderedPathsScan(document: Document, ids?: readonly string[]): Map<string, Tessellation> {
  const out = new Map<string, Tessellation>()
  for (const id of ids ?? [...document.objects.values()].map((o) => o.id)) {
    const obj = document.objects.get(id)
    if (obj !== undefined) out.set(id, decodeTessellation(tessellateObject(obj)))
  }
  return out
}
