/**
 * Cross-server append notifications over PostgreSQL's LISTEN/NOTIFY. Every append transaction
 * runs `pg_notify(APPEND_CHANNEL, …)`, which PostgreSQL delivers at COMMIT (never for a rolled
 * back append) to every session listening on the channel — the storages of every server process
 * on the database, the appending one included. {@link AppendListener} keeps one dedicated
 * connection (outside the pool) LISTENing, and reconnects with a backoff when it is lost (a
 * notification sent while it was away is not replayed: `onError` says so, and readers catch up
 * from their last sequence).
 */
import pg from 'pg'
import { StorageError } from './errors.js'

/** The channel every WireTuner append is announced on. */
export const APPEND_CHANNEL = 'wiretuner_append'

/** Called after a committed append: the document and its next sequence after the append. */
export type AppendCallback = (documentId: string, nextSequence: number) => void

/** The payload an append sends on {@link APPEND_CHANNEL} (JSON). */
export function appendPayload(documentId: string, nextSequence: number): string {
  return JSON.stringify({ documentId, nextSequence })
}

/** Parses a payload of {@link APPEND_CHANNEL}; `undefined` for a foreign or malformed one. */
export function parseAppendPayload(payload: string | undefined): [string, number] | undefined {
  try {
    const value = JSON.parse(payload ?? '') as { documentId?: unknown; nextSequence?: unknown }
    const { documentId, nextSequence } = value
    if (typeof documentId !== 'string' || !Number.isSafeInteger(nextSequence)) return undefined
    return [documentId, nextSequence as number]
  } catch {
    return undefined
  }
}

/** Longest wait between two reconnection attempts of the listening connection. */
const MAX_BACKOFF_MS = 5000

/** One LISTENing connection fanning notifications out to the storage's callbacks. */
export class AppendListener {
  readonly #config: pg.ClientConfig
  readonly #callbacks = new Set<AppendCallback>()
  readonly #onError: (error: StorageError) => void
  #client: pg.Client | undefined
  #closed = false
  #backoff = 100
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(config: pg.ClientConfig, onError: (error: StorageError) => void) {
    this.#config = config
    this.#onError = onError
  }

  /** Connects and LISTENs; resolves once notifications are being received. */
  async start(): Promise<void> {
    const client = new pg.Client(this.#config)
    client.on('error', (error) => this.#lost(client, error))
    client.on('end', () => this.#lost(client, new Error('connection ended')))
    client.on('notification', (message) => {
      if (message.channel !== APPEND_CHANNEL) return
      const parsed = parseAppendPayload(message.payload)
      if (parsed !== undefined) this.#emit(...parsed)
    })
    await client.connect()
    await client.query(`LISTEN ${APPEND_CHANNEL}`)
    this.#client = client
    this.#backoff = 100
  }

  /** Registers `callback`; returns its removal. */
  subscribe(callback: AppendCallback): () => void {
    this.#callbacks.add(callback)
    return () => {
      this.#callbacks.delete(callback)
    }
  }

  /** Stops listening and closes the connection. */
  async close(): Promise<void> {
    this.#closed = true
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    const client = this.#client
    this.#client = undefined
    this.#callbacks.clear()
    await client?.end().catch(() => {})
  }

  #emit(documentId: string, nextSequence: number): void {
    for (const callback of [...this.#callbacks]) {
      try {
        callback(documentId, nextSequence)
      } catch (error) {
        this.#onError(
          new StorageError('invalid-argument', `an onAppend listener threw for document ${documentId}`, {
            cause: error,
            details: { documentId, nextSequence },
          }),
        )
      }
    }
  }

  #lost(client: pg.Client, error: unknown): void {
    if (this.#closed || this.#client !== client) return
    this.#client = undefined
    client.end().catch(() => {})
    this.#onError(
      new StorageError(
        'io',
        'the LISTEN connection for append notifications was lost; reconnecting (appends committed meanwhile are not announced)',
        { cause: error },
      ),
    )
    this.#retry()
  }

  #retry(): void {
    if (this.#closed) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.start().catch((error: unknown) => {
        this.#backoff = Math.min(MAX_BACKOFF_MS, this.#backoff * 2)
        this.#onError(
          new StorageError('io', 'reconnecting the LISTEN connection failed; retrying', { cause: error }),
        )
        this.#retry()
      })
    }, this.#backoff)
    this.#timer.unref?.()
  }
}
