/**
 * `simulate`: writes a new .wiretuner file by playing the simulated session of
 * `@wiretuner/replay/testing` (`playSimulatedSession`: seeded, through the real replay session
 * and sampler). The clock is virtual (a fixed start plus the simulated user's pauses and pointer
 * samples), ids come from the seed, so the same seed and event count always give the same log
 * and the same document.
 */

import { openWireTunerFile } from '@wiretuner/io-services/node'
import { playSimulatedSession, SIMULATION_EPOCH_MS, simulationClock } from '@wiretuner/replay/testing'
import { documentCounts } from './document-view.js'

/** Options of {@link simulateSession}. */
export interface SimulateOptions {
  /** Path of the new file (must not exist). */
  readonly out: string
  /** Number of events to write (exactly). */
  readonly events: number
  readonly seed: string
  /** `full` = the editor default (fsync per commit); `normal` (default here) is much faster for bulk simulation. */
  readonly synchronous?: 'full' | 'normal'
  /** Called with the number of events written so far. */
  readonly onProgress?: (events: number) => void
}

/** What a simulation wrote. */
export interface SimulationResult {
  readonly file: string
  readonly seed: string
  readonly documentId: string
  readonly events: number
  readonly rawPointerSamples: number
  readonly refusedEvents: number
  readonly refusals: readonly string[]
  readonly eventTypes: Readonly<Record<string, number>>
  readonly actions: Readonly<Record<string, number>>
  readonly artboards: number
  readonly layers: number
  readonly objects: number
  readonly snapshots: number
  readonly simulatedDurationMs: number
  readonly wallMs: number
}

/** Runs the simulation; see the module comment. */
export async function simulateSession(options: SimulateOptions): Promise<SimulationResult> {
  const started = performance.now()
  const clock = simulationClock()
  const file = await openWireTunerFile(options.out, {
    create: true,
    synchronous: options.synchronous ?? 'normal',
    clock: () => clock.now(),
  })
  try {
    const { session, stats, actions } = playSimulatedSession(file, clock, options)
    const documentId = session.documentId
    const eventTypes: Record<string, number> = {}
    for (const item of file.readEvents(documentId)) {
      if (item.kind === 'event')
        eventTypes[item.event.eventType] = (eventTypes[item.event.eventType] ?? 0) + 1
    }
    const counts = documentCounts(session.document)
    const events = file.eventCount(documentId)
    return {
      file: options.out,
      seed: options.seed,
      documentId,
      events,
      rawPointerSamples: stats.rawSamples,
      refusedEvents: stats.refused,
      refusals: stats.refusals,
      eventTypes,
      actions,
      ...counts,
      snapshots: file.listSnapshots(documentId).length,
      simulatedDurationMs: clock.now() - SIMULATION_EPOCH_MS,
      wallMs: performance.now() - started,
    }
  } finally {
    file.close()
  }
}
