/**
 * The editing machinery behind every operation: a working copy of a document (`Work`) whose
 * collections are copied on first write. A persistent edit opens a work, applies one change and
 * freezes it into a new document (O(log n) for the persistent maps, O(layers) for arrays); a
 * `DocumentDraft` (batch mode) keeps one work open so a run of edits mutates its own copies in
 * place (transients of `hamt.ts` and `ordered-id-set.ts`), then `commit()` freezes it once. A draft can also record what a run
 * of edits changed (`beginChange()` .. `recordedChange()`), as the values before and after of the
 * objects it touched plus the frozen artboard array, selection and metadata on both sides: an
 * undo history keeps these instead of frozen documents, and `applyChange()` restores either side.
 */
import { type ContentChange, type Journal, ObjectJournal, recordedChange } from './content-change.js'
import { VectorModelError } from './errors.js'
import { HamtMap } from './hamt.js'
import { OrderedIdSet } from './ordered-id-set.js'
import type { Artboard, Document, Selection, VectorObject, Viewport } from './types.js'

/** Current document schema version (serialized as `schemaVersion`). */
export const DOCUMENT_FORMAT_VERSION = 1

/** Internal layer representation: `objectIds` is an {@link OrderedIdSet} (transient in a draft). */
export interface MLayer {
  id: string
  name: string
  visible: boolean
  locked: boolean
  objectIds: OrderedIdSet
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
  /** Batch mode: the change being recorded, if any (its object journal is attached to `objects`). */
  journal: Journal | undefined
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
    journal: undefined,
  }
}

/** Freezes a work into a document (ends transient ownership of everything it owns). */
export function closeWork(w: Work): Document {
  if (w.batch) {
    w.objects = w.objects.asImmutable()
    freezeStructure(w)
  }
  const artboards = w.artboards as unknown as readonly Artboard[]
  const objects = w.objects as unknown as Document['objects']
  const doc: Document =
    w.author === undefined
      ? {
          schemaVersion: DOCUMENT_FORMAT_VERSION,
          id: w.id,
          title: w.title,
          artboards,
          objects,
          selection: w.selection,
          viewport: w.viewport,
        }
      : {
          schemaVersion: DOCUMENT_FORMAT_VERSION,
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

/**
 * Ends batch ownership of the artboard array, artboards and layers (their object id sets become
 * persistent): later edits copy them again, so references taken now never change.
 */
function freezeStructure(w: Work): void {
  if (w.owned === undefined || w.owned.size === 0) return
  for (const o of w.owned) {
    if ('objectIds' in o) (o as MLayer).objectIds = (o as MLayer).objectIds.asImmutable()
  }
  w.owned.clear()
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
  // field by field (a spread copy is slower and gives V8 more hidden classes)
  const copy: MArtboard =
    ab.preset === undefined
      ? {
          id: ab.id,
          name: ab.name,
          bounds: ab.bounds,
          backgroundColor: ab.backgroundColor,
          layers: ab.layers.slice(),
        }
      : {
          id: ab.id,
          name: ab.name,
          bounds: ab.bounds,
          backgroundColor: ab.backgroundColor,
          preset: ab.preset,
          layers: ab.layers.slice(),
        }
  writableArtboards(w)[ai] = copy
  own(w, copy)
  return copy
}

/** The layer at `loc`, copied once per work; in batch mode its id set becomes transient. */
export function writableLayer(w: Work, loc: LayerLoc): MLayer {
  const ab = writableArtboard(w, loc.ai)
  const layer = ab.layers[loc.li] as MLayer
  if (isOwned(w, layer)) return layer
  const copy: MLayer = {
    id: layer.id,
    name: layer.name,
    visible: layer.visible,
    locked: layer.locked,
    objectIds: w.batch ? layer.objectIds.asMutable() : layer.objectIds,
  }
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
  return { id, name, visible, locked, objectIds: OrderedIdSet.empty() }
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
  /** The journal record reused by every recording (see {@link beginChange}). */
  #recorder: Journal | undefined

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
    // keep drafting from `doc` in the same work record (no new Work or ownership Set each time);
    // everything it owned now belongs to `doc`; a change being recorded goes on
    w.objects = (doc.objects as unknown as HamtMap<VectorObject>).asMutable(w.journal?.objects)
    w.touched = false
    this.#last = doc
    return doc
  }

  /**
   * Starts recording a change: from now on the value each object had before its first update or
   * removal is kept, and the current artboards, selection and metadata are taken as the
   * `before` side. Replaces a recording in progress.
   */
  beginChange(): void {
    const w = this.#work
    freezeStructure(w)
    const journal = this.#journal()
    journal.objects.reset()
    journal.artboards = w.artboards as unknown as readonly Artboard[]
    journal.selection = w.selection
    journal.title = w.title
    journal.author = w.author
    w.journal = journal
    w.objects.record(journal.objects)
  }

  /**
   * Goes on recording `change` (recorded earlier, maybe by another draft), as if this draft had
   * recorded it from its start: the draft's content must be `change`'s `after` side.
   */
  resumeChange(change: ContentChange): void {
    const w = this.#work
    freezeStructure(w)
    const journal = this.#journal()
    const b = change.before
    journal.objects.reset(change.objectIds, b.objects)
    journal.artboards = b.artboards
    journal.selection = b.selection
    journal.title = b.title
    journal.author = b.author
    w.journal = journal
    w.objects.record(journal.objects)
  }

  /** This draft's journal record (created on first use). */
  #journal(): Journal {
    if (this.#recorder === undefined) {
      const w = this.#work
      this.#recorder = {
        objects: new ObjectJournal(),
        artboards: w.artboards as unknown as readonly Artboard[],
        selection: w.selection,
        title: w.title,
        author: w.author,
      }
    }
    return this.#recorder
  }

  /** Stops recording (what was recorded is dropped). */
  endChange(): void {
    const w = this.#work
    w.journal = undefined
    w.objects.record(undefined)
  }

  /** Whether a change is being recorded (since {@link beginChange} or {@link resumeChange}). */
  get recording(): boolean {
    return this.#work.journal !== undefined
  }

  /**
   * The change recorded so far (the recording goes on). Throws `invalid-argument` when nothing
   * is being recorded.
   */
  recordedChange(): ContentChange {
    const w = this.#work
    const journal = w.journal
    if (journal === undefined) {
      throw new VectorModelError('invalid-argument', 'recordedChange: no change is being recorded')
    }
    freezeStructure(w)
    const ids = journal.objects.ids()
    const after: (VectorObject | undefined)[] = new Array(ids.length)
    for (let i = 0; i < ids.length; i++) after[i] = w.objects.get(ids[i] as string)
    return recordedChange(journal, ids, after, {
      artboards: w.artboards as unknown as readonly Artboard[],
      selection: w.selection,
      title: w.title,
      author: w.author,
    })
  }

  /**
   * Restores one side of `change` (content: objects, artboards, selection, metadata; the viewport
   * is kept). The draft's content must be the other side's. Ends any recording.
   */
  applyChange(change: ContentChange, side: 'before' | 'after'): void {
    this.endChange()
    const w = this.#work
    const s = change[side]
    const ids = change.objectIds
    let objects = w.objects
    for (let i = 0; i < ids.length; i++) {
      const value = s.objects[i]
      objects = value === undefined ? objects.remove(ids[i] as string) : objects.set(ids[i] as string, value)
    }
    w.objects = objects
    freezeStructure(w)
    w.artboards = s.artboards as unknown as MArtboard[]
    w.selection = s.selection
    w.title = s.title
    w.author = s.author
    w.touched = true
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
  w.journal = undefined
  w.touched = true
}

/** The layer record at a location found by {@link findLayerLoc}. */
export function layerAt(w: Work, loc: LayerLoc): MLayer {
  return (w.artboards[loc.ai] as MArtboard).layers[loc.li] as MLayer
}
