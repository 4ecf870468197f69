import { rmSync, statSync } from 'node:fs'
import { openWireTunerFile } from '@wiretuner/io-services'
import { openDocument } from '@wiretuner/replay'
import { simulatedStream } from './simulated-editor.js'

const N = Number(process.argv[2] ?? 100000)
const path = `/tmp/probe/sim-${N}.wiretuner`
for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true })
const documentId = '00000000-0000-4000-8000-0000000000aa'
const file = await openWireTunerFile(path, { synchronous: 'normal' })
file.createDocument({ documentId, title: 't' })
const s = openDocument(file, documentId, { snapshotScheduling: 'sync' })
let batch: any[] = []
let n = 0
const t0 = performance.now()
for (const e of simulatedStream(7, N, { documentId, targetObjects: 1000 })) {
  batch.push(e)
  if (batch.length === 50) {
    s.dispatch(batch)
    batch = []
  }
  if (++n === N) break
}
if (batch.length) s.dispatch(batch)
const r = await s.historyIndexReady()
console.log('gen ms', (performance.now() - t0).toFixed(0), r)
s.close()
file.close()
const size = statSync(path).size
console.log('file', size, 'index', r.bytes, 'share', ((100 * r.bytes) / size).toFixed(2) + '%')
