/**
 * One open replay session in the engine Worker, seen from the main thread: every method is one
 * request of the protocol; the latest {@link SessionSummary} (sequence, undo/redo state) is kept
 * after each request that changes it.
 */
import type { WireTunerEvent } from '@wiretuner/event-schema'
import type { DocumentMetadata, ReadItem, SnapshotInfo, ValidationReport } from '@wiretuner/io-services'
import type { LoadReport, RecordedUndoGroup, SessionEventInit } from '@wiretuner/replay'
import { type Document, documentFromJson } from '@wiretuner/vector-model'
import type { EngineCall } from './client.js'
import { WorkerError } from './errors.js'
import type { OpenedSession, SessionSummary } from './protocol.js'

/** A session in the engine Worker; made by `EngineClient.open` / `EngineClient.create`. */
export class EngineSession {
  /** What opening the document did (measured in the Worker). */
  readonly loadReport: LoadReport
  readonly #call: EngineCall
  #summary: SessionSummary

  /** @internal */
  constructor(call: EngineCall, opened: OpenedSession) {
    const { loadReport, ...summary } = opened
    this.#call = call
    this.loadReport = loadReport
    this.#summary = summary
  }

  /** The session's state after the last request that changed it. */
  get summary(): SessionSummary {
    return this.#summary
  }

  /** The document's id. */
  get documentId(): string {
    return this.#summary.documentId
  }

  /** Sequence of the last event (-1: empty log). */
  get sequence(): number {
    return this.#summary.sequence
  }

  /**
   * Builds events from `events` in the Worker (replay's `createEvent`: ids, timestamps) and
   * dispatches them as one batch, all or none. Resolves with the stored events.
   */
  async dispatch(events: SessionEventInit | readonly SessionEventInit[]): Promise<readonly WireTunerEvent[]> {
    const list = Array.isArray(events) ? events : [events as SessionEventInit]
    const result = await this.#call('dispatch', { session: this.#summary.session, events: list })
    this.#summary = result.summary
    return result.events
  }

  /** Undoes the top undo group (`nothing-to-undo` when there is none). */
  /**
   * Pushes gesture samples (drag, rotate, scale, anchor edits…) through the Worker's 50 ms
   * sampler: the gesture becomes ONE undo group; call {@link endGesture} on pointer up.
   */
  async sample(events: SessionEventInit | readonly SessionEventInit[]): Promise<void> {
    const list = Array.isArray(events) ? events : [events as SessionEventInit]
    await this.#call('sample', { session: this.#summary.session, events: list })
  }

  /** Ends the gesture (flushes pending samples) and refreshes {@link summary}. */
  async endGesture(): Promise<SessionSummary> {
    this.#summary = await this.#call('endGesture', { session: this.#summary.session })
    return this.#summary
  }

  async undo(): Promise<SessionSummary> {
    this.#summary = await this.#call('undo', { session: this.#summary.session })
    return this.#summary
  }

  /** Redoes the top redo group (`nothing-to-redo` when there is none). */
  async redo(): Promise<SessionSummary> {
    this.#summary = await this.#call('redo', { session: this.#summary.session })
    return this.#summary
  }

  /** The document after event `sequence` (-1..sequence; `sequence-out-of-range` otherwise). */
  async documentAt(sequence: number): Promise<Document> {
    const json = await this.#call('documentAt', { session: this.#summary.session, sequence })
    const parsed = documentFromJson(json)
    if (!parsed.ok) {
      throw new WorkerError(
        'internal',
        `documentAt ${sequence}: the Worker sent a document that does not parse (${parsed.error.message})`,
        {
          cause: parsed.error,
        },
      )
    }
    return parsed.document
  }

  /** vector-model's `exportSvg` of the document after event `sequence`, rendered in the Worker. */
  svgAt(sequence: number, artboardId?: string): Promise<string> {
    return this.#call('svgAt', {
      session: this.#summary.session,
      sequence,
      ...(artboardId === undefined ? {} : { artboardId }),
    })
  }

  /** Prepares fast time travel over the whole log in the Worker; resolves with the count of problems met. */
  prepareTimeTravel(): Promise<number> {
    return this.#call('prepareTimeTravel', { session: this.#summary.session })
  }

  /** The stored log from `from` to `to` inclusive: events, damaged rows and gaps. */
  events(from: number, to: number): Promise<readonly ReadItem[]> {
    return this.#call('events', { session: this.#summary.session, from, to })
  }

  /** Every undo group of the whole log, oldest first. */
  undoGroups(): Promise<readonly RecordedUndoGroup[]> {
    return this.#call('undoGroups', { session: this.#summary.session })
  }

  /** The document's metadata and stored snapshots. */
  describe(): Promise<{ readonly metadata: DocumentMetadata; readonly snapshots: readonly SnapshotInfo[] }> {
    return this.#call('describe', { session: this.#summary.session })
  }

  /** Every validation check of the file (as `validateFile` on Node). */
  validate(): Promise<ValidationReport> {
    return this.#call('validate', { session: this.#summary.session })
  }

  /** Closes the session (flushing snapshots) and its file. */
  async close(): Promise<void> {
    await this.#call('close', { session: this.#summary.session })
  }
}
