/**
 * The viewer's HTTP server in-process over the shared fixture: it binds to 127.0.0.1, refuses
 * foreign Host headers (DNS rebinding), path traversal and non-GET methods, serves only the built
 * viewer, and its API answers from the one file: info, paged events, the SVG at a sequence (equal
 * to a full replay's export), undo groups.
 */
import { request } from 'node:http'
import { documentAt, documentHash } from '@wiretuner/cli/command-kit'
import type { WireTunerFile } from '@wiretuner/io-services/node'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { createManualScheduler, type DocumentSession } from '@wiretuner/replay'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { ViewerGroups, ViewerInfo } from '../src/server/backend.ts'
import { createFileBackend } from '../src/server/file-backend.ts'
import { isTraversal, startViewerServer, type ViewerServer } from '../src/server/server.ts'
import { VIEWER_DIST } from '../src/server/viewer-assets.ts'
import { renderSvg } from '../src/server/viewer-data.ts'
import {
  checkpointDistance,
  openViewerSession,
  VIEWER_MAX_CHECKPOINTS,
} from '../src/server/viewer-session.ts'

const fixture = inject('fixtureFile')
const head = inject('fixtureEvents') - 1
let file: WireTunerFile
let documentId: string
let server: ViewerServer
let session: DocumentSession

/** A raw GET (exact path and Host header, no client-side normalisation). */
function get(
  path: string,
  host?: string,
  method = 'GET',
): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method,
        headers: { host: host ?? `127.0.0.1:${server.port}` },
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8').on('data', (d: string) => {
          body += d
        })
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }),
        )
      },
    )
    req.on('error', reject)
    req.end()
  })
}

beforeAll(async () => {
  file = await openWireTunerFile(fixture, { readOnly: true })
  documentId = file.listDocuments()[0]?.documentId ?? ''
  session = openViewerSession(file, documentId).session
  const backend = createFileBackend({
    file,
    path: fixture,
    documentId,
    documentAt: (s) => session.documentAt(s),
  })
  server = await startViewerServer({ backend, assetsDir: VIEWER_DIST, port: 0 })
})

afterAll(async () => {
  await server?.close()
  session?.close()
  file?.close()
})

describe('viewer server security', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`)
  })

  it('accepts 127.0.0.1 and localhost with its port and refuses any other Host', async () => {
    expect((await get('/api/info')).status).toBe(200)
    expect((await get('/api/info', `localhost:${server.port}`)).status).toBe(200)
    for (const host of [
      'evil.example',
      `evil.example:${server.port}`,
      `127.0.0.1:${server.port + 1}`,
      '127.0.0.1',
      `[::1]:${server.port}`,
    ]) {
      const res = await get('/api/info', host)
      expect(res.status, host).toBe(421)
      expect(res.body).not.toContain(documentId)
    }
  })

  it('refuses path traversal and serves nothing but the built viewer', async () => {
    for (const path of [
      '/../package.json',
      '/assets/../../src/cli.ts',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/..%2f..%2fpackage.json',
      '/..%5c..%5cpackage.json',
      '/./index.html',
      '/a%00b',
    ]) {
      expect((await get(path)).status, path).toBe(400)
    }
    for (const path of ['/src/cli.ts', '/package.json', '/viewer/index.html', '/api/file']) {
      expect((await get(path)).status, path).toBe(404)
    }
    expect((await get('/api/info', undefined, 'POST')).status).toBe(405)
    const index = await get('/')
    expect(index.status).toBe(200)
    expect(index.type).toContain('text/html')
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(index.body)?.[1]
    expect(script).toBeDefined()
    expect((await get(`/${script}`)).status).toBe(200)
  })

  it('classifies raw request targets', () => {
    expect(isTraversal('/assets/index.js')).toBe(false)
    expect(isTraversal('/api/svg?at=../../x')).toBe(false)
    expect(isTraversal('/assets/%2e%2e/x')).toBe(true)
    expect(isTraversal('relative')).toBe(true)
  })
})

describe('viewer API', () => {
  it('describes the one file', async () => {
    const info = JSON.parse((await get('/api/info')).body) as ViewerInfo
    expect(info).toMatchObject({
      documentId,
      eventCount: head + 1,
      headSequence: head,
      fileName: 'fixture.wiretuner',
    })
    expect(info.lastTimestamp).toBeGreaterThan(info.firstTimestamp ?? Number.POSITIVE_INFINITY)
  })

  it('pages events and rejects bad ranges', async () => {
    const page = JSON.parse((await get('/api/events?from=100&to=149')).body) as {
      events: { sequence: number }[]
    }
    expect(page.events.map((e) => e.sequence)).toEqual(Array.from({ length: 50 }, (_, i) => 100 + i))
    const tail = JSON.parse((await get(`/api/events?from=${head - 1}&to=${head + 50}`)).body) as {
      events: unknown[]
    }
    expect(tail.events).toHaveLength(2)
    expect((await get('/api/events?from=0&to=5000')).status).toBe(400)
    expect((await get('/api/events?from=-1')).status).toBe(400)
    expect((await get('/api/events?from=9&to=3')).status).toBe(400)
    // digits, but beyond any sequence (issue 12: answered 500)
    expect((await get('/api/events?from=99999999999999999999')).status).toBe(400)
    expect((await get('/api/state?at=99999999999999999999')).status).toBe(400)
  })

  it('serves the SVG at a sequence equal to a full replay, and 404 beyond the head', async () => {
    for (const k of [0, 7, Math.floor(head / 2), head - 1, head]) {
      const expected = renderSvg(documentAt(file, documentId, k, { useSnapshots: false }).document)
      const res = await get(`/api/svg?at=${k}`)
      expect(res.status).toBe(200)
      expect(res.type).toContain('image/svg+xml')
      expect(res.body).toBe(expected)
      const state = JSON.parse((await get(`/api/state?at=${k}`)).body) as { svg: string; sequence: number }
      expect(state.sequence).toBe(k)
      expect(state.svg).toBe(expected)
    }
    expect((await get(`/api/svg?at=${head + 1}`)).status).toBe(404)
    expect((await get('/api/svg?at=abc')).status).toBe(400)
  })

  it('indexes undo groups in the background, then lists them with labels, in order, without overlap', async () => {
    let status = JSON.parse((await get('/api/groups')).body) as ViewerGroups
    while (!status.complete) {
      expect(status.groups).toEqual([])
      await new Promise((resolve) => setTimeout(resolve, 20))
      status = JSON.parse((await get('/api/groups')).body) as ViewerGroups
    }
    expect(status.scanned).toBe(head + 1)
    const groups = status.groups
    expect(groups.length).toBeGreaterThan(20)
    let previous = -1
    for (const g of groups) {
      expect(g.label.length).toBeGreaterThan(0)
      expect(g.firstSequence).toBeGreaterThan(previous)
      expect(g.lastSequence).toBeGreaterThanOrEqual(g.firstSequence)
      previous = g.lastSequence
    }
    expect(groups.some((g) => g.label === 'Draw Path' && g.eventCount > 3)).toBe(true)
  })
})

describe('viewer session', () => {
  it('keeps a checkpoint every 250 events up to ~190,000 events, then at most 760 checkpoints', () => {
    expect(checkpointDistance(head + 1, VIEWER_MAX_CHECKPOINTS)).toBe(250)
    expect(checkpointDistance(100_000, VIEWER_MAX_CHECKPOINTS)).toBe(250)
    expect(checkpointDistance(1_000_000, VIEWER_MAX_CHECKPOINTS)).toBe(1316)
    expect(Math.ceil(1_000_000 / 1316)).toBeLessThanOrEqual(VIEWER_MAX_CHECKPOINTS - 40)
  })

  it("prepares time travel in replay's background slices of whole checkpoint distances, exact throughout", async () => {
    const viewer = openViewerSession(file, documentId)
    try {
      expect(viewer.checkpointEvery).toBe(250)
      const probes = [0, 249, 250, 251, 777, Math.floor(head / 2), head - 1, head]
      const expected = probes.map((k) =>
        documentHash(documentAt(file, documentId, k, { useSnapshots: false }).document),
      )
      const actual = (): string[] => probes.map((k) => documentHash(viewer.session.documentAt(k)))
      const scheduler = createManualScheduler()
      const preparation = viewer.prepareInBackground({ scheduler, pauseMs: 1 })
      const progress: number[] = []
      expect(actual()).toEqual(expected)
      while (preparation.progress < 1 && progress.length <= head) {
        scheduler.advance(1)
        progress.push(preparation.progress)
        expect(actual()).toEqual(expected)
      }
      // Slices of 500 events (two checkpoint distances): each ends on a checkpoint.
      const slices = Math.ceil((head + 1) / 500)
      expect(progress).toEqual(
        Array.from({ length: slices }, (_, i) => Math.min(head + 1, 500 * (i + 1)) / (head + 1)),
      )
      expect(await preparation.done).toEqual([])
    } finally {
      viewer.session.close()
    }
  })
})
