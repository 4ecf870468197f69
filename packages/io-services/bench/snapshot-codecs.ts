/**
 * Snapshot codecs: the gzip level (6 against 9, time and ratio on a real replay snapshot JSON of
 * 1,000 objects, `fixtures/replay-snapshot-1000.json.gz`, made by replay's
 * `bench/snapshot-fixture.ts`); native zlib (`node-zlib`, the default on Node) against pako
 * (portable) on a 1,000-object document JSON (~375 kB), timed interleaved; then `writeSnapshot`
 * with the default codec into a memory store and a SQLite file (synchronous FULL), against
 * replay's budget of 10 ms for serialize + compress + write.
 * Run alone with `pnpm bench snapshots`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { measure, ratio, report, target } from '@wiretuner/bench-kit'
import { crc32, crc32Portable } from '../src/crc32.js'
import {
  createMemoryStorage,
  DEFAULT_SNAPSHOT_CODEC,
  decodeSnapshot,
  encodeSnapshot,
  pakoCodec,
} from '../src/index.js'
import { nodeZlibCodec, openWireTunerFile } from '../src/node.js'
import { interleaved } from './interleave.js'
import { documentJson } from './workload.js'

const DOC = '99999999-9999-4999-8999-999999999999'

/** Real snapshot JSON written by replay (1,000 objects of the simulated editing mix). */
function realSnapshotJson(): Uint8Array {
  const gz = readFileSync(new URL('./fixtures/replay-snapshot-1000.json.gz', import.meta.url))
  return new Uint8Array(gunzipSync(gz))
}

/** gzip level 6 against 9 on real snapshot JSON: time (interleaved) and stored size. */
function benchGzipLevels(): void {
  const data = realSnapshotJson()
  const kb = (data.length / 1000).toFixed(0)
  const sizes: Record<string, number> = {}
  const [six, nine] = interleaved(
    {
      name: `gzip level 6, real snapshot JSON ${kb} kB (node-zlib)`,
      run: () => {
        sizes.six = encodeSnapshot(data, 'gzip', DEFAULT_SNAPSHOT_CODEC, 6).length
      },
    },
    {
      name: `gzip level 9, real snapshot JSON ${kb} kB (node-zlib)`,
      run: () => {
        sizes.nine = encodeSnapshot(data, 'gzip', DEFAULT_SNAPSHOT_CODEC, 9).length
      },
    },
    1,
    31,
    3,
  )
  report(six)
  report(nine)
  const r6 = data.length / (sizes.six ?? 1)
  const r9 = data.length / (sizes.nine ?? 1)
  console.log(
    `      level 6: ${sizes.six} bytes (${r6.toFixed(2)}:1); level 9: ${sizes.nine} bytes (${r9.toFixed(2)}:1); level 9 / level 6 time ${ratio(nine, six).toFixed(2)}×, size ${((sizes.nine ?? 0) / (sizes.six ?? 1)).toFixed(3)}×`,
  )
}

/** Runs the snapshot codec benchmarks, using `dir` for the SQLite file. */
export async function benchSnapshotCodecs(dir: string): Promise<void> {
  if (nodeZlibCodec === undefined) throw new Error('the native codec needs Node')
  const native = nodeZlibCodec
  benchGzipLevels()
  const data = documentJson(1_000)
  const kb = (data.length / 1000).toFixed(0)
  const sizes: Record<string, number> = {}
  const [pakoEncode, nativeEncode] = interleaved(
    {
      name: `encodeSnapshot ${kb} kB, pako (gzip)`,
      run: () => {
        sizes.pako = encodeSnapshot(data, 'gzip', pakoCodec).length
      },
    },
    {
      name: `encodeSnapshot ${kb} kB, node-zlib (gzip)`,
      run: () => {
        sizes.native = encodeSnapshot(data, 'gzip', native).length
      },
    },
    1,
    31,
    3,
  )
  report(pakoEncode)
  report(nativeEncode)
  console.log(
    `      compression ratio: pako ${(data.length / (sizes.pako ?? 1)).toFixed(1)}:1, node-zlib ${(data.length / (sizes.native ?? 1)).toFixed(1)}:1 (${sizes.pako} vs ${sizes.native} bytes stored)`,
  )
  target('encode speed-up, node-zlib vs pako (medians)', ratio(pakoEncode, nativeEncode), { atLeast: 1 })

  const blob = encodeSnapshot(data, 'gzip', native)
  const [pakoDecode, nativeDecode] = interleaved(
    {
      name: `decodeSnapshot ${kb} kB, pako (header, bounded inflate, CRC-32)`,
      run: () => decodeSnapshot(blob, { codec: pakoCodec }),
    },
    {
      name: `decodeSnapshot ${kb} kB, node-zlib (header, bounded inflate, CRC-32)`,
      run: () => decodeSnapshot(blob, { codec: native }),
    },
    1,
    31,
    3,
  )
  report(pakoDecode)
  report(nativeDecode)
  console.log(
    `      decode speed-up, node-zlib vs pako (medians): ${ratio(pakoDecode, nativeDecode).toFixed(2)}×`,
  )

  report(measure(`CRC-32 ${kb} kB, native zlib.crc32 (default on Node)`, () => crc32(data), { samples: 31 }))
  report(measure(`CRC-32 ${kb} kB, portable JavaScript table`, () => crc32Portable(data), { samples: 31 }))

  const doc = JSON.parse(new TextDecoder().decode(data)) as unknown
  report(
    measure(
      `serialize the same document (JSON.stringify + encode), for scale`,
      () => new TextEncoder().encode(JSON.stringify(doc)),
      { samples: 31, warmup: 3 },
    ),
  )

  const memory = createMemoryStorage()
  const file = await openWireTunerFile(join(dir, 'snapshots.wiretuner'))
  const event = { eventType: 'ViewportResetEvent', eventId: '', timestamp: 1, documentId: DOC } as const
  for (const [name, store] of [
    ['memory', memory],
    ['SQLite file, synchronous=FULL', file],
  ] as const) {
    store.createDocument({ documentId: DOC, title: 'snapshots' })
    store.append(DOC, [{ ...event, eventId: crypto.randomUUID() }], { expectedSequence: 0 })
    const stats = report(
      measure(`writeSnapshot ${kb} kB, default codec, ${name}`, () => store.writeSnapshot(DOC, 0, data), {
        samples: 31,
        warmup: 3,
        setup: () => store.pruneSnapshots(DOC, 2),
      }),
    )
    if (store === file)
      target('writeSnapshot to a file (compress + write), ms', stats.medianMs, { atMost: 6 })
  }
  file.close()
}
