/**
 * `simulate`: writes a new .wiretuner file by playing the simulated user of
 * `@wiretuner/replay/testing` (seeded) through the real replay session and sampler. The clock is
 * virtual (a fixed start plus the simulated user's pauses and pointer samples), ids come from the
 * seed, so the same seed and event count always give the same log and the same document.
 */

import { openWireTunerFile } from '@wiretuner/io-services/node'
import { createManualScheduler, createSession } from '@wiretuner/replay'
import {
  createRandom,
  createRecordingEditor,
  SessionScript,
  SIMULATION_EPOCH_MS,
} from '@wiretuner/replay/testing'
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
  const rnd = createRandom(options.seed)
  const ids = createRandom(`${options.seed}/ids`)
  const scheduler = createManualScheduler(SIMULATION_EPOCH_MS)
  const file = await openWireTunerFile(options.out, {
    create: true,
    synchronous: options.synchronous ?? 'normal',
    clock: () => scheduler.now(),
  })
  try {
    const session = createSession(
      file,
      {
        documentId: ids.uuid(),
        title: `Simulated design (seed ${options.seed})`,
        author: 'WireTuner simulator',
      },
      {
        now: () => scheduler.now(),
        newId: () => ids.uuid(),
        userId: 'local-user',
        sessionId: ids.uuid(),
        snapshotScheduling: 'sync',
      },
    )
    const editor = createRecordingEditor(session, scheduler, () => ids.uuid())
    const script = new SessionScript(editor.port, rnd)
    try {
      script.run(options.events, options.onProgress)
      editor.dispose()
    } finally {
      session.close()
    }
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
      rawPointerSamples: editor.stats.rawSamples,
      refusedEvents: editor.stats.refused,
      refusals: editor.stats.refusals,
      eventTypes,
      actions: script.actions,
      ...counts,
      snapshots: file.listSnapshots(documentId).length,
      simulatedDurationMs: scheduler.now() - SIMULATION_EPOCH_MS,
      wallMs: performance.now() - started,
    }
  } finally {
    file.close()
  }
}
