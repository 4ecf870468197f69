/**
 * A cache of event pages: the viewer asks for the event at a sequence and gets it once its page
 * (PAGE_SIZE events) has arrived; pages far from the cursor are evicted. At most one page request
 * is in flight; while it runs only the latest wanted page is remembered (scrubbing never queues).
 */
import type { ViewerApi, ViewerEvent } from './api.ts'

/** Events per page. */
export const PAGE_SIZE = 100
const MAX_PAGES = 64

/** Lazily loaded, bounded cache of event pages. */
export class EventPages {
  readonly #pages = new Map<number, readonly ViewerEvent[]>()
  #loading: number | undefined
  #wanted: number | undefined
  readonly #head: number
  readonly #onLoad: () => void
  readonly #api: ViewerApi

  constructor(api: ViewerApi, head: number, onLoad: () => void) {
    this.#api = api
    this.#head = head
    this.#onLoad = onLoad
  }

  /** The event at `seq` if its page is loaded; otherwise starts loading it and returns undefined. */
  get(seq: number): ViewerEvent | undefined {
    if (seq < 0 || seq > this.#head) return undefined
    const page = Math.floor(seq / PAGE_SIZE)
    const events = this.#pages.get(page)
    if (events) {
      // refresh recency
      this.#pages.delete(page)
      this.#pages.set(page, events)
      return events[seq - page * PAGE_SIZE]
    }
    this.load(page)
    return undefined
  }

  /** Starts loading page `page` unless loaded or loading (or remembers it as the next one). */
  load(page: number): void {
    if (this.#pages.has(page) || this.#loading === page) return
    const from = page * PAGE_SIZE
    if (from > this.#head) return
    if (this.#loading !== undefined) {
      this.#wanted = page
      return
    }
    const to = Math.min(this.#head, from + PAGE_SIZE - 1)
    this.#loading = page
    this.#api
      .events(from, to)
      .then((events) => {
        this.#pages.set(page, events)
        while (this.#pages.size > MAX_PAGES) {
          const oldest = this.#pages.keys().next().value
          if (oldest === undefined) break
          this.#pages.delete(oldest)
        }
        this.#onLoad()
      })
      .catch(() => {})
      .finally(() => {
        this.#loading = undefined
        const next = this.#wanted
        this.#wanted = undefined
        if (next !== undefined) this.load(next)
      })
  }
}
