/**
 * Node entry of `@wiretuner/io-services` (`@wiretuner/io-services/node`): the `.wiretuner` file
 * through better-sqlite3 and the file system — opening, creating, backing up and validating
 * files, removing temporaries of interrupted writers — Node's native zlib snapshot codec and the
 * `/dev/urandom` random-byte source of event ids.
 * The storage contract, the in-memory storage and the snapshot codec are the root entry's.
 */

export { removeAbandonedTemporaries } from './abandoned-temporaries.js'
export type { ConnectionSettings, SynchronousMode } from './connection-storage.js'
export { nodeZlibCodec } from './gzip-codecs.js'
export { nodeRandomSource } from './node-random.js'
export type { BackupResult, OpenOptions } from './open-file.js'
export { openWireTunerFile, WireTunerFile } from './open-file.js'
export { validateFile } from './validate-file.js'
