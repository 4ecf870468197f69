/**
 * A session's snapshot writes, by the policy of `snapshot-policy.ts`: the states a dispatch
 * reaches exactly at cadence points are kept as time-travel checkpoints and written on the
 * session's schedule (after the dispatch returns); a write can also be asked for now, and one is
 * written on close when the tail since the last snapshot is long. A snapshot is a cache: a write
 * that fails is collected in {@link SnapshotWriter.errors}, never thrown into a dispatch.
 */
import type { DocumentStorage, SnapshotInfo } from '@wiretuner/io-services'
import type { HistoryIndexBuilder } from './history-index.js'
import type { ResolvedOptions } from './session-options.js'
import { onCadence, storeSnapshot } from './snapshot-policy.js'
import type { ReplayState } from './state.js'
import type { TimeTravel } from './time-travel.js'

/** What a {@link SnapshotWriter} writes to and tells. */
export interface SnapshotWriterContext {
  readonly storage: DocumentStorage
  readonly documentId: string
  readonly options: ResolvedOptions
  readonly timeTravel: TimeTravel
  /** Given each written snapshot's bytes (the history index reuses them). */
  readonly historyIndex: HistoryIndexBuilder | undefined
  /** True once the session is closed: scheduled writes then do nothing. */
  readonly closed: () => boolean
}

/** The snapshot writes of one session; see the module comment. */
export class SnapshotWriter {
  readonly #context: SnapshotWriterContext
  #lastSequence: number
  #pending: ReplayState[] = []
  readonly #errors: unknown[] = []

  /** `lastSequence`: the newest snapshot the session loaded (-1: none). */
  constructor(context: SnapshotWriterContext, lastSequence: number) {
    this.#context = context
    this.#lastSequence = lastSequence
  }

  /** Sequence of the newest snapshot written, scheduled or loaded (-1: none). */
  get lastSequence(): number {
    return this.#lastSequence
  }

  /** Snapshot writes that failed. */
  get errors(): readonly unknown[] {
    return this.#errors
  }

  /** True when the state after `sequence` is a cadence snapshot. */
  onCadence(sequence: number): boolean {
    return onCadence(sequence, this.#context.options.snapshotEvery)
  }

  /** Schedules the writes of the cadence states of a dispatch (and keeps them as checkpoints). */
  schedule(states: readonly ReplayState[]): void {
    if (states.length === 0) return
    for (const state of states) {
      this.#lastSequence = state.sequence
      this.#context.timeTravel.remember(state)
      this.#pending.push(state)
    }
    this.#context.options.schedule(() => {
      if (!this.#context.closed()) this.flush()
    })
  }

  /** Runs the scheduled writes now. */
  flush(): void {
    const pending = this.#pending
    this.#pending = []
    for (const state of pending) this.#tryWrite(state)
  }

  /** Writes a snapshot of `state` now; throws what the storage throws. */
  write(state: ReplayState): SnapshotInfo {
    const { storage, documentId, options, historyIndex } = this.#context
    const info = storeSnapshot(storage, documentId, state, options, (bytes) =>
      historyIndex?.offer(state, bytes),
    )
    historyIndex?.schedule()
    if (state.sequence > this.#lastSequence) this.#lastSequence = state.sequence
    this.#context.timeTravel.remember(state)
    return info
  }

  /** On close: writes `state` when its tail since the last snapshot is long and the storage writable. */
  writeOnClose(state: ReplayState): void {
    const { storage, options } = this.#context
    if (state.sequence - this.#lastSequence >= options.closeSnapshotMinTail && !storage.readOnly)
      this.#tryWrite(state)
  }

  #tryWrite(state: ReplayState): void {
    try {
      this.write(state)
    } catch (error) {
      this.#errors.push(error)
    }
  }
}
