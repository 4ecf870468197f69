/**
 * The storage contract (test/shared/storage-contract.ts) on the Node backends: in-memory, SQLite
 * `:memory:` and a SQLite temp file. The OPFS backend runs the same suite in Chromium
 * (browser-storage.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BACKENDS } from './helpers.js'
import { storageContract } from './shared/storage-contract.js'

storageContract({ describe, it, expect, beforeEach, afterEach }, BACKENDS)
