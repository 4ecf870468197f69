/**
 * The editing machinery behind every operation: a working copy of a document (`Work`) whose
 * collections are copied on first write. A persistent edit opens a work, applies one change and
 * freezes it into a new document (O(log n) for the persistent maps, O(layers) for arrays); a
 * `DocumentDraft` (batch mode) keeps one work open so a run of edits mutates its own copies in
 * place (Immutable transients), then `commit()` freezes it once.
 */
import { OrderedSet } from 'immutable'
import { VectorModelError } from './errors.js'
import { HamtMap } from './hamt.js'
import type { Artboard, Document, Selection, VectorObject, Viewport } from './types.js'

/** Current document schema version (serialized as `schemaVersion`). */
export const SCHEMA_VERSION = 1

/** Internal layer representation: `objectIds` is an Immutable OrderedSet. */
export interface MLayer {
  id: string
  name: string
  visible: boolean
  locked: boolean
  objectIds: OrderedSet<string>
}

/** Internal artboard representation with a mutable layer array. */
export interface MArtboard {
  id: string
  name: string
  bounds: Artboard['bounds']
  backgroundColor: string
  preset?: string
  layers: MLayer[]
}

/** A working copy of a document. */
export interface Work {
  readonly batch: boolean
  id: string
  title: string
  author: string | undefined
  artboards: MArtboard[]
  objects: HamtMap<VectorObject>
  selection: Selection
  viewport: Viewport
  /** Artboards, layers and the artboard array created in this work (safe to mutate in place). */
  owned: Set<object> | undefined
  /** Batch mode: whether an operation ran since the draft was opened or last committed. */
  touched: boolean
}

/** Where a layer sits. */
export interface LayerLoc {
  readonly ai: number
  readonly li: number
}

/** Opens a working copy of `doc`. */
export function openWork(doc: Document, batch: boolean): Work {
  const objects = doc.objects as unknown as HamtMap<VectorObject>
  return {
    batch,
    id: doc.id,
    title: doc.title,
    author: doc.author,
    artboards: doc.artboards as unknown as MArtboard[],
    objects: batch ? objects.asMutable() : objects,
    selection: doc.selection,
    viewport: doc.viewport,
    owned: undefined,
    touched: false,
  }
}

/** Freezes a work into a document (ends transient ownership of everything it owns). */
export function closeWork(w: Work): Document {
  if (w.batch) {
    w.objects = w.objects.asImmutable()
    if (w.owned !== undefined) {
      for (const o of w.owned) {
        if ('objectIds' in o) (o as MLayer).objectIds = (o as MLayer).objectIds.asImmutable()
      }
    }
  }
  const artboards = w.artboards as unknown as readonly Artboard[]
  const objects = w.objects as unknown as Document['objects']
  const doc: Document =
    w.author === undefined
      ? {
          schemaVersion: SCHEMA_VERSION,
          id: w.id,
          title: w.title,
          artboards,
          objects,
          selection: w.selection,
          viewport: w.viewport,
        }
      : {
          schemaVersion: SCHEMA_VERSION,
          id: w.id,
          title: w.title,
          author: w.author,
          artboards,
          objects,
          selection: w.selection,
          viewport: w.viewport,
        }
  return doc
}

function own(w: Work, o: object): void {
  if (w.owned === undefined) w.owned = new Set()
  w.owned.add(o)
}

function isOwned(w: Work, o: object): boolean {
  return w.owned?.has(o) === true
}

/** The artboard array, copied once per work. */
export function writableArtboards(w: Work): MArtboard[] {
  if (!isOwned(w, w.artboards)) {
    w.artboards = w.artboards.slice()
    own(w, w.artboards)
  }
  return w.artboards
}

/** The artboard at `ai`, copied (with its layer array) once per work. */
export function writableArtboard(w: Work, ai: number): MArtboard {
  const ab = w.artboards[ai] as MArtboard
  if (isOwned(w, ab)) return ab
  const copy: MArtboard = { ...ab, layers: ab.layers.slice() }
  writableArtboards(w)[ai] = copy
  own(w, copy)
  return copy
}

/** The layer at `loc`, copied once per work; in batch mode its id set becomes transient. */
export function writableLayer(w: Work, loc: LayerLoc): MLayer {
  const ab = writableArtboard(w, loc.ai)
  const layer = ab.layers[loc.li] as MLayer
  if (isOwned(w, layer)) return layer
  const copy: MLayer = { ...layer, objectIds: w.batch ? layer.objectIds.asMutable() : layer.objectIds }
  ab.layers[loc.li] = copy
  own(w, copy)
  return copy
}

/** Registers a layer created in this work (so batch mode may mutate it). */
export function ownNewLayer(w: Work, layer: MLayer): MLayer {
  if (w.batch) layer.objectIds = layer.objectIds.asMutable()
  own(w, layer)
  return layer
}

/** Finds a layer by id (scan over artboards and layers; there are few). */
export function findLayerLoc(w: Work, layerId: string): LayerLoc | undefined {
  const abs = w.artboards
  for (let ai = 0; ai < abs.length; ai++) {
    const layers = (abs[ai] as MArtboard).layers
    for (let li = 0; li < layers.length; li++) {
      if ((layers[li] as MLayer).id === layerId) return { ai, li }
    }
  }
  return undefined
}

/** Like {@link findLayerLoc} but throws `not-found`. */
export function requireLayerLoc(w: Work, layerId: string, where: string): LayerLoc {
  const loc = findLayerLoc(w, layerId)
  if (loc === undefined)
    throw new VectorModelError('not-found', `${where}: layer "${layerId}" does not exist`)
  return loc
}

/** Finds an artboard index by id. */
export function findArtboardIndex(w: Work, artboardId: string): number {
  return w.artboards.findIndex((a) => a.id === artboardId)
}

/** Like {@link findArtboardIndex} but throws `not-found`. */
export function requireArtboardIndex(w: Work, artboardId: string, where: string): number {
  const ai = findArtboardIndex(w, artboardId)
  if (ai < 0) throw new VectorModelError('not-found', `${where}: artboard "${artboardId}" does not exist`)
  return ai
}

/** The object with this id or a `not-found` error. */
export function requireObject(w: Work, id: string, where: string): VectorObject {
  const obj = w.objects.get(id)
  if (obj === undefined) throw new VectorModelError('not-found', `${where}: object "${id}" does not exist`)
  return obj
}

/**
 * Replaces object `id` by `fn(object)` in one traversal of the object map. Throws `not-found`
 * (or whatever `fn` throws) before anything is changed.
 */
export function updateObject(
  w: Work,
  id: string,
  where: string,
  fn: (o: VectorObject) => VectorObject,
): void {
  w.objects = w.objects.update(id, (o) => {
    if (o === undefined) throw new VectorModelError('not-found', `${where}: object "${id}" does not exist`)
    return fn(o)
  })
}

/** The default layer for create events: the topmost layer of the last artboard that has one. */
export function defaultLayerLoc(w: Work, where: string): LayerLoc {
  for (let ai = w.artboards.length - 1; ai >= 0; ai--) {
    const n = (w.artboards[ai] as MArtboard).layers.length
    if (n > 0) return { ai, li: n - 1 }
  }
  throw new VectorModelError('no-layer', `${where}: no layerId given and the document has no layer`)
}

/** An empty layer record. */
export function newLayer(id: string, name: string, visible: boolean, locked: boolean): MLayer {
  return { id, name, visible, locked, objectIds: OrderedSet<string>() }
}

/** An empty object table. */
export function emptyObjects(): HamtMap<VectorObject> {
  return HamtMap.empty<VectorObject>()
}

let readWork: (d: DocumentDraft) => Work

/**
 * Batch mode: a draft that applies operations in place (copy-on-write against the document it
 * started from, which is never changed). Pass it to any operation instead of a document; the
 * operation mutates it and returns the same draft. `commit()` returns the resulting document;
 * the draft then continues from that document. Operations validate before they change anything,
 * so an operation that throws leaves the draft as it was.
 */
export class DocumentDraft {
  #work: Work
  /** The document the draft equals while no operation ran since (start or last commit). */
  #last: Document

  static {
    readWork = (d) => d.#work
  }

  constructor(doc: Document) {
    this.#work = openWork(doc, true)
    this.#last = doc
  }

  /**
   * Freezes the draft into a document and keeps drafting from it. Without operations since the
   * last commit (or since `beginBatch`) it returns that same document.
   */
  commit(): Document {
    const w = this.#work
    if (!w.touched) return this.#last
    const doc = closeWork(w)
    // keep drafting from `doc` in the same work record (one commit per undo group in replay:
    // no new Work or ownership Set each time); everything it owned now belongs to `doc`
    w.objects = (doc.objects as unknown as HamtMap<VectorObject>).asMutable()
    w.owned?.clear()
    w.touched = false
    this.#last = doc
    return doc
  }
}

/** Starts batch mode on `doc` (see {@link DocumentDraft}). */
export function beginBatch(doc: Document): DocumentDraft {
  return new DocumentDraft(doc)
}

/** Either a document (persistent edit) or a draft (in-place batch edit). */
export type EditTarget = Document | DocumentDraft

/** Runs `fn` on the target: for a document returns a new document, for a draft mutates it. */
export function edit<T extends EditTarget>(target: T, fn: (w: Work) => void): T {
  if (target instanceof DocumentDraft) {
    const w = readWork(target)
    fn(w)
    w.touched = true
    return target
  }
  const w = openWork(target as Document, false)
  fn(w)
  return closeWork(w) as T
}

/** Replaces a draft's state with `doc`'s (keeping the draft's viewport when asked); for restoreContent. */
export function replaceWork(target: DocumentDraft, doc: Document, keepViewport: boolean): void {
  const w = readWork(target)
  const viewport = w.viewport
  const next = openWork(doc, true)
  w.id = next.id
  w.title = next.title
  w.author = next.author
  w.artboards = next.artboards
  w.objects = next.objects
  w.selection = next.selection
  w.viewport = keepViewport ? viewport : next.viewport
  w.owned = undefined
  w.touched = true
}

/** The layer record at a location found by {@link findLayerLoc}. */
export function layerAt(w: Work, loc: LayerLoc): MLayer {
  return (w.artboards[loc.ai] as MArtboard).layers[loc.li] as MLayer
}
