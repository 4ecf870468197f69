/**
 * Child process of the memory benchmark: replays a whole stored log from the first event (no
 * snapshot: the worst case), streamed, and prints the peak RSS (maxRSS) and the heap afterwards as JSON.
 */
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { initialState, TimeTravel } from '@wiretuner/replay/advanced'

const [path, documentId] = process.argv.slice(2)
if (path === undefined || documentId === undefined) throw new Error('usage: memory-child <file> <documentId>')
const baselineRss = process.memoryUsage().rss
const file = await openWireTunerFile(path, { readOnly: true })
const started = performance.now()
const timeTravel = new TimeTravel(file, documentId, { maxCheckpoints: 0 })
let events = 0
const state = (() => {
  const fold = timeTravel.foldFrom(initialState(documentId))
  events = fold.eventsApplied + fold.problems.length
  return fold.state
})()
const ms = performance.now() - started
const heapAfter = process.memoryUsage().heapUsed
file.close()
console.log(
  JSON.stringify({
    events,
    objects: state.document.objects.size,
    ms,
    baselineRssMb: baselineRss / 2 ** 20,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapAfterMb: heapAfter / 2 ** 20,
  }),
)
