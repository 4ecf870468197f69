/**
 * Time travel over a stored log: the state after any sequence, folded from the nearest base at or
 * before it (an in-memory checkpoint, a stored snapshot, an entry of the persistent history index,
 * or the empty document) plus the events
 * in between, streamed from storage. Checkpoints met on the way are cached (bounded, kept spread over the log) so
 * repeated seeks fold at most `checkpointEvery` events.
 */
import type { DocumentStorage, SnapshotInfo, SnapshotProblemCode } from '@wiretuner/io-services'
import { Folder, type FoldOptions } from './fold.js'
import {
  type DecodeReplayStateCode,
  type DecodeReplayStateResult,
  decodeReplayState,
} from './snapshot-format.js'
import { initialState, type ReplayProblem, type ReplayState } from './state.js'

/** Options of a {@link TimeTravel}. */
export interface TimeTravelOptions {
  readonly historyDepth?: number
  /** Distance between in-memory checkpoints recorded while folding. Default 1000. */
  readonly checkpointEvery?: number
  /** Most checkpoints kept in memory (spread over the log). Default 128. */
  readonly maxCheckpoints?: number
  /** Told of every history index entry a lookup skipped (stale or damaged), e.g. to rebuild it. */
  readonly onSkippedHistoryEntry?: (entry: SkippedHistoryEntry) => void
}

/**
 * Why the loader could not use a snapshot: io-services' frame checks (`corrupt-snapshot`,
 * `snapshot-too-large`) or replay's decoding ({@link DecodeReplayStateCode}).
 */
export type SkippedSnapshotCode = SnapshotProblemCode | DecodeReplayStateCode

/** A snapshot the loader could not use: a code to switch on and a message (`"<code>: <detail>"`). */
export interface SkippedSnapshot {
  readonly snapshotId: number
  readonly eventSequence: number
  readonly code: SkippedSnapshotCode
  readonly reason: string
}

/** Why the loader could not use a history index entry. */
export type SkippedHistoryEntryCode =
  | 'stale-history-entry'
  | 'corrupt-history-entry'
  | 'history-entry-too-large'
  | 'undecodable-history-entry'

/** A history index entry the loader could not use, and why (it is never used). */
export interface SkippedHistoryEntry {
  readonly eventSequence: number
  /** Stale (disagrees with the log), damaged, too large, or not a state replay can decode. */
  readonly code: SkippedHistoryEntryCode
  readonly reason: string
}

/** Where a fold started from. */
export interface FoldBase {
  readonly state: ReplayState
  /**
   * `snapshot`: a stored snapshot; `history-index`: an entry of the persistent history index;
   * `checkpoint`: cached in memory; `empty`: the start of the log.
   */
  readonly source: 'snapshot' | 'history-index' | 'checkpoint' | 'empty'
  readonly skippedSnapshots: readonly SkippedSnapshot[]
  readonly skippedHistoryEntries: readonly SkippedHistoryEntry[]
}

/** Result of folding a range of the stored log. */
export interface StoredFold {
  readonly state: ReplayState
  readonly problems: readonly ReplayProblem[]
  readonly eventsApplied: number
}

/** Time travel over one document of a storage; see the module comment. */
export class TimeTravel {
  readonly #storage: DocumentStorage
  readonly #documentId: string
  readonly #checkpointEvery: number
  readonly #maxCheckpoints: number
  readonly #foldOptions: FoldOptions
  readonly #onSkippedEntry: ((entry: SkippedHistoryEntry) => void) | undefined
  /** Cached states by sequence (kept spread over the log; see {@link remember}). */
  readonly #checkpoints = new Map<number, ReplayState>()
  /**
   * Where the incremental preparation ({@link prepareSlice}) stopped: its state, the checkpoint
   * distance it plans for, and the next planned checkpoint position.
   */
  #warm:
    | {
        readonly state: ReplayState
        readonly every: number
        readonly nextCheckpoint: number
      }
    | undefined

  constructor(storage: DocumentStorage, documentId: string, options: TimeTravelOptions = {}) {
    this.#storage = storage
    this.#documentId = documentId
    this.#checkpointEvery = options.checkpointEvery ?? 1_000
    this.#maxCheckpoints = options.maxCheckpoints ?? 128
    this.#onSkippedEntry = options.onSkippedHistoryEntry
    this.#foldOptions = {
      ...(options.historyDepth === undefined ? {} : { historyDepth: options.historyDepth }),
      resolveDocument: (sequence) => this.stateAt(sequence).document,
      resolveRange: (from, to) => this.foldFrom(this.stateAt(from), to).state,
    }
  }

  /** Fold options for folds of this document (history depth, time travel for old groups). */
  get foldOptions(): FoldOptions {
    return this.#foldOptions
  }

  /**
   * Caches `state` as a checkpoint (states are immutable; sharing them is safe). Over
   * `maxCheckpoints`, the checkpoint whose neighbours are closest together is dropped (never the
   * oldest or the newest), so the cache stays spread over the whole log instead of keeping only
   * the most recently used region: a fold from the start of a long log leaves checkpoints
   * everywhere, and no seek folds more than the widest gap.
   */
  remember(state: ReplayState): void {
    if (state.sequence < 0 || this.#maxCheckpoints <= 0) return
    this.#checkpoints.set(state.sequence, state)
    if (this.#checkpoints.size <= this.#maxCheckpoints) return
    const keys = [...this.#checkpoints.keys()].sort((a, b) => a - b)
    while (keys.length > this.#maxCheckpoints) {
      let drop = 0
      if (keys.length > 2) {
        let bestGap = Number.POSITIVE_INFINITY
        for (let i = 1; i < keys.length - 1; i++) {
          const gap = (keys[i + 1] as number) - (keys[i - 1] as number)
          if (gap < bestGap) {
            bestGap = gap
            drop = i
          }
        }
      }
      this.#checkpoints.delete(keys[drop] as number)
      keys.splice(drop, 1)
    }
  }

  /**
   * One slice of an incremental {@link prepare}: folds at most `maxEvents` further events of the
   * log (up to `lastSequence`) from where the previous slice stopped. The checkpoints are those
   * {@link prepare} records for the same `lastSequence` (same distance, same positions): slice ends
   * are not checkpoints, so the slice size does not matter. Returns whether the whole log is now
   * covered. Seeks in between are exact (they use whatever checkpoints exist); the slices only make
   * later seeks cheaper. A call with another `lastSequence` that needs another checkpoint distance
   * starts over from the beginning of the log.
   */
  prepareSlice(
    lastSequence: number,
    maxEvents: number,
  ): { readonly done: boolean; readonly fold: StoredFold } {
    const every = this.#preparedDistance(lastSequence)
    let warm = this.#warm
    if (warm === undefined || warm.every !== every) {
      const start = initialState(this.#documentId)
      warm = { state: start, every, nextCheckpoint: start.sequence + every }
    }
    const to = Math.min(lastSequence, warm.state.sequence + Math.max(1, maxEvents))
    const { fold, nextCheckpoint } = this.#fold(warm.state, to, every, warm.nextCheckpoint)
    this.#warm = { state: fold.state, every, nextCheckpoint }
    return { done: fold.state.sequence >= lastSequence, fold }
  }

  /**
   * Sequences of the cached checkpoints, ascending (read-only introspection, e.g. to check how a
   * preparation spread them).
   */
  get checkpointSequences(): readonly number[] {
    return [...this.#checkpoints.keys()].sort((a, b) => a - b)
  }

  /** Drops cached checkpoints after `sequence` (used when the log is found to differ). */
  forgetAfter(sequence: number): void {
    for (const k of [...this.#checkpoints.keys()]) if (k > sequence) this.#checkpoints.delete(k)
    if (this.#warm !== undefined && this.#warm.state.sequence > sequence) this.#warm = undefined
  }

  /**
   * The newest usable base at or before `sequence`: a cached checkpoint within two checkpoint
   * distances of `sequence`, or one at least as new as any stored state; else the newest
   * stored state, from the snapshots or the persistent history index, whichever is newer (entries
   * that disagree with the log, and corrupt or undecodable snapshots and entries, are skipped and
   * reported, falling back to older ones); else the empty document.
   */
  baseAtOrBefore(sequence: number, useCheckpoints = true): FoldBase {
    let best: ReplayState | undefined
    if (useCheckpoints) {
      for (const [k, s] of this.#checkpoints)
        if (k <= sequence && (best === undefined || k > best.sequence)) best = s
    }
    const skipped: SkippedSnapshot[] = []
    const skippedEntries: SkippedHistoryEntry[] = []
    // A checkpoint close enough is cheaper than decoding a newer stored state.
    if (best !== undefined && sequence - best.sequence <= 2 * this.#checkpointEvery) {
      return {
        state: best,
        source: 'checkpoint',
        skippedSnapshots: skipped,
        skippedHistoryEntries: skippedEntries,
      }
    }
    const listed: SnapshotInfo[] = []
    const reported = new Set<number>()
    for (const info of this.#storage.listSnapshots(this.#documentId)) {
      if (Number.isSafeInteger(info.eventSequence)) listed.push(info)
      else if (info.eventSequence <= sequence) {
        // a row edited behind the engine's back (1999.5) names no state of the log
        reported.add(info.snapshotId)
        skipped.push({
          snapshotId: info.snapshotId,
          eventSequence: info.eventSequence,
          code: 'corrupt-snapshot',
          reason: `corrupt-snapshot: sequence ${info.eventSequence} is not an integer`,
        })
      }
    }
    const floor = best?.sequence ?? -1
    let limit = sequence
    // every round lowers `limit`: the loop ends
    while (limit > floor) {
      const snapshotSequence = listed.find((i) => i.eventSequence <= limit)?.eventSequence ?? -1
      // history index entries newer than the newest snapshot below the limit come first
      if (this.#storage.historyIndexAvailable) {
        const found = this.#storage.loadHistoryEntry(this.#documentId, {
          atOrBefore: limit,
          after: Math.max(floor, snapshotSequence),
        })
        for (const p of found.skipped)
          this.#skipEntry(skippedEntries, { eventSequence: p.eventSequence, code: p.code, reason: p.reason })
        const entry = found.entry
        if (entry !== undefined) {
          const decoded = this.#decode(entry.data, entry.eventSequence)
          if (decoded.ok) {
            this.remember(decoded.state)
            return {
              state: decoded.state,
              source: 'history-index',
              skippedSnapshots: skipped,
              skippedHistoryEntries: skippedEntries,
            }
          }
          this.#skipEntry(skippedEntries, {
            eventSequence: entry.eventSequence,
            code: 'undecodable-history-entry',
            reason: decoded.reason,
          })
          limit = entry.eventSequence - 1
          continue
        }
      }
      if (snapshotSequence <= floor) break
      const loaded = this.#storage.loadLatestSnapshot(this.#documentId, { atOrBefore: limit })
      for (const p of loaded.skipped) {
        if (reported.has(p.snapshotId)) continue
        reported.add(p.snapshotId)
        skipped.push({
          snapshotId: p.snapshotId,
          eventSequence: p.eventSequence,
          code: p.code,
          reason: `${p.code}: ${p.reason}`,
        })
      }
      const snap = loaded.snapshot
      if (snap === undefined || snap.eventSequence <= floor) break
      if (snap.eventSequence < snapshotSequence) {
        // newer snapshots failed their checks: look at the index entries above this one first
        limit = snapshotSequence - 1
        continue
      }
      const decoded = this.#decode(snap.data, snap.eventSequence)
      if (decoded.ok) {
        this.remember(decoded.state)
        return {
          state: decoded.state,
          source: 'snapshot',
          skippedSnapshots: skipped,
          skippedHistoryEntries: skippedEntries,
        }
      }
      reported.add(snap.snapshotId)
      skipped.push({
        snapshotId: snap.snapshotId,
        eventSequence: snap.eventSequence,
        code: decoded.code,
        reason: `${decoded.code}: ${decoded.reason}`,
      })
      limit = snap.eventSequence - 1
    }
    if (best !== undefined)
      return {
        state: best,
        source: 'checkpoint',
        skippedSnapshots: skipped,
        skippedHistoryEntries: skippedEntries,
      }
    return {
      state: initialState(this.#documentId),
      source: 'empty',
      skippedSnapshots: skipped,
      skippedHistoryEntries: skippedEntries,
    }
  }

  /**
   * Decodes a stored replay state. A single-user history (schemaVersion 1) is refused for a log
   * whose events carry `userId` (code `history-without-users`): it was written before per-user
   * history and would give a user's groups to the anonymous user. One event's `userId` is read
   * to tell (the storage reads it from the payload: no event is decoded).
   */
  #decode(bytes: Uint8Array, sequence: number): DecodeReplayStateResult {
    const decoded = decodeReplayState(bytes, sequence)
    if (!decoded.ok || decoded.state.history.users !== undefined) return decoded
    const h = decoded.state.history
    const group = h.undoStack.at(-1) ?? h.redoStack.at(-1)
    if (group === undefined) return decoded
    const at = group.lastSequence
    const userId = this.#storage.eventUserId(this.#documentId, at)
    if (userId === undefined) return decoded
    return {
      ok: false,
      code: 'history-without-users',
      reason: `the history has no users but event ${at} (of group "${group.groupId}") has userId "${userId}": written before per-user undo history`,
    }
  }

  #skipEntry(list: SkippedHistoryEntry[], entry: SkippedHistoryEntry): void {
    list.push(entry)
    this.#onSkippedEntry?.(entry)
  }

  /**
   * Folds the stored events after `base.sequence` up to `to` (inclusive; default the end),
   * streamed; damaged rows and gaps are skipped and reported. Checkpoints are recorded on the way.
   * With `to` (at most the head) the result stands at `to` even when the last rows of the range
   * are missing (reported as a gap), so a loop of bounded folds always makes progress.
   */
  foldFrom(base: ReplayState, to?: number, checkpointEvery = this.#checkpointEvery): StoredFold {
    return this.#fold(base, to, checkpointEvery, base.sequence + checkpointEvery).fold
  }

  /**
   * {@link foldFrom} with the first checkpoint at `nextCheckpoint`; returns the next position a
   * checkpoint would be recorded at, so a fold split in slices records the same checkpoints.
   */
  #fold(
    base: ReplayState,
    to: number | undefined,
    checkpointEvery: number,
    nextCheckpoint: number,
  ): { readonly fold: StoredFold; readonly nextCheckpoint: number } {
    const problems: ReplayProblem[] = []
    if (to !== undefined && to <= base.sequence) {
      return { fold: { state: base, problems, eventsApplied: 0 }, nextCheckpoint }
    }
    const folder = new Folder(base, this.#foldOptions)
    let applied = 0
    let next = nextCheckpoint
    const range = to === undefined ? { from: base.sequence + 1 } : { from: base.sequence + 1, to }
    for (const item of this.#storage.readEvents(this.#documentId, range)) {
      if (item.kind === 'event') {
        const p = folder.apply(item.event)
        if (p === undefined) applied++
        else problems.push(p)
      } else if (item.kind === 'invalid') {
        problems.push({
          kind: 'invalid',
          sequence: item.sequence,
          eventType: item.eventType,
          reason: item.reason,
        })
        // a row whose sequence is not an integer stands at no position of the log
        if (Number.isSafeInteger(item.sequence)) folder.skip(item.sequence)
      } else {
        problems.push({
          kind: 'gap',
          sequence: item.from,
          eventType: '',
          reason: `sequences ${item.from}..${item.to} are missing from the log`,
        })
        folder.skip(item.to)
      }
      if (folder.sequence >= next) {
        this.remember(folder.state())
        next = folder.sequence + checkpointEvery
      }
    }
    // A range whose last rows are missing (a gap at its end, or an index that returns no rows)
    // yields no gap item: report it and stand at `to`, so every bounded fold ends where it was
    // asked to and loops over ranges always make progress. Callers pass `to` at most the head.
    if (to !== undefined && folder.sequence < to) {
      const from = folder.sequence + 1
      problems.push({
        kind: 'gap',
        sequence: from,
        eventType: '',
        reason: `sequences ${from}..${to} are missing from the log`,
      })
      folder.skip(to)
    }
    return { fold: { state: folder.state(), problems, eventsApplied: applied }, nextCheckpoint: next }
  }

  /**
   * Folds the whole log once from the first event, leaving checkpoints spread evenly over it
   * (at most `maxCheckpoints`, at least `checkpointEvery` apart), so that every later
   * {@link stateAt} folds at most one checkpoint distance of events. For history playback and
   * seek-heavy tools; costs one full replay. {@link prepareSlice} records the same checkpoints.
   */
  prepare(lastSequence: number): StoredFold {
    return this.foldFrom(initialState(this.#documentId), lastSequence, this.#preparedDistance(lastSequence))
  }

  /** Checkpoint distance of a preparation up to `lastSequence`: fits `maxCheckpoints` with room to spare. */
  #preparedDistance(lastSequence: number): number {
    return Math.max(
      this.#checkpointEvery,
      Math.ceil((lastSequence + 1) / Math.max(1, this.#maxCheckpoints - 8)),
    )
  }

  /** The state after event `sequence` (-1: before the first event). */
  stateAt(sequence: number): ReplayState {
    if (sequence < 0) return initialState(this.#documentId)
    const cached = this.#checkpoints.get(sequence)
    if (cached !== undefined) return cached
    const base = this.baseAtOrBefore(sequence)
    return this.foldFrom(base.state, sequence).state
  }
}
