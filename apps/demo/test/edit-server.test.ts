/**
 * The file `wiretuner edit` lends to the editor page (src/server/edited-file.ts through the
 * server's `/api/file` routes), on a real `.wiretuner` file: info and bytes with an ETag, a save
 * that must name the ETag it saw (412 otherwise), bytes that are not a WireTuner file refused
 * (400), an atomic replace, and the other methods refused (405).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { createSession } from '@wiretuner/replay'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEditedFile } from '../src/server/edited-file.ts'
import { startViewerServer, type ViewerServer } from '../src/server/server.ts'
import { ensureViewerBuilt } from '../src/server/viewer-assets.ts'

let dir: string
let path: string
let server: ViewerServer

async function makeFile(file: string, title: string): Promise<void> {
  const storage = await openWireTunerFile(file)
  createSession(storage, { title }).close()
  storage.close()
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wt-edit-server-'))
  path = join(dir, 'drawing.wiretuner')
  await makeFile(path, 'first')
  server = await startViewerServer({
    assetsDir: await ensureViewerBuilt(() => {}),
    port: 0,
    editedFile: createEditedFile(path),
  })
})

afterAll(async () => {
  await server?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the edited file over HTTP', () => {
  it('answers info and bytes with the same ETag, and no viewer API', async () => {
    const info = (await (await fetch(`${server.url}api/file/info`)).json()) as {
      fileName: string
      etag: string
      bytes: number
    }
    expect(info.fileName).toBe('drawing.wiretuner')
    const res = await fetch(`${server.url}api/file`)
    expect(res.headers.get('etag')).toBe(info.etag)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(bytes.length).toBe(info.bytes)
    expect(Buffer.from(bytes).equals(readFileSync(path))).toBe(true)
    expect((await fetch(`${server.url}api/info`)).status).toBe(404)
  })

  it('refuses a stale ETag (412), bytes that are not a WireTuner file (400), other methods (405)', async () => {
    const other = join(dir, 'other.wiretuner')
    await makeFile(other, 'second')
    const good = readFileSync(other)
    const before = readFileSync(path)
    const etag = (await fetch(`${server.url}api/file/info`).then((r) => r.json())) as { etag: string }
    const stale = await fetch(`${server.url}api/file`, {
      method: 'PUT',
      body: good,
      headers: { 'If-Match': '"0-0"' },
    })
    expect(stale.status).toBe(412)
    expect(((await stale.json()) as { error: string }).error).toMatch(/changed since the page opened it/)
    const junk = await fetch(`${server.url}api/file`, {
      method: 'PUT',
      body: Buffer.alloc(4096, 7),
      headers: { 'If-Match': etag.etag },
    })
    expect(junk.status).toBe(400)
    expect(((await junk.json()) as { error: string }).error).toMatch(/not a WireTuner file/)
    expect((await fetch(`${server.url}api/file`, { method: 'DELETE' })).status).toBe(405)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('replaces the file atomically with the page bytes and answers the new ETag', async () => {
    const other = join(dir, 'third.wiretuner')
    await makeFile(other, 'third')
    const bytes = readFileSync(other)
    const { etag } = (await fetch(`${server.url}api/file/info`).then((r) => r.json())) as { etag: string }
    const saved = await fetch(`${server.url}api/file`, {
      method: 'PUT',
      body: bytes,
      headers: { 'If-Match': etag },
    })
    expect(saved.status).toBe(204)
    const next = saved.headers.get('etag')
    expect(next).not.toBe(etag)
    expect(readFileSync(path).equals(bytes)).toBe(true)
    expect(readdirSync(dir).filter((name) => name.includes('.saving-'))).toEqual([])
    const reopened = await openWireTunerFile(path, { readOnly: true })
    expect(reopened.listDocuments().map((d) => d.title)).toEqual(['third'])
    reopened.close()
    const info = (await fetch(`${server.url}api/file/info`).then((r) => r.json())) as { etag: string }
    expect(info.etag).toBe(next)
  })
})
