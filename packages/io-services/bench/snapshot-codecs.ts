/**
 * Snapshot codecs: native zlib (`node-zlib`, the default on Node) against pako (portable) on a
 * realistic 1,000-object document JSON (~375 kB), timed interleaved; then `writeSnapshot` with
 * the default codec into a memory store and a SQLite file (synchronous FULL), against replay's
 * budget of 10 ms for serialize + compress + write.
 * Run alone with `pnpm bench snapshots`.
 */
import { join } from 'node:path'
import { measure, ratio, report, target } from '@wiretuner/bench-kit'
import {
  crc32,
  crc32Portable,
  createMemoryStorage,
  decodeSnapshot,
  encodeSnapshot,
  nodeZlibCodec,
  openWireTunerFile,
  pakoCodec,
} from '../src/index.js'
import { interleaved } from './interleave.js'
import { documentJson } from './workload.js'

const DOC = '99999999-9999-4999-8999-999999999999'

/** Runs the snapshot codec benchmarks, using `dir` for the SQLite file. */
export async function benchSnapshotCodecs(dir: string): Promise<void> {
  if (nodeZlibCodec === undefined) throw new Error('the native codec needs Node')
  const native = nodeZlibCodec
  const data = documentJson(1_000)
  const kb = (data.length / 1000).toFixed(0)
  const sizes: Record<string, number> = {}
  const [pakoEncode, nativeEncode] = interleaved(
    {
      name: `encodeSnapshot ${kb} kB, pako (gzip + CRC-32 + frame)`,
      run: () => {
        sizes.pako = encodeSnapshot(data, 'gzip', pakoCodec).length
      },
    },
    {
      name: `encodeSnapshot ${kb} kB, node-zlib (gzip + CRC-32 + frame)`,
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
      name: `decodeSnapshot ${kb} kB, pako (bounded inflate + CRC-32)`,
      run: () => decodeSnapshot(blob, { codec: pakoCodec }),
    },
    {
      name: `decodeSnapshot ${kb} kB, node-zlib (bounded inflate + CRC-32)`,
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
      target('writeSnapshot to a file (compress + frame + write), ms', stats.medianMs, { atMost: 6 })
  }
  file.close()
}
