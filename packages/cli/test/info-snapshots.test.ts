/**
 * `info` measures each snapshot's JSON size by walking down the log once: a damaged snapshot (here
 * a gzip bomb: a 1 MiB member whose trailer declares 255 MiB) is inflated at most once, and the
 * report says that no size could be measured.
 */
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { measureSnapshots } from '../src/commands/info.ts'
import { runCliInProcess as inProcess } from './helpers/in-process.ts'

const fixture = inject('fixtureFile')
const dir = join(inject('scratchDir'), 'info-snapshots')

beforeAll(() => {
  mkdirSync(dir, { recursive: true })
})

describe('snapshots that are gzip bombs', () => {
  it.concurrent('info inflates each bad snapshot once, and reports them', async () => {
    // every snapshot: a 1 MiB gzip member of zeros whose trailer declares 255 MiB
    const bomb = gzipSync(Buffer.alloc(1 << 20))
    bomb.writeUInt32LE(255 * (1 << 20), bomb.length - 4)
    const path = join(dir, 'bombs.wiretuner')
    copyFileSync(fixture, path)
    const db = new Database(path)
    db.prepare('UPDATE snapshots SET snapshot_data = ?').run(bomb)
    db.close()
    const file = await openWireTunerFile(path, { readOnly: true, create: false })
    try {
      const documentId = file.listDocuments()[0]?.documentId ?? ''
      const infos = file.listSnapshots(documentId)
      expect(infos.length).toBeGreaterThan(1)
      // every lookup's skipped list is what it inflated: no snapshot may appear twice
      const inflated: number[] = []
      const counting = new Proxy(file, {
        get(target, key, receiver) {
          if (key !== 'loadLatestSnapshot') return Reflect.get(target, key, receiver)
          return (id: string, options?: { atOrBefore?: number }) => {
            const result = target.loadLatestSnapshot(id, options)
            inflated.push(...result.skipped.map((p) => p.snapshotId))
            return result
          }
        },
      })
      expect(measureSnapshots(counting, documentId, infos).size).toBe(0)
      expect([...inflated].sort()).toEqual(infos.map((i) => i.snapshotId).sort())
    } finally {
      file.close()
    }
    const info = JSON.parse((await inProcess(['info', path, '--json'])).stdout) as Record<string, unknown>
    expect((info.snapshots as { jsonBytes: unknown }[]).every((x) => x.jsonBytes === null)).toBe(true)
  })
})
