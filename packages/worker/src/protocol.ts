/**
 * The engine protocol between the main thread and the engine Worker: one request message per
 * call, each with a numeric `id`, answered by exactly one reply with the same `id`. Requests and
 * replies are structured-cloned; file bytes travel as transferred `Uint8Array` buffers (never
 * copied). A failed request's reply carries the error as {@link WireError}, which the client
 * turns back into the same typed error class and `code` (see error-wire.ts).
 */
import type { WireTunerEvent } from '@wiretuner/event-schema'
import type { DocumentMetadata, ReadItem, SnapshotInfo, ValidationReport } from '@wiretuner/io-services'
import type { LoadReport, NewDocumentParams, RecordedUndoGroup, SessionEventInit } from '@wiretuner/replay'

/** Options of an `open` request: which document of the file, and how. */
export interface OpenSessionOptions {
  /** The document to open; default the file's only document (`unknown-document` when it has none or several). */
  readonly documentId?: string
  /** Open the file read-only: nothing is written (no migration, no snapshot, no history index). */
  readonly readOnly?: boolean
  /** Distance between in-memory time-travel checkpoints (replay's `checkpointEvery`). */
  readonly checkpointEvery?: number
  /** Most in-memory time-travel checkpoints kept (replay's `maxCheckpoints`). */
  readonly maxCheckpoints?: number
  /** Snapshot cadence (replay's `snapshotEvery`, default 1000). */
  readonly snapshotEvery?: number
}

/** What a session looks like after a request changed it (or when it was opened). */
export interface SessionSummary {
  /** The handle of the session in the Worker (used by every session request). */
  readonly session: number
  /** The OPFS file name. */
  readonly name: string
  readonly documentId: string
  readonly title: string
  /** Sequence of the last event (-1: empty log). */
  readonly sequence: number
  readonly canUndo: boolean
  readonly canRedo: boolean
  readonly undoLabel: string | undefined
  readonly redoLabel: string | undefined
  /** Sequence of the newest snapshot written or loaded (-1: none). */
  readonly lastSnapshotSequence: number
  readonly readOnly: boolean
}

/** Reply value of `open` and `create`. */
export interface OpenedSession extends SessionSummary {
  /** What opening the document did (replay's load report; `durationMs` measured in the Worker). */
  readonly loadReport: LoadReport
}

/** Reply value of `dispatch`. */
export interface DispatchResult {
  /** The events as stored (sequences assigned). */
  readonly events: readonly WireTunerEvent[]
  readonly summary: SessionSummary
}

/** Reply value of `import`. */
export interface ImportResult {
  readonly name: string
  readonly bytes: number
  readonly formatVersion: number
}

/** Every request, by `op`, with its arguments and the type of its reply value. */
export interface EngineOps {
  /** The names of the `.wiretuner` files in this origin's OPFS, sorted. */
  list: { readonly args: Record<never, never>; readonly value: readonly string[] }
  /** Stores a whole `.wiretuner` file's bytes (transferred) as `name` (refuses an existing name). */
  import: {
    readonly args: { readonly name: string; readonly bytes: Uint8Array }
    readonly value: ImportResult
  }
  /** The bytes of `name` as a `.wiretuner` file for disk (also while a session of this Worker has it open). */
  export: { readonly args: { readonly name: string }; readonly value: Uint8Array }
  /** Deletes the OPFS file `name` (it must not be open). */
  delete: { readonly args: { readonly name: string }; readonly value: null }
  /** Opens (or creates) the file `name` and creates a new document in it; replies with the session. */
  create: {
    readonly args: {
      readonly name: string
      readonly document: NewDocumentParams
      readonly options: OpenSessionOptions
    }
    readonly value: OpenedSession
  }
  /** Opens an existing document of the existing file `name` (snapshot + tail); replies with the session. */
  open: {
    readonly args: { readonly name: string; readonly options: OpenSessionOptions }
    readonly value: OpenedSession
  }
  /** Builds events from `events` (replay's `createEvent`) and dispatches them as one batch (all or none). */
  dispatch: {
    readonly args: { readonly session: number; readonly events: readonly SessionEventInit[] }
    readonly value: DispatchResult
  }
  /** Undoes the top undo group. */
  /**
   * Pushes pointer-gesture events through the session's 50 ms sampler (replay's `createSampler`):
   * throttled and coalesced per stream, one gesture = one undo group. Resolves once pushed (the
   * sampler may emit later, from its trailing timer); `endGesture` flushes and ends the gesture.
   */
  sample: {
    readonly args: { readonly session: number; readonly events: readonly SessionEventInit[] }
    readonly value: null
  }
  /** Ends the session's gestures (flushes the sampler) and reports the session's state. */
  endGesture: { readonly args: { readonly session: number }; readonly value: SessionSummary }
  undo: { readonly args: { readonly session: number }; readonly value: SessionSummary }
  /** Redoes the top redo group. */
  redo: { readonly args: { readonly session: number }; readonly value: SessionSummary }
  /**
   * The document after event `sequence` (time travel; -1..head), in vector-model's JSON form
   * (`documentToJson`): the client re-creates the `Document` with `documentFromJson`.
   */
  documentAt: {
    readonly args: { readonly session: number; readonly sequence: number }
    readonly value: unknown
  }
  /** vector-model's `exportSvg` of the document after event `sequence` (rendered in the Worker). */
  svgAt: {
    readonly args: { readonly session: number; readonly sequence: number; readonly artboardId?: string }
    readonly value: string
  }
  /** Prepares fast time travel over the whole log (one replay leaving in-memory checkpoints). */
  prepareTimeTravel: { readonly args: { readonly session: number }; readonly value: number }
  /** The stored log from `from` to `to` inclusive (events, damaged rows and gaps), for a scrubber. */
  events: {
    readonly args: { readonly session: number; readonly from: number; readonly to: number }
    readonly value: readonly ReadItem[]
  }
  /** Every undo group of the whole log, oldest first (replay's `collectUndoGroups`), for a history list. */
  undoGroups: { readonly args: { readonly session: number }; readonly value: readonly RecordedUndoGroup[] }
  /** The document's metadata and stored snapshots. */
  describe: {
    readonly args: { readonly session: number }
    readonly value: { readonly metadata: DocumentMetadata; readonly snapshots: readonly SnapshotInfo[] }
  }
  /** Runs every validation check of the file (as `validateFile` on Node). */
  validate: { readonly args: { readonly session: number }; readonly value: ValidationReport }
  /** Closes the session (flushing snapshots) and its file. Idempotent for a known handle. */
  close: { readonly args: { readonly session: number }; readonly value: null }
}

/** The name of a request. */
export type EngineOp = keyof EngineOps

/** A request message: `{ id, op, ...args }`. */
export type EngineRequest = {
  [K in EngineOp]: { readonly id: number; readonly op: K } & EngineOps[K]['args']
}[EngineOp]

/** Which package's error class a wire error is re-created as. */
export type WireErrorKind = 'storage' | 'replay' | 'event-schema' | 'worker'

/** A failure as it crosses the Worker boundary. */
export interface WireError {
  readonly kind: WireErrorKind
  readonly code: string
  readonly message: string
  /** The original error's name and stack in the Worker, and its cause's message, for diagnostics. */
  readonly remote: { readonly name: string; readonly stack: string; readonly cause?: string }
  /** Extra fields of the original error (event-schema's `issues`, io-services' `details`). */
  readonly extra?: Readonly<Record<string, unknown>>
}

/** A reply message. */
export type EngineReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: WireError }
