/**
 * Writes the real snapshot JSON that io-services' snapshot bench compresses
 * (`packages/io-services/bench/fixtures/replay-snapshot-1000.json.gz`): replay's snapshot of the
 * state after 20,000 events of the simulated editing mix with ~1,000 objects (seed 7), gzipped
 * at level 9 to keep the repository small. Run: `pnpm tsx --conditions=@wiretuner/source
 * bench/snapshot-fixture.ts` (io-services cannot import replay: this is the one-way bridge).
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { encodeReplayState, Folder, initialState } from '../src/advanced.js'
import { simulatedStream } from '../src/testing.js'
import { benchDocumentId, TARGET_OBJECTS } from './workload.js'

const documentId = benchDocumentId(20_000)
const folder = new Folder(initialState(documentId))
for (const event of simulatedStream(7, 20_000, { documentId, comfortableObjects: TARGET_OBJECTS }))
  folder.apply(event)
const state = folder.state()
const json = encodeReplayState(state)
const out = fileURLToPath(
  new URL('../../io-services/bench/fixtures/replay-snapshot-1000.json.gz', import.meta.url),
)
writeFileSync(out, gzipSync(json, { level: 9 }))
console.log(`${state.document.objects.size} objects, ${json.length} JSON bytes -> ${out}`)
