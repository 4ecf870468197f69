/**
 * The in-memory SQLite WASM storage (`openWasmMemoryStorage`) as a backend of the shared contract
 * suite (in a Worker of Chromium): each open is a new `:memory:` database, discarded at close.
 */
import { openWasmMemoryStorage } from '../../src/browser.js'
import type { Backend } from '../shared/events.js'

/** The contract suite's backend on in-memory WASM databases. */
export const WASM_MEMORY_BACKEND: Backend = {
  name: 'sqlite-wasm :memory: (openWasmMemoryStorage)',
  readsBlockWrites: true,
  open: async (options = {}) => {
    const { storage, close } = await openWasmMemoryStorage(options)
    return { storage, close }
  },
}
