import { openWireTunerFile } from '@wiretuner/io-services'
import { documentFromJson, parseDocument, serializeDocument } from '@wiretuner/vector-model'
import { benchDocumentId } from './bench/workload.js'
import { decodeSnapshot, encodeSnapshot } from './src/snapshot-format.js'

const n = 100_000
const f = await openWireTunerFile(`/tmp/wt-replay-bench-v2/log-${n}.wiretuner`, { readOnly: true })
const id = benchDocumentId(n)
const snap = f.loadLatestSnapshot(id).snapshot!
const d = decodeSnapshot(snap.data, snap.eventSequence)
if (!d.ok) throw new Error()
const text = serializeDocument(d.state.document)
console.log('objects', d.state.document.objects.size, 'bytes', text.length)
for (let i = 0; i < 6; i++) {
  let t = performance.now()
  const raw = JSON.parse(text)
  const a = performance.now() - t
  t = performance.now()
  documentFromJson(raw)
  const b = performance.now() - t
  t = performance.now()
  serializeDocument(d.state.document)
  const c = performance.now() - t
  t = performance.now()
  f.loadLatestSnapshot(id)
  const e = performance.now() - t
  t = performance.now()
  encodeSnapshot(d.state)
  const g = performance.now() - t
  console.log({
    jsonParse: a.toFixed(2),
    fromJson: b.toFixed(2),
    serialize: c.toFixed(2),
    loadSnap: e.toFixed(2),
    encode: g.toFixed(2),
  })
}
