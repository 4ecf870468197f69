/**
 * Security rules on a real server (WebSocket on 127.0.0.1): each hostile client below is refused
 * as documented (the server's `error` message with its code, then the close code), the server
 * stays up, a well-behaved client of the same document keeps editing and receiving, and nothing
 * the hostile client sent is written.
 */
import { createEvent } from '@wiretuner/event-schema'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  CLOSE_CODES,
  createSyncClient,
  type ServerErrorCode,
  type SyncClient,
  type SyncSocket,
} from '../src/index.ts'
import { createToken, directoryStore, type RunningSyncServer, startSyncServer } from '../src/server.ts'
import { loadedHub, SECRET, sleep, tempDir, tokenFor, waitFor } from './support/fixtures.ts'
import { type RawClient, rawClient } from './support/raw-client.ts'

const DOC = '3c9e5a1b-2d4f-4a6b-8c7d-9e0f1a2b3c4d'
const OTHER_DOC = '4d0f6b2c-3e5a-4b7c-9d8e-0f1a2b3c4d5e'
const MAX_BYTES = 64 * 1024

let server: RunningSyncServer
let bystander: SyncClient
let cleanup: () => Promise<void>

beforeEach(async () => {
  const dir = tempDir()
  server = await startSyncServer({
    store: directoryStore(dir.path),
    secret: SECRET,
    maxMessageBytes: MAX_BYTES,
  })
  bystander = createSyncClient({
    url: server.url,
    documentId: DOC,
    token: tokenFor('bystander', DOC),
    socket: (url) => new WebSocket(url) as unknown as SyncSocket,
  })
  await bystander.whenSynced()
  cleanup = async () => {
    bystander.close()
    await server.close()
    dir.remove()
  }
})
afterEach(async () => cleanup())

/** The log's head on the server. */
async function head(): Promise<number> {
  return (await loadedHub(server.core, DOC)).head
}

/** A raw client through hello (and catch-up) with `token`. */
async function joined(token: string, documentId = DOC): Promise<RawClient> {
  const raw = await rawClient(server.url)
  raw.send({ type: 'hello', protocol: 1, token, documentId })
  await raw.next('welcome')
  raw.send({ type: 'catch-up', since: -1 })
  await raw.next('broadcast')
  return raw
}

/** Expects `raw` to get the error `code` and the matching close. */
async function refused(raw: RawClient, code: ServerErrorCode): Promise<void> {
  const closed = await raw.closed
  expect(raw.messages.find((m) => m.type === 'error')).toMatchObject({ type: 'error', code })
  expect(closed.code).toBe(CLOSE_CODES[code])
}

/** The bystander still edits and the server still answers. */
async function othersUnaffected(): Promise<void> {
  const before = bystander.confirmedSequence
  bystander.dispatch([bystander.createEvent({ eventType: 'ViewportResetEvent' })])
  await bystander.whenSynced()
  expect(bystander.confirmedSequence).toBe(before + 1)
  expect(bystander.status).toBe('synced')
}

const artboard = (documentId: string, extra: Record<string, unknown> = {}) => ({
  ...createEvent({
    eventType: 'CreateArtboardEvent',
    documentId,
    artboardId: crypto.randomUUID(),
    bounds: { x: 0, y: 0, width: 10, height: 10 },
  }),
  ...extra,
})

describe('tokens', () => {
  it.each([
    [
      'forged (another secret)',
      createToken(
        { userId: 'eve', documents: { [DOC]: 'write' }, expiresAt: Date.now() + 60_000 },
        'not-the-server-secret-0000',
      ),
    ],
    [
      'expired',
      createToken({ userId: 'eve', documents: { [DOC]: 'write' }, expiresAt: Date.now() - 1 }, SECRET),
    ],
    ['for another document', tokenFor('eve', OTHER_DOC)],
    ['garbage', 'wt1.e30.AAAA'],
  ])('a %s token gets nothing, not even presence', async (_what, token) => {
    bystander.setPresence({ name: 'B', colour: '#00ff00', cursor: null, selection: [], viewport: null })
    const before = await head()
    const raw = await rawClient(server.url)
    raw.send({ type: 'hello', protocol: 1, token, documentId: DOC })
    raw.send({ type: 'push', baseSequence: 0, events: [artboard(DOC)] })
    await refused(raw, 'unauthorized')
    expect(raw.messages.map((m) => m.type)).toEqual(['error'])
    expect(await head()).toBe(before)
    await othersUnaffected()
  })

  it('a message before hello is refused as unauthorized', async () => {
    const raw = await rawClient(server.url)
    raw.send({ type: 'catch-up', since: -1 })
    await refused(raw, 'unauthorized')
    expect(raw.messages.map((m) => m.type)).toEqual(['error'])
  })
})

describe('events the server refuses (the connection stays open)', () => {
  it('a read-only token that sends events: each rejected as forbidden, nothing written', async () => {
    const raw = await joined(tokenFor('reader', DOC, 'read'))
    const before = await head()
    const events = [artboard(DOC), artboard(DOC)]
    raw.send({ type: 'push', baseSequence: before, events })
    await waitFor(() => raw.messages.filter((m) => m.type === 'reject').length === 2, 'two rejects')
    for (const m of raw.messages.filter((m) => m.type === 'reject'))
      expect(m).toMatchObject({ code: 'forbidden' })
    expect(await head()).toBe(before)
    await othersUnaffected()
  })

  it("another user's userId is refused (foreign-user); the token's user and the connection's session are stamped", async () => {
    const raw = await joined(tokenFor('mallory', DOC))
    const before = await head()
    const spoofed = artboard(DOC, { userId: 'bystander' })
    const plain = artboard(DOC, { sessionId: 'forged-session' })
    raw.send({ type: 'push', baseSequence: before, events: [spoofed, plain] })
    const reject = await raw.next('reject')
    expect(reject).toMatchObject({ eventId: spoofed.eventId, code: 'foreign-user' })
    const ack = await raw.next('ack')
    expect(ack.accepted).toEqual([{ eventId: plain.eventId, sequence: before + 1 }])
    const welcome = raw.messages.find((m) => m.type === 'welcome')
    const stored = (await loadedHub(server.core, DOC)).head
    expect(stored).toBe(before + 1)
    await waitFor(() => bystander.confirmedSequence === before + 1, 'bystander sees it')
    const hubEvents = raw.messages
      .filter((m) => m.type === 'broadcast' && !m.catchUp)
      .flatMap((m) => (m.type === 'broadcast' ? m.events : []))
    expect(hubEvents).toHaveLength(1)
    expect(hubEvents[0]).toMatchObject({
      userId: 'mallory',
      sessionId: welcome?.type === 'welcome' ? welcome.sessionId : '',
    })
  })

  it('invalid events, events of another document and inapplicable events are rejected one by one', async () => {
    const raw = await joined(tokenFor('mallory', DOC))
    const before = await head()
    const good = artboard(DOC)
    raw.send({
      type: 'push',
      baseSequence: before,
      events: [
        { eventType: 'NoSuchEvent', eventId: crypto.randomUUID() },
        artboard(OTHER_DOC),
        { ...createEvent({ eventType: 'DeleteObjectEvent', documentId: DOC, objectIds: ['missing'] }) },
        good,
      ],
    })
    await waitFor(() => raw.messages.filter((m) => m.type === 'reject').length === 3, 'three rejects')
    const codes = raw.messages.flatMap((m) => (m.type === 'reject' ? [m.code] : []))
    expect(codes).toEqual(['invalid-event', 'wrong-document', 'not-applicable'])
    expect((await raw.next('ack')).accepted.map((a) => a.eventId)).toEqual([good.eventId])
    expect(await head()).toBe(before + 1)
  })
})

describe('connections the server closes', () => {
  it.each([
    ['not JSON', '{nope'],
    ['an unknown type', JSON.stringify({ type: 'drop-tables' })],
    ['a push without events', JSON.stringify({ type: 'push', baseSequence: 0 })],
    [
      'a presence with a bad colour',
      JSON.stringify({
        type: 'presence',
        state: { name: 'x', colour: 'red', cursor: null, selection: [], viewport: null },
      }),
    ],
  ])('a malformed message (%s) closes that connection only', async (_what, text) => {
    const raw = await joined(tokenFor('mallory', DOC))
    const before = await head()
    raw.send(text)
    await refused(raw, 'malformed-message')
    expect(await head()).toBe(before)
    await othersUnaffected()
  })

  it('an oversized message is refused (message-too-large); a huge one is cut by ws (1009)', async () => {
    const raw = await joined(tokenFor('mallory', DOC))
    const before = await head()
    raw.send({ type: 'push', baseSequence: before, events: [artboard(DOC, { name: 'x'.repeat(MAX_BYTES) })] })
    await refused(raw, 'message-too-large')
    const huge = await joined(tokenFor('mallory', DOC))
    huge.send('x'.repeat(MAX_BYTES * 3))
    expect((await huge.closed).code).toBe(1009)
    expect(await head()).toBe(before)
    await othersUnaffected()
  })

  it('1,000 messages per second from one client: closed as rate-limited, nothing written, others unaffected', async () => {
    const raw = await joined(tokenFor('flooder', DOC))
    const before = await head()
    const started = Date.now()
    for (let i = 0; i < 1_000 && raw.socket.readyState === WebSocket.OPEN; i++) {
      raw.send({
        type: 'presence',
        state: { name: 'F', colour: '#123456', cursor: { x: i, y: 0 }, selection: [], viewport: null },
      })
      if (i % 100 === 99) await sleep(Math.max(0, i + 1 - (Date.now() - started)))
    }
    await refused(raw, 'rate-limited')
    expect(server.core.stats.closedByRule['rate-limited']).toBe(1)
    expect(await head()).toBe(before)
    await othersUnaffected()
  })

  it('an unsupported protocol version is refused', async () => {
    const raw = await rawClient(server.url)
    raw.send({ type: 'hello', protocol: 99, token: tokenFor('x', DOC), documentId: DOC })
    await refused(raw, 'unsupported-protocol')
  })
})
