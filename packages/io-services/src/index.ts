/**
 * Public entry of `@wiretuner/io-services` (browser-safe: nothing reachable from here imports a
 * `node:*` module or better-sqlite3): the synchronous {@link DocumentStorage} contract, its
 * in-memory implementation, the typed {@link StorageError}, the snapshot blob codec (the portable
 * pako codec where Node's zlib is absent) and the types of a validation report. The `.wiretuner`
 * file on Node (better-sqlite3, the file system) is the `./node` entry.
 */

export type { AsyncDocumentStorage } from './async-storage.js'
export { asAsyncStorage } from './async-storage.js'
export { DEFAULT_SNAPSHOT_RETENTION } from './checks.js'
export type { StorageErrorCode, StorageErrorDetails } from './errors.js'
export { isStorageError, StorageError } from './errors.js'
export type { GzipLevel, RawInflation, SnapshotCodec, SnapshotCodecName } from './gzip-codecs.js'
export { DEFAULT_GZIP_LEVEL, DEFAULT_SNAPSHOT_CODEC, pakoCodec, snapshotCodec } from './gzip-codecs.js'
export { LEGACY_SNAPSHOT_REASON } from './legacy-snapshots.js'
export type { MemoryStorageOptions } from './memory-storage.js'
export { createMemoryStorage } from './memory-storage.js'
export { RENDER_CACHE_TABLES } from './render-cache.js'
export { FORMAT_VERSION, MIN_READABLE_FORMAT_VERSION, WIRETUNER_APPLICATION_ID } from './schema.js'
export type {
  DecodeSnapshotOptions,
  SnapshotDecodeResult,
  SnapshotProblemCode,
} from './snapshot-codec.js'
export {
  DEFAULT_MAX_SNAPSHOT_BYTES,
  decodeSnapshot,
  encodeSnapshot,
  gzipDeclaredSize,
} from './snapshot-codec.js'
export type {
  AppendOptions,
  AppendResult,
  CacheBox,
  CacheValidity,
  DocumentMetadata,
  DocumentStorage,
  EventStore,
  HistoryEntryInfo,
  HistoryEntryLoadResult,
  HistoryEntryProblem,
  HistoryIndexStore,
  LoadedHistoryEntry,
  LoadedSnapshot,
  LoadHistoryEntryOptions,
  LoadSnapshotOptions,
  MarkedRenderedPaths,
  MetadataPatch,
  NewDocument,
  ObjectCacheEntry,
  ReadEventItem,
  ReadGapItem,
  ReadInvalidItem,
  ReadItem,
  ReadRange,
  RenderCacheStore,
  RenderedPathRow,
  SnapshotCompression,
  SnapshotInfo,
  SnapshotLoadResult,
  SnapshotProblem,
  SnapshotStore,
  SpatialRow,
  StorageOptions,
  ThumbnailInput,
  ThumbnailRow,
  WriteSnapshotOptions,
} from './types.js'
export type {
  CheckStatus,
  DocumentSummary,
  ValidateOptions,
  ValidationCheck,
  ValidationReport,
} from './validate-connection.js'
export { cadenceFindings } from './validate-connection.js'
export type { RenderCacheFigures } from './validate-render-caches.js'
