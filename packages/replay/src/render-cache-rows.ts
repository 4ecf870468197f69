/**
 * What the render caches hold for one object, computed from the object alone: its content hash
 * (what a row is valid for), its tessellation buffer and its paint bounds. Hashes and boxes are
 * memoized per object value (objects are immutable, so an unchanged object is hashed once), in
 * one record per value: one weak-map entry per object, not one per fact.
 */
import type { CacheBox, ObjectCacheEntry } from '@wiretuner/io-services'
import {
  objectPaintBounds,
  renderHash,
  renderHashEquals,
  tessellateObject,
  type VectorObject,
} from '@wiretuner/vector-model'

/** What is remembered of one object value (each field computed on first need). */
interface ObjectMemo {
  hash: string | undefined
  /** `null`: computed, and the object has no paint bounds. */
  box: CacheBox | null | undefined
}

const memos = new WeakMap<VectorObject, ObjectMemo>()

/** The memo record of `obj` (created empty on first need). */
function objectMemo(obj: VectorObject): ObjectMemo {
  let memo = memos.get(obj)
  if (memo === undefined) {
    memo = { hash: undefined, box: undefined }
    memos.set(obj, memo)
  }
  return memo
}

/** 53-bit string hash (cyrb53 by bryc, public domain) with a seed. */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

/** Hash of a text: two seeded 53-bit hashes, 28 hex digits (collisions are not a practical concern). */
export function textHash(text: string): string {
  return cyrb53(text, 1).toString(16).padStart(14, '0') + cyrb53(text, 2).toString(16).padStart(14, '0')
}

/**
 * The content hash a row of the object records: vector-model's `renderHash` (16 hex digits) of
 * what its tessellation and paint bounds depend on, so that a restyled object keeps its rows.
 * Memoized per value. Rows written by earlier builds (a 28-digit hash of the JSON text) never
 * match it: they are recomputed and repaired on first read.
 */
export function objectContentHash(obj: VectorObject): string {
  const memo = objectMemo(obj)
  memo.hash ??= renderHash(obj)
  return memo.hash
}

/**
 * Whether `hash` is the object's content hash, without memoizing the hash when it is not known
 * yet and without making its text: for a reader that checks each object once (a weak-map entry
 * and the hash's string cost about as much as the hash).
 */
export function matchesContentHash(obj: VectorObject, hash: string): boolean {
  const known = memos.get(obj)?.hash
  return known === undefined ? renderHashEquals(obj, hash) : known === hash
}

/** The object's paint bounds as a cache box, or `undefined` for an empty object. Memoized per value. */
export function paintBox(obj: VectorObject): CacheBox | undefined {
  const memo = objectMemo(obj)
  if (memo.box === undefined) {
    const b = objectPaintBounds(obj)
    memo.box = b === undefined ? null : { minX: b.x, minY: b.y, maxX: b.x + b.width, maxY: b.y + b.height }
  }
  return memo.box ?? undefined
}

/** The rows of `obj` valid for `eventSequence` (tessellated at zoom 1: 0.25 world units). */
export function objectCacheEntry(obj: VectorObject, eventSequence: number): ObjectCacheEntry {
  return {
    objectId: obj.id,
    eventSequence,
    contentHash: objectContentHash(obj),
    tessellation: tessellateObject(obj),
    bounds: paintBox(obj),
  }
}
