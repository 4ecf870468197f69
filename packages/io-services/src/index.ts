/**
 * Public entry of `@wiretuner/io-services`: the .wiretuner file (SQLite through Kysely and
 * better-sqlite3), its event log and snapshot store behind the synchronous
 * {@link DocumentStorage} interface, an in-memory implementation of the same contract, and
 * file validation.
 */

export { removeAbandonedTemporaries } from './abandoned-temporaries.js'
export { DEFAULT_SNAPSHOT_RETENTION } from './checks.js'
export { crc32, crc32Portable } from './crc32.js'
export type { StorageErrorCode, StorageErrorDetails } from './errors.js'
export { isStorageError, StorageError } from './errors.js'
export type { GzipLevel, RawInflation, SnapshotCodec, SnapshotCodecName } from './gzip-codecs.js'
export {
  DEFAULT_GZIP_LEVEL,
  DEFAULT_SNAPSHOT_CODEC,
  nodeZlibCodec,
  pakoCodec,
  snapshotCodec,
} from './gzip-codecs.js'
export { HISTORY_INDEX_TABLE } from './history-index.js'
export { LEGACY_SNAPSHOT_REASON } from './legacy-snapshots.js'
export type { MemoryStorageOptions } from './memory-storage.js'
export { createMemoryStorage } from './memory-storage.js'
export type { BackupResult, ConnectionSettings, OpenOptions, SynchronousMode } from './open-file.js'
export { openWireTunerFile, WireTunerFile } from './open-file.js'
export type {
  EventsTable,
  MetadataTable,
  SnapshotsTable,
  WireTunerDatabase,
} from './schema.js'
export {
  FORMAT_MAJOR,
  FORMAT_VERSION,
  FORMAT_WITH_EVENT_COUNTS,
  FORMAT_WITH_EVENT_ID_INDEX,
  FORMAT_WITH_HISTORY_INDEX,
  FORMAT_WITH_SEED_SNAPSHOTS,
  INDEX_EVENTS_DOCUMENT_SEQUENCE,
  INDEX_EVENTS_EVENT_ID,
  INDEX_SNAPSHOTS_DOCUMENT,
  MIN_READABLE_FORMAT_VERSION,
  WIRETUNER_APPLICATION_ID,
} from './schema.js'
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
export type { SqliteStorageOptions } from './sqlite-storage.js'
export { SqliteStorage } from './sqlite-storage.js'
export type {
  AppendOptions,
  AppendResult,
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
  MetadataPatch,
  NewDocument,
  ReadEventItem,
  ReadGapItem,
  ReadInvalidItem,
  ReadItem,
  ReadRange,
  SnapshotCompression,
  SnapshotInfo,
  SnapshotLoadResult,
  SnapshotProblem,
  SnapshotStore,
  StorageOptions,
  WriteSnapshotOptions,
} from './types.js'
export type {
  CheckStatus,
  DocumentSummary,
  ValidateOptions,
  ValidationCheck,
  ValidationReport,
} from './validate-file.js'
export { cadenceFindings, validateFile } from './validate-file.js'
