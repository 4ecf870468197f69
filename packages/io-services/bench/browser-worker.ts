/**
 * The browser side of browser.ts: runs the shared workload on OPFS files inside a Worker of
 * headless Chromium (as a one-test browser-kit suite) and uploads the raw times as JSON.
 */
import { it, serveSuiteInWorker, uploadFile } from '@wiretuner/browser-kit/runner'
import { deleteOpfsFile, listOpfsFiles, openOpfsFile } from '../src/browser.js'
import { runWorkload } from './browser-workload.js'

it('workload on OPFS', async () => {
  const times = await runWorkload(async (name, fresh) => {
    if (fresh && (await listOpfsFiles()).includes(name)) await deleteOpfsFile(name)
    return openOpfsFile(name, { create: fresh })
  })
  await uploadFile('times.json', JSON.stringify(times))
  for (const name of await listOpfsFiles()) await deleteOpfsFile(name)
}, 600_000)

serveSuiteInWorker()
