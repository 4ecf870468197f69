/**
 * One document on the server: the one sequencer of its log. Every operation on the document
 * (load, push, catch-up, refresh after another server's append) runs in one queue, one at a time,
 * so appends are serialized. A push is checked event by event (event-schema validation, the
 * connection's document, user and access, then replay's reducer on the server's state), stamped
 * with the connection's `userId` and `sessionId`, appended with `expectedSequence` and broadcast
 * to every subscribed connection. An event whose `eventId` the log already holds is acknowledged
 * again (a client re-sending after a lost ack), never appended twice. A `conflict` (another
 * process appended first) reloads the new events from the storage, broadcasts them and retries.
 */
import { createEvent, type DraftEvent, parseDraftEvent, type WireTunerEvent } from '@wiretuner/event-schema'
import { type AsyncDocumentStorage, isStorageError } from '@wiretuner/io-services'
import type { ReplayState } from '@wiretuner/replay'
import { Folder, initialState } from '@wiretuner/replay/advanced'
import { SyncError } from '../errors.js'
import type { Access, AckedEvent, BroadcastMessage, RejectCode, RejectMessage } from '../protocol.js'
import { encodeMessage } from '../protocol-codec.js'

/** A connection as the hub sees it. */
export interface HubMember {
  readonly userId: string
  readonly sessionId: string
  readonly access: Access
  /** Sends one encoded message. */
  send(text: string): void
}

/** Timing of one push, for benchmarks (`performance.now()` milliseconds). */
export interface PushTiming {
  readonly documentId: string
  readonly events: number
  readonly receivedAt: number
  readonly broadcastAt: number
}

/** What a push produced for its sender. */
export interface PushOutcome {
  readonly accepted: readonly AckedEvent[]
  readonly rejected: readonly RejectMessage[]
}

const MAX_CONFLICT_RETRIES = 8

/** A push waiting for the document's next group commit. */
interface QueuedPush {
  readonly raw: readonly unknown[]
  readonly member: HubMember
  readonly receivedAt: number
  readonly timing: ((t: PushTiming) => void) | undefined
  readonly resolve: (outcome: PushOutcome) => void
  readonly reject: (error: unknown) => void
}

const reject = (eventId: string | null, code: RejectCode, reason: string): RejectMessage => ({
  type: 'reject',
  eventId,
  code,
  reason,
})

function eventIdOf(raw: unknown): string | null {
  const id = typeof raw === 'object' && raw !== null ? (raw as { eventId?: unknown }).eventId : undefined
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : null
}

/** The server's copy of one document; see the module comment. */
export class DocumentHub {
  readonly documentId: string
  readonly #storage: AsyncDocumentStorage
  readonly #members = new Set<HubMember>()
  readonly #events: WireTunerEvent[] = []
  readonly #ids = new Map<string, number>()
  #folder: Folder
  #state: ReplayState
  #queue: Promise<unknown> = Promise.resolve()
  #batch: QueuedPush[] = []
  #conflicts = 0

  private constructor(documentId: string, storage: AsyncDocumentStorage) {
    this.documentId = documentId
    this.#storage = storage
    this.#state = initialState(documentId)
    this.#folder = new Folder(this.#state)
  }

  /**
   * Loads `documentId` from `storage` (every event folded from the start, so the undo history is
   * complete, as on the clients); creates it first when `creator` is given and it does not exist.
   */
  static async load(
    documentId: string,
    storage: AsyncDocumentStorage,
    creator?: string,
  ): Promise<DocumentHub> {
    if (creator !== undefined && (await storage.getMetadata(documentId)) === undefined) {
      try {
        await storage.createDocument({
          documentId,
          title: 'Untitled',
          firstEvents: [createEvent({ eventType: 'CreateDocumentEvent', documentId, userId: creator })],
        })
      } catch (error) {
        // another server (or a concurrent hello) created it first
        if (!isStorageError(error) || error.code !== 'duplicate-document') throw error
      }
    }
    const hub = new DocumentHub(documentId, storage)
    await hub.#readFrom(0)
    return hub
  }

  /** Sequence of the log's last event (-1 when empty). */
  get head(): number {
    return this.#events.length - 1
  }

  /** The server's state of the document (the fold of its whole log). */
  get state(): ReplayState {
    return this.#state
  }

  /** Appends refused with `conflict` (another process appended first) and retried. */
  get conflicts(): number {
    return this.#conflicts
  }

  /** Connections subscribed to broadcasts. */
  get members(): ReadonlySet<HubMember> {
    return this.#members
  }

  /** Runs `task` after every queued operation of this document. */
  run<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.#queue.then(task)
    this.#queue = result.catch(() => undefined)
    return result
  }

  /** Resolves when no push is waiting and no operation is queued (the server's close waits for it). */
  async idle(): Promise<void> {
    while (this.#batch.length > 0) await new Promise<void>((resolve) => setImmediate(resolve))
    await this.run(() => undefined)
    if (this.#batch.length > 0) await this.idle()
  }

  /** Reads and folds the stored events from `from` on (no broadcast); returns them. */
  async #readFrom(from: number): Promise<WireTunerEvent[]> {
    const added: WireTunerEvent[] = []
    for await (const item of this.#storage.readEvents(this.documentId, { from })) {
      if (item.kind === 'event') {
        const problem = this.#folder.apply(item.event)
        void problem // a stored event the reducer skips stays in the log (clients skip it the same way)
        this.#events.push(item.event)
        this.#ids.set(item.event.eventId, item.sequence)
        added.push(item.event)
      } else {
        throw new SyncError(
          'storage-failed',
          `document ${this.documentId} has a damaged log (${item.kind} at ${item.kind === 'gap' ? item.from : item.sequence}): the server does not serve it`,
        )
      }
    }
    this.#state = this.#folder.state()
    return added
  }

  /** Subscribes `member` and returns the events after `since` (in the queue: nothing is missed). */
  catchUp(since: number, member: HubMember): Promise<BroadcastMessage> {
    return this.run(() => {
      this.#members.add(member)
      const from = Math.max(0, since + 1)
      const events = this.#events.slice(from)
      return { type: 'broadcast', from, to: from + events.length - 1, events, catchUp: true }
    })
  }

  /** Removes `member` from the broadcasts. */
  leave(member: HubMember): void {
    this.#members.delete(member)
  }

  /** Sends `text` to every member but `except`. */
  relay(text: string, except?: HubMember): void {
    for (const member of this.#members) if (member !== except) member.send(text)
  }

  /**
   * Reads what another process appended and broadcasts it (after a notification). `nextSequence`
   * (the notification's, when it has one) skips the read when this hub already holds that much:
   * the notification of its own append.
   */
  refresh(nextSequence?: number): Promise<void> {
    return this.run(async () => {
      if (nextSequence !== undefined && nextSequence <= this.#events.length) return
      const added = await this.#readFrom(this.#events.length)
      this.#broadcast(added)
    })
  }

  #broadcast(events: readonly WireTunerEvent[]): void {
    if (events.length === 0) return
    const first = (events[0] as WireTunerEvent).eventSequence
    const message: BroadcastMessage = {
      type: 'broadcast',
      from: first,
      to: first + events.length - 1,
      events,
      catchUp: false,
    }
    this.relay(encodeMessage(message))
  }

  /**
   * Checks, appends and broadcasts `raw` (a push's events) for `member`; see the module comment.
   * Pushes that arrive while the document is busy are committed together (group commit: one
   * append, one fsync and one broadcast for all of them), each still answered on its own.
   */
  push(
    raw: readonly unknown[],
    member: HubMember,
    receivedAt: number,
    timing?: (t: PushTiming) => void,
  ): Promise<PushOutcome> {
    return new Promise((resolve, reject) => {
      this.#batch.push({ raw, member, receivedAt, timing, resolve, reject })
      // the commit starts after the current I/O phase (setImmediate), so that every push read in
      // it (from any connection) joins the group: a microtask would commit after the first one
      if (this.#batch.length === 1) setImmediate(() => void this.run(() => this.#commitBatch()))
    })
  }

  async #commitBatch(): Promise<void> {
    const items = this.#batch
    this.#batch = []
    try {
      for (let attempt = 0; ; attempt++) {
        const outcomes = await this.#tryCommit(items)
        if (outcomes !== 'conflict') {
          for (const [i, item] of items.entries()) item.resolve(outcomes[i] as PushOutcome)
          return
        }
        this.#conflicts++
        if (attempt >= MAX_CONFLICT_RETRIES) {
          for (const item of items) {
            const rejected = item.raw.map((r) =>
              reject(eventIdOf(r), 'storage-failed', 'the log kept changing under the server (conflict)'),
            )
            item.resolve({ accepted: [], rejected })
          }
          return
        }
        this.#broadcast(await this.#readFrom(this.#events.length))
      }
    } catch (error) {
      for (const item of items) item.reject(error)
    }
  }

  async #tryCommit(items: readonly QueuedPush[]): Promise<PushOutcome[] | 'conflict'> {
    const head = this.#events.length
    const folder = new Folder(this.#state)
    const toAppend: WireTunerEvent[] = []
    const inPush = new Set<string>()
    const results = items.map((item) => {
      const known: AckedEvent[] = []
      const rejected: RejectMessage[] = []
      const appended: WireTunerEvent[] = []
      for (const raw of item.raw) {
        const eventId = eventIdOf(raw)
        const stored = eventId === null ? undefined : this.#ids.get(eventId)
        if (eventId !== null && stored !== undefined) {
          known.push({ eventId, sequence: stored })
          continue
        }
        const checked = this.#check(raw, eventId, item.member, inPush)
        if ('type' in checked) {
          rejected.push(checked)
          continue
        }
        const event = {
          ...checked,
          userId: item.member.userId,
          sessionId: item.member.sessionId,
          eventSequence: head + toAppend.length,
        } as WireTunerEvent
        const problem = folder.apply(event)
        if (problem !== undefined) {
          const code = problem.kind === 'invalid' || problem.kind === 'gap' ? 'not-applicable' : problem.kind
          rejected.push(reject(eventId, code, problem.reason))
          continue
        }
        inPush.add(event.eventId)
        toAppend.push(event)
        appended.push(event)
      }
      return { known, rejected, appended }
    })
    if (toAppend.length > 0) {
      try {
        await this.#storage.append(this.documentId, toAppend, { expectedSequence: head })
      } catch (error) {
        if (isStorageError(error) && error.code === 'conflict') return 'conflict'
        const reason = error instanceof Error ? error.message : String(error)
        return results.map((r) => ({
          accepted: r.known,
          rejected: [...r.rejected, ...r.appended.map((e) => reject(e.eventId, 'storage-failed', reason))],
        }))
      }
      this.#folder = folder
      this.#state = folder.state()
      for (const e of toAppend) {
        this.#events.push(e)
        this.#ids.set(e.eventId, e.eventSequence)
      }
      this.#broadcast(toAppend)
      const broadcastAt = performance.now()
      items.forEach((item, i) => {
        const n = results[i]?.appended.length ?? 0
        if (n > 0)
          item.timing?.({ documentId: this.documentId, events: n, receivedAt: item.receivedAt, broadcastAt })
      })
    }
    return results.map((r) => ({
      accepted: [...r.known, ...r.appended.map((e) => ({ eventId: e.eventId, sequence: e.eventSequence }))],
      rejected: r.rejected,
    }))
  }

  /** The checks before the reducer: a parsed draft, or the reject. */
  #check(
    item: unknown,
    eventId: string | null,
    member: HubMember,
    inPush: ReadonlySet<string>,
  ): DraftEvent | RejectMessage {
    if (member.access !== 'write') return reject(eventId, 'forbidden', 'the token grants read access only')
    const parsed = parseDraftEvent(item)
    if (!parsed.ok) return reject(eventId, 'invalid-event', parsed.error.message)
    const draft = parsed.value
    if (inPush.has(draft.eventId))
      return reject(eventId, 'invalid-event', `eventId ${draft.eventId} appears twice in the push`)
    if (draft.documentId !== this.documentId) {
      return reject(
        eventId,
        'wrong-document',
        `the event is for document ${draft.documentId}, the connection for ${this.documentId}`,
      )
    }
    if (draft.userId !== undefined && draft.userId !== member.userId) {
      return reject(
        eventId,
        'foreign-user',
        `the event names user ${JSON.stringify(draft.userId)}, the token ${JSON.stringify(member.userId)}`,
      )
    }
    return draft
  }
}
