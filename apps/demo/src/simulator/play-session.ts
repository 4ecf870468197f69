/**
 * The platform-neutral core of `simulate`: plays the seeded editing session on an already-open
 * storage through the real replay session and sampler, on a virtual clock. `simulate.ts` runs it
 * on a new `.wiretuner` file (Node); the browser e2e test runs it on an OPFS file. The same seed
 * and event count give the same log on both.
 */
import type { DocumentStorage } from '@wiretuner/io-services'
import {
  createManualScheduler,
  createSession,
  type DocumentSession,
  type ManualScheduler,
} from '@wiretuner/replay'
import { createRandom } from '@wiretuner/sim-kit'
import { createReplayEditor, type EditorStats } from './replay-editor.js'
import { SessionScript } from './session-script.js'

/** Virtual start of every simulated session: Monday 2 March 2026, 09:00 UTC. */
export const SIMULATION_EPOCH_MS = Date.UTC(2026, 2, 2, 9, 0, 0)

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
  const editor = createReplayEditor(session, clock, () => ids.uuid())
  const script = new SessionScript(editor.port, rnd)
  try {
    script.run(options.events, options.onProgress)
    editor.dispose()
  } finally {
    session.close()
  }
  return { session, stats: editor.stats, actions: script.actions }
}
