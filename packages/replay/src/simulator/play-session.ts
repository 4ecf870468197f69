/**
 * The simulated session end to end, on any storage: plays the seeded editing session on an
 * already-open storage through a real replay session and the sampler, on a virtual clock, and
 * ends at exactly the asked number of events. The demo's `simulate` runs it on a new `.wiretuner`
 * file (Node); the demo's browser e2e test on an OPFS file. The same seed and event count give
 * the same log on both.
 */
import type { DocumentStorage } from '@wiretuner/io-services'
import { createManualScheduler, type ManualScheduler } from '../clock.js'
import { createSession } from '../open-session.js'
import type { DocumentSession } from '../session.js'
import { createRandom } from './random.js'
import { createRecordingEditor, type EditorStats } from './recording-editor.js'
import { SessionScript } from './session-script.js'
import { SIMULATION_EPOCH_MS } from './simulated-log.js'

/** The virtual clock of a simulation (give `() => clock.now()` to the storage as its clock). */
export function simulationClock(): ManualScheduler {
  return createManualScheduler(SIMULATION_EPOCH_MS)
}

/** What {@link playSimulatedSession} played. */
export interface PlayedSession {
  /** The session, closed. */
  readonly session: DocumentSession
  readonly stats: EditorStats
  readonly actions: Readonly<Record<string, number>>
}

/** Plays `events` events of the session seeded by `seed` on `storage` (a new document). */
export function playSimulatedSession(
  storage: DocumentStorage,
  clock: ManualScheduler,
  options: { readonly seed: string; readonly events: number; readonly onProgress?: (events: number) => void },
): PlayedSession {
  const rnd = createRandom(options.seed)
  const ids = createRandom(`${options.seed}/ids`)
  const session = createSession(
    storage,
    {
      documentId: ids.uuid(),
      title: `Simulated design (seed ${options.seed})`,
      author: 'WireTuner simulator',
    },
    {
      now: () => clock.now(),
      newId: () => ids.uuid(),
      userId: 'local-user',
      sessionId: ids.uuid(),
      snapshotScheduling: 'sync',
    },
  )
  const editor = createRecordingEditor(session, clock, () => ids.uuid())
  const script = new SessionScript(editor.port, rnd)
  try {
    script.run(options.events, options.onProgress)
    editor.dispose()
  } finally {
    session.close()
  }
  return { session, stats: editor.stats, actions: script.actions }
}
