/**
 * The storage contract for asynchronous drivers (PostgreSQL over the network): the SAME methods,
 * arguments, results and errors as {@link DocumentStorage}, each returning a promise, and
 * `readEvents` an `AsyncIterable`. Code that must run on every storage (the sync server) is
 * written against this type; {@link asAsyncStorage} adapts a synchronous storage (SQLite file,
 * OPFS file, memory) to it without copying anything.
 */
import { damageHookOf, registerDamageHook } from './damage-hooks.js'
import type { DocumentStorage, ReadItem, ReadRange } from './types.js'

type Promised<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : T[K]
}

/**
 * {@link DocumentStorage} with every method asynchronous. Semantics, error codes and ordering are
 * those of the synchronous contract (the shared contract suite runs on both).
 */
export interface AsyncDocumentStorage extends Omit<Promised<DocumentStorage>, 'readEvents'> {
  /** Streams the range in sequence order (see {@link DocumentStorage.readEvents}). */
  readEvents(documentId: string, range?: ReadRange): AsyncIterable<ReadItem>
}

/**
 * Adapts a synchronous storage to {@link AsyncDocumentStorage}. Each call runs synchronously and
 * settles its promise with the result (or rejects with the same `StorageError`). An async
 * iteration of `readEvents` holds the connection's read statement open between items, as the
 * synchronous one does: finish or `break` it before writing.
 */
export function asAsyncStorage(storage: DocumentStorage): AsyncDocumentStorage {
  const call =
    <A extends unknown[], R>(method: (...args: A) => R) =>
    (...args: A): Promise<R> => {
      try {
        return Promise.resolve(method.apply(storage, args))
      } catch (error) {
        return Promise.reject(error)
      }
    }
  const adapter: AsyncDocumentStorage = {
    get readOnly() {
      return storage.readOnly
    },
    get historyIndexAvailable() {
      return storage.historyIndexAvailable
    },
    createDocument: call(storage.createDocument),
    getMetadata: call(storage.getMetadata),
    setMetadata: call(storage.setMetadata),
    listDocuments: call(storage.listDocuments),
    deleteDocument: call(storage.deleteDocument),
    nextSequence: call(storage.nextSequence),
    eventCount: call(storage.eventCount),
    append: call(storage.append),
    logBytes: call(storage.logBytes),
    eventUserId: call(storage.eventUserId),
    async *readEvents(documentId, range) {
      yield* storage.readEvents(documentId, range)
    },
    writeSnapshot: call(storage.writeSnapshot),
    loadLatestSnapshot: call(storage.loadLatestSnapshot),
    listSnapshots: call(storage.listSnapshots),
    verifySnapshots: call(storage.verifySnapshots),
    pruneSnapshots: call(storage.pruneSnapshots),
    deleteSnapshots: call(storage.deleteSnapshots),
    writeHistoryEntry: call(storage.writeHistoryEntry),
    loadHistoryEntry: call(storage.loadHistoryEntry),
    listHistoryEntries: call(storage.listHistoryEntries),
    deleteHistoryEntries: call(storage.deleteHistoryEntries),
  }
  // the testing entry's damage hooks reach the wrapped storage (as promises, like every call)
  const hook = damageHookOf(storage)
  if (hook !== undefined)
    registerDamageHook(adapter, {
      snapshot: async (documentId, snapshotId, blob) => hook.snapshot(documentId, snapshotId, blob),
      historyEntry: async (documentId, sequence, blob) => hook.historyEntry(documentId, sequence, blob),
    })
  return adapter
}
