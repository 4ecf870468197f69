/**
 * Where the server keeps documents, behind one small interface: a directory with one
 * `.wiretuner` file (SQLite) per document, opened on first use through io-services' `./node`
 * entry and adapted with `asAsyncStorage`, or any {@link AsyncDocumentStorage} holding every
 * document (PostgreSQL). Document ids are checked (lower-case UUIDv4) before they name a file.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { isUuidV4 } from '@wiretuner/event-schema'
import { type AsyncDocumentStorage, asAsyncStorage } from '@wiretuner/io-services'
import { openWireTunerFile, type SynchronousMode, type WireTunerFile } from '@wiretuner/io-services/node'

/** A source of storages per document. */
export interface DocumentStore {
  /**
   * The storage holding `documentId` (opened on first use). With `create: false`, undefined when
   * the document does not exist; with `create: true` the storage may not hold it yet (the caller
   * creates it).
   */
  storageFor(documentId: string, create: boolean): Promise<AsyncDocumentStorage | undefined>
  /**
   * The server no longer uses `documentId` (unloaded): a store may close what it opened for it;
   * the next `storageFor` opens it again.
   */
  release?(documentId: string): Promise<void>
  /** Closes everything this store opened. */
  close(): Promise<void>
}

/** Options of {@link directoryStore}. */
export interface DirectoryStoreOptions {
  /**
   * SQLite `synchronous` of the files: `full` (default: an acknowledged event survives a power
   * loss) or `normal` (WAL without an fsync per commit: survives a crash of the process, may lose
   * the last commits on a power loss; much less time blocked in fsync).
   */
  readonly synchronous?: SynchronousMode
}

/** A store with one `.wiretuner` file per document in `directory` (created if missing). */
export function directoryStore(directory: string, options: DirectoryStoreOptions = {}): DocumentStore {
  mkdirSync(directory, { recursive: true })
  const files = new Map<string, Promise<WireTunerFile>>()
  return {
    async storageFor(documentId, create) {
      if (!isUuidV4(documentId)) return undefined
      let file = files.get(documentId)
      if (file === undefined) {
        const path = join(directory, `${documentId}.wiretuner`)
        if (!create && !existsSync(path)) return undefined
        file = openWireTunerFile(path, { create, synchronous: options.synchronous ?? 'full' })
        files.set(documentId, file)
        file.catch(() => files.delete(documentId))
      }
      return asAsyncStorage(await file)
    },
    async release(documentId) {
      const file = files.get(documentId)
      files.delete(documentId)
      const opened = await file?.catch(() => undefined)
      opened?.close()
    },
    async close() {
      const open = [...files.values()]
      files.clear()
      for (const file of await Promise.allSettled(open)) if (file.status === 'fulfilled') file.value.close()
    },
  }
}

/** A store over one storage holding every document; `close` runs `onClose` (e.g. end the pool). */
export function sharedStore(
  storage: AsyncDocumentStorage,
  onClose?: () => Promise<void> | void,
): DocumentStore {
  return {
    async storageFor(documentId, create) {
      if (!isUuidV4(documentId)) return undefined
      if (create) return storage
      return (await storage.getMetadata(documentId)) === undefined ? undefined : storage
    },
    async close() {
      await onClose?.()
    },
  }
}
