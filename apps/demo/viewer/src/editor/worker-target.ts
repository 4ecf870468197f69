/**
 * The editor's {@link EditTarget} on the page's own document: an `EngineSession` of
 * `@wiretuner/worker` (replay in a Worker on OPFS). Samples go through the Worker's sampler;
 * nobody else edits the file, so there are no external changes.
 */
import type { WireTunerEvent } from '@wiretuner/event-schema'
import type { SessionEventInit } from '@wiretuner/replay'
import type { Document } from '@wiretuner/vector-model'
import type { EngineSession } from '@wiretuner/worker'
import type { EditSummary, EditTarget } from './edit-target.ts'

/** An {@link EditTarget} over a Worker session; see the module comment. */
export class WorkerTarget implements EditTarget {
  readonly session: EngineSession
  readonly recordsViewport = true

  constructor(session: EngineSession) {
    this.session = session
  }

  get summary(): EditSummary {
    return this.session.summary
  }

  async dispatch(events: readonly SessionEventInit[]): Promise<void> {
    await this.session.dispatch(events)
  }

  sample(event: SessionEventInit): Promise<void> {
    return this.session.sample(event)
  }

  async endGesture(): Promise<void> {
    await this.session.endGesture()
  }

  async undo(): Promise<void> {
    if (this.session.summary.canUndo) await this.session.undo()
  }

  async redo(): Promise<void> {
    if (this.session.summary.canRedo) await this.session.redo()
  }

  head(): Promise<Document> {
    return this.session.documentAt(this.session.sequence)
  }

  documentAt(sequence: number): Promise<Document> {
    return this.session.documentAt(sequence)
  }

  async events(from: number, to: number): Promise<readonly WireTunerEvent[]> {
    const items = await this.session.events(from, to)
    return items.flatMap((item) => (item.kind === 'event' ? [item.event] : []))
  }

  onExternalChange(): () => void {
    return () => {}
  }
}
