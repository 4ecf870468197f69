/**
 * Browser suite of browser-files.e2e.test.ts: the engine in a Worker on OPFS. Imports the
 * CLI-made fixture and renders its head with replay; plays the same seeded simulation as the
 * CLI's `simulate` on a new OPFS file and exports it.
 */
import { browserTestApi, fetchFile, serveSuiteInWorker, uploadFile } from '@wiretuner/browser-kit/runner'
import { deleteOpfsFile, importOpfsFile, openOpfsFile } from '@wiretuner/io-services/browser'
import { openSession } from '@wiretuner/replay'
import { playSimulatedSession, simulationClock } from '@wiretuner/replay/testing'
import { exportSvg } from '@wiretuner/vector-model'
import { FIXTURE } from './fixture.ts'

const { describe, it, expect } = browserTestApi

describe('the engine in a Worker on OPFS', () => {
  it('opens the imported CLI fixture with replay and renders its head', async () => {
    await importOpfsFile('fixture.wiretuner', await fetchFile('fixture.wiretuner'))
    const file = await openOpfsFile('fixture.wiretuner', { readOnly: true })
    try {
      const [metadata] = file.listDocuments()
      if (metadata === undefined) throw new Error('the fixture has no document')
      const session = openSession(file, metadata.documentId)
      expect(session.loadReport.problems).toEqual([])
      await uploadFile('fixture.svg', exportSvg(session.document))
      session.close()
    } finally {
      file.close()
      await deleteOpfsFile('fixture.wiretuner')
    }
  })

  it("plays the CLI's seeded simulation on a new OPFS file and exports it", async () => {
    const clock = simulationClock()
    const file = await openOpfsFile('made-in-browser.wiretuner', { clock: () => clock.now() })
    try {
      const { session } = playSimulatedSession(file, clock, FIXTURE)
      expect(file.eventCount(session.documentId)).toBe(FIXTURE.events)
      await uploadFile('made-in-browser.svg', exportSvg(session.document))
      await uploadFile('made-in-browser.wiretuner', file.export())
    } finally {
      file.close()
      await deleteOpfsFile('made-in-browser.wiretuner')
    }
  })
})

serveSuiteInWorker()
