/**
 * Acceptance property (7): replaying the same log in two separate processes yields identical
 * bytes (and the same bytes as this process). The log is a random valid one, stored once in a
 * SQLite file with snapshots; each child opens it read-only (tsx with the source condition).
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { serializeDocument } from '@wiretuner/vector-model'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { encodeReplayState } from '../src/snapshot-format.js'
import { simulatedLog } from '../src/testing.js'
import { fakeUuid, fullFold, storeLog } from './support/helpers.js'

const run = promisify(execFile)
const child = join(import.meta.dirname, 'support', 'replay-child.ts')
const dir = mkdtempSync(join(tmpdir(), 'wt-replay-2p-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Replays every (file, document) in one child process; one result per log. */
async function replayInChild(
  logs: readonly (readonly [string, string])[],
): Promise<Record<string, unknown>[]> {
  const { stdout } = await run(
    process.execPath,
    ['--conditions=@wiretuner/source', '--import', 'tsx', child, ...logs.flat()],
    {
      cwd: join(import.meta.dirname, '..'),
      timeout: 90_000,
    },
  )
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

describe('(7) two processes replay the same log to identical bytes', () => {
  it('for random valid logs with snapshots', async () => {
    let n = 0
    const logSpec = fc.record({
      seed: fc.integer(),
      length: fc.integer({ min: 50, max: 800 }),
      snap: fc.nat(),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(logSpec, { minLength: 2, maxLength: 4 }), async (specs) => {
        const logs: (readonly [string, string])[] = []
        const expected: { here: string; k: number }[] = []
        for (const { seed, length, snap } of specs) {
          const documentId = fakeUuid(++n, 0x2b2)
          const events = simulatedLog(seed, length, { documentId })
          const path = join(dir, `log-${n}.wiretuner`)
          const file = await openWireTunerFile(path)
          storeLog(file, events)
          const k = snap % events.length
          file.writeSnapshot(documentId, k, encodeReplayState(fullFold(events.slice(0, k + 1))))
          file.close()
          logs.push([path, documentId])
          expected.push({
            here: createHash('sha256')
              .update(serializeDocument(fullFold(events).document))
              .digest('hex'),
            k,
          })
        }
        const [a, b] = await Promise.all([replayInChild(logs), replayInChild(logs)])
        expect(a).toEqual(b)
        expect(a).toHaveLength(specs.length)
        a.forEach((result, i) => {
          expect(result.full).toBe(expected[i]?.here)
          expect(result.opened).toBe(expected[i]?.here)
          expect(result.snapshot).toBe(expected[i]?.k)
        })
      }),
      { numRuns: Number(process.env.WT_PROPERTY_RUNS ?? 1) },
    )
  }, 240_000)
})
