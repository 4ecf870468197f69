/**
 * Browser-safe test helpers shared by the Node tests and the browser suites: valid draft events,
 * the backend shape of the contract suite, typed-error expectations and property-test runs.
 */
import { createEvent, type DraftEvent } from '@wiretuner/event-schema'
import type { DocumentStorage, StorageOptions } from '../../src/index.js'

let counter = 0

/** A valid draft event of one of a few types, varied by `i`, for `documentId`. */
export function draft(documentId: string, i = counter++, extra: Record<string, unknown> = {}): DraftEvent {
  const base = { documentId, timestamp: 1_700_000_000_000 + i, ...extra }
  switch (i % 4) {
    case 0:
      return createEvent({ ...base, eventType: 'ViewportPanEvent', delta: { x: i, y: -i } } as never)
    case 1:
      return createEvent({
        ...base,
        eventType: 'MoveObjectEvent',
        objectIds: [`o${i}`],
        delta: { x: 0.5, y: i },
      } as never)
    case 2:
      return createEvent({
        ...base,
        eventType: 'CreateArtboardEvent',
        artboardId: `a${i}`,
        bounds: { x: 0, y: 0, width: 100 + i, height: 50 },
      } as never)
    default:
      return createEvent({
        ...base,
        eventType: 'CreateLayerEvent',
        layerId: `l${i}`,
        artboardId: 'a0',
      } as never)
  }
}

/** `n` valid drafts for `documentId`. */
export function drafts(documentId: string, n: number): DraftEvent[] {
  return Array.from({ length: n }, () => draft(documentId))
}

/** A storage of the contract suite. */
export type TestStorage = DocumentStorage

/** One backend of the contract suite. */
export interface Backend {
  readonly name: string
  readonly open: (
    options?: StorageOptions,
  ) => Promise<{ readonly storage: TestStorage; readonly close: () => unknown }>
}

/** Runs `fn` expecting a StorageError with `code`; returns it. */
export function expectStorageError(
  fn: () => unknown,
  code: string,
): Error & { code: string; details: Record<string, unknown> } {
  try {
    fn()
  } catch (error) {
    const e = error as Error & { code: string; details: Record<string, unknown> }
    if (e.name !== 'StorageError' || e.code !== code) {
      throw new Error(`expected StorageError ${code}, got ${e.name} ${e.code}: ${e.message}`)
    }
    return e
  }
  throw new Error(`expected StorageError ${code}, nothing was thrown`)
}

/** Runs of property tests (env WT_PROPERTY_RUNS raises it). */
export const PROPERTY_RUNS = Number(
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.WT_PROPERTY_RUNS ??
    100,
)
