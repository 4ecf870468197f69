/**
 * The engine Worker's warm-up while it waits for its first request (issue 13). What a new Worker's
 * first open pays beyond a warm one is mostly compiling at first use: SQLite's WebAssembly
 * functions (lazily) and the engine's JavaScript (event validation, the snapshot codec, replay's
 * open, vector-model's decode). A Worker created ahead of time (at page load) pays it here
 * instead: SQLite runs a scratch in-memory database (io-services' `warmUpSqliteWasm`), then a
 * small drawing is written with snapshots to an in-memory storage and reopened (snapshot decode +
 * tail fold), as the user's first open will. Nothing touches OPFS; no migration runs (its Kysely
 * code is not on an open's path). It stops between its short steps as soon as a request has
 * arrived, so a request waits at most for one step; it never fails (a failure just ends it: the
 * request that follows reports its own).
 */
import { createMemoryStorage } from '@wiretuner/io-services'
import { warmUpSqliteWasm } from '@wiretuner/io-services/browser'
import { createSession, openSession, type SessionEventInit, type SessionOptions } from '@wiretuner/replay'

/** Shapes and moves of the scratch drawing (a few snapshots' worth). */
const SHAPES = 24
const MOVES = 240
/** Events per dispatch: one step of the warm-up (a few ms once warm, ~10–30 cold). */
const BATCH = 30

const OPTIONS: SessionOptions = {
  snapshotEvery: 100,
  snapshotScheduling: 'sync',
  historyIndex: { mode: 'off' },
  renderCaches: { mode: 'off' },
}

/** The scratch drawing: an artboard, a layer, rectangles, then moves in drag gestures of 20. */
function scratchEvents(): SessionEventInit[] {
  const events: SessionEventInit[] = [
    { eventType: 'CreateArtboardEvent', artboardId: 'a', bounds: { x: 0, y: 0, width: 800, height: 600 } },
    { eventType: 'CreateLayerEvent', layerId: 'l', artboardId: 'a' },
  ]
  for (let i = 0; i < SHAPES; i++) {
    const parameters = { centerX: 20 + i * 30, centerY: 40, width: 20, height: 10 }
    events.push({ eventType: 'CreateShapeEvent', shapeId: `s${i}`, shapeType: 'rectangle', parameters })
  }
  for (let i = 0; i < MOVES; i++) {
    events.push({
      eventType: 'MoveObjectEvent',
      objectIds: [`s${(i * 7) % SHAPES}`],
      delta: { x: (i % 5) - 2, y: (i % 3) - 1 },
      samplingIntervalMs: 50,
      undoGroupId: `g${Math.floor(i / 20)}`,
    })
  }
  return events
}

/**
 * How long the Worker must have been idle after SQLite loaded before the warm-up starts: an app
 * that opens a file right after creating the Worker (a document reopened at startup) gets its
 * open without a warm-up step in the way (measured: an open arriving while the first steps ran
 * took 1.1–1.75× as long as without the warm-up).
 */
export const WARM_UP_DELAY_MS = 250

/** Lets queued messages run: the warm-up continues in a task of its own (after `ms`). */
function nextTask(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Runs the warm-up, after `delayMs` of idleness, while `idle()` holds (checked before each step).
 * Resolves true when it ran to the end, false when a request came first or a step failed; never
 * rejects.
 */
export async function warmUpEngine(idle: () => boolean, delayMs = WARM_UP_DELAY_MS): Promise<boolean> {
  try {
    if (!idle()) return false
    await nextTask(delayMs)
    if (!idle()) return false
    await warmUpSqliteWasm()
    const storage = createMemoryStorage()
    await nextTask()
    if (!idle()) return false
    const session = createSession(storage, { title: 'warm-up' }, OPTIONS)
    const events = scratchEvents()
    for (let i = 0; i < events.length; i += BATCH) {
      await nextTask()
      if (!idle()) return false
      session.dispatch(events.slice(i, i + BATCH).map((init) => session.createEvent(init)))
    }
    session.close()
    await nextTask()
    if (!idle()) return false
    openSession(storage, session.documentId, OPTIONS).close()
    return true
  } catch {
    return false
  }
}
