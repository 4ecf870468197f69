/**
 * A recorded {@link ContentChange} as plain JSON, relative to a document: what a snapshot keeps
 * of its newest undo groups so that the first undo and redo after reopening apply a recorded
 * change instead of travelling in time. Each side holds the touched objects (with their layer),
 * the selection, title and author, and its artboards, written as `"document"` when they equal the
 * document's (a move, a style change: the common case) and in full (layers listing object ids)
 * otherwise. Reading validates every value and gives a coded result, never an exception.
 */
import type { ContentChange, ContentSide } from './content-change.js'
import { VectorModelError } from './errors.js'
import { arr, bool, rec, str } from './json-read.js'
import { OrderedIdSet } from './ordered-id-set.js'
import { readObject } from './read-object.js'
import { objectToJson } from './serialize.js'
import type { StoredArtboard, StoredLayer } from './store.js'
import type { Artboard, Document, Selection, VectorObject } from './types.js'
import { checkBounds, checkColour, checkId } from './validate.js'

const W = 'contentChangeFromJson'

/** Whether two artboard lists are the same structure (ids, fields, layers, object order). */
function artboardsEqual(a: readonly Artboard[], b: readonly Artboard[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Artboard
    const y = b[i] as Artboard
    if (x === y) continue
    if (
      x.id !== y.id ||
      x.name !== y.name ||
      x.backgroundColor !== y.backgroundColor ||
      x.preset !== y.preset ||
      x.bounds.x !== y.bounds.x ||
      x.bounds.y !== y.bounds.y ||
      x.bounds.width !== y.bounds.width ||
      x.bounds.height !== y.bounds.height ||
      x.layers.length !== y.layers.length
    )
      return false
    for (let j = 0; j < x.layers.length; j++) {
      const l = x.layers[j] as Artboard['layers'][number]
      const m = y.layers[j] as Artboard['layers'][number]
      if (l === m) continue
      if (l.id !== m.id || l.name !== m.name || l.visible !== m.visible || l.locked !== m.locked) return false
      if (l.objectIds.size !== m.objectIds.size) return false
      const ids = [...m.objectIds]
      let k = 0
      for (const id of l.objectIds) if (id !== ids[k++]) return false
    }
  }
  return true
}

function artboardsToJson(artboards: readonly Artboard[]): unknown {
  return artboards.map((ab) => ({
    id: ab.id,
    name: ab.name,
    bounds: { x: ab.bounds.x + 0, y: ab.bounds.y + 0, width: ab.bounds.width, height: ab.bounds.height },
    backgroundColor: ab.backgroundColor,
    ...(ab.preset === undefined ? {} : { preset: ab.preset }),
    layers: ab.layers.map((l) => ({
      id: l.id,
      name: l.name,
      visible: l.visible,
      locked: l.locked,
      objectIds: [...l.objectIds],
    })),
  }))
}

function selectionToJson(s: Selection): unknown {
  const anchors: Record<string, number[]> = {}
  for (const k of Object.keys(s.anchors).sort()) anchors[k] = [...(s.anchors[k] ?? [])]
  return { objectIds: [...s.objectIds], anchors }
}

function sideToJson(side: ContentSide, document: Document): unknown {
  return {
    objects: side.objects.map((o) =>
      o === undefined ? null : { layerId: o.layerId, ...(objectToJson(o) as object) },
    ),
    artboards: artboardsEqual(side.artboards, document.artboards)
      ? 'document'
      : artboardsToJson(side.artboards),
    selection: selectionToJson(side.selection),
    title: side.title,
    ...(side.author === undefined ? {} : { author: side.author }),
  }
}

/**
 * The change as a plain JSON value (deterministic: the same change and document give the same
 * JSON), relative to `document` (artboards equal to the document's are not repeated).
 */
export function contentChangeToJson(change: ContentChange, document: Document): unknown {
  return {
    objectIds: [...change.objectIds],
    before: sideToJson(change.before, document),
    after: sideToJson(change.after, document),
  }
}

function readArtboards(v: unknown, path: string): readonly Artboard[] {
  const artboards = arr(v, path).map((a, ai): StoredArtboard => {
    const p = `${path}[${ai}]`
    const ab = rec(a, p)
    checkId(ab.id, W, `${p}.id`)
    checkBounds(ab.bounds, W, `${p}.bounds`)
    checkColour(ab.backgroundColor, W, `${p}.backgroundColor`)
    const layers = arr(ab.layers, `${p}.layers`).map((l, li): StoredLayer => {
      const lp = `${p}.layers[${li}]`
      const lr = rec(l, lp)
      checkId(lr.id, W, `${lp}.id`)
      const ids = arr(lr.objectIds, `${lp}.objectIds`).map((id, i) => str(id, `${lp}.objectIds[${i}]`))
      if (new Set(ids).size !== ids.length) {
        throw new VectorModelError('invalid-document', `${W}: ${lp}.objectIds repeats an id`)
      }
      return {
        id: lr.id,
        name: str(lr.name, `${lp}.name`),
        visible: bool(lr.visible, `${lp}.visible`),
        locked: bool(lr.locked, `${lp}.locked`),
        objectIds: OrderedIdSet.from(ids),
      }
    })
    return {
      id: ab.id,
      name: str(ab.name, `${p}.name`),
      bounds: { x: ab.bounds.x, y: ab.bounds.y, width: ab.bounds.width, height: ab.bounds.height },
      backgroundColor: ab.backgroundColor,
      ...(ab.preset === undefined ? {} : { preset: str(ab.preset, `${p}.preset`) }),
      layers,
    }
  })
  return artboards
}

function readSelection(v: unknown, path: string): Selection {
  const r = rec(v, path)
  const objectIds = arr(r.objectIds, `${path}.objectIds`).map((id, i) => str(id, `${path}.objectIds[${i}]`))
  const anchors: Record<string, readonly number[]> = {}
  const raw = rec(r.anchors, `${path}.anchors`)
  for (const k of Object.keys(raw).sort()) {
    anchors[k] = arr(raw[k], `${path}.anchors.${k}`).map((n) => {
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
        throw new VectorModelError('invalid-document', `${W}: ${path}.anchors.${k} must hold anchor indices`)
      }
      return n
    })
  }
  return { objectIds, anchors }
}

function readSide(v: unknown, ids: readonly string[], document: Document, path: string): ContentSide {
  const r = rec(v, path)
  const objects = arr(r.objects, `${path}.objects`).map((o, i): VectorObject | undefined => {
    if (o === null) return undefined
    const op = `${path}.objects[${i}]`
    const obj = readObject(o, str(rec(o, op).layerId, `${op}.layerId`), path, i)
    if (obj.id !== ids[i]) {
      throw new VectorModelError('invalid-document', `${W}: ${op} is "${obj.id}", expected "${ids[i]}"`)
    }
    return obj
  })
  if (objects.length !== ids.length) {
    throw new VectorModelError(
      'invalid-document',
      `${W}: ${path}.objects has ${objects.length} values for ${ids.length} ids`,
    )
  }
  const author = r.author === undefined ? undefined : str(r.author, `${path}.author`)
  return {
    objects,
    artboards:
      r.artboards === 'document' ? document.artboards : readArtboards(r.artboards, `${path}.artboards`),
    selection: readSelection(r.selection, `${path}.selection`),
    title: str(r.title, `${path}.title`),
    author,
  }
}

/** Result of {@link contentChangeFromJson}. */
export type ContentChangeResult =
  | { readonly ok: true; readonly change: ContentChange }
  | { readonly ok: false; readonly error: VectorModelError }

/** Reads a change written by {@link contentChangeToJson} for `document` (never throws). */
export function contentChangeFromJson(raw: unknown, document: Document): ContentChangeResult {
  try {
    const r = rec(raw, 'change')
    const objectIds = arr(r.objectIds, 'change.objectIds').map((id, i) => str(id, `change.objectIds[${i}]`))
    if (new Set(objectIds).size !== objectIds.length) {
      throw new VectorModelError('invalid-document', `${W}: change.objectIds repeats an id`)
    }
    return {
      ok: true,
      change: {
        objectIds,
        before: readSide(r.before, objectIds, document, 'change.before'),
        after: readSide(r.after, objectIds, document, 'change.after'),
      },
    }
  } catch (error) {
    const e =
      error instanceof VectorModelError
        ? error
        : new VectorModelError('invalid-document', `${W}: ${String(error)}`, { cause: error })
    return {
      ok: false,
      error:
        e.code === 'invalid-argument' ? new VectorModelError('invalid-document', e.message, { cause: e }) : e,
    }
  }
}
