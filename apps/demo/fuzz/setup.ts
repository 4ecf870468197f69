/**
 * The valid files a fuzz campaign damages, built once per campaign from fixed seeds (the same
 * on every run): the document, another document, a stale and a foreign `-wal`, and the
 * document's healthy hash (its document at the head, the same with and without snapshots).
 */
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { documentAt, documentHash } from '@wiretuner/cli/command-kit'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import Database from 'better-sqlite3'
import { simulateSession } from '../src/simulate-session.ts'
import type { FuzzBase } from './damage.ts'

/** Events of the damaged document: past one snapshot cadence point, with a tail after it. */
export const BASE_EVENTS = 1_200

/** The base files and the healthy hash. */
export interface FuzzSetup extends FuzzBase {
  readonly healthyHash: string
}

/** Copies `source` to `path`, runs `sql` with checkpoints off and keeps the resulting -wal at `wal`. */
function captureWal(source: string, path: string, sql: string, wal: string): void {
  copyFileSync(source, path)
  const db = new Database(path)
  try {
    db.pragma('wal_autocheckpoint = 0')
    db.exec(sql)
    copyFileSync(`${path}-wal`, wal)
  } finally {
    db.close()
  }
}

/** Builds the base files in `dir`. */
export async function buildBase(dir: string): Promise<FuzzSetup> {
  const file = join(dir, 'base.wiretuner')
  const other = join(dir, 'other.wiretuner')
  await simulateSession({ out: file, events: BASE_EVENTS, seed: 'fuzz-base' })
  await simulateSession({ out: other, events: 400, seed: 'fuzz-other' })
  const staleWal = join(dir, 'stale.wal')
  const foreignWal = join(dir, 'foreign.wal')
  captureWal(file, join(dir, 'stale.wiretuner'), 'DELETE FROM events WHERE event_sequence > 1100', staleWal)
  captureWal(other, join(dir, 'foreign.wiretuner'), 'UPDATE events SET timestamp = timestamp + 1', foreignWal)
  const storage = await openWireTunerFile(file, { readOnly: true, create: false })
  try {
    const documentId = storage.listDocuments()[0]?.documentId as string
    const fast = documentHash(documentAt(storage, documentId, BASE_EVENTS - 1).document)
    const full = documentHash(
      documentAt(storage, documentId, BASE_EVENTS - 1, { useSnapshots: false }).document,
    )
    if (fast !== full) throw new Error(`the base file replays to two documents (${fast} / ${full})`)
    return { file, events: BASE_EVENTS, other, staleWal, foreignWal, healthyHash: full }
  } finally {
    storage.close()
  }
}
