/**
 * `pnpm bench`: io-services against raw better-sqlite3, ratios measured in the same run.
 *  - batched append (validate + canonical JSON + one IMMEDIATE transaction) vs raw inserts of the
 *    same rows, 1,000 per transaction, on the seed schema alone and with the eventId index, v4 and
 *    v7 ids (append-vs-raw.ts): target append (v7) / raw seed-schema >= 0.7 (`pnpm bench append`);
 *  - streaming read of a range with JSON.parse + validation vs raw iterate() + JSON.parse:
 *    target ratio >= 0.6;
 *  - single-event commit latency, synchronous FULL and NORMAL; open-file time; snapshot write/load;
 *  - the browser storage (SQLite WASM on OPFS, in Chromium) vs Node on the same workload
 *    (browser.ts, `pnpm bench browser`): target browser / Node >= 0.5, open 100k events < 50 ms;
 *  - the PostgreSQL storage vs the SQLite file: append 1,000/call and 1/call, read 10,000
 *    (postgres.ts, `pnpm bench postgres`), reported as same-run ratios.
 * The machine is a shared 2-core box: read medians (min-max) and the same-run ratios.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { measure, measureAsync, ratio, report, target } from '@wiretuner/bench-kit'
import type { DraftEvent } from '@wiretuner/event-schema'
import Database from 'better-sqlite3'
import { openWireTunerFile } from '../src/node.js'
import { benchAppendVsRaw } from './append-vs-raw.js'
import { benchBrowser } from './browser.js'
import { interleaved } from './interleave.js'
import { benchLogGrowth } from './log-growth.js'
import { benchPostgres } from './postgres.js'
import { benchSnapshotCodecs } from './snapshot-codecs.js'
import { editingMix } from './workload.js'

const BATCH = 2_000
const READ_TOTAL = 20_000
const READ_RANGE = { from: 5_000, to: 14_999 }
const dir = mkdtempSync(join(tmpdir(), 'wt-io-bench-'))
const DOC = '99999999-9999-4999-8999-999999999999'
const RAW_DOC = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'

async function newFile(name: string, synchronous: 'full' | 'normal' = 'full') {
  const file = await openWireTunerFile(join(dir, name), { synchronous })
  file.createDocument({ documentId: DOC, title: name })
  file.createDocument({ documentId: RAW_DOC, title: `${name} raw` })
  return file
}

const only = process.argv[2]
try {
  console.log(`io-services bench — ${new Date().toISOString()} — node ${process.version}`)
  if (only === undefined || only === 'append') await benchAppendVsRaw(dir)
  if (only === undefined || only === 'snapshots') await benchSnapshotCodecs(dir)
  if (only === undefined || only === 'growth') await benchLogGrowth(dir)
  if (only === undefined || only === 'browser') await benchBrowser(dir)
  if (only === undefined || only === 'postgres') await benchPostgres(dir)
  if (only !== undefined) {
    rmSync(dir, { recursive: true, force: true })
    process.exit(0)
  }

  // --- streaming read vs raw iterate + JSON.parse ----------------------------------------------
  {
    const file = await newFile('read.wiretuner')
    for (let i = 0; i < READ_TOTAL; i += BATCH)
      file.append(DOC, editingMix(DOC, BATCH), { expectedSequence: i })
    const raw = new Database(join(dir, 'read.wiretuner'), { readonly: true })
    const stmt = raw.prepare(
      'SELECT event_sequence, event_type, event_payload FROM events WHERE document_id = ? AND event_sequence >= ? AND event_sequence <= ? ORDER BY event_sequence',
    )
    const n = READ_RANGE.to - READ_RANGE.from + 1
    let sink = 0
    const [readStats, rawRead] = interleaved(
      {
        name: `readEvents ${n} of ${READ_TOTAL} (parse + validate + upcast)`,
        run: () => {
          for (const item of file.readEvents(DOC, READ_RANGE))
            if (item.kind === 'event') sink += item.sequence
        },
      },
      {
        name: `raw iterate() + JSON.parse of the same ${n} rows`,
        run: () => {
          for (const row of stmt.iterate(DOC, READ_RANGE.from, READ_RANGE.to) as Iterable<{
            event_payload: string
          }>) {
            sink += (JSON.parse(row.event_payload) as { eventSequence: number }).eventSequence
          }
        },
      },
      n,
    )
    report(readStats, 'events')
    report(rawRead, 'events')
    target('read throughput ratio (ours / raw), medians', ratio(rawRead, readStats), { atLeast: 0.6 })
    console.log(
      `      same ratio from the fastest samples (least disturbed): ${(rawRead.minMs / readStats.minMs).toFixed(3)}`,
    )
    if (sink < 0) console.log(sink)

    // --- snapshots: 1 MB document JSON, gzip ---------------------------------------------------
    const doc = new TextEncoder().encode(JSON.stringify({ events: [...file.readEvents(DOC, { to: 3_999 })] }))
    report(
      measure(
        `writeSnapshot ${(doc.length / 1e6).toFixed(2)} MB (gzip)`,
        () => file.writeSnapshot(DOC, 3_999, doc),
        {
          samples: 9,
          warmup: 1,
        },
      ),
    )
    report(
      measure('loadLatestSnapshot (inflate + CRC-32)', () => file.loadLatestSnapshot(DOC), {
        samples: 9,
        warmup: 1,
      }),
    )
    file.pruneSnapshots(DOC, 1)
    raw.close()
    file.close()
    report(
      await measureAsync(
        `open-file (${READ_TOTAL} events) + close`,
        async () => (await openWireTunerFile(join(dir, 'read.wiretuner'), { create: false })).close(),
        { samples: 15, warmup: 2 },
      ),
    )
    report(
      await measureAsync(
        'create new file (schema + migrations) + close',
        async () => {
          const path = join(dir, `new-${Math.random()}.wiretuner`)
          ;(await openWireTunerFile(path)).close()
          rmSync(path)
        },
        { samples: 9, warmup: 1 },
      ),
    )
  }

  // --- single-event commit latency -------------------------------------------------------------
  for (const mode of ['full', 'normal'] as const) {
    const file = await newFile(`latency-${mode}.wiretuner`, mode)
    let next = 0
    let one: DraftEvent[] = []
    report(
      measure(
        `single-event append, synchronous=${mode.toUpperCase()}`,
        () => {
          file.append(DOC, one, { expectedSequence: next++ })
        },
        { samples: 200, warmup: 10, setup: () => (one = editingMix(DOC, 1)) },
      ),
    )
    file.close()
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
