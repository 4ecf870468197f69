/**
 * The simulator's editor: an {@link EditorPort} over an {@link EditorTarget} (a real
 * `DocumentSession`, or the storage-free {@link LogRecorder}) with the real 50 ms sampler on virtual
 * time, exactly as an editor records a user: every event is built (validated) by the target,
 * sampled gestures are throttled per stream, discrete events flush pending samples, undo groups
 * get their ids and labels (a StartGroupEvent/EndGroupEvent pair around a group whose label is not
 * its first event's own label), undo/redo are recorded in the log.
 */
import { type DraftEvent, eventLabel, eventMetadata, type WireTunerEvent } from '@wiretuner/event-schema'
import type { Document } from '@wiretuner/vector-model'
import type { ManualScheduler } from '../clock.js'
import { isReplayError } from '../errors.js'
import { createSampler, type Sampler } from '../sampler.js'
import type { SessionEventInit } from '../session-options.js'
import type { EditorPort, LiveStructure, SimEvent } from './editor-port.js'
import { anchorCountOf, liveStructure, objectCenterOf } from './live-structure.js'

/** Most events committed in one dispatch. */
const BATCH = 256

/**
 * What the editor records into. A `DocumentSession` is one as it is; {@link LogRecorder} is the
 * same contract without a session or storage.
 */
export interface EditorTarget {
  /** Builds a validated draft event for the document (throws `invalid-event`). */
  createEvent(init: SessionEventInit): DraftEvent
  /** Appends the drafts, all or none; throws a `ReplayError` for the first one that does not apply. */
  dispatch(drafts: readonly DraftEvent[]): unknown
  /** Records an UndoEvent for the top undo group. */
  undo(): void
  /** Records a RedoEvent for the top redo group. */
  redo(): void
  /** True when there is a group to undo. */
  readonly canUndo: boolean
  /** True when there is a group to redo. */
  readonly canRedo: boolean
  /** Sequence of the last recorded event (-1 before the first). */
  readonly sequence: number
  /** The live document. */
  readonly document: Document
}

/** Counters of what the editor recorded. */
export interface EditorStats {
  /** Raw pointer samples given to the sampler. */
  rawSamples: number
  /** Events the target refused (should stay 0; the simulator only sends valid edits). */
  refused: number
  /** First refusal reasons, for diagnostics. */
  readonly refusals: string[]
}

/** An editor: its port, its counters, and `dispose` (flushes the sampler, commits what is pending). */
export interface RecordingEditor {
  readonly port: EditorPort
  readonly stats: EditorStats
  dispose(): void
}

/** Creates the editor over `target`, sampling on `scheduler` with group ids from `newId`. */
export function createRecordingEditor(
  target: EditorTarget,
  scheduler: ManualScheduler,
  newId: () => string,
): RecordingEditor {
  const stats: EditorStats = { rawSamples: 0, refused: 0, refusals: [] }
  let group: { id: string; label: string; started: boolean; markers: boolean } | undefined

  const refuse = (err: unknown): void => {
    if (
      isReplayError(err) &&
      (err.code === 'not-applicable' || err.code === 'nothing-to-undo' || err.code === 'nothing-to-redo')
    ) {
      stats.refused++
      if (stats.refusals.length < 20) stats.refusals.push(err.message)
      return
    }
    throw err
  }

  // Events are dispatched in batches at the user's action boundaries: before anything reads the
  // document, before undo/redo and every BATCH events. A refused batch is retried event by event
  // so only the refused event is dropped.
  let pending: DraftEvent[] = []
  const commit = (): void => {
    if (pending.length === 0) return
    const batch = pending
    pending = []
    try {
      target.dispatch(batch)
    } catch (err) {
      if (!isReplayError(err) || batch.length === 1) {
        refuse(err)
        return
      }
      for (const event of batch) {
        try {
          target.dispatch([event])
        } catch (single) {
          refuse(single)
        }
      }
    }
  }

  const sampler: Sampler<DraftEvent> = createSampler<DraftEvent>({
    scheduler,
    emit: (event) => {
      pending.push(event)
      if (pending.length >= BATCH) commit()
    },
    onError: (err) => refuse(err),
  })

  const build = (event: SimEvent): DraftEvent => {
    const undoable = eventMetadata(event.eventType).undoable
    if (group !== undefined && undoable) {
      const draft = target.createEvent({ ...event, undoGroupId: group.id } as SessionEventInit)
      if (!group.started) {
        group.started = true
        if (group.label !== eventLabel(draft as unknown as WireTunerEvent)) {
          sampler.push(
            target.createEvent({ eventType: 'StartGroupEvent', groupId: group.id, label: group.label }),
          )
          group.markers = true
        }
      }
      return draft
    }
    return target.createEvent(event as SessionEventInit)
  }

  /** Undo or redo through the target (recorded as UndoEvent/RedoEvent); false when impossible. */
  const history = (kind: 'undo' | 'redo'): boolean => {
    sampler.flush()
    commit()
    if (kind === 'undo' ? !target.canUndo : !target.canRedo) return false
    try {
      if (kind === 'undo') target.undo()
      else target.redo()
      return true
    } catch (err) {
      refuse(err)
      return false
    }
  }

  const port: EditorPort = {
    now: () => scheduler.now(),
    wait: (ms) => scheduler.advance(ms),
    discrete(event) {
      sampler.push(build(event))
    },
    sample(event) {
      stats.rawSamples++
      sampler.push(build(event))
    },
    endGesture: () => sampler.endGesture(),
    beginGroup(label) {
      sampler.flush()
      group = { id: newId(), label, started: false, markers: false }
    },
    endGroup() {
      sampler.flush()
      const g = group
      group = undefined
      if (g?.markers) {
        sampler.push(target.createEvent({ eventType: 'EndGroupEvent', groupId: g.id }))
      }
    },
    undo: () => history('undo'),
    redo: () => history('redo'),
    eventCount: () => target.sequence + 1 + pending.length,
    structure: (): LiveStructure => {
      commit()
      return liveStructure(target.document)
    },
    anchorCount: (pathId) => {
      commit()
      return anchorCountOf(target.document, pathId)
    },
    objectCenter: (objectId) => {
      commit()
      return objectCenterOf(target.document, objectId)
    },
  }
  return {
    port,
    stats,
    dispose: () => {
      sampler.dispose()
      commit()
    },
  }
}
