/**
 * The render caches of format 6: rows round-trip with their validity, the R*Tree answers box
 * queries, checksums expose damaged bytes, rows follow their document (cascade), dropped tables
 * come back on a writable open, `validateFile` reports fresh, older, stale and damaged rows, and
 * the in-memory storage says it has none.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryStorage, RENDER_CACHE_TABLES, type RenderedPathRow } from '../src/index.js'
import { openWireTunerFile, validateFile } from '../src/node.js'
import { corruptRenderCache } from '../src/testing.js'
import { cacheEntry, drafts, expectStorageError, tempDir } from './helpers.js'

const DOC = '77777777-7777-4777-8777-777777777777'
let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir()
})
afterEach(() => tmp.cleanup())

const entry = cacheEntry

async function fileWithRows(path: string) {
  const file = await openWireTunerFile(path)
  file.createDocument({ documentId: DOC, title: 'T' })
  file.append(DOC, drafts(DOC, 3), { expectedSequence: 0 })
  const cache = file.renderCache
  if (cache === undefined) throw new Error('a format-6 file has render caches')
  cache.writeObjects(DOC, [
    entry('a', 0),
    entry('b', 100),
    entry('c', 200),
    { ...entry('e', 0), bounds: undefined },
  ])
  return { file, cache }
}

describe('render caches', () => {
  it('stores rows with their validity and answers R*Tree box queries', async () => {
    const { file, cache } = await fileWithRows(join(tmp.dir, 'a.wiretuner'))
    const paths = cache.readRenderedPaths(DOC)
    expect(paths.map((r) => [r.objectId, r.eventSequence, r.contentHash, r.intact])).toEqual([
      ['a', 2, 'hash-a-0', true],
      ['b', 2, 'hash-b-100', true],
      ['c', 2, 'hash-c-200', true],
      ['e', 2, 'hash-e-0', true],
    ])
    expect([...(paths[1]?.data ?? [])]).toEqual([1, 2, 3, 100])
    // an empty object has a rendered row but no spatial row
    expect(cache.listSpatialRows(DOC).map((r) => r.objectId)).toEqual(['a', 'b', 'c'])
    const hits = cache.querySpatial(DOC, { minX: 95, minY: 5, maxX: 205, maxY: 6 })
    expect(hits.map((r) => r.objectId).sort()).toEqual(['b', 'c'])
    // the stored box contains the given one (float32, rounded outwards)
    const b = hits.find((r) => r.objectId === 'b')
    expect(b?.box.maxX).toBeGreaterThanOrEqual(110.1)
    expect(b?.box.maxY).toBeGreaterThanOrEqual(10.3)
    expect(cache.querySpatial(DOC, { minX: 50, minY: 0, maxX: 60, maxY: 5 })).toEqual([])
    // rewriting replaces both rows
    cache.writeObjects(DOC, [entry('b', 300, 3)])
    expect(cache.querySpatial(DOC, { minX: 95, minY: 5, maxX: 205, maxY: 6 }).map((r) => r.objectId)).toEqual(
      ['c'],
    )
    expect(cache.deleteObjects(DOC, ['a', 'zz'])).toBe(1)
    expect(cache.listSpatialRows(DOC).map((r) => r.objectId)).toEqual(['b', 'c'])
    file.close()
  })

  it("writes and deletes in one transaction, committed without changing the connection's synchronous setting", async () => {
    const { file, cache } = await fileWithRows(join(tmp.dir, 'one-tx.wiretuner'))
    expect(file.connectionSettings().synchronous).toBe('full')
    const ids = cache.writeObjects(DOC, [entry('d', 400), entry('b', 500, 7)], ['a', 'c', 'zz'])
    expect(ids).toHaveLength(2)
    expect(cache.readRenderedPaths(DOC).map((r) => r.objectId)).toEqual(['b', 'e', 'd'])
    expect(cache.listSpatialRows(DOC).map((r) => [r.objectId, r.cacheId])).toEqual([
      ['b', ids[1]],
      ['d', ids[0]],
    ])
    // a refused entry refuses the whole batch: nothing deleted
    expect(() => cache.writeObjects(DOC, [{ ...entry('x', 0), contentHash: '' }], ['b'])).toThrow(
      /non-empty contentHash/,
    )
    expect(cache.readRenderedPaths(DOC).map((r) => r.objectId)).toEqual(['b', 'e', 'd'])
    expect(cache.deleteObjects(DOC, ['d'])).toBe(1)
    expect(file.connectionSettings().synchronous).toBe('full')
    file.close()
    const reopened = await openWireTunerFile(join(tmp.dir, 'one-tx.wiretuner'))
    expect(reopened.renderCache?.readRenderedPaths(DOC).map((r) => r.objectId)).toEqual(['b', 'e'])
    reopened.close()
  })

  it('marks damaged bytes and boxes as not intact', async () => {
    const { file, cache } = await fileWithRows(join(tmp.dir, 'b.wiretuner'))
    corruptRenderCache(file, DOC, 'a', { kind: 'path-byte', byteIndex: 1 })
    corruptRenderCache(file, DOC, 'b', { kind: 'spatial-box', dx: 0.5 })
    expect(cache.readRenderedPaths(DOC, ['a', 'b']).map((r) => r.intact)).toEqual([false, true])
    // the whole document's rows (their bytes read as one value) agree with the rows read one by one
    const every = cache.readRenderedPaths(DOC)
    expect(every.map((r) => [r.objectId, r.intact])).toEqual([
      ['a', false],
      ['b', true],
      ['c', true],
      ['e', true],
    ])
    const plain = (rows: readonly RenderedPathRow[]) => rows.map((r) => ({ ...r, data: [...r.data] }))
    expect(plain(every)).toEqual(plain(cache.readRenderedPaths(DOC, ['a', 'b', 'c', 'e'])))
    expect(cache.listSpatialRows(DOC).map((r) => [r.objectId, r.intact])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
    ])
    file.close()
  })

  it('reads a whole document exactly as row by row, whatever its ids, hashes and sequences hold (property)', async () => {
    // the whole-document read parses every column but the bytes from one text with U+001F
    // between fields: ids and hashes holding it, and sequences that are not integers (set by
    // hand: a REAL, a text), must give the same rows as the reads one row at a time
    const text = fc.oneof(
      fc.string({ minLength: 1, maxLength: 6 }),
      fc.constantFrom('\u001f', 'a\u001fb', '-', '1'),
    )
    const sequence = fc.oneof(
      fc.integer({ min: -1, max: 2 ** 40 }),
      fc.constantFrom(1.5, 'x', '7', 2 ** 62, -0),
    )
    const rowArb = fc.record({
      hash: text,
      sequence,
      size: fc.integer({ min: 0, max: 40 }),
      flip: fc.boolean(),
    })
    const file = await openWireTunerFile(join(tmp.dir, 'p.wiretuner'))
    file.createDocument({ documentId: DOC, title: 'T' })
    const cache = file.renderCache
    if (cache === undefined) throw new Error('a format-6 file has render caches')
    const db = new Database(join(tmp.dir, 'p.wiretuner'))
    const plain = (rows: readonly RenderedPathRow[]) => rows.map((r) => ({ ...r, data: [...r.data] }))
    let round = 0
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(text, { minLength: 1, maxLength: 8 }),
        fc.array(rowArb, { minLength: 8, maxLength: 8 }),
        async (ids, rows) => {
          round++
          cache.deleteObjects(DOC)
          const doc = ids.map((id, i) => ({ id, ...(rows[i] as (typeof rows)[number]) }))
          cache.writeObjects(
            DOC,
            doc.map((r, i) => ({
              objectId: r.id,
              eventSequence: 1,
              contentHash: r.hash,
              tessellation: Uint8Array.from({ length: r.size }, (_, k) => (k * 7 + i + round) & 0xff),
              bounds: undefined,
            })),
          )
          const set = db.prepare('UPDATE rendered_paths_cache SET event_sequence = ? WHERE object_id = ?')
          for (const r of doc) set.run(r.sequence, r.id)
          for (const r of doc)
            if (r.flip && r.size > 0)
              corruptRenderCache(file, DOC, r.id, { kind: 'path-byte', byteIndex: round })
          const whole = cache.readRenderedPaths(DOC)
          expect(plain(whole)).toEqual(plain(cache.readRenderedPaths(DOC, ids)))
          expect(whole.map((r) => r.intact)).toEqual(doc.map((r) => !(r.flip && r.size > 0)))
        },
      ),
      { numRuns: 150 },
    )
    db.close()
    file.close()
  })

  it('stores thumbnails per artboard and for the whole document', async () => {
    const { file, cache } = await fileWithRows(join(tmp.dir, 't.wiretuner'))
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47])
    cache.writeThumbnail(DOC, { eventSequence: 2, contentHash: 'svg1', width: 64, height: 32, png })
    cache.writeThumbnail(DOC, {
      artboardId: 'ab',
      eventSequence: 1,
      contentHash: 'svg2',
      width: 8,
      height: 8,
      png,
    })
    expect(cache.readThumbnail(DOC)?.width).toBe(64)
    expect(cache.readThumbnail(DOC, 'ab')?.artboardId).toBe('ab')
    expect(cache.readThumbnail(DOC, 'nope')).toBeUndefined()
    expect(cache.listThumbnails(DOC).map((t) => [t.artboardId, t.intact])).toEqual([
      [undefined, true],
      ['ab', true],
    ])
    expectStorageError(
      () => cache.writeThumbnail(DOC, { eventSequence: 2, contentHash: 'x', width: 0, height: 1, png }),
      'invalid-argument',
    )
    expect(cache.deleteThumbnails(DOC)).toBe(2)
    file.close()
  })

  it('refuses rows with a bad box or validity', async () => {
    const { file, cache } = await fileWithRows(join(tmp.dir, 'c.wiretuner'))
    expectStorageError(
      () => cache.writeObjects(DOC, [{ ...entry('x', 0), bounds: { minX: 1, minY: 0, maxX: 0, maxY: 1 } }]),
      'invalid-argument',
    )
    expectStorageError(
      () => cache.writeObjects(DOC, [{ ...entry('x', 0), contentHash: '' }]),
      'invalid-argument',
    )
    expectStorageError(
      () => cache.querySpatial(DOC, { minX: Number.NaN, minY: 0, maxX: 1, maxY: 1 }),
      'invalid-argument',
    )
    file.close()
  })

  it('drops the rows of a deleted document (R*Tree rows too)', async () => {
    const { file, cache } = await fileWithRows(join(tmp.dir, 'd.wiretuner'))
    file.deleteDocument(DOC)
    expect(cache.readRenderedPaths(DOC)).toEqual([])
    expect(cache.querySpatial(DOC, { minX: -1e9, minY: -1e9, maxX: 1e9, maxY: 1e9 })).toEqual([])
    file.close()
  })

  it('is recreated empty by a writable open after the tables were dropped, and absent from memory storage', async () => {
    const path = join(tmp.dir, 'e.wiretuner')
    const { file } = await fileWithRows(path)
    file.close()
    const db = new Database(path)
    for (const table of RENDER_CACHE_TABLES) db.exec(`DROP TABLE ${table}`)
    db.close()
    const report = validateFile(path)
    expect(report.checks.find((c) => c.id === 'render-caches')?.status).toBe('warn')
    const reopened = await openWireTunerFile(path)
    expect(reopened.renderCache?.readRenderedPaths(DOC)).toEqual([])
    reopened.close()
    expect(createMemoryStorage().renderCache).toBeUndefined()
  })

  it('is reported by validateFile: fresh, older, stale and damaged rows', async () => {
    const path = join(tmp.dir, 'v.wiretuner')
    const { file, cache } = await fileWithRows(path)
    cache.writeObjects(DOC, [entry('old', 5, 1)])
    corruptRenderCache(file, DOC, 'a', { kind: 'path-byte', byteIndex: 0 })
    corruptRenderCache(file, DOC, 'b', { kind: 'validity', eventSequence: 99 })
    file.close()
    const report = validateFile(path)
    expect(report.ok).toBe(true)
    const check = report.checks.find((c) => c.id === 'render-caches')
    expect(check?.status).toBe('warn')
    expect(check?.findings.join('\n')).toMatch(/rendered_paths_cache: damaged/)
    expect(check?.findings.join('\n')).toMatch(/stale/)
    // rows: a, b, c, e, old rendered (5) + a, b, c, old spatial (4)
    expect(report.documents[0]?.renderCacheRows).toEqual({
      rows: 9,
      fresh: 4,
      older: 2,
      stale: 2,
      damaged: 1,
      mark: 'none',
    })
  })
})
