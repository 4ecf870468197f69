/**
 * Simulated logs without a session: the simulated user plays on a {@link LogRecorder} through the
 * recording editor (real sampler, virtual clock), and the events come out as a valid raw log,
 * streamed, of any length, the same for the same seed. What tests and benchmarks feed to replay.
 */
import type { WireTunerEvent } from '@wiretuner/event-schema'
import { createManualScheduler } from '../clock.js'
import { ReplayError } from '../errors.js'
import { LogRecorder } from './log-recorder.js'
import { createRandom } from './random.js'
import { createRecordingEditor } from './recording-editor.js'
import { SessionScript } from './session-script.js'

/** Virtual start of every simulated session: Monday 2 March 2026, 09:00 UTC. */
export const SIMULATION_EPOCH_MS = Date.UTC(2026, 2, 2, 9, 0, 0)

/** Options of {@link simulatedStream} and {@link simulatedLog}. */
export interface SimulatedLogOptions {
  /** Document id of the events (default: a UUID drawn from the seed). */
  readonly documentId?: string
  /** Virtual time of the first event (Unix ms; default {@link SIMULATION_EPOCH_MS}). */
  readonly startTime?: number
  /** Objects on the page before deletions become more likely (default 120). */
  readonly comfortableObjects?: number
}

/**
 * Streams the first `count` events of the endless simulated session with this seed: a valid log
 * (every event applies; the end may cut an action short, as a crash would), CreateDocumentEvent
 * first, ids unique per document, nothing held but the current action. The log of a smaller
 * `count` is a prefix of a larger one. Throws `ReplayError` if the simulator ever made an event
 * that does not apply, and `ReplayError` (`invalid-argument`) for a `count` that is not a non-negative integer.
 */
export function* simulatedStream(
  seed: string | number,
  count: number,
  options: SimulatedLogOptions = {},
): Generator<WireTunerEvent, void, undefined> {
  if (!Number.isSafeInteger(count) || count < 0)
    throw new ReplayError(
      'invalid-argument',
      `simulatedStream: count must be a non-negative integer, got ${count}`,
    )
  if (count === 0) return
  const documentId = options.documentId ?? createRandom(`${seed}/document`).uuid()
  const ids = createRandom(`${seed}/ids/${documentId}`)
  const newId = (): string => ids.uuid()
  const scheduler = createManualScheduler(options.startTime ?? SIMULATION_EPOCH_MS)
  const recorder = new LogRecorder({
    documentId,
    now: () => scheduler.now(),
    newId,
    title: `Simulated design (seed ${seed})`,
  })
  const editor = createRecordingEditor(recorder, scheduler, newId)
  const script = new SessionScript(editor.port, createRandom(seed), {
    ...(options.comfortableObjects === undefined ? {} : { comfortableObjects: options.comfortableObjects }),
  })
  let yielded = 0
  const drain = function* (): Generator<WireTunerEvent, void, undefined> {
    const refusal = editor.stats.refusals[0]
    if (refusal !== undefined)
      throw new ReplayError(
        'not-applicable',
        `simulatedStream: the simulator made an event that does not apply: ${refusal}`,
      )
    for (const event of recorder.take()) {
      if (yielded >= count) return
      yielded++
      yield event
    }
  }
  // the session never aims at an end (no fill phase), so a longer log extends a shorter one
  while (yielded < count) {
    script.step(Number.POSITIVE_INFINITY)
    yield* drain()
  }
  editor.dispose()
}

/** The first `count` events of the simulated session with this seed, as an array (see {@link simulatedStream}). */
export function simulatedLog(
  seed: string | number,
  count: number,
  options: SimulatedLogOptions = {},
): WireTunerEvent[] {
  return [...simulatedStream(seed, count, options)]
}
