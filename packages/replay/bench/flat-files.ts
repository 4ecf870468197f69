/**
 * Files for a FAIR open-time-vs-log-length comparison: the same document and the same tail on
 * logs of different lengths. The realistic bench files differ in their documents (the simulated
 * editor's document drifts as it runs: 4 layers at 10k events, 996 at 1M; 266 kB vs 477 kB of
 * snapshot), so their open-time ratio also measures the document. Here every file holds the first
 * 10,000 events of the 10k bench file, then `n - 10,000` neutral viewport pans (+1/-1 pairs:
 * the document and undo history do not change), snapshots every 1,000 events by the session's
 * policy (retention 10), and then the same 500 tail events re-sequenced: a newest snapshot at
 * `n - 1` with exactly the document of the 10k file's newest snapshot, and the same tail fold.
 */
import { existsSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { DraftEvent, WireTunerEvent } from '@wiretuner/event-schema'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { openSession } from '@wiretuner/replay'
import { BENCH_TAIL, benchDocumentId, benchFile, CACHE_DIR } from './workload.js'

/** Events before the padding (the prefix of the 10k bench file). */
export const FLAT_PREFIX = 10_000

function draft(event: WireTunerEvent): DraftEvent {
  const { eventSequence: _drop, ...rest } = event
  return rest as DraftEvent
}

/** Path of the cached flat file of `n` (+500) events; generates it when missing. */
export async function flatFile(n: number, log: (line: string) => void): Promise<string> {
  const path = join(CACHE_DIR, `flat-${n}.wiretuner`)
  if (existsSync(path)) {
    const file = await openWireTunerFile(path)
    file.close()
    return path
  }
  if (n < FLAT_PREFIX || (n - FLAT_PREFIX) % 2 !== 0) throw new Error(`flatFile: bad size ${n}`)
  const source = await openWireTunerFile(await benchFile(FLAT_PREFIX, log), { readOnly: true })
  const documentId = benchDocumentId(FLAT_PREFIX)
  const events: WireTunerEvent[] = []
  for (const item of source.readEvents(documentId)) if (item.kind === 'event') events.push(item.event)
  source.close()
  if (events.length !== FLAT_PREFIX + BENCH_TAIL) throw new Error('flatFile: unexpected source log')
  const temp = `${path}.part`
  for (const s of ['', '-wal', '-shm']) rmSync(`${temp}${s}`, { force: true })
  const started = performance.now()
  const file = await openWireTunerFile(temp, { synchronous: 'normal' })
  file.createDocument({ documentId, title: `flat ${n}` })
  const session = openSession(file, documentId, {
    snapshotScheduling: 'sync',
    closeSnapshotMinTail: Number.MAX_SAFE_INTEGER,
  })
  for (let i = 0; i < FLAT_PREFIX; i += 50) session.dispatch(events.slice(i, i + 50).map(draft))
  let batch: DraftEvent[] = []
  for (let i = 0; i < n - FLAT_PREFIX; i++) {
    const d = i % 2 === 0 ? 1 : -1
    batch.push(session.createEvent({ eventType: 'ViewportPanEvent', delta: { x: d, y: d } }))
    if (batch.length === 500) {
      session.dispatch(batch)
      batch = []
    }
    if ((i + 1) % 100_000 === 0) log(`  generating ${path}: ${(i + 1).toLocaleString('en-US')} pans`)
  }
  if (batch.length > 0) session.dispatch(batch)
  for (let i = FLAT_PREFIX; i < events.length; i += 50) session.dispatch(events.slice(i, i + 50).map(draft))
  session.close()
  file.close()
  renameSync(temp, path)
  log(`  generated ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return path
}
