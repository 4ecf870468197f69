/**
 * A sliding window of stored events for playback: reads 512 events at a time, so stepping and
 * playing through a long log costs one storage read per 512 events.
 */
import type { WireTunerEvent } from '@wiretuner/event-schema'
import type { DocumentStorage } from '@wiretuner/io-services'

/** The stored events around the last one asked for. */
export class EventWindow {
  readonly #storage: DocumentStorage
  readonly #documentId: string
  #from = 0
  #events: (WireTunerEvent | undefined)[] = []

  /** A window over `documentId`'s log in `storage`. */
  constructor(storage: DocumentStorage, documentId: string) {
    this.#storage = storage
    this.#documentId = documentId
  }

  /** The event at `sequence`, or undefined when it is missing or damaged. */
  get(sequence: number): WireTunerEvent | undefined {
    if (sequence < this.#from || sequence >= this.#from + this.#events.length) {
      this.#from = sequence
      this.#events = []
      for (const item of this.#storage.readEvents(this.#documentId, { from: sequence, to: sequence + 511 })) {
        if (item.kind === 'event') this.#events[item.sequence - sequence] = item.event
        else if (item.kind === 'invalid') this.#events[item.sequence - sequence] = undefined
      }
      if (this.#events.length === 0) return undefined
    }
    return this.#events[sequence - this.#from]
  }
}
