/**
 * The simulator's editor: an {@link EditorPort} over a real replay {@link DocumentSession} with the
 * real 50 ms sampler on virtual time, exactly as an editor would record a user: every event is
 * built by the session (validated), sampled gestures are throttled per stream, discrete events
 * flush pending samples, undo groups get their ids and labels (a StartGroupEvent/EndGroupEvent
 * pair around a group whose label is not its first event's own label), undo/redo are recorded
 * in the log.
 */
import { eventLabel, eventMetadata, type WireTunerEvent } from '@wiretuner/event-schema'
import {
  createSampler,
  type DocumentSession,
  isReplayError,
  type ManualScheduler,
  type Sampler,
} from '@wiretuner/replay'
import { anchorCountOf, liveStructure, objectCenterOf } from '../document-view.js'
import type { EditorPort, LiveStructure, SimEvent } from './editor-port.js'

type Draft = ReturnType<DocumentSession['createEvent']>

/** Most events committed in one transaction. */
const BATCH = 256

/** Counters of what the editor recorded. */
export interface EditorStats {
  /** Raw pointer samples given to the sampler. */
  rawSamples: number
  /** Events the session refused (should stay 0; the simulator only sends valid edits). */
  refused: number
  /** First refusal reasons, for diagnostics. */
  readonly refusals: string[]
}

/** Creates the editor over `session`, sampling on `scheduler` with ids from `newId`. */
export function createReplayEditor(
  session: DocumentSession,
  scheduler: ManualScheduler,
  newId: () => string,
): { port: EditorPort; stats: EditorStats; dispose(): void } {
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

  // Events are dispatched in batches (one transaction each) at the user's action boundaries:
  // before anything reads the document, before undo/redo and every BATCH events. A refused
  // batch is retried event by event so only the refused event is dropped.
  let pending: Draft[] = []
  const commit = (): void => {
    if (pending.length === 0) return
    const batch = pending
    pending = []
    try {
      session.dispatch(batch)
    } catch (err) {
      if (!isReplayError(err) || batch.length === 1) {
        refuse(err)
        return
      }
      for (const event of batch) {
        try {
          session.dispatch(event)
        } catch (single) {
          refuse(single)
        }
      }
    }
  }

  const sampler: Sampler<Draft> = createSampler<Draft>({
    scheduler,
    emit: (event) => {
      pending.push(event)
      if (pending.length >= BATCH) commit()
    },
    onError: (err) => refuse(err),
  })

  const build = (event: SimEvent): Draft => {
    const undoable = eventMetadata(event.eventType).undoable
    if (group !== undefined && undoable) {
      const draft = session.createEvent({ ...event, undoGroupId: group.id } as Parameters<
        DocumentSession['createEvent']
      >[0])
      if (!group.started) {
        group.started = true
        if (group.label !== eventLabel(draft as unknown as WireTunerEvent)) {
          sampler.push(
            session.createEvent({ eventType: 'StartGroupEvent', groupId: group.id, label: group.label }),
          )
          group.markers = true
        }
      }
      return draft
    }
    return session.createEvent(event as Parameters<DocumentSession['createEvent']>[0])
  }

  /** Undo or redo through the session (recorded as UndoEvent/RedoEvent); false when impossible. */
  const history = (kind: 'undo' | 'redo'): boolean => {
    sampler.flush()
    commit()
    if (kind === 'undo' ? !session.canUndo : !session.canRedo) return false
    try {
      if (kind === 'undo') session.undo()
      else session.redo()
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
        sampler.push(session.createEvent({ eventType: 'EndGroupEvent', groupId: g.id }))
      }
    },
    undo: () => history('undo'),
    redo: () => history('redo'),
    eventCount: () => session.sequence + 1 + pending.length,
    structure: (): LiveStructure => {
      commit()
      return liveStructure(session.document)
    },
    anchorCount: (pathId) => {
      commit()
      return anchorCountOf(session.document, pathId)
    },
    objectCenter: (objectId) => {
      commit()
      return objectCenterOf(session.document, objectId)
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
