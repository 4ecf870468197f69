/**
 * Background warm-up of time travel for the viewer: walks the log once, a checkpoint distance at
 * a time on idle turns of the event loop, so replay caches a document every `every` events and any
 * later seek folds at most that many events. The server keeps answering meanwhile.
 */
import type { TimeTravel } from '@wiretuner/replay'

/** Checkpoint distance for a log: at least `min`, and few enough checkpoints to fit `maxCheckpoints`. */
export function checkpointDistance(eventCount: number, maxCheckpoints: number, min = 250): number {
  return Math.max(min, Math.ceil(eventCount / Math.max(1, maxCheckpoints - 40)))
}

/** Starts the warm-up; returns a function that stops it. `onDone` gets the elapsed ms. */
export function warmUp(
  travel: TimeTravel,
  headSequence: number,
  every: number,
  onDone?: (ms: number) => void,
): () => void {
  const started = performance.now()
  let next = every
  let stopped = false
  const step = (): void => {
    if (stopped) return
    const sliceEnd = performance.now() + 12
    while (next <= headSequence && performance.now() < sliceEnd) {
      travel.stateAt(next)
      next += every
    }
    if (next <= headSequence) setImmediate(step)
    else onDone?.(performance.now() - started)
  }
  setImmediate(step)
  return () => {
    stopped = true
  }
}
