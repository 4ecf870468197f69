/**
 * The client's two states and its rebase: `confirmed` folds the server's log in sequence order
 * (exactly the server's replay), `local` is `confirmed` plus the client's pending events applied
 * on top, in the order the user made them. When server events arrive, pending events the server
 * confirmed leave the queue and the others are re-applied on the new confirmed state: an unsent
 * one that no longer applies is dropped (and returned for the application to report); a sent one
 * waits for the server's verdict (ack or reject), kept out of the local state meanwhile. No
 * transport here: the client drives it.
 */
import type { DraftEvent, WireTunerEvent } from '@wiretuner/event-schema'
import type { ReplayProblem, ReplayState, UndoConflict } from '@wiretuner/replay'
import { Folder, initialState } from '@wiretuner/replay/advanced'
import { SyncError } from './errors.js'

/** A pending event the client dropped because it no longer applies after a rebase. */
export interface DroppedEvent {
  readonly event: DraftEvent
  /** `rebase`: refused locally before it was sent; `server`: the server rejected it. */
  readonly by: 'rebase' | 'server'
  /** The reducer's problem kind, or the server's reject code. */
  readonly code: string
  readonly reason: string
}

interface Pending {
  readonly event: DraftEvent
  sent: boolean
}

/** Result of {@link ClientLog.receive}. */
export interface ReceiveResult {
  /** Events folded into the confirmed state (already-known sequences are skipped). */
  readonly applied: number
  /** True when the events start after a missing sequence: ask the server to catch up. */
  readonly gap: boolean
  readonly dropped: readonly DroppedEvent[]
}

const withSequence = (event: DraftEvent, sequence: number): WireTunerEvent =>
  ({ ...event, eventSequence: sequence }) as WireTunerEvent

/** Confirmed log state + pending queue; see the module comment. */
export class ClientLog {
  readonly documentId: string
  readonly #confirmed: Folder
  #confirmedState: ReplayState
  #pending: Pending[] = []
  #local: ReplayState

  constructor(documentId: string) {
    this.documentId = documentId
    this.#confirmedState = initialState(documentId)
    this.#confirmed = new Folder(this.#confirmedState)
    this.#local = this.#confirmedState
  }

  /** Sequence of the last server event folded (-1 before any). */
  get confirmedSequence(): number {
    return this.#confirmedState.sequence
  }

  /** The server's state at {@link confirmedSequence}. */
  get confirmed(): ReplayState {
    return this.#confirmedState
  }

  /** The confirmed state with the pending events that apply. */
  get local(): ReplayState {
    return this.#local
  }

  /** Pending events (not yet in the server's log as far as this client knows), oldest first. */
  get pending(): readonly DraftEvent[] {
    return this.#pending.map((p) => p.event)
  }

  /**
   * Applies `drafts` optimistically, all or none, and queues them; returns what their undos and
   * redos left as other users made it (replay's multi-user undo rule). Throws `not-applicable`
   * for the first one that does not apply to the local state (nothing is queued then).
   */
  apply(drafts: readonly DraftEvent[]): readonly UndoConflict[] {
    const folder = new Folder(this.#local)
    const conflicts: UndoConflict[] = []
    let sequence = this.#local.sequence
    for (const draft of drafts) {
      sequence++
      const problem = folder.apply(withSequence(draft, sequence))
      if (problem === undefined && folder.lastConflict !== undefined) conflicts.push(folder.lastConflict)
      if (problem !== undefined) {
        throw new SyncError(
          'not-applicable',
          `${draft.eventType} ${draft.eventId} does not apply to document ${this.documentId}: ${problem.reason}`,
          { cause: problem },
        )
      }
    }
    this.#local = folder.state()
    for (const event of drafts) this.#pending.push({ event, sent: false })
    return conflicts
  }

  /** The unsent pending events, now marked sent. */
  takeUnsent(): DraftEvent[] {
    const out: DraftEvent[] = []
    for (const p of this.#pending) {
      if (!p.sent) {
        p.sent = true
        out.push(p.event)
      }
    }
    return out
  }

  /** Marks every pending event unsent (the connection was lost: they are pushed again). */
  markAllUnsent(): void {
    for (const p of this.#pending) p.sent = false
  }

  /**
   * Folds server events (sequences from `confirmedSequence + 1` on, gap-free); events at known
   * sequences are skipped (nothing is applied twice). Then rebases the pending events.
   */
  receive(events: readonly WireTunerEvent[]): ReceiveResult {
    let applied = 0
    const confirmedIds = new Set<string>()
    for (const event of events) {
      const next = this.#confirmed.sequence + 1
      if (event.eventSequence < next) continue
      if (event.eventSequence > next) {
        return { applied, gap: true, dropped: applied > 0 ? this.#settle(confirmedIds) : [] }
      }
      // the server only appends what its reducer accepted: a problem here is the server's state too
      this.#confirmed.apply(event)
      confirmedIds.add(event.eventId)
      applied++
    }
    return { applied, gap: false, dropped: applied > 0 ? this.#settle(confirmedIds) : [] }
  }

  /**
   * Removes a rejected pending event and rebases. Returns it as dropped, followed by the unsent
   * events that no longer apply without it (empty when the id is not pending).
   */
  reject(eventId: string, code: string, reason: string): readonly DroppedEvent[] {
    const index = this.#pending.findIndex((p) => p.event.eventId === eventId)
    if (index < 0) return []
    const removed = this.#pending.splice(index, 1)[0] as Pending
    return [{ event: removed.event, by: 'server', code, reason }, ...this.#rebase()]
  }

  /** Drops every pending event (e.g. the token turned out read-only) and returns them. */
  dropAll(code: string, reason: string): readonly DroppedEvent[] {
    const dropped = this.#pending.map((p): DroppedEvent => ({ event: p.event, by: 'server', code, reason }))
    this.#pending = []
    this.#rebase()
    return dropped
  }

  /** Removes the confirmed ids from the queue and rebases. */
  #settle(confirmedIds: ReadonlySet<string>): readonly DroppedEvent[] {
    this.#confirmedState = this.#confirmed.state()
    this.#pending = this.#pending.filter((p) => !confirmedIds.has(p.event.eventId))
    return this.#rebase()
  }

  /** Re-applies the pending events on the confirmed state (see the module comment). */
  #rebase(): readonly DroppedEvent[] {
    this.#confirmedState = this.#confirmed.state()
    if (this.#pending.length === 0) {
      this.#local = this.#confirmedState
      return []
    }
    const folder = new Folder(this.#confirmedState)
    const dropped: DroppedEvent[] = []
    const kept: Pending[] = []
    let sequence = this.#confirmedState.sequence
    for (const p of this.#pending) {
      sequence++
      const problem: ReplayProblem | undefined = folder.apply(withSequence(p.event, sequence))
      if (problem === undefined) {
        kept.push(p)
      } else if (p.sent) {
        kept.push(p) // the server decides: ack (it applied there) or reject
      } else {
        dropped.push({ event: p.event, by: 'rebase', code: problem.kind, reason: problem.reason })
      }
    }
    this.#pending = kept
    this.#local = folder.state()
    return dropped
  }
}
