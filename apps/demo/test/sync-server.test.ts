/**
 * `wiretuner sync-server` as a real child process: it prints its URL, `wiretuner sync-token`
 * mints a token for it, and a sync client with that token edits a document that lands in the
 * server's directory; a token minted with another secret is refused.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createSyncClient, type SyncSocket } from '@wiretuner/sync'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import WebSocket from 'ws'
import { spawnCli } from './helpers/cli.ts'
import { runCliInProcess } from './helpers/in-process.ts'

const dir = join(inject('scratchDir'), 'sync-server')
const SECRET = 'cli-test-secret-0123456789'
const DOC = '7a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d'
let url = ''
let stop: () => Promise<void> = async () => {}

beforeAll(async () => {
  const child = spawnCli(['sync-server', '--db', dir, '--port', '0', '--secret', SECRET, '--json'])
  url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d
      if (out.includes('\n')) resolve((JSON.parse(out.split('\n')[0] ?? '') as { url: string }).url)
    })
    child.once('exit', (code) => reject(new Error(`sync-server exited early (${code})`)))
  })
  stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done()
      child.once('exit', () => done())
      child.kill('SIGTERM')
    })
})
afterAll(async () => stop())

async function token(...args: string[]): Promise<string> {
  const run = await runCliInProcess(['sync-token', ...args])
  expect(run.code).toBe(0)
  return run.stdout.trim()
}

describe('wiretuner sync-server', () => {
  it('serves on loopback; a minted token edits a document stored in --db', async () => {
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/)
    const client = createSyncClient({
      url,
      documentId: DOC,
      token: await token('--secret', SECRET, '--user', 'alice', '--document', DOC),
      socket: (u) => new WebSocket(u) as unknown as SyncSocket,
    })
    try {
      await client.whenSynced()
      client.dispatch([
        client.createEvent({
          eventType: 'CreateArtboardEvent',
          artboardId: crypto.randomUUID(),
          bounds: { x: 0, y: 0, width: 9, height: 9 },
        }),
      ])
      await client.whenSynced()
      expect(client.confirmedSequence).toBe(1)
      expect(client.userId).toBe('alice')
      expect(existsSync(join(dir, `${DOC}.wiretuner`))).toBe(true)
    } finally {
      client.close()
    }
  })

  it('refuses a token minted with another secret', async () => {
    const client = createSyncClient({
      url,
      documentId: DOC,
      token: await token('--secret', 'another-secret-0123456789', '--user', 'eve', '--document', '*'),
      socket: (u) => new WebSocket(u) as unknown as SyncSocket,
    })
    await expect(client.whenSynced()).rejects.toThrow(/unauthorized/)
    expect(client.status).toBe('failed')
    client.close()
  })

  it('sync-token needs a secret of 16 characters, a user and a document', async () => {
    const run = await runCliInProcess(['sync-token', '--secret', 'short', '--user', 'a', '--document', DOC])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/at least 16 characters/)
  })
})
