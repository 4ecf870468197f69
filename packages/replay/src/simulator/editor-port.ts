/**
 * What the session simulator needs from an editor: a virtual clock, a way to record discrete and
 * sampled (gesture) events, undo groups, undo/redo, and a few read-backs of the live document.
 * `recording-editor.ts` implements it over a replay session or a storage-free log recorder,
 * through the 50 ms sampler.
 */
import type { EventInit } from '@wiretuner/event-schema'

/** An event as the simulator writes it: no envelope fields the editor fills in. */
export type SimEvent = DistributiveOmit<
  EventInit,
  'documentId' | 'eventId' | 'timestamp' | 'userId' | 'sessionId' | 'undoGroupId'
>

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/** The live structure of the document, as the simulator needs it after undo/redo. */
export interface LiveStructure {
  readonly artboards: readonly {
    readonly id: string
    readonly bounds: {
      readonly x: number
      readonly y: number
      readonly width: number
      readonly height: number
    }
    readonly layers: readonly {
      readonly id: string
      readonly visible: boolean
      readonly locked: boolean
      readonly objectIds: readonly string[]
    }[]
  }[]
  readonly selection: readonly string[]
}

/** An editor the simulator plays a user session on. */
export interface EditorPort {
  /** Current virtual time (Unix ms). */
  now(): number
  /** Lets `ms` of virtual time pass (pending sample timers fire). */
  wait(ms: number): void
  /** Records a discrete event (flushes pending samples first). */
  discrete(event: SimEvent): void
  /** Records one raw pointer sample of a gesture; the sampler throttles it to 50 ms. */
  sample(event: SimEvent): void
  /** Ends the current gesture: flushes its pending sample. */
  endGesture(): void
  /** Opens an undo group labelled `label`: following events belong to it until {@link endGroup}. */
  beginGroup(label: string): void
  /** Closes the open undo group. */
  endGroup(): void
  /** Undoes the last group; false when there is nothing to undo. */
  undo(): boolean
  /** Redoes the last undone group; false when there is nothing to redo. */
  redo(): boolean
  /** Events recorded so far (the log's length). */
  eventCount(): number
  /** The live artboards, layers, objects and selection. */
  structure(): LiveStructure
  /** Number of anchors of a path, or undefined when `pathId` is not a live path. */
  anchorCount(pathId: string): number | undefined
  /** Centre of an object's transformed bounds in world coordinates, or undefined if not live. */
  objectCenter(objectId: string): { readonly x: number; readonly y: number } | undefined
}
