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
import { openWireTunerFile } from '@wiretuner/io-services'
import { openDocument } from '@wiretuner/replay'
import { fakeUuid, simulatedStream } from '../test/support/simulated-editor.js'

/**
 * Where generated files are cached between runs (`WT_BENCH_DIR` overrides). The name's version
 * changes when what the files hold does (v5: snapshots in replay's payload format 2; v6: the simulated editor keeps ~12 layers).
 */
export const CACHE_DIR = process.env.WT_BENCH_DIR ?? join(tmpdir(), 'wt-replay-bench-v6')

/** Objects the simulated documents tend towards. */
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
  rmSync(temp, { force: true })
  rmSync(`${temp}-wal`, { force: true })
  rmSync(`${temp}-shm`, { force: true })
  const started = performance.now()
  const file = await openWireTunerFile(temp, { synchronous: 'normal' })
  const documentId = benchDocumentId(events)
  file.createDocument({ documentId, title: `bench ${events}` })
  const session = openDocument(file, documentId, {
    snapshotScheduling: 'sync',
    closeSnapshotMinTail: Number.MAX_SAFE_INTEGER,
  })
  const total = events + BENCH_TAIL
  let batch: WireTunerEvent[] = []
  let n = 0
  for (const event of simulatedStream(7, total, { documentId, targetObjects: TARGET_OBJECTS })) {
    batch.push(event)
    if (batch.length === 50) {
      session.dispatch(batch)
      batch = []
    }
    if (++n % 100_000 === 0) log(`  generating ${path}: ${n.toLocaleString('en-US')} events`)
    if (n === total) break
  }
  if (batch.length > 0) session.dispatch(batch)
  session.close()
  file.close()
  renameSync(temp, path)
  log(`  generated ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return path
}
