/** Browser suite: the shared storage contract on the OPFS storage, inside a Worker of Chromium. */
import { browserTestApi, serveSuiteInWorker } from '@wiretuner/browser-kit/runner'
import { storageContract } from '../shared/storage-contract.js'
import { OPFS_BACKEND } from './opfs-backend.js'

storageContract(browserTestApi, [OPFS_BACKEND])
serveSuiteInWorker()
