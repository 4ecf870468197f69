/**
 * Thumbnails kept by a session with the CLI's resvg renderer: regenerated when the document
 * changed and the session closes (or after the idle delay), reused while the SVG export is the
 * same, and a damaged stored PNG is never served.
 */
import { join } from 'node:path'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { createManualScheduler, createSession, openSession } from '@wiretuner/replay'
import Database from 'better-sqlite3'
import { describe, expect, inject, it } from 'vitest'
import { resvgThumbnailRenderer } from '../src/engine/thumbnail-renderer.js'

const dir = inject('scratchDir')

describe('session thumbnails', () => {
  it('are regenerated at close and when idle after a change, and reused while the document is the same', async () => {
    const file = await openWireTunerFile(join(dir, 'thumbs.wiretuner'))
    const scheduler = createManualScheduler()
    const options = {
      renderCaches: { thumbnailRenderer: resvgThumbnailRenderer, scheduler, thumbnailDelayMs: 500 },
    }
    const session = createSession(file, { title: 'Thumbs' }, options)
    const d = session.documentId
    session.dispatch([
      session.createEvent({
        eventType: 'CreateArtboardEvent',
        artboardId: 'a1',
        bounds: { x: 0, y: 0, width: 400, height: 300 },
      }),
      session.createEvent({ eventType: 'CreateLayerEvent', layerId: 'l1', artboardId: 'a1' }),
      session.createEvent({
        eventType: 'CreateShapeEvent',
        shapeId: 's1',
        layerId: 'l1',
        shapeType: 'star',
        parameters: { centerX: 200, centerY: 150, outerRadius: 100, innerRadius: 40, points: 5 },
        style: { fill: '#FFAA00', stroke: '#000000', strokeWidth: 3 },
      }),
    ])
    expect(file.renderCache?.listThumbnails(d)).toEqual([])
    scheduler.advance(600) // idle: rendered
    const idle = file.renderCache?.listThumbnails(d) ?? []
    expect(idle.map((t) => t.artboardId)).toEqual([undefined, 'a1'])
    expect(idle[1]?.width).toBe(256)
    expect(idle[1]?.height).toBe(192)
    session.dispatch(
      session.createEvent({ eventType: 'MoveObjectEvent', objectIds: ['s1'], delta: { x: 30, y: 0 } }),
    )
    session.close() // changed: rendered again at close
    const closed = file.renderCache?.listThumbnails(d) ?? []
    expect(closed[0]?.contentHash).not.toBe(idle[0]?.contentHash)
    expect(closed[0]?.eventSequence).toBeGreaterThan(idle[0]?.eventSequence ?? 0)

    const reader = openSession(file, d)
    const same = reader.thumbnail('a1', resvgThumbnailRenderer)
    expect(same.fromCache).toBe(true)
    expect([...same.png]).toEqual([...(closed[1]?.png ?? [])])
    reader.close()
    file.close()
  })

  it('never serves a damaged stored PNG', async () => {
    const path = join(dir, 'thumbs-damaged.wiretuner')
    const file = await openWireTunerFile(path)
    const session = createSession(file, { title: 'T' })
    const d = session.documentId
    session.dispatch(
      session.createEvent({
        eventType: 'CreateArtboardEvent',
        artboardId: 'a1',
        bounds: { x: 0, y: 0, width: 100, height: 100 },
      }),
    )
    const first = session.thumbnail(undefined, resvgThumbnailRenderer)
    expect(first.fromCache).toBe(false)
    session.close()
    file.close()
    // on-disk damage: one byte of the stored PNG flipped behind the engine's back
    const db = new Database(path)
    db.prepare('UPDATE thumbnails_cache SET png_data = ? WHERE document_id = ?').run(
      Buffer.from(first.png.map((b, i) => (i === 40 ? b ^ 0xff : b))),
      d,
    )
    db.close()
    const reopened = await openWireTunerFile(path)
    expect(reopened.renderCache?.readThumbnail(d)?.intact).toBe(false)
    const reader = openSession(reopened, d)
    const again = reader.thumbnail(undefined, resvgThumbnailRenderer)
    expect(again.fromCache).toBe(false)
    expect([...again.png]).toEqual([...first.png])
    expect(reopened.renderCache?.readThumbnail(d)?.intact).toBe(true)
    reader.close()
    reopened.close()
  })
})
