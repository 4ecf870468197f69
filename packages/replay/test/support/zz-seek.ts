import { openWireTunerFile } from '@wiretuner/io-services'
import { openDocument } from '@wiretuner/replay'

const [path, kArg] = process.argv.slice(2)
const documentId = '00000000-0000-4000-8000-0000000000aa'
const t0 = performance.now()
const file = await openWireTunerFile(path!, { readOnly: false })
const t1 = performance.now()
const s = openDocument(file, documentId, { historyIndex: { mode: 'off' } })
const t2 = performance.now()
const k = Number(kArg)
const d = s.documentAt(k)
const t3 = performance.now()
const k2 = Math.floor(k / 3)
s.documentAt(k2)
const t4 = performance.now()
console.log(
  JSON.stringify({
    openFile: +(t1 - t0).toFixed(2),
    openDoc: +(t2 - t1).toFixed(2),
    seek: +(t3 - t2).toFixed(2),
    seek2: +(t4 - t3).toFixed(2),
    src: s.loadReport.baseSource,
    tail: s.loadReport.eventsReplayed,
  }),
)
s.close()
file.close()
