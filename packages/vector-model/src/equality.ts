/**
 * Structural equality of documents: same metadata, artboards, layer order, objects, selection and
 * viewport. Shared references short-cut the comparison; numbers may be compared within a tolerance.
 */
import type { Document, Layer } from './types.js'

/** Options of {@link documentsEqual}. */
export interface EqualityOptions {
  /** Numbers equal when |a − b| ≤ tolerance. Default 0 (exact; -0 equals 0). */
  readonly tolerance?: number
  /** Compare the viewport too. Default true. */
  readonly viewport?: boolean
}

/** Deep equality of JSON-like values (plain objects, arrays, numbers within `tol`). */
export function valuesEqual(x: unknown, y: unknown, tol = 0): boolean {
  if (x === y) return true
  if (typeof x === 'number' && typeof y === 'number') return tol > 0 ? Math.abs(x - y) <= tol : false
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false
  if (Array.isArray(x)) {
    if (!Array.isArray(y) || x.length !== y.length) return false
    for (let i = 0; i < x.length; i++) if (!valuesEqual(x[i], y[i], tol)) return false
    return true
  }
  if (Array.isArray(y)) return false
  const xo = x as Record<string, unknown>
  const yo = y as Record<string, unknown>
  const kx = Object.keys(xo).filter((k) => xo[k] !== undefined)
  const ky = Object.keys(yo).filter((k) => yo[k] !== undefined)
  if (kx.length !== ky.length) return false
  for (const k of kx) if (!valuesEqual(xo[k], yo[k], tol)) return false
  return true
}

function layerEqual(a: Layer, b: Layer): boolean {
  if (a === b) return true
  if (a.id !== b.id || a.name !== b.name || a.visible !== b.visible || a.locked !== b.locked) return false
  if (a.objectIds === b.objectIds) return true
  if (a.objectIds.size !== b.objectIds.size) return false
  const ib = b.objectIds[Symbol.iterator]()
  for (const id of a.objectIds) if (ib.next().value !== id) return false
  return true
}

/** True when both documents hold the same content (and viewport unless disabled). */
export function documentsEqual(a: Document, b: Document, options: EqualityOptions = {}): boolean {
  if (a === b) return true
  const tol = options.tolerance ?? 0
  if (a.schemaVersion !== b.schemaVersion || a.id !== b.id || a.title !== b.title || a.author !== b.author)
    return false
  if (a.artboards !== b.artboards) {
    if (a.artboards.length !== b.artboards.length) return false
    for (let i = 0; i < a.artboards.length; i++) {
      const x = a.artboards[i]
      const y = b.artboards[i]
      if (x === y) continue
      if (x === undefined || y === undefined) return false
      if (
        x.id !== y.id ||
        x.name !== y.name ||
        x.backgroundColor !== y.backgroundColor ||
        x.preset !== y.preset
      )
        return false
      if (!valuesEqual(x.bounds, y.bounds, tol) || x.layers.length !== y.layers.length) return false
      for (let j = 0; j < x.layers.length; j++)
        if (!layerEqual(x.layers[j] as Layer, y.layers[j] as Layer)) return false
    }
  }
  if (a.objects !== b.objects) {
    if (a.objects.size !== b.objects.size) return false
    for (const o of a.objects.values()) {
      const p = b.objects.get(o.id)
      if (p === undefined || (p !== o && !valuesEqual(o, p, tol))) return false
    }
  }
  if (!valuesEqual(a.selection, b.selection, 0)) return false
  if (options.viewport !== false && !valuesEqual(a.viewport, b.viewport, tol)) return false
  return true
}
