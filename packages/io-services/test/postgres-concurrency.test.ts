/**
 * Several servers on one PostgreSQL database: storages with separate pools (and separate
 * processes) appending to the same document never both succeed at one sequence — the loser gets
 * `conflict` — and the log stays gap-free and duplicate-free; every committed append is heard by
 * every storage's `onAppend` (LISTEN/NOTIFY), never a rolled-back one.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { isStorageError } from '../src/index.js'
import { openPostgresStorage, type PostgresStorage } from '../src/postgres.js'
import { bundleWorker, collect, draft, drafts, spawnWorker } from './helpers.js'
import { adminQuery, freshSchema } from './postgres-helpers.js'

const DOC = '33333333-3333-4333-8333-333333333333'

describe('postgresql: several servers on one database', () => {
  const cleanups: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  /** Two storages with their own pools on one fresh schema, with DOC created. */
  async function twoServers(listen = false): Promise<[PostgresStorage, PostgresStorage, string]> {
    const schema = await freshSchema()
    cleanups.push(schema.drop)
    const a = await openPostgresStorage({ connectionString: schema.url, listen })
    cleanups.push(() => a.close())
    const b = await openPostgresStorage({ connectionString: schema.url, listen })
    cleanups.push(() => b.close())
    await a.createDocument({ documentId: DOC, title: 'shared' })
    return [a, b, schema.url]
  }

  it('two appends at the same expectedSequence: exactly one wins, the other is a conflict', async () => {
    const [a, b] = await twoServers()
    for (let round = 0; round < 40; round++) {
      const expectedSequence = await a.nextSequence(DOC)
      const outcomes = await Promise.allSettled([
        a.append(DOC, drafts(DOC, 1 + (round % 4)), { expectedSequence }),
        b.append(DOC, drafts(DOC, 1 + ((round + 1) % 4)), { expectedSequence }),
      ])
      const won = outcomes.filter((o) => o.status === 'fulfilled')
      const lost = outcomes.filter((o) => o.status === 'rejected')
      expect(won).toHaveLength(1)
      expect(lost).toHaveLength(1)
      const reason = (lost[0] as PromiseRejectedResult).reason
      expect(isStorageError(reason, 'conflict')).toBe(true)
      expect(reason.details).toMatchObject({ expectedSequence, actualSequence: expect.any(Number) })
      // refused by the expected-sequence check under the document lock, not by the unique
      // constraint behind it (that one would carry the PostgreSQL error as its cause)
      expect(reason.cause).toBeUndefined()
    }
    const items = await collect(a.readEvents(DOC))
    expect(items.every((i) => i.kind === 'event')).toBe(true)
    expect(items.map((i) => (i.kind === 'event' ? i.sequence : -1))).toEqual(items.map((_, k) => k))
    expect(await b.eventCount(DOC)).toBe(items.length)
  })

  it('two processes and two pools hammering one document keep a gap-free, duplicate-free log', async () => {
    const [a, b, url] = await twoServers()
    const bundle = await bundleWorker('postgres-worker')
    const acked = new Map<number, string[]>()
    const onLine = (line: string) => {
      if (!line.startsWith('ack ')) return
      const [, first, ids] = line.split(' ')
      acked.set(Number(first), (ids as string).split(','))
    }
    const workers = [
      spawnWorker(bundle, ['race', url, DOC, '40'], onLine),
      spawnWorker(bundle, ['race', url, DOC, '40'], onLine),
    ]
    // meanwhile, the two in-process pools race too
    let localConflicts = 0
    const local = async (s: PostgresStorage) => {
      for (let done = 0; done < 30; ) {
        const batch = drafts(DOC, 2)
        try {
          const result = await s.append(DOC, batch, { expectedSequence: await s.nextSequence(DOC) })
          acked.set(
            result.firstSequence,
            batch.map((e) => e.eventId),
          )
          done++
        } catch (error) {
          if (!isStorageError(error, 'conflict')) throw error
          localConflicts++
        }
      }
    }
    await Promise.all([local(a), local(b)])
    const finished = await Promise.all(workers.map((w) => w.next('done ')))
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0])
    const conflicts = localConflicts + finished.reduce((sum, line) => sum + Number(line.split(' ')[1]), 0)
    const items = await collect(b.readEvents(DOC))
    const stored = items.map((i) => (i.kind === 'event' ? i.event.eventId : `${i.kind}`))
    // every acknowledged batch is in the log at the sequence its append returned, once
    const expected: string[] = []
    for (const first of [...acked.keys()].sort((x, y) => x - y)) {
      expect(first).toBe(expected.length)
      expected.push(...(acked.get(first) as string[]))
    }
    expect(stored).toEqual(expected)
    expect(new Set(stored).size).toBe(stored.length)
    expect(acked.size).toBe(2 * 40 + 2 * 30)
    expect(await a.eventCount(DOC)).toBe(stored.length)
    expect(await a.nextSequence(DOC)).toBe(stored.length)
    // four writers on one document do collide: the conflicts were real, and all refused
    expect(conflicts).toBeGreaterThan(0)
  })

  it('storage B hears the appends of storage A (LISTEN/NOTIFY at commit), never a refused one', async () => {
    const [a, b] = await twoServers(true)
    const heardByB: [string, number][] = []
    const heardByA: [string, number][] = []
    const stopB = b.onAppend((documentId, next) => heardByB.push([documentId, next]))
    a.onAppend((documentId, next) => heardByA.push([documentId, next]))
    const waitFor = async (list: unknown[], n: number) => {
      for (let i = 0; i < 500 && list.length < n; i++) await new Promise((r) => setTimeout(r, 10))
    }
    await a.append(DOC, drafts(DOC, 3), { expectedSequence: 0 })
    await waitFor(heardByB, 1)
    expect(heardByB).toEqual([[DOC, 3]])
    // a conflict and an invalid batch roll back: nothing is announced
    await expect(a.append(DOC, drafts(DOC, 1), { expectedSequence: 0 })).rejects.toMatchObject({
      code: 'conflict',
    })
    const stored = draft(DOC)
    await b.append(DOC, [stored], { expectedSequence: 3 })
    await expect(a.append(DOC, [draft(DOC), stored], { expectedSequence: 4 })).rejects.toMatchObject({
      code: 'duplicate-event-id',
    })
    await waitFor(heardByA, 2)
    await new Promise((r) => setTimeout(r, 100))
    expect(heardByB).toEqual([
      [DOC, 3],
      [DOC, 4],
    ])
    expect(heardByA).toEqual(heardByB)
    // createDocument with first events announces them too; unsubscribing stops delivery
    stopB()
    const other = await a.createDocument({ title: 'other', firstEvents: [] })
    await a.append(other.documentId, drafts(other.documentId, 2), { expectedSequence: 0 })
    await waitFor(heardByA, 3)
    expect(heardByA.at(-1)).toEqual([other.documentId, 2])
    await new Promise((r) => setTimeout(r, 100))
    expect(heardByB).toHaveLength(2)
  })

  it('a listener that throws is reported through onError and does not stop the others', async () => {
    const schema = await freshSchema()
    cleanups.push(schema.drop)
    const errors: unknown[] = []
    const s = await openPostgresStorage({ connectionString: schema.url, onError: (e) => errors.push(e) })
    cleanups.push(() => s.close())
    const heard: number[] = []
    s.onAppend(() => {
      throw new Error('listener bug')
    })
    s.onAppend((_, next) => heard.push(next))
    await s.createDocument({ documentId: DOC, title: 'x' })
    await s.append(DOC, drafts(DOC, 1), { expectedSequence: 0 })
    for (let i = 0; i < 300 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 10))
    expect(heard).toEqual([1])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/onAppend listener threw/),
    })
  })

  it('a lost LISTEN connection is reported, re-opened, and later appends are heard again', async () => {
    const schema = await freshSchema()
    cleanups.push(schema.drop)
    const errors: { code: string; message: string }[] = []
    const s = await openPostgresStorage({ connectionString: schema.url, onError: (e) => errors.push(e) })
    cleanups.push(() => s.close())
    const heard: number[] = []
    s.onAppend((_, next) => heard.push(next))
    await s.createDocument({ documentId: DOC, title: 'x' })
    // the server ends the listening session (as a restart or a network cut would)
    const killed = await adminQuery(
      "select pg_terminate_backend(pid) as done from pg_stat_activity where query like 'LISTEN %' and pid <> pg_backend_pid()",
    )
    expect(killed.rows.length).toBeGreaterThan(0)
    for (let i = 0; i < 300 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 10))
    expect(errors[0]).toMatchObject({
      code: 'io',
      message: expect.stringMatching(/LISTEN connection .* lost/),
    })
    // appends keep being heard once the listener is back (the pool is unaffected)
    let next = 0
    for (let i = 0; i < 300 && heard.length === 0; i++) {
      next = (await s.append(DOC, drafts(DOC, 1), { expectedSequence: next })).nextSequence
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(heard.length).toBeGreaterThan(0)
    expect(heard.at(-1)).toBeLessThanOrEqual(next)
  })
})
