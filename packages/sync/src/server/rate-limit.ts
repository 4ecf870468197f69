/**
 * Per-connection rate limit: a token bucket. Each message takes one token; the bucket holds at
 * most `burst` tokens and refills at `perSecond`. A connection whose bucket is empty is closed
 * (`rate-limited`): a well-behaved client batches its events (one push per 50 ms sampling tick)
 * and stays far below the default 100 messages per second with a burst of 200.
 */

/** Limits of {@link TokenBucket}. */
export interface RateLimit {
  /** Sustained messages per second. */
  readonly perSecond: number
  /** Messages allowed at once. */
  readonly burst: number
}

/** The default limit: 100 messages/s sustained, bursts of 200. */
export const DEFAULT_RATE_LIMIT: RateLimit = Object.freeze({ perSecond: 100, burst: 200 })

/** A token bucket; see the module comment. */
export class TokenBucket {
  readonly #limit: RateLimit
  readonly #now: () => number
  #tokens: number
  #at: number

  constructor(limit: RateLimit, now: () => number) {
    this.#limit = limit
    this.#now = now
    this.#tokens = limit.burst
    this.#at = now()
  }

  /** Takes one token; false when none is left. */
  take(): boolean {
    const now = this.#now()
    this.#tokens = Math.min(
      this.#limit.burst,
      this.#tokens + ((now - this.#at) / 1000) * this.#limit.perSecond,
    )
    this.#at = now
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }
}
