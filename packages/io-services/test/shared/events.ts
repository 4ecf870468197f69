/**
 * Browser-safe test helpers shared by the Node tests and the browser suites: valid draft events,
 * the backend shape of the contract suite, typed-error expectations and property-test runs.
 */
import { createEvent, type DraftEvent } from '@wiretuner/event-schema'
import type { AsyncDocumentStorage, DocumentStorage, StorageOptions } from '../../src/index.js'

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

/** A synchronous storage under test. */
export type TestStorage = DocumentStorage

/** A storage of the contract suite: synchronous or asynchronous (every call is awaited). */
export type ContractStorage = DocumentStorage | AsyncDocumentStorage

/** One backend of the contract suite (`S`: the storages it opens). */
export interface Backend<S extends ContractStorage = ContractStorage> {
  readonly name: string
  /**
   * True when a write during an open `readEvents` iteration is refused with `busy` (one
   * connection streaming the rows: the synchronous storages and their `asAsyncStorage`
   * adapters); false for a pooled storage that reads in pages (PostgreSQL).
   */
  readonly readsBlockWrites: boolean
  readonly open: (options?: StorageOptions) => Promise<{ readonly storage: S; readonly close: () => unknown }>
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

/**
 * Awaits `fn()` (a promise, a value, or a synchronous throw) expecting a StorageError with
 * `code`; returns it. The contract suite's form of {@link expectStorageError}.
 */
export async function rejectsWith(
  fn: () => unknown,
  code: string,
): Promise<Error & { code: string; details: Record<string, unknown> }> {
  let outcome: unknown
  try {
    outcome = await fn()
  } catch (error) {
    return expectStorageError(() => {
      throw error
    }, code)
  }
  throw new Error(`expected StorageError ${code}, got the result ${JSON.stringify(outcome)?.slice(0, 200)}`)
}

/** Every item of a synchronous or asynchronous iterable, in order. */
export async function collect<T>(items: Iterable<T> | AsyncIterable<T>): Promise<T[]> {
  const all: T[] = []
  for await (const item of items) all.push(item)
  return all
}

/** Runs of property tests (env WT_PROPERTY_RUNS raises it). */
export const PROPERTY_RUNS = Number(
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.WT_PROPERTY_RUNS ??
    100,
)
