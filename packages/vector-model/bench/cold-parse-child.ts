/**
 * One sample of `cold-parse.ts`, run in a NEW node process against the built package: reads and
 * parses the snapshot JSON untimed, then times the 1st, 2nd and 10th `documentFromJson` of its
 * `.document`, and the 1st, 2nd and 10th `serializeDocument` of the result. Prints one JSON line.
 */
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { type Document, documentFromJson, serializeDocument } from '@wiretuner/vector-model'

/** Times `fn` on calls 1, 2 and 10 (calls 3..9 run untimed). */
function firstSecondWarm(fn: () => unknown): [number, number, number] {
  const ms: number[] = []
  for (let i = 1; i <= 10; i++) {
    const t0 = performance.now()
    fn()
    ms.push(performance.now() - t0)
  }
  return [ms[0] as number, ms[1] as number, ms[9] as number]
}

const raw = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as { document: unknown }
let doc: Document | undefined
const parse = firstSecondWarm(() => {
  const result = documentFromJson(raw.document)
  if (!result.ok) throw result.error
  doc = result.document
})
const serialize = firstSecondWarm(() => serializeDocument(doc as Document))
console.log(JSON.stringify({ parse, serialize }))
