/**
 * `pnpm bench`: per-edit cost on 100 vs 10,000 objects (target ratio ≤ 2), serialize/parse of a
 * 10,000-object document, and throughput of a replay-like operation mix in persistent and batch
 * mode. Medians with min–max; the machine is shared, so compare ratios from the same run.
 */
import { performance } from 'node:perf_hooks'
import { measure, ratio, report, type Stats, summarize, target } from '@wiretuner/bench-kit'
import {
  addAnchor,
  beginBatch,
  createArtboard,
  createDocument,
  createLayer,
  createPath,
  createShape,
  type Document,
  type DocumentDraft,
  deleteObjects,
  modifyAnchor,
  moveObjects,
  panViewport,
  parseDocument,
  selectObjects,
  serializeDocument,
  setStyle,
  type VectorObject,
  zoomViewport,
} from '@wiretuner/vector-model'

const LAYERS = 4

/** A document with `n` objects (alternating shapes and 4-anchor curved paths) over 4 layers. */
function buildDocument(n: number): Document {
  let d = createDocument({ id: `bench-${n}`, title: 'bench' })
  d = createArtboard(d, { artboardId: 'ab', bounds: { x: 0, y: 0, width: 4000, height: 4000 } })
  const b = beginBatch(d)
  for (let l = 0; l < LAYERS; l++) createLayer(b, { layerId: `l${l}`, artboardId: 'ab' })
  for (let i = 0; i < n; i++) {
    const layerId = `l${i % LAYERS}`
    const x = (i * 37) % 4000
    const y = (i * 91) % 4000
    if (i % 2 === 0) {
      createShape(b, {
        shapeId: `o${i}`,
        layerId,
        shapeType: 'rectangle',
        parameters: { centerX: x, centerY: y, width: 20, height: 10, cornerRadius: 2 },
        style: { fill: '#336699' },
      })
    } else {
      createPath(b, { pathId: `o${i}`, layerId, startAnchor: { x, y } })
      for (let k = 1; k < 4; k++) {
        addAnchor(b, {
          pathId: `o${i}`,
          position: { x: x + 10 * k, y },
          anchorType: 'bezier',
          handleIn: { x: -3, y: 4 },
          handleOut: { x: 3, y: -4 },
        })
      }
    }
  }
  return b.commit()
}

const EDITS = 20_000
const SAMPLES = 21

/**
 * Times two cases in alternation (A, B, A, B…) so that both see the same background load of the
 * shared machine; returns their stats (ms per sample of `units` edits).
 */
function paired(
  nameA: string,
  a: () => unknown,
  nameB: string,
  b: () => unknown,
  units: number,
): [Stats, Stats] {
  const ta: number[] = []
  const tb: number[] = []
  for (let i = 0; i < 3; i++) {
    a()
    b()
  }
  for (let i = 0; i < SAMPLES; i++) {
    let t0 = performance.now()
    a()
    ta.push(performance.now() - t0)
    t0 = performance.now()
    b()
    tb.push(performance.now() - t0)
  }
  return [summarize(nameA, ta, units), summarize(nameB, tb, units)]
}

/**
 * One persistent `moveObjects` on the same n-object document, EDITS times. `run` consecutive edits
 * address the same object (a sampled drag gesture moves one selection many times); run = 1 is a
 * different pseudo-random object every edit (dominated by cache misses on a large heap).
 */
function moveSingle(doc: Document, n: number, run: number): () => Document {
  const ids = Array.from({ length: 1024 }, (_, i) => `o${(i * 7919) % n}`)
  return () => {
    let last = doc
    for (let i = 0; i < EDITS; i++)
      last = moveObjects(doc, [ids[Math.floor(i / run) & 1023] as string], { x: 1, y: -1 })
    return last
  }
}

/** `moveObjects` in batch mode: EDITS edits on one draft of the n-object document (`run` per object). */
function moveBatch(doc: Document, n: number, run: number): () => Document {
  const ids = Array.from({ length: 1024 }, (_, i) => `o${(i * 7919) % n}`)
  return () => {
    const draft = beginBatch(doc)
    for (let i = 0; i < EDITS; i++)
      moveObjects(draft, [ids[Math.floor(i / run) & 1023] as string], { x: 1, y: -1 })
    return draft.commit()
  }
}

/** Persistent `moveObjects` on a pseudo-random object, EDITS times in a chain (each on the last result). */
function moveChain(doc: Document, n: number): () => Document {
  const ids = Array.from({ length: 1024 }, (_, i) => `o${(i * 7919) % n}`)
  return () => {
    let d = doc
    for (let i = 0; i < EDITS; i++) d = moveObjects(d, [ids[i & 1023] as string], { x: 1, y: -1 })
    return d
  }
}

/** Persistent `createShape` + `deleteObjects` on a layer holding n/4 objects, EDITS/2 times each. */
function createDeleteChain(doc: Document): () => Document {
  return () => {
    let d = doc
    for (let i = 0; i < EDITS / 2; i++) {
      d = createShape(d, {
        shapeId: 'tmp',
        layerId: 'l1',
        shapeType: 'ellipse',
        parameters: { centerX: 1, centerY: 2, radiusX: 3, radiusY: 4 },
      })
      d = deleteObjects(d, ['tmp'])
    }
    return d
  }
}

function perEdit(s: Stats): void {
  report(s, 'edits')
  const us = (ms: number) => ((ms * 1000) / EDITS).toFixed(3)
  console.log(`    per edit: ${us(s.medianMs)} µs (min ${us(s.minMs)} – max ${us(s.maxMs)})`)
}

console.log('# vector-model benchmarks', new Date().toISOString())
// `pnpm bench` builds first and imports the package by name from dist/ (the code users run);
// `pnpm bench:source` runs the sources through tsx instead, for comparison.
const resolved = import.meta.resolve('@wiretuner/vector-model')
console.log(
  `code under test: ${resolved.includes('/dist/') ? 'built (dist/)' : 'SOURCE through tsx'} — ${resolved}`,
)
const small = buildDocument(100)
const large = buildDocument(10_000)

const [g100, g10k] = paired(
  'one move, gesture-like (8 per object), 100 objects',
  moveSingle(small, 100, 8),
  'one move, gesture-like (8 per object), 10,000 objects',
  moveSingle(large, 10_000, 8),
  EDITS,
)
const [s100, s10k] = paired(
  'one move, random object each edit, 100 objects',
  moveSingle(small, 100, 1),
  'one move, random object each edit, 10,000 objects',
  moveSingle(large, 10_000, 1),
  EDITS,
)
const [bg100, bg10k] = paired(
  'one move in batch mode, gesture-like, 100 objects',
  moveBatch(small, 100, 8),
  'one move in batch mode, gesture-like, 10,000 objects',
  moveBatch(large, 10_000, 8),
  EDITS,
)
const [br100, br10k] = paired(
  'one move in batch mode, random object, 100 objects',
  moveBatch(small, 100, 1),
  'one move in batch mode, random object, 10,000 objects',
  moveBatch(large, 10_000, 1),
  EDITS,
)
const [m100, m10k] = paired(
  'moveObjects chain (persistent), 100 objects',
  moveChain(small, 100),
  'moveObjects chain (persistent), 10,000 objects',
  moveChain(large, 10_000),
  EDITS,
)
const [c100, c10k] = paired(
  'createShape + deleteObjects (persistent), 100 objects',
  createDeleteChain(small),
  'createShape + deleteObjects (persistent), 10,000 objects',
  createDeleteChain(large),
  EDITS,
)
/**
 * Calibration: the same random edits on a MUTABLE native Map of the same records (no
 * persistence at all). Its 10,000/100 ratio shows how much of the growth is the memory hierarchy
 * (cache misses on a larger heap) rather than the data structure.
 */
function nativeBaseline(doc: Document, n: number): () => unknown {
  const ids = Array.from({ length: 1024 }, (_, i) => `o${(i * 7919) % n}`)
  const map = new Map([...doc.objects.values()].map((o) => [o.id, o] as const))
  return () => {
    for (let i = 0; i < EDITS; i++) {
      const id = ids[i & 1023] as string
      const o = map.get(id) as VectorObject
      const t = o.transform
      map.set(id, { ...o, transform: { a: t.a, b: t.b, c: t.c, d: t.d, e: t.e + 1, f: t.f - 1 } })
    }
    return map
  }
}
const [n100, n10k] = paired(
  'baseline: mutable native Map edit, 100 objects',
  nativeBaseline(small, 100),
  'baseline: mutable native Map edit, 10,000 objects',
  nativeBaseline(large, 10_000),
  EDITS,
)
for (const s of [g100, g10k, s100, s10k, bg100, bg10k, br100, br10k, m100, m10k, c100, c10k, n100, n10k])
  perEdit(s)
console.log(`info  baseline (mutable native Map): 10,000 / 100 objects: ${ratio(n10k, n100).toFixed(3)}`)
target('one edit (move, gesture-like): per-edit cost 10,000 / 100 objects', ratio(g10k, g100), { atMost: 2 })
target('one edit (move, random object): per-edit cost 10,000 / 100 objects', ratio(s10k, s100), { atMost: 2 })
target('move chain: per-edit cost 10,000 / 100 objects', ratio(m10k, m100), { atMost: 2 })
target('one edit in batch mode (move, gesture-like): 10,000 / 100 objects', ratio(bg10k, bg100), {
  atMost: 2,
})
target('one edit in batch mode (move, random object): 10,000 / 100 objects', ratio(br10k, br100), {
  atMost: 2,
})
target('create+delete: per-edit cost 10,000 / 100 objects', ratio(c10k, c100), { atMost: 2 })

let text = ''
report(measure('serializeDocument, 10,000 objects', () => (text = serializeDocument(large)), { samples: 15 }))
console.log(`    ${(text.length / 1e6).toFixed(2)} MB of JSON`)
report(
  measure(
    'parseDocument, 10,000 objects',
    () => {
      const r = parseDocument(text)
      if (!r.ok) throw r.error
    },
    { samples: 15 },
  ),
)

/**
 * A replay-like mix of 10 operations (mostly sampled gestures) applied to `t`; round `i` edits
 * object `pick(i)` and a path next to it.
 */
function mix<T extends Document | DocumentDraft>(t: T, i: number, obj: number): T {
  const id = `o${obj}`
  const path = `o${obj | 1}`
  t = moveObjects(t, [id], { x: 1, y: 1 })
  t = moveObjects(t, [id], { x: -1, y: 0.5 })
  t = modifyAnchor(t, { pathId: path, anchorIndex: 1, position: { x: i % 100, y: 3 } })
  t = modifyAnchor(t, { pathId: path, anchorIndex: 2, handleOut: { x: 2, y: 2 } })
  t = setStyle(t, [id], { strokeWidth: (i % 5) + 1 })
  t = selectObjects(t, [id], 'replace')
  t = panViewport(t, { x: 2, y: -1 })
  t = zoomViewport(t, 1.01, { x: 400, y: 300 })
  t = moveObjects(t, [path], { x: 0.5, y: 0.5 })
  t = zoomViewport(t, 1 / 1.01, { x: 400, y: 300 })
  return t
}

const ROUNDS = 10_000
const random = (n: number) => (i: number) => (i * 7919) % (n - 1)
const gesture = (n: number) => (i: number) => (Math.floor(i / 8) * 7919) % (n - 1)
for (const [n, doc] of [
  [100, small],
  [10_000, large],
] as const) {
  const cases: [string, (i: number) => number, 'persistent' | 'batch' | 'commit-each'][] = [
    ['persistent, random object per round', random(n), 'persistent'],
    ['batch, random object per round', random(n), 'batch'],
    ['batch, gesture-like (8 rounds per object)', gesture(n), 'batch'],
    ['batch + commit after every round, gesture-like', gesture(n), 'commit-each'],
  ]
  for (const [label, pick, mode] of cases) {
    const stats = measure(
      `op mix, ${label}, ${n} objects`,
      () => {
        if (mode === 'persistent') {
          let d = doc
          for (let i = 0; i < ROUNDS; i++) d = mix(d, i, pick(i))
          return d
        }
        const b = beginBatch(doc)
        for (let i = 0; i < ROUNDS; i++) {
          mix(b, i, pick(i))
          if (mode === 'commit-each') b.commit()
        }
        return b.commit()
      },
      { units: ROUNDS * 10, samples: 11 },
    )
    report(stats, 'ops')
    if (mode !== 'persistent')
      target(`${label}, ${n} objects (ops/s)`, stats.unitsPerSecond, { atLeast: 1_000_000 })
  }
}
