/**
 * Where each storage registers how to damage its own snapshots, for tests of the recovery paths
 * (a corrupt snapshot must be skipped and reported). Kept out of the storages' public types: the
 * only way to reach a hook is the `@wiretuner/io-services/testing` entry.
 */

/**
 * Replaces a stored blob as it is, bypassing compression and checks: synchronously on the
 * synchronous storages, with a promise on the asynchronous ones (PostgreSQL, `asAsyncStorage`).
 */
export interface DamageHooks {
  /** A snapshot's blob, by snapshot id. */
  snapshot(documentId: string, snapshotId: number, blob: Uint8Array): void | Promise<void>
  /** A history index entry's blob, by sequence. */
  historyEntry(documentId: string, eventSequence: number, blob: Uint8Array): void | Promise<void>
  /** A render cache row of an object (storages with render caches only). */
  renderCacheRow?(documentId: string, objectId: string, damage: RenderCacheDamage): void
}

/**
 * Damage to one object's render cache rows: `path-byte` flips one byte of its tessellation
 * (checksum kept: the store sees it); `spatial-box` moves its R*Tree box (checksum kept);
 * `validity` rewrites the sequence and/or content hash of both rows with matching checksums
 * (a row claiming to be valid for what it was not computed for: only the reader's check sees it);
 * `mark` rewrites the document's freshness mark (format 7) for another sequence and/or event id,
 * its own checksum recomputed (the object id is not used). None of them touches the mark
 * otherwise: like damage on disk, it is left for the readers to find.
 */
export type RenderCacheDamage =
  | { readonly kind: 'path-byte'; readonly byteIndex: number }
  | { readonly kind: 'spatial-box'; readonly dx: number }
  | { readonly kind: 'validity'; readonly eventSequence?: number; readonly contentHash?: string }
  | { readonly kind: 'mark'; readonly eventSequence?: number; readonly eventId?: number }

const hooks = new WeakMap<object, DamageHooks>()

/** Registers `storage`'s damage hooks (called by the storages' constructors). */
export function registerDamageHook(storage: object, hook: DamageHooks): void {
  hooks.set(storage, hook)
}

/** The damage hooks of `storage`, if it is one of this package's storages. */
export function damageHookOf(storage: object): DamageHooks | undefined {
  return hooks.get(storage)
}
