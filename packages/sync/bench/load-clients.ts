/**
 * The load bench's clients, run in their own process (so the server's process measures only
 * itself): raw protocol clients over `ws`, each joining one document, creating its own
 * artboard, layer and rectangle, then pushing one MoveObjectEvent every `intervalMs` (a drag
 * sampled at 50 ms) for `seconds`. Prints one JSON line: events sent, acked, rejected, broadcast
 * events received, and the sender-observed push-to-broadcast round trips (ms).
 */
import { createEvent } from '@wiretuner/event-schema'
import WebSocket from 'ws'

/** What the parent passes (JSON in argv[2]). */
export interface LoadPlan {
  readonly url: string
  readonly clients: readonly { readonly documentId: string; readonly token: string }[]
  readonly intervalMs: number
  readonly seconds: number
}

/** What this process prints (one JSON line). */
export interface LoadResult {
  readonly sent: number
  readonly acked: number
  readonly rejected: number
  readonly received: number
  readonly heads: Readonly<Record<string, number>>
  readonly roundTripsMs: readonly number[]
  readonly closed: number
}

const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan
const start = performance.now()
/** Round trips of events sent in the first 3 s (connections, file creation) are not measured. */
const measuredFrom = start + 3_000
let sent = 0
let acked = 0
let rejected = 0
let received = 0
let closed = 0
const heads: Record<string, number> = {}
const roundTrips: number[] = []

async function runClient(documentId: string, token: string, stopAt: number): Promise<void> {
  const socket = new WebSocket(plan.url)
  const sentAt = new Map<string, number>()
  let ready: () => void = () => {}
  const caughtUp = new Promise<void>((resolve) => {
    ready = resolve
  })
  let head = -1
  let pending = 0
  let done: () => void = () => {}
  const drained = new Promise<void>((resolve) => {
    done = resolve
  })
  socket.on('message', (data) => {
    const m = JSON.parse(data.toString()) as {
      type: string
      events?: { eventId: string; eventSequence: number }[]
      accepted?: unknown[]
      catchUp?: boolean
    }
    if (m.type === 'welcome') socket.send(JSON.stringify({ type: 'catch-up', since: -1 }))
    else if (m.type === 'broadcast') {
      for (const e of m.events ?? []) {
        head = Math.max(head, e.eventSequence)
        if (!m.catchUp) received++
        const t = sentAt.get(e.eventId)
        if (t !== undefined) {
          if (t >= measuredFrom) roundTrips.push(performance.now() - t)
          sentAt.delete(e.eventId)
        }
      }
      heads[documentId] = Math.max(heads[documentId] ?? -1, head)
      if (m.catchUp) ready()
    } else if (m.type === 'ack') {
      acked += m.accepted?.length ?? 0
      pending -= m.accepted?.length ?? 0
      if (pending === 0 && performance.now() >= stopAt) done()
    } else if (m.type === 'reject') {
      rejected++
      pending--
    }
  })
  socket.on('close', () => {
    closed++
    done()
  })
  await new Promise<void>((resolve) => socket.once('open', () => resolve()))
  socket.send(JSON.stringify({ type: 'hello', protocol: 1, token, documentId }))
  await caughtUp
  const artboardId = crypto.randomUUID()
  const layerId = crypto.randomUUID()
  const shapeId = crypto.randomUUID()
  const push = (events: { eventId: string }[]): void => {
    const now = performance.now()
    for (const e of events) sentAt.set(e.eventId, now)
    pending += events.length
    sent += events.length
    socket.send(JSON.stringify({ type: 'push', baseSequence: head, events }))
  }
  push([
    createEvent({
      eventType: 'CreateArtboardEvent',
      documentId,
      artboardId,
      bounds: { x: 0, y: 0, width: 800, height: 600 },
    }),
    createEvent({ eventType: 'CreateLayerEvent', documentId, layerId, artboardId }),
    createEvent({
      eventType: 'CreateShapeEvent',
      documentId,
      shapeId,
      layerId,
      shapeType: 'rectangle',
      parameters: { centerX: 100, centerY: 100, width: 20, height: 10 },
    }),
  ])
  const groupId = crypto.randomUUID()
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (performance.now() >= stopAt) {
        clearInterval(timer)
        resolve()
        return
      }
      push([
        createEvent({
          eventType: 'MoveObjectEvent',
          documentId,
          objectIds: [shapeId],
          delta: { x: 1, y: 0.5 },
          undoGroupId: groupId,
          samplingIntervalMs: 50,
        }),
      ])
    }, plan.intervalMs)
  })
  if (pending > 0) await Promise.race([drained, new Promise((r) => setTimeout(r, 60_000))])
  // a last look at the head: every client of a document must reach the same one
  await new Promise((r) => setTimeout(r, 500))
  socket.close()
}

const stopAt = start + 2_000 + plan.seconds * 1000
await Promise.all(plan.clients.map((c) => runClient(c.documentId, c.token, stopAt)))
const result: LoadResult = { sent, acked, rejected, received, heads, roundTripsMs: roundTrips, closed }
process.stdout.write(`${JSON.stringify(result)}\n`)
