/**
 * The connection contract (test/shared/connection-contract.ts) on better-sqlite3, the driver the
 * WASM adapter imitates; the adapter runs the same suite in Chromium (browser-storage.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../src/sqlite-driver.js'
import { connectionContract } from './shared/connection-contract.js'

connectionContract({ describe, it, expect, beforeEach, afterEach }, [
  { name: 'better-sqlite3', open: () => openDatabase(':memory:') },
])
