/**
 * `pnpm bench:render-caches` (issue 16), same-run ratios on a shared 2-core box:
 *  - hit test on a 100,000-object document: p95 < 1 ms and >= 50x faster than vector-model's
 *    linear exact `hitTest`; viewport query of 1% of the area (`objectsIn`) < 2 ms;
 *  - the tessellations of 10,000 curved paths read from `rendered_paths_cache` vs re-tessellated:
 *    >= 10x faster;
 *  - cache maintenance while dispatching a realistic mix (the simulator's): <= 20% of the dispatch
 *    time without caches (same events, same file, rows written every 16 events as the idle delay would).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { measure, report, summarize, target } from '@wiretuner/bench-kit'
import type { DraftEvent, WireTunerEvent } from '@wiretuner/event-schema'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { createManualScheduler, openSession } from '@wiretuner/replay'
import { simulatedLog } from '@wiretuner/replay/testing'
import { type Bounds, hitTest } from '@wiretuner/vector-model'
import { objectsInScan, renderedPathsScan } from '../src/render-fallbacks.js'
import { eventBuilder, storeLog } from '../test/support/helpers.js'

const log = (line: string) => console.log(line)
const scratch = mkdtempSync(join(tmpdir(), 'wt-render-caches-bench-'))
const AREA = 10_000

/** A stored document of `n` objects spread over AREA × AREA: ellipses, stars and curved paths. */
async function objectsFile(name: string, n: number, curvedOnly: boolean) {
  const documentId = '00000000-0000-4000-8000-0000000016b0'
  const ev = eventBuilder(documentId)
  const events: WireTunerEvent[] = [
    ev({ eventType: 'CreateDocumentEvent' }),
    ev({
      eventType: 'CreateArtboardEvent',
      artboardId: 'ab',
      bounds: { x: 0, y: 0, width: AREA, height: AREA },
    }),
    ev({ eventType: 'CreateLayerEvent', layerId: 'l', artboardId: 'ab' }),
  ]
  let seed = 16
  const rnd = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return seed / 2 ** 32
  }
  for (let i = 0; i < n; i++) {
    const x = rnd() * AREA
    const y = rnd() * AREA
    const r = 5 + rnd() * 25
    const style = { fill: '#3366CC', stroke: '#000000', strokeWidth: 1 + rnd() * 3 }
    if (curvedOnly || i % 3 === 0) {
      const id = `p${i}`
      const handle = (dx: number, dy: number) => ({ x: dx * r * 0.55, y: dy * r * 0.55 })
      events.push(
        ev({
          eventType: 'CreatePathEvent',
          pathId: id,
          layerId: 'l',
          startAnchor: { x: x - r, y },
          style,
        }),
        ev({
          eventType: 'AddAnchorEvent',
          pathId: id,
          position: { x, y: y - r },
          anchorType: 'bezier',
          handleIn: handle(-1, 0),
          handleOut: handle(1, 0),
        }),
        ev({
          eventType: 'AddAnchorEvent',
          pathId: id,
          position: { x: x + r, y },
          anchorType: 'bezier',
          handleIn: handle(0, -1),
          handleOut: handle(0, 1),
        }),
        ev({
          eventType: 'AddAnchorEvent',
          pathId: id,
          position: { x, y: y + r * 0.7 },
          anchorType: 'bezier',
          handleIn: handle(1, 0),
          handleOut: handle(-1, 0),
        }),
        ev({ eventType: 'FinishPathEvent', pathId: id, closed: true }),
      )
    } else {
      const star = i % 3 === 1
      events.push(
        ev({
          eventType: 'CreateShapeEvent',
          schemaVersion: 2,
          shapeId: `s${i}`,
          layerId: 'l',
          shapeType: star ? 'star' : 'ellipse',
          parameters: star
            ? { centerX: x, centerY: y, outerRadius: r, innerRadius: r / 2, points: 5 }
            : { centerX: x, centerY: y, radiusX: r, radiusY: r * 0.6 },
          style,
        }),
      )
    }
  }
  const storage = await openWireTunerFile(join(scratch, name))
  storeLog(storage, events)
  return { storage, documentId }
}

async function hitTestAndViewport(): Promise<void> {
  const { storage, documentId } = await objectsFile('hit.wiretuner', 100_000, false)
  const session = openSession(storage, documentId, { historyIndex: { mode: 'off' } })
  const build = measure('build render caches (100,000 objects)', () => session.rebuildRenderCaches(), {
    samples: 1,
    warmup: 0,
  })
  report(build)
  let k = 0
  const points = Array.from({ length: 400 }, (_, i) => ({
    x: ((i * 7919) % AREA) + 0.5,
    y: ((i * 104729) % AREA) + 0.5,
  }))
  const hitTimes: number[] = []
  for (const p of points) {
    const t0 = performance.now()
    session.hitTest(p, 2)
    hitTimes.push(performance.now() - t0)
  }
  const indexed = report(summarize('hitTest, R*Tree + exact (100,000 objects)', hitTimes.slice(20)))
  const doc = session.document
  const linear = report(
    measure(
      'hitTest, linear exact scan (vector-model)',
      () => hitTest(doc, points[k++ % points.length] ?? { x: 0, y: 0 }),
      {
        samples: 15,
        warmup: 2,
      },
    ),
  )
  let agree = 0
  for (const p of points.slice(0, 15)) {
    if (JSON.stringify(session.hitTest(p, 2)) === JSON.stringify(hitTest(doc, p, { tolerance: 2 }))) agree++
  }
  log(`info  indexed and linear hit tests agree on ${agree}/15 points`)
  target('hit test p95 ms (100,000 objects)', indexed.p95Ms, { atMost: 1 })
  target('hit test speed-up vs linear exact scan', linear.medianMs / indexed.medianMs, { atLeast: 50 })
  const side = AREA / 10
  const rects = Array.from({ length: 60 }, (_, i) => ({
    x: (i * 1337) % (AREA - side),
    y: (i * 4241) % (AREA - side),
    width: side,
    height: side,
  }))
  const viewTimes: number[] = []
  let found = 0
  for (const rect of rects) {
    const t0 = performance.now()
    found += session.objectsIn(rect).length
    viewTimes.push(performance.now() - t0)
  }
  const view = report(summarize('objectsIn 1% of the area', viewTimes.slice(5)))
  log(`info  ${Math.round(found / rects.length)} objects per 1% viewport on average`)
  let r = 0
  const scan = report(
    measure(
      'objectsIn 1% of the area, linear scan',
      () => objectsInScan(doc, rects[r++ % rects.length] as Bounds),
      {
        samples: 15,
        warmup: 2,
      },
    ),
  )
  log(`info  viewport query speed-up vs linear scan: ${(scan.medianMs / view.medianMs).toFixed(1)}x`)
  target('viewport query 1% area median ms', view.medianMs, { atMost: 2 })
  session.close()
  storage.close()
}

async function renderFromCache(): Promise<void> {
  const { storage, documentId } = await objectsFile('render.wiretuner', 10_000, true)
  const builder = openSession(storage, documentId, { historyIndex: { mode: 'off' } })
  builder.rebuildRenderCaches()
  builder.close()
  let session = openSession(storage, documentId, { historyIndex: { mode: 'off' } })
  const doc = session.document
  // cold: a new session each sample (untimed), so every tessellation comes from the table
  const fromTable = report(
    measure('10,000 curved paths: from rendered_paths_cache (new session)', () => session.renderedPaths(), {
      samples: 7,
      warmup: 1,
      setup: () => {
        session.close()
        session = openSession(storage, documentId, { historyIndex: { mode: 'off' } })
      },
    }),
  )
  // warm: the same session again (decoded rows kept per object value)
  const warm = report(
    measure('10,000 curved paths: again in the same session', () => session.renderedPaths(), {
      samples: 7,
      warmup: 1,
    }),
  )
  const fresh = report(
    measure('10,000 curved paths: re-tessellated', () => renderedPathsScan(doc), { samples: 7, warmup: 1 }),
  )
  log(`info  rows repaired while reading (must be 0): ${session.renderCaches.rowsRepaired}`)
  target('render from the tessellation table speed-up (new session)', fresh.medianMs / fromTable.medianMs, {
    atLeast: 10,
  })
  target('render from the tessellation cache speed-up (same session)', fresh.medianMs / warm.medianMs, {
    atLeast: 10,
  })
  session.close()
  storage.close()
}

/** Events of the maintenance case (`WT_MAINTENANCE_EVENTS`, default 6,000). */
const MAINTENANCE_EVENTS = Number(process.env.WT_MAINTENANCE_EVENTS ?? 6_000)

async function maintenance(): Promise<void> {
  const events = simulatedLog(1616, MAINTENANCE_EVENTS)
  const documentId = events[0]?.documentId as string
  const runs: Record<'on' | 'off', number[]> = { on: [], off: [] }
  for (let round = 0; round < 5; round++) {
    for (const mode of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      const storage = await openWireTunerFile(join(scratch, `maint-${round}-${mode}.wiretuner`))
      storeLog(storage, events.slice(0, 1))
      const scheduler = createManualScheduler()
      const session = openSession(storage, documentId, {
        historyIndex: { mode: 'off' },
        snapshotScheduling: 'sync',
        renderCaches: { mode, scheduler, flushDelayMs: 1 },
      })
      const rest = events.slice(1) as DraftEvent[]
      const t0 = performance.now()
      for (let i = 0; i < rest.length; i++) {
        session.dispatch(rest[i] as DraftEvent)
        if (i % 16 === 15) scheduler.advance(1)
      }
      session.flushRenderCaches()
      runs[mode].push(performance.now() - t0)
      session.close()
      storage.close()
    }
  }
  const n = MAINTENANCE_EVENTS
  const off = report(summarize(`dispatch ${n} simulated events, caches off`, runs.off, n), 'events')
  const on = report(summarize(`dispatch ${n} simulated events, caches kept`, runs.on, n), 'events')
  target('render cache maintenance share of dispatch time', (on.medianMs - off.medianMs) / off.medianMs, {
    atMost: 0.2,
  })
}

try {
  log(`render caches bench, ${new Date().toISOString()}`)
  // WT_RENDER_CACHES_CASES: a comma-separated subset of maintenance,render,hit (default all)
  const cases = (process.env.WT_RENDER_CACHES_CASES ?? 'maintenance,render,hit').split(',')
  if (cases.includes('maintenance')) await maintenance()
  if (cases.includes('render')) await renderFromCache()
  if (cases.includes('hit')) await hitTestAndViewport()
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
