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
import type { Artboard, Document, Layer, ObjectTable, Selection, VectorObject, Viewport } from './types.js'

/** Current document schema version (serialized as `schemaVersion`). */
export const DOCUMENT_FORMAT_VERSION = 1

/**
 * The internal document is the public one with its collections as what they are: every
 * `Document['objects']` this package makes is a {@link HamtMap} and every layer's `objectIds` an
 * {@link OrderedIdSet}. These "stored" types are subtypes of the public ones (a stored document
 * IS a public document, no conversion on the way out); the way in is {@link storedObjects} and
 * {@link storedArtboards}, which check it (a document assembled by hand with other collections
 * gets an `invalid-argument` error).
 */
export interface StoredLayer extends Layer {
  readonly objectIds: OrderedIdSet
}

/** An artboard whose layers are {@link StoredLayer}s. */
export interface StoredArtboard extends Artboard {
  readonly layers: readonly StoredLayer[]
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** The mutable twin of a layer, created (owned) by a work: safe to change in place. */
export type MLayer = Mutable<StoredLayer>

/** The mutable twin of an artboard, created (owned) by a work: its layer array is its own. */
export interface MArtboard extends Mutable<Omit<StoredArtboard, 'layers'>> {
  layers: StoredLayer[]
}

/** The object map of a document (see {@link StoredLayer}); throws `invalid-argument` for another table. */
export function storedObjects(objects: ObjectTable, where: string): HamtMap<VectorObject> {
  if (isObjectMap(objects)) return objects
  throw new VectorModelError(
    'invalid-argument',
    `${where}: the document's objects table was not made by vector-model (build documents with createDocument or parseDocument)`,
  )
}

function isObjectMap(objects: ObjectTable): objects is HamtMap<VectorObject> {
  return objects instanceof HamtMap
}

/** The artboards of a document (see {@link StoredLayer}); throws `invalid-argument` for other layers. */
export function storedArtboards(artboards: readonly Artboard[], where: string): readonly StoredArtboard[] {
  if (isStored(artboards)) return artboards
  throw new VectorModelError(
    'invalid-argument',
    `${where}: a layer's objectIds was not made by vector-model (build documents with createDocument or parseDocument)`,
  )
}

function isStored(artboards: readonly Artboard[]): artboards is readonly StoredArtboard[] {
  for (const ab of artboards)
    for (const layer of ab.layers) if (!(layer.objectIds instanceof OrderedIdSet)) return false
  return true
}

/**
 * What a work created itself and may therefore change in place: the artboard array, artboards
 * and layers (each map holds an object under itself, typed as its mutable twin).
 */
interface Owned {
  array: StoredArtboard[] | undefined
  readonly artboards: Map<StoredArtboard, MArtboard>
  readonly layers: Map<StoredLayer, MLayer>
}

/** A working copy of a document. */
export interface Work {
  readonly batch: boolean
  id: string
  title: string
  author: string | undefined
  artboards: readonly StoredArtboard[]
  objects: HamtMap<VectorObject>
  selection: Selection
  viewport: Viewport
  /** What this work created (safe to mutate in place); `undefined` until the first copy. */
  owned: Owned | undefined
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
  const objects = storedObjects(doc.objects, 'edit')
  return {
    batch,
    id: doc.id,
    title: doc.title,
    author: doc.author,
    artboards: storedArtboards(doc.artboards, 'edit'),
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
  const artboards = w.artboards
  const objects = w.objects
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
  const owned = w.owned
  if (owned === undefined) return
  for (const layer of owned.layers.values()) layer.objectIds = layer.objectIds.asImmutable()
  owned.layers.clear()
  owned.artboards.clear()
  owned.array = undefined
}

function ownedBy(w: Work): Owned {
  if (w.owned === undefined) w.owned = { array: undefined, artboards: new Map(), layers: new Map() }
  return w.owned
}

/** The artboard array, copied once per work. */
export function writableArtboards(w: Work): StoredArtboard[] {
  const owned = ownedBy(w)
  // the owned array is current unless `w.artboards` was replaced since (applyChange, replaceWork)
  if (owned.array === undefined || owned.array !== w.artboards) {
    owned.array = w.artboards.slice()
    w.artboards = owned.array
  }
  return owned.array
}

/** The artboard at `ai`, copied (with its layer array) once per work. */
export function writableArtboard(w: Work, ai: number): MArtboard {
  const ab = w.artboards[ai] as StoredArtboard
  const mine = w.owned?.artboards.get(ab)
  if (mine !== undefined) return mine
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
  ownedBy(w).artboards.set(copy, copy)
  return copy
}

/** The layer at `loc`, copied once per work; in batch mode its id set becomes transient. */
export function writableLayer(w: Work, loc: LayerLoc): MLayer {
  const ab = writableArtboard(w, loc.ai)
  const layer = ab.layers[loc.li] as StoredLayer
  const mine = w.owned?.layers.get(layer)
  if (mine !== undefined) return mine
  const copy: MLayer = {
    id: layer.id,
    name: layer.name,
    visible: layer.visible,
    locked: layer.locked,
    objectIds: w.batch ? layer.objectIds.asMutable() : layer.objectIds,
  }
  ab.layers[loc.li] = copy
  ownedBy(w).layers.set(copy, copy)
  return copy
}

/** Registers a layer created in this work (so batch mode may mutate it). */
export function ownNewLayer(w: Work, layer: MLayer): MLayer {
  if (w.batch) layer.objectIds = layer.objectIds.asMutable()
  ownedBy(w).layers.set(layer, layer)
  return layer
}

/** Finds a layer by id (scan over artboards and layers; there are few). */
export function findLayerLoc(w: Work, layerId: string): LayerLoc | undefined {
  const abs = w.artboards
  for (let ai = 0; ai < abs.length; ai++) {
    const layers = (abs[ai] as StoredArtboard).layers
    for (let li = 0; li < layers.length; li++) {
      if ((layers[li] as StoredLayer).id === layerId) return { ai, li }
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
    const n = (w.artboards[ai] as StoredArtboard).layers.length
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
    w.objects = w.objects.asMutable(w.journal?.objects)
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
    journal.artboards = w.artboards
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
        artboards: w.artboards,
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
      artboards: w.artboards,
      selection: w.selection,
      title: w.title,
      author: w.author,
    })
  }

  /**
   * True when the draft's content is, for everything `change` covers, exactly (same references)
   * its `side`: the touched objects, the artboards, title and author (the selection is not
   * compared). Reads only; a cheap test before {@link applyChange} of the other side.
   */
  matchesChangeSide(change: ContentChange, side: 'before' | 'after'): boolean {
    const w = this.#work
    const s = change[side]
    if (w.artboards !== s.artboards || w.title !== s.title || w.author !== s.author) return false
    const ids = change.objectIds
    for (let i = 0; i < ids.length; i++) if (w.objects.get(ids[i] as string) !== s.objects[i]) return false
    return true
  }

  /**
   * Restores one side of `change` (content: objects, artboards, selection, metadata; the viewport
   * is kept). The draft's content must be the other side's. Ends any recording.
   */
  applyChange(change: ContentChange, side: 'before' | 'after'): void {
    const s = change[side]
    const artboards = storedArtboards(s.artboards, 'applyChange')
    this.endChange()
    const w = this.#work
    const ids = change.objectIds
    let objects = w.objects
    for (let i = 0; i < ids.length; i++) {
      const value = s.objects[i]
      objects = value === undefined ? objects.remove(ids[i] as string) : objects.set(ids[i] as string, value)
    }
    w.objects = objects
    freezeStructure(w)
    w.artboards = artboards
    w.selection = s.selection
    w.title = s.title
    w.author = s.author
    w.touched = true
  }

  /**
   * @internal Runs `fn` on the draft's working copy: how this package's operations edit a draft
   * (use them, see {@link edit}).
   */
  editWork(fn: (w: Work) => void): void {
    const w = this.#work
    fn(w)
    w.touched = true
  }

  /** @internal Replaces the draft's content with `doc`'s (use `restoreContent`). */
  replaceWork(doc: Document, keepViewport: boolean): void {
    const w = this.#work
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
    target.editWork(fn)
    return target
  }
  const w = openWork(target as Document, false)
  fn(w)
  return closeWork(w) as T
}

/** Replaces a draft's state with `doc`'s (keeping the draft's viewport when asked); for restoreContent. */
export function replaceWork(target: DocumentDraft, doc: Document, keepViewport: boolean): void {
  target.replaceWork(doc, keepViewport)
}

/** The layer record at a location found by {@link findLayerLoc}. */
export function layerAt(w: Work, loc: LayerLoc): StoredLayer {
  return (w.artboards[loc.ai] as StoredArtboard).layers[loc.li] as StoredLayer
}
