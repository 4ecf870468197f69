/**
 * A playhead over a stored log: positions -1..length − 1, each the document after that event.
 * Stepping forward folds the one next event into the state last shown (read through a window of
 * the log); any other move asks `stateAt` (time travel from the nearest base).
 */
import type { DocumentStorage } from '@wiretuner/io-services'
import type { Document } from '@wiretuner/vector-model'
import { EventWindow } from './event-window.js'
import { Folder, type FoldOptions } from './fold.js'
import { createPlayback, type Playback, type PlaybackOptions } from './playback.js'
import type { ReplayState } from './state.js'

/** Where a {@link logPlayback} reads. */
export interface LogPlaybackSource {
  readonly storage: DocumentStorage
  readonly documentId: string
  /** Events in the log (positions run to `length − 1`). */
  readonly length: number
  /** The exact state after a sequence (time travel). */
  readonly stateAt: (sequence: number) => ReplayState
  readonly foldOptions: FoldOptions
}

/** A playhead over the log of `source`; see the module comment. */
export function logPlayback(source: LogPlaybackSource, options: PlaybackOptions = {}): Playback<Document> {
  const window = new EventWindow(source.storage, source.documentId)
  let last: ReplayState | undefined
  const stateAt = (k: number): ReplayState => {
    last = source.stateAt(k)
    return last
  }
  return createPlayback<Document>(
    {
      length: source.length,
      documentAt: (k) => stateAt(k).document,
      timestampAt: (k) => window.get(k)?.timestamp ?? Number.NaN,
      step: (previous, k) => {
        const event = window.get(k)
        if (
          last === undefined ||
          last.document !== previous ||
          last.sequence !== k - 1 ||
          event === undefined
        ) {
          return stateAt(k).document
        }
        const folder = new Folder(last, source.foldOptions)
        folder.apply(event)
        last = folder.state()
        return last.document
      },
    },
    options,
  )
}
