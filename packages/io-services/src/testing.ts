/**
 * Test support for code that embeds io-services (`@wiretuner/io-services/testing`): damaging a
 * stored snapshot, history index entry or render cache row on purpose, to check that loading skips and reports it. Not for production use.
 */
import type { AsyncDocumentStorage } from './async-storage.js'
import { damageHookOf, type RenderCacheDamage } from './damage-hooks.js'
import { StorageError } from './errors.js'
import type { DocumentStorage } from './types.js'

/**
 * Replaces the stored blob of snapshot `snapshotId` of `documentId` by `blob` as it is (no
 * compression, no checks), as on-disk damage would. Works on the storages this package creates
 * (SQLite files, `:memory:`, the in-memory storage, PostgreSQL and `asAsyncStorage` adapters:
 * those two return a promise); throws `StorageError` `invalid-argument` for any other object,
 * `read-only` / `closed` / `unknown-document` as a write would.
 */
export function corruptSnapshot(
  storage: DocumentStorage,
  documentId: string,
  snapshotId: number,
  blob: Uint8Array,
): void
export function corruptSnapshot(
  storage: AsyncDocumentStorage,
  documentId: string,
  snapshotId: number,
  blob: Uint8Array,
): Promise<void>
export function corruptSnapshot(
  storage: DocumentStorage | AsyncDocumentStorage,
  documentId: string,
  snapshotId: number,
  blob: Uint8Array,
): void | Promise<void>
export function corruptSnapshot(
  storage: DocumentStorage | AsyncDocumentStorage,
  documentId: string,
  snapshotId: number,
  blob: Uint8Array,
): void | Promise<void> {
  const hook = damageHookOf(storage)
  if (hook === undefined) {
    throw new StorageError(
      'invalid-argument',
      'corruptSnapshot: the storage was not created by @wiretuner/io-services',
    )
  }
  return hook.snapshot(documentId, snapshotId, blob)
}

/**
 * Replaces the stored blob of the history index entry at `eventSequence` of `documentId` by
 * `blob` as it is, as on-disk damage would (see {@link corruptSnapshot}).
 */
export function corruptHistoryEntry(
  storage: DocumentStorage,
  documentId: string,
  eventSequence: number,
  blob: Uint8Array,
): void
export function corruptHistoryEntry(
  storage: AsyncDocumentStorage,
  documentId: string,
  eventSequence: number,
  blob: Uint8Array,
): Promise<void>
export function corruptHistoryEntry(
  storage: DocumentStorage | AsyncDocumentStorage,
  documentId: string,
  eventSequence: number,
  blob: Uint8Array,
): void | Promise<void>
export function corruptHistoryEntry(
  storage: DocumentStorage | AsyncDocumentStorage,
  documentId: string,
  eventSequence: number,
  blob: Uint8Array,
): void | Promise<void> {
  const hook = damageHookOf(storage)
  if (hook === undefined) {
    throw new StorageError(
      'invalid-argument',
      'corruptHistoryEntry: the storage was not created by @wiretuner/io-services',
    )
  }
  return hook.historyEntry(documentId, eventSequence, blob)
}

export type { RenderCacheDamage }

/**
 * Damages the render cache rows of `objectId` of `documentId` as described by `damage` (see
 * {@link RenderCacheDamage}), as on-disk damage or a buggy writer would. Throws `StorageError`
 * `invalid-argument` for a storage without render caches or an object without rows.
 */
export function corruptRenderCache(
  storage: DocumentStorage,
  documentId: string,
  objectId: string,
  damage: RenderCacheDamage,
): void {
  const hook = damageHookOf(storage)?.renderCacheRow
  if (hook === undefined) {
    throw new StorageError('invalid-argument', 'corruptRenderCache: the storage has no render caches')
  }
  hook(documentId, objectId, damage)
}
