/**
 * Browser suite: the shared storage contract on the OPFS storage and on the in-memory WASM
 * storage, inside a Worker of Chromium.
 */
import { browserTestApi, serveSuiteInWorker } from '@wiretuner/browser-kit/runner'
import { storageContract } from '../shared/storage-contract.js'
import { OPFS_BACKEND } from './opfs-backend.js'
import { WASM_MEMORY_BACKEND } from './wasm-memory-backend.js'

storageContract(browserTestApi, [OPFS_BACKEND, WASM_MEMORY_BACKEND])
serveSuiteInWorker()
