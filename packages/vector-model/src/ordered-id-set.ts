/**
 * The ids of a layer's objects in z-order: a small persistent ordered set of strings with
 * transients, the `IdList` every layer exposes (vector-model's own, like `hamt.ts`, so the package
 * has one persistent-collection story and no dependency for it).
 *
 * Design:
 * - The ids sit in order in chunks of at most 32 under a root array of chunks. Building from an
 *   array only slices it into chunks: no hashing per id, which is what makes opening a document
 *   cheap.
 * - Every chunk carries a number key that increases along the order (a chunk appended gets the
 *   last key + 1; a chunk copied for an edit keeps its key), so the root can be binary searched
 *   by key.
 * - An index from id to chunk key (a {@link HamtMap}) is built lazily and then carried along by
 *   the later versions (an append sets its id, a remove removes it). Until then `has` and
 *   `remove` scan the chunks (`indexOf`, a builtin: microseconds even in a cold process, where
 *   hashing every id costs milliseconds); after {@link SCANS_BEFORE_INDEX} scans in a lineage of
 *   versions the index is built. A set of one chunk is always scanned.
 * - Append copies the last chunk and the root; remove looks the chunk key up, binary searches the
 *   root, copies that chunk and the root. Two adjacent chunks always hold more than 32 ids
 *   together (a remove merges its chunk into a neighbour when they fit in one, re-keying the ids
 *   of the smaller), so the root has at most about n/16 + 1 chunks: once indexed, append and
 *   remove are O(log n + n/32) (O(1) amortized in place in a transient) and `has` O(log n); the
 *   scans before the index (O(n) each, at most eight a lineage) add up to less than building it.
 * - Transients as in `hamt.ts`: `asMutable()` gives a set whose edits mutate in place the chunks
 *   and root it created itself (marked with its owner token), copy-on-write against everything
 *   shared; `asImmutable()` makes it persistent again. Chunks are never frozen (`Object.freeze`
 *   costs in a cold process), they are private and only an owning transient writes them.
 */
import { HamtMap } from './hamt.js'
import type { IdList } from './types.js'

type Owner = object

/** Most ids in one chunk. */
const CHUNK = 32

/** Lookups (`has`, `remove`) answered by scanning before the id index is built. */
const SCANS_BEFORE_INDEX = 8

/** A run of ids in order; `key` increases along the root. */
class Chunk {
  readonly key: number
  ids: string[]
  readonly owner: Owner | undefined
  constructor(key: number, ids: string[], owner: Owner | undefined) {
    this.key = key
    this.ids = ids
    this.owner = owner
  }
}

const EMPTY_ROOT: readonly Chunk[] = Object.freeze([])

/** Position in `root` of the chunk with `key` (present by construction). */
function chunkIndex(root: readonly Chunk[], key: number): number {
  let lo = 0
  let hi = root.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((root[mid] as Chunk).key < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Persistent ordered set of ids (see module comment). */
export class OrderedIdSet implements IdList {
  #root: readonly Chunk[]
  #size: number
  /** id → chunk key, or `undefined` until first needed. */
  #index: HamtMap<number> | undefined
  /** Transient: the token marking chunks this set may mutate; `undefined` when persistent. */
  #owner: Owner | undefined
  /** Transient: whether `#root` is this set's own array (mutable in place). */
  #rootOwned: boolean
  /** Lookups answered by scanning, by this set and the versions it comes from (no index yet). */
  #scans: number

  private constructor(
    root: readonly Chunk[],
    size: number,
    index: HamtMap<number> | undefined,
    owner: Owner | undefined,
    scans: number,
  ) {
    this.#root = root
    this.#size = size
    this.#index = index
    this.#owner = owner
    this.#rootOwned = false
    this.#scans = scans
  }

  /** The empty set. */
  static empty(): OrderedIdSet {
    return new OrderedIdSet(EMPTY_ROOT, 0, undefined, undefined, 0)
  }

  /** A set holding `ids` in their order (they must be distinct; not checked, nothing is hashed). */
  static from(ids: readonly string[]): OrderedIdSet {
    const n = ids.length
    if (n === 0) return OrderedIdSet.empty()
    const root: Chunk[] = new Array(Math.ceil(n / CHUNK))
    for (let k = 0, i = 0; i < n; k++, i += CHUNK) root[k] = new Chunk(k, ids.slice(i, i + CHUNK), undefined)
    return new OrderedIdSet(root, n, undefined, undefined, 0)
  }

  /** Number of ids. */
  get size(): number {
    return this.#size
  }

  /** Whether `id` is in the set. */
  has(id: string): boolean {
    const index = this.#index ?? this.#indexUnlessScan()
    return index === undefined ? this.#scan(id) >= 0 : index.has(id)
  }

  /**
   * A number that increases along the order (position of `id`'s chunk × 32 + its place in the
   * chunk), or -1 when absent: compares ids of this version in O(log n) without listing them.
   */
  rank(id: string): number {
    const index = this.#index ?? this.#indexUnlessScan()
    const root = this.#root
    let c: number
    if (index === undefined) c = this.#scan(id)
    else {
      const key = index.get(id)
      c = key === undefined ? -1 : chunkIndex(root, key)
    }
    if (c < 0) return -1
    return c * CHUNK + (root[c] as Chunk).ids.indexOf(id)
  }

  /** The ids in order. */
  *[Symbol.iterator](): IterableIterator<string> {
    const root = this.#root
    for (let c = 0; c < root.length; c++) {
      const ids = (root[c] as Chunk).ids
      for (let i = 0; i < ids.length; i++) yield ids[i] as string
    }
  }

  /** The ids in order, as a new array. */
  toArray(): string[] {
    const out: string[] = []
    for (const chunk of this.#root) for (const id of chunk.ids) out.push(id)
    return out
  }

  /**
   * A set with `id` appended at the end (this set itself when transient). `id` must not be in the
   * set already (not checked: the caller knows, e.g. from the object table).
   */
  append(id: string): OrderedIdSet {
    const owner = this.#owner
    const root = this.#writableRoot()
    const n = root.length
    const last = root[n - 1]
    let key: number
    if (last === undefined || last.ids.length === CHUNK) {
      key = last === undefined ? 0 : last.key + 1
      root.push(new Chunk(key, [id], owner))
    } else {
      key = last.key
      if (owner !== undefined && last.owner === owner) last.ids.push(id)
      else {
        const ids = last.ids.slice()
        ids.push(id)
        root[n - 1] = new Chunk(key, ids, owner)
      }
    }
    const index = this.#index === undefined ? undefined : this.#index.set(id, key)
    return this.#result(root, this.#size + 1, index)
  }

  /** A set without `id` (this set itself when transient or when `id` is absent). */
  remove(id: string): OrderedIdSet {
    const cur = this.#root
    if (cur.length === 0) return this
    let index = this.#index ?? this.#indexUnlessScan()
    let ci: number
    if (index === undefined) ci = this.#scan(id)
    else {
      const key = index.get(id)
      ci = key === undefined ? -1 : chunkIndex(cur, key)
    }
    if (ci < 0) return this
    const i = (cur[ci] as Chunk).ids.indexOf(id)
    const owner = this.#owner
    const root = this.#writableRoot()
    const chunk = this.#writableChunk(root, ci)
    chunk.ids.splice(i, 1)
    if (index !== undefined) index = index.remove(id)
    index = this.#mergeAround(root, ci, index, owner)
    return this.#result(root, this.#size - 1, index)
  }

  /**
   * Keeps two adjacent chunks holding more than {@link CHUNK} ids together: merges chunk `ci`
   * (just shrunk) with a neighbour when both fit in one chunk (an empty chunk is just dropped).
   * The merged chunk keeps the key of the larger side; the ids of the smaller are re-keyed.
   */
  #mergeAround(
    root: Chunk[],
    ci: number,
    index: HamtMap<number> | undefined,
    owner: Owner | undefined,
  ): HamtMap<number> | undefined {
    const chunk = root[ci] as Chunk
    if (chunk.ids.length === 0) {
      root.splice(ci, 1)
      return index
    }
    const left = root[ci - 1]
    const right = root[ci + 1]
    let at: number
    if (left !== undefined && left.ids.length + chunk.ids.length <= CHUNK) at = ci - 1
    else if (right !== undefined && right.ids.length + chunk.ids.length <= CHUNK) at = ci
    else return index
    const a = root[at] as Chunk
    const b = root[at + 1] as Chunk
    const keep = a.ids.length >= b.ids.length ? a : b
    const moved = keep === a ? b : a
    if (index !== undefined) for (const id of moved.ids) index = index.set(id, keep.key)
    root.splice(at, 2, new Chunk(keep.key, a.ids.concat(b.ids), owner))
    return index
  }

  /**
   * A transient copy: its edits mutate in place what it created itself; this set is never changed
   * by them. On a transient set, returns it.
   */
  asMutable(): OrderedIdSet {
    if (this.#owner !== undefined) return this
    return new OrderedIdSet(this.#root, this.#size, this.#index?.asMutable(), {}, this.#scans)
  }

  /** Ends the transient state of this set and returns it (persistent from now on). */
  asImmutable(): OrderedIdSet {
    if (this.#owner !== undefined) {
      this.#owner = undefined
      this.#rootOwned = false
      this.#index = this.#index?.asImmutable()
    }
    return this
  }

  /**
   * For a lookup without an index: `undefined` when it is to scan (one chunk, or fewer than
   * {@link SCANS_BEFORE_INDEX} scans so far, counted here), else the index, built now.
   */
  #indexUnlessScan(): HamtMap<number> | undefined {
    if (this.#root.length <= 1) return undefined
    // counted on a persistent set too (a cache policy, like the index itself): repeated lookups
    // on the same version end up indexed
    if (this.#scans < SCANS_BEFORE_INDEX) {
      this.#scans++
      return undefined
    }
    return this.#buildIndex()
  }

  /** Position in the root of the chunk holding `id`, or -1. */
  #scan(id: string): number {
    const root = this.#root
    for (let c = 0; c < root.length; c++) if ((root[c] as Chunk).ids.includes(id)) return c
    return -1
  }

  /** Builds the id → chunk key index (kept transient in a transient set). */
  #buildIndex(): HamtMap<number> {
    let index = HamtMap.empty<number>().asMutable()
    for (const chunk of this.#root) for (const id of chunk.ids) index = index.set(id, chunk.key)
    if (this.#owner === undefined) index = index.asImmutable()
    this.#index = index
    return index
  }

  /** The root to edit: this set's own when transient (copied once), else a copy. */
  #writableRoot(): Chunk[] {
    if (this.#owner !== undefined && this.#rootOwned) return this.#root as Chunk[]
    return this.#root.slice()
  }

  /** Chunk `ci` of a writable `root`, copied into it unless this transient owns it already. */
  #writableChunk(root: Chunk[], ci: number): Chunk {
    const chunk = root[ci] as Chunk
    const owner = this.#owner
    if (owner !== undefined && chunk.owner === owner) return chunk
    const copy = new Chunk(chunk.key, chunk.ids.slice(), owner)
    root[ci] = copy
    return copy
  }

  /** This set updated in place when transient, else a new persistent set. */
  #result(root: Chunk[], size: number, index: HamtMap<number> | undefined): OrderedIdSet {
    if (this.#owner !== undefined) {
      this.#root = root
      this.#rootOwned = true
      this.#size = size
      this.#index = index
      return this
    }
    return new OrderedIdSet(root, size, index, undefined, this.#scans)
  }
}

/**
 * A layer's `objectIds` holding `ids` in order (they must be distinct; not checked): for code that
 * builds the artboards of a `ContentChange` side itself (replay's multi-user undo merge).
 */
export function idListOf(ids: readonly string[]): IdList {
  return OrderedIdSet.from(ids)
}
