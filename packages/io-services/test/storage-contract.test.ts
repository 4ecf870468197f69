/**
 * The storage contract (test/shared/storage-contract.ts) on the Node backends: in-memory, SQLite
 * `:memory:`, a SQLite temp file, the in-memory storage through `asAsyncStorage`, and PostgreSQL
 * (a real server: pg-kit's globalSetup). The OPFS backend runs the same suite in Chromium
 * (browser-storage.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ASYNC_MEMORY_BACKEND, BACKENDS } from './helpers.js'
import { POSTGRES_BACKEND } from './postgres-helpers.js'
import { storageContract } from './shared/storage-contract.js'

storageContract({ describe, it, expect, beforeEach, afterEach }, [
  ...BACKENDS,
  ASYNC_MEMORY_BACKEND,
  POSTGRES_BACKEND,
])
