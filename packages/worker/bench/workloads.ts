/**
 * The benchmark workloads, platform-neutral: the SAME functions run on Node (better-sqlite3 file)
 * and in a browser Worker (SQLite WASM in OPFS), so their times compare as ratios. Each returns
 * raw sample durations in milliseconds (bench-kit summarizes them on Node).
 */
import { createEvent, type DraftEvent, type EventInit, isWireTunerEvent } from '@wiretuner/event-schema'
import type { DocumentStorage } from '@wiretuner/io-services'
import { openSession } from '@wiretuner/replay'
import { dragMoves } from '../test/support/drawing.js'

/** Events per append call. */
export const APPEND_BATCH = 1_000

/** `count` valid draft moves of `documentId` (schema-valid; storage does not apply them). */
export function moveDrafts(documentId: string, count: number, first: number): DraftEvent[] {
  return dragMoves(1_000, count, 13, first).map((init) => createEvent({ ...init, documentId } as EventInit))
}

/**
 * Appends `samples` batches of {@link APPEND_BATCH} events to `documentId` (created when absent),
 * one `append` call each (one transaction); returns each call's duration.
 */
export function timeAppends(storage: DocumentStorage, documentId: string, samples: number): number[] {
  if (storage.getMetadata(documentId) === undefined)
    storage.createDocument({ documentId, title: 'append bench' })
  const batches = Array.from({ length: samples }, (_, i) => moveDrafts(documentId, APPEND_BATCH, i))
  const durations: number[] = []
  for (const batch of batches) {
    const expectedSequence = storage.nextSequence(documentId)
    const started = performance.now()
    storage.append(documentId, batch, { expectedSequence })
    durations.push(performance.now() - started)
  }
  return durations
}

/** Reads (parses, validates, upcasts) every event of `documentId`, `samples` times; throws unless all read valid. */
export function timeReadAll(storage: DocumentStorage, documentId: string, samples: number): number[] {
  const expected = storage.eventCount(documentId)
  const durations: number[] = []
  for (let i = 0; i < samples; i++) {
    const started = performance.now()
    let events = 0
    for (const item of storage.readEvents(documentId)) if (item.kind === 'event') events++
    durations.push(performance.now() - started)
    if (events !== expected) throw new Error(`read ${events} valid events of ${expected}`)
  }
  return durations
}

/**
 * The JavaScript share of a read, without SQLite: the stored payload texts of `documentId` (read
 * once, untimed) parsed and validated `samples` times, as io-services decodes a row.
 */
export function timeDecodeOnly(storage: DocumentStorage, documentId: string, samples: number): number[] {
  const payloads: string[] = []
  for (const item of storage.readEvents(documentId))
    if (item.kind === 'event') payloads.push(JSON.stringify(item.event))
  const durations: number[] = []
  for (let i = 0; i < samples; i++) {
    const started = performance.now()
    let valid = 0
    for (const payload of payloads) if (isWireTunerEvent(JSON.parse(payload))) valid++
    durations.push(performance.now() - started)
    if (valid !== payloads.length) throw new Error(`${payloads.length - valid} payloads failed validation`)
  }
  return durations
}

/** One timed open: the whole of it, and the `openSession` part (the rest opens the storage). */
export interface OpenTiming {
  /** From opening the file to the document being ready, ms. */
  readonly totalMs: number
  /** Of which `openSession` (snapshot decode + tail fold), ms. */
  readonly sessionMs: number
}

/**
 * Opens `documentId` of a freshly opened storage (snapshot + tail) and returns the time from
 * opening the file to the document being ready, and the `openSession` part of it; the storage is
 * closed afterwards.
 */
export async function timeOpen(
  openStorage: () => Promise<{ readonly storage: DocumentStorage; close(): void }>,
  documentId: string,
): Promise<OpenTiming> {
  const started = performance.now()
  const { storage, close } = await openStorage()
  try {
    const opened = performance.now()
    const session = openSession(storage, documentId)
    if (session.document.artboards.length === 0) throw new Error('the opened document is empty')
    const ready = performance.now()
    session.close()
    return { totalMs: ready - started, sessionMs: ready - opened }
  } finally {
    close()
  }
}
