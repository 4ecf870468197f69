/**
 * Benchmark workloads: realistic editing logs from the simulated editor, and .wiretuner files of
 * 10k / 100k / 1M events (+500, about 1,000 objects) generated ONCE into a cache directory and reused
 * (generation streams: events are dispatched through a session in batches of 50, which writes a
 * snapshot every 1,000 events and keeps the newest 10, exactly as an editor would).
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { WireTunerEvent } from '@wiretuner/event-schema'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { createSession, openSession } from '@wiretuner/replay'
import { createRandom, simulatedStream } from '@wiretuner/replay/testing'
import { fakeUuid } from '../test/support/helpers.js'

/**
 * Where generated files are cached between runs (`WT_BENCH_DIR` overrides). The name's version
 * changes when what the files hold does (v5: snapshots in replay's payload format 2; v6: the simulated editor keeps ~12 layers;
 * v7: time-ordered UUIDv7 event ids, the issue's workload file; v8: file format 5, with the history
 * index written by the generating session; v9: index points at quarter cadence, filled before close;
 * v10: logs from the one simulator of `@wiretuner/replay/testing`, sampled gestures).
 */
export const CACHE_DIR = process.env.WT_BENCH_DIR ?? join(tmpdir(), 'wt-replay-bench-v10')

/**
 * Objects above which the simulated user deletes more often than it creates (`comfortableObjects`):
 * its documents hover between a few hundred and ~1,000 objects (seed 7: 146 at 20k events, 800 at 100k).
 */
export const TARGET_OBJECTS = 1_000

/** The document id used in generated files. */
export function benchDocumentId(events: number): string {
  return fakeUuid(events, 0xbe7c4)
}

/**
 * Events after the newest snapshot in generated files: half the snapshot cadence, the average
 * tail an editor leaves (no snapshot on close), so that opening measures a realistic tail.
 */
export const BENCH_TAIL = 500

/** Removes a partly written file and its WAL/SHM. */
function removePartial(temp: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${temp}${suffix}`, { force: true })
}

/** Rectangles of {@link issueWorkloadFile}. */
export const ISSUE_OBJECTS = 1_000
/** Moves per drag gesture (one undo group) in {@link issueWorkloadFile}. */
export const GESTURE_MOVES = 20
/** Events per `dispatch` call in {@link issueWorkloadFile}. */
const ISSUE_BATCH = 1_000

/** The document id of {@link issueWorkloadFile}'s file. */
export const ISSUE_DOCUMENT_ID = fakeUuid(1, 0x155e0)

/**
 * Path of the cached file of the issue's workload (generated when missing): a document of 1,000
 * rectangles, then `moves` moves as drag gestures of 20 sampled `MoveObjectEvent`s sharing one
 * `undoGroupId` (one random object per gesture, small deltas), dispatched through a session
 * 1,000 events per call, then `session.close()`. Event ids are the session's (UUIDv7).
 */
export async function issueWorkloadFile(moves: number, log: (line: string) => void): Promise<string> {
  mkdirSync(CACHE_DIR, { recursive: true })
  const path = join(CACHE_DIR, `issue-${moves}.wiretuner`)
  if (existsSync(path)) {
    ;(await openWireTunerFile(path)).close() // applies file-format migrations to a cached file
    return path
  }
  const temp = `${path}.part`
  removePartial(temp)
  const started = performance.now()
  const file = await openWireTunerFile(temp)
  const session = createSession(
    file,
    { documentId: ISSUE_DOCUMENT_ID, title: `issue workload, ${moves} moves` },
    { snapshotScheduling: 'sync' },
  )
  const pending: ReturnType<typeof session.createEvent>[] = []
  const flush = (all: boolean) => {
    while (pending.length >= ISSUE_BATCH || (all && pending.length > 0))
      session.dispatch(pending.splice(0, ISSUE_BATCH))
  }
  const push = (init: Parameters<typeof session.createEvent>[0]) => {
    pending.push(session.createEvent(init))
    flush(false)
  }
  push({
    eventType: 'CreateArtboardEvent',
    artboardId: 'artboard-1',
    bounds: { x: 0, y: 0, width: 4000, height: 4000 },
  })
  push({ eventType: 'CreateLayerEvent', layerId: 'layer-1', artboardId: 'artboard-1' })
  for (let i = 0; i < ISSUE_OBJECTS; i++) {
    push({
      eventType: 'CreateShapeEvent',
      shapeId: `rect-${i}`,
      shapeType: 'rectangle',
      parameters: {
        centerX: 40 + (i % 40) * 95,
        centerY: 40 + Math.floor(i / 40) * 95,
        width: 60,
        height: 40,
      },
    })
  }
  const source = createRandom(0x155e)
  const random = (): number => source.next()
  const delta = () => Math.round((random() - 0.5) * 16) / 4
  for (let g = 0; g < moves / GESTURE_MOVES; g++) {
    const objectId = `rect-${Math.floor(random() * ISSUE_OBJECTS)}`
    for (let m = 0; m < GESTURE_MOVES; m++) {
      push({
        eventType: 'MoveObjectEvent',
        objectIds: [objectId],
        delta: { x: delta(), y: delta() },
        samplingIntervalMs: 50,
        undoGroupId: `drag-${g}`,
      })
    }
    if ((g * GESTURE_MOVES) % 20_000 === 0 && g > 0)
      log(`  generating ${path}: ${(g * GESTURE_MOVES).toLocaleString('en-US')} moves`)
  }
  flush(true)
  await session.historyIndexReady() // the index points between cadence snapshots (background slices)
  session.close()
  file.close()
  renameSync(temp, path)
  log(`  generated ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return path
}

/** Path of the cached file of about `events` events (+ {@link BENCH_TAIL}); generates it when missing. */
export async function benchFile(events: number, log: (line: string) => void): Promise<string> {
  mkdirSync(CACHE_DIR, { recursive: true })
  const path = join(CACHE_DIR, `log-${events}.wiretuner`)
  if (existsSync(path)) {
    // opening read-write once applies io-services' file-format migrations to a cached file
    const file = await openWireTunerFile(path)
    file.close()
    return path
  }
  const temp = `${path}.part`
  removePartial(temp)
  const started = performance.now()
  const file = await openWireTunerFile(temp, { synchronous: 'normal' })
  const documentId = benchDocumentId(events)
  file.createDocument({ documentId, title: `bench ${events}` })
  const session = openSession(file, documentId, {
    snapshotScheduling: 'sync',
    closeSnapshotMinTail: Number.MAX_SAFE_INTEGER,
  })
  const total = events + BENCH_TAIL
  let batch: WireTunerEvent[] = []
  let n = 0
  for (const event of simulatedStream(7, total, { documentId, comfortableObjects: TARGET_OBJECTS })) {
    batch.push(event)
    if (batch.length === 50) {
      session.dispatch(batch)
      batch = []
    }
    if (++n % 100_000 === 0) log(`  generating ${path}: ${n.toLocaleString('en-US')} events`)
    if (n === total) break
  }
  if (batch.length > 0) session.dispatch(batch)
  await session.historyIndexReady() // the index points between cadence snapshots (background slices)
  session.close()
  file.close()
  renameSync(temp, path)
  log(`  generated ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return path
}
