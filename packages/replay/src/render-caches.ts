/**
 * The session's render caches (io-services' `renderCache`: tessellations, the R*Tree of paint
 * bounds): which objects changed (the events' touched objects, or a comparison of documents for
 * undo, redo and deletes of layers and artboards), writing their rows in one transaction after a
 * quiet delay (or at close, or before a read), and the readers built on them: `hitTest`,
 * `objectsIn` and `renderedPaths`. A row is trusted only when its checksum holds, its content hash
 * is the object's and its sequence is within the log; the first read checks every spatial row
 * (nothing happens at open) and repairs the others, and each rendered row is checked as it is read.
 */
import type { WireTunerEvent } from '@wiretuner/event-schema'
import type {
  CacheBox,
  MarkedRenderedPaths,
  RenderCacheStore,
  RenderedPathRow,
  SpatialRow,
} from '@wiretuner/io-services'
import {
  type Bounds,
  type Document,
  decodeTessellation,
  drawingOrderOfObjects,
  hitTestCandidates,
  type Point,
  type Tessellation,
  tessellateObject,
  type VectorObject,
  type ZRank,
  zRanker,
} from '@wiretuner/vector-model'
import { type Scheduler, systemScheduler, type TimerHandle } from './clock.js'
import { touchedObjectIds } from './event-effects.js'
import { matchesContentHash, objectCacheEntry, objectContentHash, paintBox } from './render-cache-rows.js'
import { refreshThumbnails, type Thumbnail, type ThumbnailRenderer, thumbnailOf } from './thumbnails.js'

/** Options of the render caches (`SessionOptions.renderCaches`). */
export interface RenderCacheOptions {
  /** `on` (default): kept where the storage has render caches; `off`: never touched. */
  readonly mode?: 'on' | 'off'
  /** Quiet time after a change before the changed objects' rows are written. Default 250 ms. */
  readonly flushDelayMs?: number
  /** Timer of the delayed writes. Default the system timer. */
  readonly scheduler?: Scheduler
  /**
   * Renders thumbnails (`thumbnails_cache`) from the SVG export: when given, the thumbnails of a
   * changed document are regenerated at close and after `thumbnailDelayMs` (default 2000) of quiet.
   */
  readonly thumbnailRenderer?: ThumbnailRenderer
  readonly thumbnailDelayMs?: number
}

/** What the render caches hold and what this session did to them. */
export interface RenderCacheReport {
  /** False when the storage has no render caches or the mode is `off`. */
  readonly available: boolean
  /** True once every spatial row was checked against the document (first read, or a rebuild). */
  readonly verified: boolean
  /** Objects whose rows are not written yet (changed, or found untrusted). */
  readonly pendingObjects: number
  /** Rows written (object rows, both tables together) and deleted (objects gone, rows or not) by this session. */
  readonly rowsWritten: number
  readonly rowsDeleted: number
  /** Rows found untrusted (damaged, stale, missing) and recomputed. */
  readonly rowsRepaired: number
  /**
   * Rendered rows read on the word of the document's freshness mark (no check per object: see
   * io-services' `readMarkedRenderedPaths`), and whether this session found or wrote a mark
   * current for its document.
   */
  readonly rowsFromMark: number
  readonly marked: boolean
  /** Thumbnails rendered and stored by this session. */
  readonly thumbnailsRendered: number
  /** Writes that failed (a cache: failures never fail an edit or a read). */
  readonly errors: readonly unknown[]
}

/**
 * A spatial row this session trusts: written by it, or checked against the document. `object`
 * is the last object value it was found valid for (the row's hash is that value's), with that
 * value's exact paint box (its four numbers in the record itself: a viewport query reads them
 * for each candidate), so that a reader checks an unchanged object by identity alone.
 */
interface TrustedRow {
  readonly objectId: string
  readonly cacheId: number
  readonly hash: string
  object: VectorObject
  minX: number
  minY: number
  maxX: number
  maxY: number
  /** The object's z-rank given by {@link rankBy} (remembered: no rank lookup while its layer list and ranker hold). */
  rank: number
  rankBy: ZRank | undefined
}

/**
 * A tessellation this session decoded or computed, with the object value it is for and the
 * content hash of the row it came from or went to (`undefined`: not written yet): what
 * {@link RenderCacheKeeper.stop} checks the rows against before marking them fresh.
 */
interface KeptTessellation {
  object: VectorObject
  readonly tessellation: Tessellation
  readonly hash: string | undefined
}

/** Whether `box` and `b` overlap (edges included). */
function overlaps(box: CacheBox, b: CacheBox): boolean {
  return box.maxX >= b.minX && box.minX <= b.maxX && box.maxY >= b.minY && box.minY <= b.maxY
}

/** Sets the row's exact paint box. */
function setBox(row: TrustedRow, box: CacheBox): void {
  row.minX = box.minX
  row.minY = box.minY
  row.maxX = box.maxX
  row.maxY = box.maxY
}

/** The ids of objects that differ between two documents (changed, added or removed). */
function changedObjects(prev: Document, next: Document): string[] {
  const out: string[] = []
  for (const obj of next.objects.values()) if (prev.objects.get(obj.id) !== obj) out.push(obj.id)
  if (prev.objects.size + out.length !== next.objects.size) {
    for (const obj of prev.objects.values()) if (!next.objects.has(obj.id)) out.push(obj.id)
  }
  return out
}

/** Keeps one document's render caches (see the module comment). */
export class RenderCacheKeeper {
  readonly #store: RenderCacheStore
  readonly #writable: boolean
  readonly #documentId: string
  readonly #current: () => { readonly document: Document; readonly sequence: number }
  readonly #delay: number
  readonly #scheduler: Scheduler
  /** Objects whose rows must be (re)written: changed since the last write, or found untrusted. */
  readonly #dirty = new Set<string>()
  /**
   * The document before the first change whose objects are not known yet (an undo, a redo, a
   * refresh): compared with the current one when the pending set is next needed ({@link #settle}),
   * not at the change, so an undo does not pay for a walk over every object.
   */
  #diffBase: Document | undefined
  /** Each object's trusted spatial row (complete once verified). */
  readonly #known = new Map<string, TrustedRow>()
  /**
   * The trusted row of each R*Tree row id (`cache_id`), indexed by it: the ids are SQLite rowids
   * (dense, from 1), and an array read is cheaper than a lookup in a map of 100,000 entries.
   */
  readonly #rows: (TrustedRow | undefined)[] = []
  /**
   * The object table of which every trusted row's `object` is the current value, except for
   * pending objects: set when {@link verify} checked every row, carried by {@link noteChange}
   * from one document to the next (the changed objects become pending), dropped on any change
   * it did not see. While it is the current table, readers skip the per-row lookup.
   */
  #rowsTable: Document['objects'] | undefined
  /**
   * The tessellation this session decoded (or computed) for each object, with the object value
   * it is for: an unchanged object is read from the table once per session. A map by id (not a
   * weak map by value: cheaper to fill); an entry goes with its object's rows.
   */
  readonly #tessellations = new Map<string, KeptTessellation>()
  /**
   * The sequence at which this session knows the document's freshness mark to be current (it
   * read its rows through it, or wrote it), until it writes rows: no new mark is needed then.
   */
  #markedAt: number | undefined
  /**
   * Whether flushes keep what they write in {@link #tessellations}: once this session reads
   * tessellations ({@link renderedPaths}) or rewrites every row ({@link clear}, then a rebuild),
   * so that it knows every row at close and can mark them fresh ({@link #mark}). A session that
   * only edits keeps nothing: no memory held for its writes, no decode per written row.
   */
  #keepWrites = false
  #verified = false
  #timer: TimerHandle | undefined
  readonly #renderer: ThumbnailRenderer | undefined
  readonly #thumbnailDelay: number
  #thumbnailTimer: TimerHandle | undefined
  /** True when the document changed since the thumbnails were last refreshed. */
  #thumbnailsStale = false
  #thumbnailsRendered = 0
  #written = 0
  #deleted = 0
  #repaired = 0
  #fromMark = 0
  readonly #errors: unknown[] = []

  constructor(
    store: RenderCacheStore,
    writable: boolean,
    documentId: string,
    current: () => { readonly document: Document; readonly sequence: number },
    options: RenderCacheOptions,
  ) {
    this.#store = store
    this.#writable = writable
    this.#documentId = documentId
    this.#current = current
    this.#delay = options.flushDelayMs ?? 250
    this.#scheduler = options.scheduler ?? systemScheduler
    this.#renderer = options.thumbnailRenderer
    this.#thumbnailDelay = options.thumbnailDelayMs ?? 2_000
  }

  get report(): RenderCacheReport {
    return {
      available: true,
      verified: this.#verified,
      pendingObjects: this.#settle().size,
      rowsWritten: this.#written,
      rowsDeleted: this.#deleted,
      rowsRepaired: this.#repaired,
      rowsFromMark: this.#fromMark,
      marked: this.#markedAt !== undefined && this.#markedAt === this.#current().sequence,
      thumbnailsRendered: this.#thumbnailsRendered,
      errors: this.#errors,
    }
  }

  /** Marks the objects `events` changed between `prev` and `next` (no events: compare the documents). */
  noteChange(prev: Document, next: Document, events: readonly WireTunerEvent[] | undefined): void {
    if (prev.artboards !== next.artboards || prev.objects !== next.objects) this.#thumbnailsStale = true
    // the chain of trust of the rows' object values follows the change (the changed ids become pending)
    this.#rowsTable = this.#rowsTable === prev.objects ? next.objects : undefined
    if (prev.objects === next.objects) {
      this.#scheduleThumbnails()
      return
    }
    let ids: string[] | undefined = events === undefined ? undefined : []
    for (const event of events ?? []) {
      const touched = touchedObjectIds(event)
      if (touched === undefined) {
        ids = undefined
        break
      }
      ids?.push(...touched)
    }
    if (ids === undefined) this.#diffBase ??= prev
    else for (const id of ids) this.#dirty.add(id)
    if (this.#dirty.size > 0 || this.#diffBase !== undefined) this.#schedule()
    this.#scheduleThumbnails()
  }

  #scheduleThumbnails(): void {
    if (this.#renderer === undefined || !this.#thumbnailsStale || !this.#writable) return
    if (this.#thumbnailTimer !== undefined) this.#scheduler.clearTimeout(this.#thumbnailTimer)
    this.#thumbnailTimer = this.#scheduler.setTimeout(() => {
      this.#thumbnailTimer = undefined
      this.refreshThumbnails()
    }, this.#thumbnailDelay)
  }

  /** Regenerates the stale thumbnails now (when a renderer is set). Never throws: failures are reported. */
  refreshThumbnails(): void {
    if (this.#thumbnailTimer !== undefined) {
      this.#scheduler.clearTimeout(this.#thumbnailTimer)
      this.#thumbnailTimer = undefined
    }
    const renderer = this.#renderer
    if (renderer === undefined || !this.#thumbnailsStale || !this.#writable) return
    const { document, sequence } = this.#current()
    try {
      this.#thumbnailsRendered += refreshThumbnails(document, sequence, renderer, this.#thumbnailStore())
      this.#thumbnailsStale = false
    } catch (error) {
      this.#errors.push(error)
    }
  }

  #thumbnailStore() {
    return { cache: this.#store, documentId: this.#documentId, writable: this.#writable }
  }

  /** The thumbnail of the artboard (or the whole document): the stored one if it matches the document, else rendered now. */
  thumbnail(artboardId: string | undefined, renderer: ThumbnailRenderer): Thumbnail {
    const { document, sequence } = this.#current()
    const thumbnail = thumbnailOf(document, sequence, artboardId, renderer, this.#thumbnailStore())
    if (!thumbnail.fromCache && this.#writable) this.#thumbnailsRendered++
    return thumbnail
  }

  /** The pending objects, with those of the changes not diffed yet ({@link #diffBase}). */
  #settle(): Set<string> {
    const base = this.#diffBase
    if (base !== undefined) {
      this.#diffBase = undefined
      for (const id of changedObjects(base, this.#current().document)) this.#dirty.add(id)
    }
    return this.#dirty
  }

  #schedule(): void {
    if (this.#timer !== undefined || !this.#writable) return
    this.#timer = this.#scheduler.setTimeout(() => {
      this.#timer = undefined
      this.flush()
    }, this.#delay)
  }

  /** Writes the rows of every pending object now (one transaction). Never throws: failures are reported. */
  flush(): void {
    if (this.#timer !== undefined) {
      this.#scheduler.clearTimeout(this.#timer)
      this.#timer = undefined
    }
    if (!this.#writable || this.#settle().size === 0) return
    const { document, sequence } = this.#current()
    const entries = []
    const gone: string[] = []
    let cacheIds: readonly number[]
    for (const id of this.#dirty) {
      const obj = document.objects.get(id)
      if (obj === undefined) {
        if (!this.#verified || this.#known.has(id)) gone.push(id)
      } else {
        const row = this.#known.get(id)
        if (row?.hash !== objectContentHash(obj)) entries.push(objectCacheEntry(obj, sequence))
        else {
          row.object = obj // same render hash (restyled, moved to another layer): same rows
          const kept = this.#tessellations.get(id)
          if (kept?.hash === row.hash) kept.object = obj
        }
      }
    }
    try {
      // one transaction (one commit) for the whole batch
      cacheIds =
        entries.length + gone.length > 0 ? this.#store.writeObjects(this.#documentId, entries, gone) : []
    } catch (error) {
      this.#errors.push(error)
      return
    }
    this.#written += entries.length
    this.#deleted += gone.length
    if (entries.length + gone.length > 0) this.#markedAt = undefined
    for (const id of gone) {
      this.#forget(id)
      this.#tessellations.delete(id)
    }
    entries.forEach((e, i) => {
      const obj = document.objects.get(e.objectId) as VectorObject
      if (e.bounds === undefined) this.#forget(e.objectId)
      else this.#remember(obj, e.contentHash, cacheIds[i] as number, e.bounds)
      // what the row holds now (a view of the written buffer: no copy), when this session keeps writes
      if (this.#keepWrites) {
        this.#tessellations.set(obj.id, {
          object: obj,
          tessellation: decodeTessellation(e.tessellation),
          hash: e.contentHash,
        })
      }
    })
    this.#dirty.clear()
  }

  #remember(object: VectorObject, hash: string, cacheId: number, box: CacheBox): void {
    this.#forget(object.id)
    const { minX, minY, maxX, maxY } = box
    const row: TrustedRow = {
      objectId: object.id,
      cacheId,
      hash,
      object,
      minX,
      minY,
      maxX,
      maxY,
      rank: -1,
      rankBy: undefined,
    }
    this.#known.set(object.id, row)
    this.#rows[cacheId] = row
  }

  #forget(objectId: string): void {
    const row = this.#known.get(objectId)
    if (row === undefined) return
    this.#known.delete(objectId)
    this.#rows[row.cacheId] = undefined
  }

  /** Remembers the tessellation of `object` for this session (see {@link #tessellations}). */
  #keep(
    object: VectorObject,
    tessellation: Tessellation,
    hash: string | undefined,
    out: Map<string, Tessellation>,
  ): void {
    this.#tessellations.set(object.id, { object, tessellation, hash })
    out.set(object.id, tessellation)
  }

  /** Whether a spatial row may be used for the current document. */
  #trusted(row: SpatialRow, document: Document, sequence: number): boolean {
    const obj = document.objects.get(row.objectId)
    return (
      obj !== undefined &&
      row.intact &&
      row.eventSequence >= 0 &&
      row.eventSequence <= sequence &&
      row.contentHash === objectContentHash(obj)
    )
  }

  /**
   * Checks every spatial row against the document (once; again after {@link clear}): untrusted
   * rows, objects without a row and rows of objects no longer there become pending; then
   * writes them (when writable).
   */
  verify(): void {
    if (this.#verified) return
    const { document, sequence } = this.#current()
    this.#known.clear()
    this.#rows.length = 0
    const rows = this.#store.listSpatialRows(this.#documentId)
    // the row-id index filled with holes up front: rows come in object-id order, and writing
    // far past the end of an empty array would turn it into a slow dictionary. Ids are shared
    // by every document of the file and grow as objects are created: past 4 slots per row of
    // this document the index stays a dictionary (slower lookups, memory bounded by the rows)
    let top = 0
    for (const row of rows) if (row.cacheId > top) top = row.cacheId
    if (top <= 4 * rows.length + 4096) for (let i = 0; i <= top; i++) this.#rows.push(undefined)
    for (const row of rows) {
      const obj = document.objects.get(row.objectId)
      const box = obj === undefined ? undefined : paintBox(obj)
      if (obj !== undefined && box !== undefined && this.#trusted(row, document, sequence)) {
        this.#remember(obj, row.contentHash, row.cacheId, box)
      } else {
        this.#dirty.add(row.objectId)
        this.#repaired++
      }
    }
    for (const obj of document.objects.values()) {
      if (!this.#known.has(obj.id) && paintBox(obj) !== undefined) this.#dirty.add(obj.id)
    }
    this.#verified = true
    this.#rowsTable = document.objects
    this.flush()
    // every trusted row's z-rank (those just written too), one pass per layer (its position map
    // is built now): the first viewport queries need no rank lookups either
    for (const artboard of document.artboards) {
      for (const layer of artboard.layers) {
        const rank = zRanker(layer.objectIds, Number.POSITIVE_INFINITY)
        for (const id of layer.objectIds) {
          const row = this.#known.get(id)
          if (row === undefined) continue
          row.rank = rank(id)
          row.rankBy = rank
        }
      }
    }
  }

  /** Deletes every row of the document and forgets what it knew (the next read rebuilds). */
  clear(): void {
    this.flush()
    this.#keepWrites = true
    this.#deleted += this.#store.deleteObjects(this.#documentId)
    this.#markedAt = undefined
    this.#known.clear()
    this.#rows.length = 0
    this.#rowsTable = undefined
    this.#verified = false
  }

  /**
   * The objects whose trusted R*Tree row intersects `box`, plus every pending object; with
   * `exact`, only those whose exact paint box intersects `box` too. The rows were checked
   * by {@link verify} or written by this session, so only their ids are read; an object is
   * looked up only when the document's object table is not {@link #rowsTable}, and re-checked
   * (its hash) only when its value is not the one its row was last found valid for.
   */
  #candidates(box: CacheBox, exact: boolean, keptRows?: (TrustedRow | undefined)[]): VectorObject[] {
    this.verify()
    const { document } = this.#current()
    const dirty = this.#settle()
    const out: VectorObject[] = []
    for (const objectId of dirty) {
      const obj = document.objects.get(objectId)
      const objBox = obj === undefined ? undefined : paintBox(obj)
      if (obj !== undefined && (!exact || (objBox !== undefined && overlaps(box, objBox)))) {
        out.push(obj)
        keptRows?.push(undefined)
      }
    }
    const rows = this.#rows
    const checkDirty = dirty.size > 0
    const current = this.#rowsTable === document.objects
    const { minX, minY, maxX, maxY } = box
    for (const cacheId of this.#store.querySpatialIds(box)) {
      const row = rows[cacheId]
      if (row === undefined || (checkDirty && dirty.has(row.objectId))) continue // another document's, or pending
      const obj = current ? row.object : document.objects.get(row.objectId)
      if (obj === undefined) continue
      if (obj !== row.object) {
        const objBox = paintBox(obj)
        if (objBox === undefined || row.hash !== objectContentHash(obj)) continue
        row.object = obj
        setBox(row, objBox)
      }
      if (!exact || (row.maxX >= minX && row.minX <= maxX && row.maxY >= minY && row.minY <= maxY)) {
        out.push(obj)
        keptRows?.push(row)
      }
    }
    return out
  }

  /** Ids of the objects under `point`, topmost first (R*Tree candidates, then exact geometry). */
  hitTest(point: Point, tolerance: number): string[] {
    const box = {
      minX: point.x - tolerance,
      minY: point.y - tolerance,
      maxX: point.x + tolerance,
      maxY: point.y + tolerance,
    }
    const ids = this.#candidates(box, false).map((obj) => obj.id)
    return hitTestCandidates(this.#current().document, ids, point, { tolerance })
  }

  /** Ids of the visible objects whose paint bounds intersect `rect`, bottom first. */
  objectsIn(rect: Bounds): string[] {
    const box = { minX: rect.x, minY: rect.y, maxX: rect.x + rect.width, maxY: rect.y + rect.height }
    // exact bounds for every candidate (the R*Tree's are float32, rounded outwards)
    const rows: (TrustedRow | undefined)[] = []
    const objects = this.#candidates(box, true, rows)
    // a trusted row remembers its object's rank per ranker (one per layer-list value, see zRanker)
    const rankOf = (i: number, rank: ZRank): number => {
      const row = rows[i]
      if (row === undefined) return rank((objects[i] as VectorObject).id)
      if (row.rankBy !== rank) {
        row.rank = rank(row.objectId)
        row.rankBy = rank
      }
      return row.rank
    }
    return drawingOrderOfObjects(this.#current().document, objects, { rankOf })
  }

  /**
   * The tessellations of `ids` (default: every object), from `rendered_paths_cache` where the row
   * is trusted, recomputed (and repaired) where it is not.
   */
  renderedPaths(ids?: readonly string[]): Map<string, Tessellation> {
    this.#keepWrites = true
    this.flush()
    const { document, sequence } = this.#current()
    const objects = document.objects
    const out = new Map<string, Tessellation>()
    const kept = this.#tessellations
    // the wanted objects not decoded yet by this session; `undefined` when that is every object
    // (nothing decoded yet, as in a new session: no walk over the objects to list them)
    let unread: VectorObject[] | undefined
    if (ids !== undefined || kept.size > 0) {
      const list: VectorObject[] = []
      const want = (obj: VectorObject) => {
        const known = kept.get(obj.id)
        if (known?.object === obj) out.set(obj.id, known.tessellation)
        else list.push(obj)
      }
      if (ids === undefined) for (const obj of objects.values()) want(obj)
      else {
        for (const id of ids) {
          const obj = objects.get(id)
          if (obj !== undefined) want(obj)
        }
      }
      unread = list
    }
    const wanted = unread?.length ?? objects.size
    if (wanted === 0) return out
    const every = unread === undefined || (ids === undefined && out.size === 0)
    // the whole document at a sequence its mark vouches for: every row fresh, no check per object
    const marked =
      every && sequence >= 0 ? this.#store.readMarkedRenderedPaths(this.#documentId, sequence) : undefined
    let decoded = 0
    if (marked !== undefined) {
      this.#markedAt = sequence
      decoded = this.#keepMarked(marked, objects, out)
      this.#fromMark += decoded
    }
    const rows =
      marked !== undefined
        ? []
        : this.#store.readRenderedPaths(this.#documentId, every ? undefined : unread?.map((o) => o.id))
    for (const row of rows) {
      const obj = objects.get(row.objectId)
      // (written so that a sequence that is not a number, NaN included, is refused too)
      if (obj === undefined || !row.intact || !(row.eventSequence >= 0 && row.eventSequence <= sequence))
        continue
      if (!matchesContentHash(obj, row.contentHash)) continue
      try {
        this.#keep(obj, decodeTessellation(row.data), row.contentHash, out)
        decoded++
      } catch {
        // a row whose checksum holds but whose layout does not: recomputed below
      }
    }
    if (decoded < wanted) {
      for (const obj of unread ?? objects.values()) {
        if (out.has(obj.id)) continue
        this.#keep(obj, decodeTessellation(tessellateObject(obj)), undefined, out)
        this.#dirty.add(obj.id)
        this.#forget(obj.id)
        this.#repaired++
      }
    }
    this.#schedule()
    return out
  }

  /** Decodes and keeps the rows a mark vouches for (rows of objects not in the document are skipped); returns the count. */
  #keepMarked(
    marked: MarkedRenderedPaths,
    objects: Document['objects'],
    out: Map<string, Tessellation>,
  ): number {
    const { objectIds, contentHashes, bytes, offsets } = marked
    let decoded = 0
    for (let i = 0; i < objectIds.length; i++) {
      // (one row per object: the store's unique key, and the marking session counted them)
      const obj = objects.get(objectIds[i] as string)
      if (obj === undefined) continue
      const at = offsets[i] as number
      try {
        const tessellation = decodeTessellation(bytes, at, (offsets[i + 1] as number) - at)
        this.#keep(obj, tessellation, contentHashes[i], out)
        decoded++
      } catch {
        // a layout that does not decode (cannot pass the mark's checks unless written so): recomputed
      }
    }
    return decoded
  }

  /**
   * Marks the document's rows fresh at the current sequence (see io-services'
   * `markRenderedPaths`) when this session knows a row for every object: one it read and checked,
   * or wrote, for the object's current value. The store reads the rows again in the marking
   * transaction, and the mark is written only if each row of an object of the document is intact,
   * within the log and holds the content hash this session knows for it, one row per object.
   */
  #mark(): void {
    const kept = this.#tessellations
    const { document, sequence } = this.#current()
    const objects = document.objects
    if (!this.#writable || this.#markedAt === sequence || kept.size === 0 || kept.size < objects.size) return
    for (const obj of objects.values()) {
      const k = kept.get(obj.id)
      if (k?.object !== obj || k.hash === undefined) return
    }
    const accept = (rows: readonly RenderedPathRow[]): boolean => {
      const seen = new Set<string>()
      for (const row of rows) {
        const obj = objects.get(row.objectId)
        if (obj === undefined) continue
        const k = kept.get(row.objectId)
        if (
          k?.object !== obj ||
          k.hash !== row.contentHash ||
          !row.intact ||
          !(row.eventSequence >= 0 && row.eventSequence <= sequence)
        )
          return false
        seen.add(row.objectId)
      }
      return seen.size === objects.size
    }
    try {
      if (this.#store.markRenderedPaths(this.#documentId, sequence, accept)) this.#markedAt = sequence
    } catch (error) {
      this.#errors.push(error)
    }
  }

  /**
   * Writes what is pending, marks the rows fresh when this session knows every one (see
   * {@link #mark}), regenerates stale thumbnails and stops the timers (at close).
   */
  stop(): void {
    this.flush()
    if (this.#settle().size === 0) this.#mark()
    this.refreshThumbnails()
  }
}
