/**
 * Child of cold-read.ts: ONE fresh node process, the package's public entry (built `dist/`).
 * Opens the file read-only and finds the newest snapshot (untimed), then times the FIRST
 * `[...readEvents(id, { from: snapshot + 1 })]` in this process (parse + upcast + validate of the
 * tail) and the same read again (warm), wall and CPU time. Prints one JSON line.
 * Usage: cold-read-child <file> <documentId>
 */
import { openWireTunerFile } from '@wiretuner/io-services/node'

const [path, documentId] = process.argv.slice(2)
if (path === undefined || documentId === undefined) throw new Error('usage: cold-read-child <file> <id>')

const file = await openWireTunerFile(path, { readOnly: true })
const newest = Math.max(-1, ...file.listSnapshots(documentId).map((s) => s.eventSequence))
const range = { from: newest + 1 }
const times: Record<string, number> = {}
for (const round of ['first', 'second']) {
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const items = [...file.readEvents(documentId, range)]
  times[round] = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  times[`${round}Cpu`] = (cpu.user + cpu.system) / 1000
  const bad = items.filter((item) => item.kind !== 'event').length
  if (bad > 0) throw new Error(`${bad} of ${items.length} read items are not events`)
  times.events = items.length
}
file.close()
console.log(JSON.stringify(times))
