/**
 * Child of run.ts: ONE fresh Node process, as the browser side's fresh Worker. Loads the engine
 * (untimed), creates, closes and deletes a scratch file (the browser side's `warm` request does
 * the same to load SQLite WASM), then times the FIRST open of `<file>` to the document in this
 * process (`timeOpen`, the same function the Worker runs). Prints one JSON line, its `OpenTiming`.
 * Usage: open-child <file> <documentId> <scratch dir>
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { timeOpen } from './workloads.js'

const [path, documentId, scratch] = process.argv.slice(2)
if (path === undefined || documentId === undefined || scratch === undefined) {
  throw new Error('usage: open-child <file> <documentId> <scratch dir>')
}
const warm = join(scratch, `warm-${process.pid}.wiretuner`)
;(await openWireTunerFile(warm)).close()
for (const suffix of ['', '-wal', '-shm']) rmSync(`${warm}${suffix}`, { force: true })
const timing = await timeOpen(async () => {
  const file = await openWireTunerFile(path, { readOnly: true })
  return { storage: file, close: () => file.close() }
}, documentId)
console.log(JSON.stringify(timing))
