/**
 * The OPFS storage as a backend of the shared contract suite (in a Worker of Chromium): each
 * open is a new file with a unique name, closed and deleted afterwards.
 */
import { deleteOpfsFile, openOpfsFile } from '../../src/browser.js'
import type { Backend } from '../shared/events.js'

let files = 0

/** A fresh, unique OPFS file name. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now()}-${++files}.wiretuner`
}

/** The contract suite's backend on OPFS files. */
export const OPFS_BACKEND: Backend = {
  name: 'opfs (sqlite-wasm, opfs-sahpool)',
  readsBlockWrites: true,
  open: async (options = {}) => {
    const name = uniqueName('contract')
    const file = await openOpfsFile(name, options)
    return {
      storage: file,
      close: async () => {
        file.close()
        await deleteOpfsFile(name)
      },
    }
  },
}
