/** Browser suite: the connection contract on the WASM adapter (in memory and on OPFS). */
import { browserTestApi, serveSuiteInWorker } from '@wiretuner/browser-kit/runner'
import { loadSqlite } from '../../src/opfs-pools.js'
import { WasmConnection } from '../../src/wasm-connection.js'
import { connectionContract } from '../shared/connection-contract.js'

connectionContract(browserTestApi, [
  {
    name: 'sqlite-wasm (oo1.DB :memory:)',
    open: async () => {
      const sqlite3 = await loadSqlite()
      return new WasmConnection(sqlite3, new sqlite3.oo1.DB(':memory:', 'c'))
    },
  },
])
serveSuiteInWorker()
