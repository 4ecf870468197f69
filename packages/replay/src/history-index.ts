/**
 * Keeping the persistent history index complete (io-services' `history_index_cache`): which
 * sequences get an entry, and the builder that writes them: with each cadence snapshot the session
 * writes (same bytes), and the missing ones (older logs, migrated files, a dropped index, damaged
 * entries) in background slices, one entry per slice.
 *
 * Entries sit at index points (sequences `k × every − 1`, `every` a divisor of the snapshot cadence,
 * by default a quarter of it, so every cadence snapshot is also an index point), at least `every`
 * apart, and a new one is written only when the log since the previous entry weighs enough that
 * the index stays under `maxShare` of the log's payload bytes (a document large for its log gets
 * sparser entries: the budget, not the granularity, sets the density). An entry holds the same
 * state JSON as a snapshot. Entries that disagree with the log are deleted and rebuilt; damaged
 * ones met by a seek are rebuilt too.
 */
import type { DocumentStorage, HistoryEntryInfo } from '@wiretuner/io-services'
import { type Scheduler, systemScheduler, type TimerHandle } from './clock.js'
import { encodeReplayState } from './snapshot-format.js'
import type { ReplayState } from './state.js'

/** Default share of the log's payload bytes the history index may take. */
export const DEFAULT_HISTORY_INDEX_SHARE = 0.25

/** Index points per snapshot cadence interval by default (see `HistoryIndexOptions.every`). */
export const DEFAULT_HISTORY_INDEX_POINTS_PER_CADENCE = 4

/**
 * The granularity of the index for a snapshot cadence `snapshotEvery`: the option when it divides
 * the cadence, else the largest divisor of the cadence at most a quarter of it.
 */
export function historyIndexEvery(snapshotEvery: number, option: number | undefined): number {
  const cadence = Math.max(1, Math.floor(snapshotEvery))
  if (option !== undefined && Number.isInteger(option) && option >= 1 && cadence % option === 0) {
    return option
  }
  let every = Math.max(1, Math.floor(cadence / DEFAULT_HISTORY_INDEX_POINTS_PER_CADENCE))
  while (cadence % every !== 0) every--
  return every
}

/** Options of the history index kept by a session (`SessionOptions.historyIndex`). */
export interface HistoryIndexOptions {
  /**
   * `background` (default on writable storages): the session writes entries as the log grows and
   * fills missing ones in background slices after opening; `off`: never written (entries that
   * exist are still used by time travel).
   */
  readonly mode?: 'background' | 'off'
  /** Share of the log's payload bytes the index may take (default 0.25). */
  readonly maxShare?: number
  /**
   * Granularity: entries sit at multiples of `every` (minus one). Must divide the snapshot
   * cadence (`snapshotEvery`); default a quarter of it (250 for the seed's 1,000), so a seek folds
   * at most that many events where the budget allows an entry at every point.
   */
  readonly every?: number
  /** Timer of the background slices (default the system timer, not keeping the process alive). */
  readonly scheduler?: Scheduler
  /** Pause between background slices in milliseconds (default 1). */
  readonly pauseMs?: number
}

/** What the builder did and found (see `DocumentSession.historyIndex`). */
export interface HistoryIndexReport {
  /** False when the storage has no history index (an older format read as it is). */
  readonly available: boolean
  /** Trusted entries known to the builder (after its first slice). */
  readonly entries: number
  /** Compressed bytes of those entries. */
  readonly bytes: number
  /** Entries written by this session. */
  readonly written: number
  /** Sequences of entries found stale (disagreeing with the log) and deleted. */
  readonly staleRemoved: readonly number[]
  /** Sequences of entries found damaged by a seek and rebuilt. */
  readonly damagedRebuilt: readonly number[]
  /** True while entries remain to be written (background slices pending). */
  readonly pending: boolean
  /** The last failure of a background slice (a cache: it never fails the session). */
  readonly error?: unknown
}

interface Known {
  readonly sequence: number
  readonly storedBytes: number
}

/** Builds and extends the history index of one document; owned by a session. */
export class HistoryIndexBuilder {
  readonly #storage: DocumentStorage
  readonly #documentId: string
  readonly #every: number
  readonly #share: number
  readonly #scheduler: Scheduler
  readonly #pause: number
  readonly #stateAt: (sequence: number) => ReplayState
  readonly #head: () => number
  /** Trusted entries by sequence, ascending (undefined until the first slice lists them). */
  #known: Known[] | undefined
  /** Next cadence point to consider. */
  #next = 0
  #written = 0
  #stale: number[] = []
  #damaged: number[] = []
  #error: unknown
  /** Entries reported damaged before the first slice listed the index. */
  readonly #suspects = new Set<number>()
  #handle: TimerHandle | undefined
  #stopped = false
  #keepAlive = false
  readonly #waiters: ((report: HistoryIndexReport) => void)[] = []

  constructor(
    storage: DocumentStorage,
    documentId: string,
    every: number,
    stateAt: (sequence: number) => ReplayState,
    head: () => number,
    options: HistoryIndexOptions = {},
  ) {
    this.#storage = storage
    this.#documentId = documentId
    this.#every = Math.max(1, every)
    this.#share = options.maxShare ?? DEFAULT_HISTORY_INDEX_SHARE
    this.#scheduler = options.scheduler ?? systemScheduler
    this.#pause = Math.max(0, options.pauseMs ?? 1)
    this.#stateAt = stateAt
    this.#head = head
  }

  /** The builder's report so far. */
  get report(): HistoryIndexReport {
    const known = this.#known ?? []
    return {
      available: this.#storage.historyIndexAvailable,
      entries: known.length,
      bytes: known.reduce((sum, k) => sum + k.storedBytes, 0),
      written: this.#written,
      staleRemoved: this.#stale,
      damagedRebuilt: this.#damaged,
      pending: this.#handle !== undefined,
      ...(this.#error === undefined ? {} : { error: this.#error }),
    }
  }

  /** Resolves with the report once no slice is pending (at once when idle). */
  whenIdle(): Promise<HistoryIndexReport> {
    if (this.#handle === undefined) return Promise.resolve(this.report)
    // someone waits: the remaining slices keep the process alive
    this.#keepAlive = true
    this.#timer()?.ref?.()
    return new Promise((resolve) => this.#waiters.push(resolve))
  }

  #timer(): { ref?: () => void; unref?: () => void } | undefined {
    const timer = this.#handle?.timer
    return typeof timer === 'object' && timer !== null
      ? (timer as { ref?: () => void; unref?: () => void })
      : undefined
  }

  /**
   * The session encoded the state at `state.sequence` anyway (a cadence snapshot): written as an
   * entry now when that point wants one (a gzip and an insert, no fold). The index points between
   * it and the previous entry are left to background slices (scheduled here).
   */
  offer(state: ReplayState, bytes: Uint8Array): void {
    const p = state.sequence
    if (this.#stopped || this.#storage.readOnly || (p + 1) % this.#every !== 0) return
    try {
      if (this.#known === undefined) this.#known = this.#init()
      const known = this.#known
      const previous = known.filter((k) => k.sequence < p).at(-1)
      // the index points between the previous entry and this one are for background slices
      if (p - (previous?.sequence ?? -1) > this.#every) this.schedule()
      if (known.some((k) => k.sequence === p)) return
      if (
        !this.#wanted(
          p,
          previous,
          known.find((k) => k.sequence > p),
        )
      )
        return
      this.#insert(p, this.#storage.writeHistoryEntry(this.#documentId, p, bytes).storedBytes)
    } catch (error) {
      this.#error = error
    }
  }

  /** A seek found the entry at `sequence` damaged: it is rebuilt by the next slice. */
  damaged(sequence: number): void {
    if (this.#stopped || this.#damaged.includes(sequence)) return
    if (this.#known === undefined) {
      this.#suspects.add(sequence)
      this.schedule()
      return
    }
    const i = this.#known.findIndex((k) => k.sequence === sequence)
    if (i < 0) return
    this.#known.splice(i, 1)
    this.#damaged.push(sequence)
    this.#next = Math.min(this.#next, sequence)
    this.schedule()
  }

  /** Schedules background slices until the index covers the log (no-op when some are pending). */
  schedule(): void {
    if (this.#stopped || this.#handle !== undefined || !this.#storage.historyIndexAvailable) return
    if (this.#storage.readOnly) return
    this.#handle = this.#scheduler.setTimeout(() => this.#slice(), this.#pause)
    // a cache: background slices never keep the process alive, unless someone waits for them
    if (!this.#keepAlive) this.#timer()?.unref?.()
  }

  #insert(sequence: number, storedBytes: number): void {
    const known = this.#known as Known[]
    const at = known.findIndex((k) => k.sequence > sequence)
    known.splice(at < 0 ? known.length : at, 0, { sequence, storedBytes })
    this.#written++
  }

  /** Stops background slices for good (the session closed). */
  stop(): void {
    this.#stopped = true
    if (this.#handle !== undefined) this.#scheduler.clearTimeout(this.#handle)
    this.#handle = undefined
    this.#settle()
  }

  /** Writes every missing entry now (synchronously); returns the report. */
  buildAll(): HistoryIndexReport {
    if (this.#handle !== undefined) this.#scheduler.clearTimeout(this.#handle)
    this.#handle = undefined
    while (this.#step()) {}
    this.#settle()
    return this.report
  }

  /** Deletes every entry and forgets them (before a rebuild). */
  clear(): void {
    this.#storage.deleteHistoryEntries(this.#documentId)
    this.#known = []
    this.#next = 0
  }

  #settle(): void {
    const report = this.report
    for (const resolve of this.#waiters.splice(0)) resolve(report)
  }

  #slice(): void {
    this.#handle = undefined
    if (this.#stopped) return
    let more = false
    try {
      more = this.#step()
    } catch (error) {
      this.#error = error
      more = false
    }
    if (more) this.schedule()
    else this.#settle()
  }

  /** Lists the entries and deletes the stale ones (first slice). */
  #init(): Known[] {
    const entries: readonly HistoryEntryInfo[] = this.#storage.listHistoryEntries(this.#documentId)
    const stale = entries.filter((e) => e.stale).map((e) => e.eventSequence)
    if (stale.length > 0) {
      this.#storage.deleteHistoryEntries(this.#documentId, stale)
      this.#stale.push(...stale)
    }
    for (const sequence of this.#suspects) this.#damaged.push(sequence)
    return entries
      .filter((e) => !e.stale && !this.#suspects.has(e.eventSequence))
      .map((e) => ({ sequence: e.eventSequence, storedBytes: e.storedBytes }))
  }

  /**
   * Whether index point `p` should get an entry, `previous` and `next` being the entries around
   * it: the log since `previous` must pay for the new entry (its size estimated by `previous`'s)
   * and, when `p` falls between two entries, the log from `p` to `next` must pay for `next` too.
   */
  #wanted(p: number, previous: Known | undefined, next?: Known): boolean {
    if (previous === undefined) return true
    if (p - previous.sequence < this.#every) return false
    const paid = (from: number, to: number) =>
      this.#storage.logBytes(this.#documentId, { from, to }) * this.#share >= previous.storedBytes
    if (!paid(previous.sequence + 1, p)) return false
    return next === undefined || (next.sequence - p >= this.#every && paid(p + 1, next.sequence))
  }

  /** Writes at most one missing entry; returns whether more cadence points remain to look at. */
  #step(): boolean {
    if (this.#stopped || this.#storage.readOnly || !this.#storage.historyIndexAvailable) return false
    if (this.#known === undefined) this.#known = this.#init()
    const known = this.#known
    const head = this.#head()
    // the first cadence point at or after #next
    let p = Math.ceil((this.#next + 1) / this.#every) * this.#every - 1
    // at most one entry per step; every round advances p: the loop ends
    for (; p <= head; p += this.#every) {
      let previous: Known | undefined
      let next: Known | undefined
      for (const k of known) {
        if (k.sequence < p) previous = k
        else {
          next = k
          break
        }
      }
      if (next?.sequence === p || !this.#wanted(p, previous, next)) continue
      const bytes = encodeReplayState(this.#stateAt(p))
      this.#insert(p, this.#storage.writeHistoryEntry(this.#documentId, p, bytes).storedBytes)
      this.#next = p + 1
      return p + this.#every <= head
    }
    this.#next = p
    return false
  }
}

/**
 * The history index builder of a session, or undefined when the session does not build one
 * (`mode: 'off'`, a read-only storage, or one without the index). `stateAt` folds a state of the
 * log; `head` is the session's current sequence.
 */
export function sessionHistoryIndex(
  storage: DocumentStorage,
  documentId: string,
  snapshotEvery: number,
  options: HistoryIndexOptions,
  stateAt: (sequence: number) => ReplayState,
  head: () => number,
): HistoryIndexBuilder | undefined {
  if (options.mode === 'off' || storage.readOnly || !storage.historyIndexAvailable) return undefined
  return new HistoryIndexBuilder(
    storage,
    documentId,
    historyIndexEvery(snapshotEvery, options.every),
    stateAt,
    head,
    options,
  )
}

/** The report of a session that builds no history index over `storage`. */
export function unbuiltHistoryIndexReport(storage: DocumentStorage): HistoryIndexReport {
  return {
    available: storage.historyIndexAvailable,
    entries: 0,
    bytes: 0,
    written: 0,
    staleRemoved: [],
    damagedRebuilt: [],
    pending: false,
  }
}
