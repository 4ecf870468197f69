/**
 * What the viewer's HTTP API serves, independent of HTTP: the data of the ONE file the server was
 * given (info, paged events, the document at a sequence as SVG plus its tree, the undo groups).
 */
import type { RecordedUndoGroup } from '@wiretuner/replay'

/** Summary of the served file (`GET /api/info`). */
export interface ViewerInfo {
  readonly fileName: string
  readonly documentId: string
  readonly title: string
  readonly eventCount: number
  /** Sequence of the last event, or -1 for an empty log. */
  readonly headSequence: number
  readonly snapshotSequences: readonly number[]
  /** Timestamp (Unix ms) of the first and last event. */
  readonly firstTimestamp: number | null
  readonly lastTimestamp: number | null
}

/** One event as the viewer shows it (`GET /api/events`). */
export interface ViewerEvent {
  readonly sequence: number
  readonly eventType: string
  readonly timestamp: number
  /** The whole stored event (envelope and payload), or null when the row is damaged. */
  readonly event: Readonly<Record<string, unknown>> | null
  /** Why the row could not be read, when it could not. */
  readonly problem?: string
}

/** One node of the artboard/layer tree. */
export interface TreeArtboard {
  readonly id: string
  readonly name: string
  readonly layers: readonly {
    readonly id: string
    readonly name: string
    readonly visible: boolean
    readonly locked: boolean
    readonly objectCount: number
  }[]
}

/** The document at a sequence (`GET /api/state?at=SEQ`). */
export interface ViewerState {
  readonly sequence: number
  readonly svg: string
  readonly artboards: readonly TreeArtboard[]
  readonly objectCount: number
  readonly selectionCount: number
}

/**
 * One undo group of the history (`GET /api/groups`): replay's record of it (ids, label, sequence
 * range, event count, and the `[undo, redo]` pairs the viewer shows as undone).
 */
export type ViewerGroup = RecordedUndoGroup

/** The undo groups of the log (`GET /api/groups`): empty until the background scan completes. */
export interface ViewerGroups {
  readonly complete: boolean
  /** Events read so far, of `total`. */
  readonly scanned: number
  readonly total: number
  readonly groups: readonly ViewerGroup[]
}

/** One event of an object's own history (`GET /api/object-at`). */
export interface ViewerHistoryEntry {
  readonly sequence: number
  readonly eventType: string
  readonly timestamp: number
}

/**
 * The topmost object under a world point of the document at a sequence, and its own history: the
 * events up to that sequence that name it as an object they change (replay's `touchedObjectIds`;
 * undo and redo, which change whatever their group changed, are not listed). `objectId` is null
 * when nothing is under the point (`GET /api/object-at?at=SEQ&x=X&y=Y&tolerance=T`).
 */
export interface ViewerObjectHit {
  readonly sequence: number
  readonly objectId: string | null
  readonly history: readonly ViewerHistoryEntry[]
}

/** The data source behind the viewer API. */
export interface ViewerBackend {
  info(): ViewerInfo
  events(from: number, to: number): readonly ViewerEvent[]
  /** The exact SVG `export-svg --at seq` writes. */
  svgAt(sequence: number): string
  state(sequence: number): ViewerState
  /** The undo groups; indexed in the background, `complete` once the whole log was read. */
  groups(): ViewerGroups
  /** The object under `point` (world) at `sequence`, within `tolerance`, and its history. */
  objectAt(
    sequence: number,
    point: { readonly x: number; readonly y: number },
    tolerance: number,
  ): ViewerObjectHit
  close(): void
}
