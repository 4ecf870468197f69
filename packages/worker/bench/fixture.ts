/**
 * The benchmark files, made on Node through a replay session (snapshots every 1,000 events, the
 * history index, as an editor leaves them) and cached in the OS temp dir between runs
 * (`WT_BENCH_DIR` overrides): a drawing of 1,000 rectangles moved by drag gestures.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { createSession } from '@wiretuner/replay'
import { drawing } from '../test/support/drawing.js'

/** Cache directory; the version changes when what the files hold does. */
export const CACHE_DIR = process.env.WT_BENCH_DIR ?? join(tmpdir(), 'wt-worker-bench-v1')

/** Rectangles of the drawing. */
const SHAPES = 1_000

/** The document id of the fixture of `events` events. */
export function fixtureDocumentId(events: number): string {
  return `0000${events.toString(16).padStart(4, '0').slice(-4)}-0000-4000-8000-000000000001`
}

/** Path of the cached file of `events` events (generated when missing). */
export async function fixtureFile(events: number, log: (line: string) => void): Promise<string> {
  mkdirSync(CACHE_DIR, { recursive: true })
  const path = join(CACHE_DIR, `drawing-${events}.wiretuner`)
  if (existsSync(path)) return path
  const temp = `${path}.part`
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${temp}${suffix}`, { force: true })
  const started = performance.now()
  const file = await openWireTunerFile(temp, { synchronous: 'normal' })
  const session = createSession(
    file,
    { documentId: fixtureDocumentId(events), title: `drawing, ${events} events` },
    { snapshotScheduling: 'sync' },
  )
  // createSession records one event; the drawing's setup is SHAPES + 2 more
  const inits = drawing(SHAPES, events - SHAPES - 3)
  for (let i = 0; i < inits.length; i += 1_000) {
    session.dispatch(inits.slice(i, i + 1_000).map((init) => session.createEvent(init)))
  }
  await session.historyIndexReady()
  session.close()
  file.close()
  renameSync(temp, path)
  log(`  generated ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return path
}
