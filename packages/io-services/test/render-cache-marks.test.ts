/**
 * The freshness marks of `rendered_paths_cache` (format 7) at the store: written only when every
 * row is intact and the caller accepts them, read back only for the marked sequence and its
 * event and only while the rows are exactly those marked; any write or delete of the document's
 * rows removes the mark; a format-6 file read as it is has none.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RenderCacheStore } from '../src/index.js'
import { openWireTunerFile, validateFile } from '../src/node.js'
import { corruptRenderCache } from '../src/testing.js'
import { cacheEntry, drafts, tempDir } from './helpers.js'

const DOC = '77777777-7777-4777-8777-7777777777aa'
let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir()
})
afterEach(() => tmp.cleanup())

const entry = cacheEntry

async function markedFile(path: string) {
  const file = await openWireTunerFile(path)
  file.createDocument({ documentId: DOC, title: 'T' })
  file.append(DOC, drafts(DOC, 4), { expectedSequence: 0 })
  const cache = file.renderCache as RenderCacheStore
  cache.writeObjects(DOC, [entry('a', 0), entry('b', 100), entry('c', 200)])
  const seen: string[] = []
  const written = cache.markRenderedPaths(DOC, 3, (rows) => {
    seen.push(...rows.map((r) => r.objectId))
    return rows.every((r) => r.intact)
  })
  expect(written).toBe(true)
  expect(seen).toEqual(['a', 'b', 'c'])
  return { file, cache }
}

describe('render cache marks', () => {
  it('a marked read gives the rows of the marked sequence only', async () => {
    const { file, cache } = await markedFile(join(tmp.dir, 'a.wiretuner'))
    const marked = cache.readMarkedRenderedPaths(DOC, 3)
    expect(marked?.objectIds).toEqual(['a', 'b', 'c'])
    expect(marked?.contentHashes).toEqual(['hash-a-0', 'hash-b-100', 'hash-c-200'])
    expect([...(marked?.offsets ?? [])]).toEqual([0, 4, 8, 12])
    expect([...(marked?.bytes ?? [])]).toEqual([1, 2, 3, 0, 1, 2, 3, 100, 1, 2, 3, 200])
    expect(cache.readMarkedRenderedPaths(DOC, 2)).toBeUndefined()
    expect(cache.readMarkedRenderedPaths(DOC, 4)).toBeUndefined()
    file.close()
  })

  it('is not written when the caller refuses the rows, a row is damaged or the sequence has no event', async () => {
    const { file, cache } = await markedFile(join(tmp.dir, 'b.wiretuner'))
    cache.deleteObjects(DOC, ['c'])
    expect(cache.markRenderedPaths(DOC, 3, () => false)).toBe(false)
    expect(cache.markRenderedPaths(DOC, 9, () => true)).toBe(false)
    corruptRenderCache(file, DOC, 'a', { kind: 'path-byte', byteIndex: 1 })
    let intact: boolean[] = []
    expect(
      cache.markRenderedPaths(DOC, 3, (rows) => {
        intact = rows.map((r) => r.intact)
        return intact.every(Boolean)
      }),
    ).toBe(false)
    expect(intact).toEqual([false, true])
    expect(cache.readMarkedRenderedPaths(DOC, 3)).toBeUndefined()
    file.close()
  })

  it('any write or delete of the rows removes the mark; a row changed behind the store voids it', async () => {
    const { file, cache } = await markedFile(join(tmp.dir, 'c.wiretuner'))
    cache.writeObjects(DOC, [entry('d', 300)])
    expect(cache.readMarkedRenderedPaths(DOC, 3)).toBeUndefined()
    expect(cache.markRenderedPaths(DOC, 3, () => true)).toBe(true)
    cache.deleteObjects(DOC, ['d'])
    expect(cache.readMarkedRenderedPaths(DOC, 3)).toBeUndefined()
    for (const damage of [
      { kind: 'path-byte', byteIndex: 2 },
      { kind: 'validity', eventSequence: 1 },
      { kind: 'validity', contentHash: 'other' },
    ] as const) {
      expect(cache.markRenderedPaths(DOC, 3, (rows) => rows.every((r) => r.intact))).toBe(true)
      expect(cache.readMarkedRenderedPaths(DOC, 3)).toBeDefined()
      corruptRenderCache(file, DOC, 'b', damage)
      expect(cache.readMarkedRenderedPaths(DOC, 3)).toBeUndefined()
      cache.writeObjects(DOC, [entry('b', 100)])
    }
    // a row's bytes swapped with another's (their checksums with them)
    expect(cache.markRenderedPaths(DOC, 3, () => true)).toBe(true)
    const db = new Database(join(tmp.dir, 'c.wiretuner'))
    db.exec(`UPDATE rendered_paths_cache SET vertex_data = CASE object_id WHEN 'a' THEN X'01020364' ELSE X'01020300' END,
      checksum = (SELECT checksum FROM rendered_paths_cache r WHERE r.object_id = CASE rendered_paths_cache.object_id
        WHEN 'a' THEN 'b' ELSE 'a' END) WHERE object_id IN ('a', 'b')`)
    db.close()
    expect(cache.readMarkedRenderedPaths(DOC, 3)).toBeUndefined()
    file.close()
  })

  it('a damaged mark (its own checksum) is not used', async () => {
    const path = join(tmp.dir, 'd.wiretuner')
    const { file, cache } = await markedFile(path)
    const db = new Database(path)
    db.exec('UPDATE render_cache_marks SET row_count = row_count + 1')
    db.close()
    expect(cache.readMarkedRenderedPaths(DOC, 3)).toBeUndefined()
    file.close()
  })

  it('a format-6 file read as it is has no marks; a writable open migrates it to format 7', async () => {
    const path = join(tmp.dir, 'e.wiretuner')
    const { file } = await markedFile(path)
    file.close()
    const db = new Database(path)
    db.exec(`DROP TABLE render_cache_marks; DELETE FROM kysely_migration WHERE name = '0007_render_cache_marks';
      PRAGMA user_version = 6`)
    db.close()
    const reader = await openWireTunerFile(path, { readOnly: true })
    expect(reader.formatVersion).toBe(6)
    const cache = reader.renderCache as RenderCacheStore
    expect(cache.readRenderedPaths(DOC).length).toBe(3)
    expect(cache.readMarkedRenderedPaths(DOC, 3)).toBeUndefined()
    reader.close()
    const writer = await openWireTunerFile(path)
    expect(writer.formatVersion).toBe(7)
    expect((writer.renderCache as RenderCacheStore).markRenderedPaths(DOC, 3, () => true)).toBe(true)
    writer.close()
  })

  it('is reported by validateFile: fresh, older, stale, damaged', async () => {
    const path = join(tmp.dir, 'v.wiretuner')
    const { file, cache } = await markedFile(path)
    const state = () => {
      const report = validateFile(path)
      expect(report.ok).toBe(true)
      const findings = report.checks.find((c) => c.id === 'render-caches')?.findings.join('\n') ?? ''
      return { mark: report.documents[0]?.renderCacheRows.mark, findings }
    }
    expect(state()).toEqual({ mark: 'fresh', findings: '' })
    file.append(DOC, drafts(DOC, 1), { expectedSequence: 4 })
    expect(state()).toEqual({ mark: 'older', findings: '' })
    corruptRenderCache(file, DOC, 'a', { kind: 'validity', contentHash: 'other' })
    expect(state().mark).toBe('stale')
    expect(state().findings).toMatch(/render_cache_marks: stale/)
    const db = new Database(path)
    db.exec('UPDATE render_cache_marks SET data_checksum = data_checksum + 1')
    db.close()
    expect(state().mark).toBe('damaged')
    expect(cache.readMarkedRenderedPaths(DOC, 3)).toBeUndefined()
    file.close()
  })
})
