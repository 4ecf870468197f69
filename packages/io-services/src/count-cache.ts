/**
 * The rule for trusting a document's cached event count (`event_counts`), shared by the SQLite
 * and PostgreSQL stores: appends through a store and external deletes keep the cache exact, an
 * external re-key drops it, so the only untracked change is an external INSERT, which makes the
 * true count larger than the cache; UNIQUE(document_id, event_sequence) bounds the true count of
 * integer sequences by the span MAX - MIN + 1, so cache = span leaves no room for an untracked
 * row. Otherwise the store counts the rows.
 */

/**
 * A stored integer read as the value it holds: a row edited behind the engine's back can hold
 * 2998.5 or text (SQLite), so aggregates are checked.
 */
export function safeInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined
}

/**
 * The cached count when it is provably exact (see the module comment), else `undefined` (count
 * the rows). `max` and `min` are the stored sequences' MAX and MIN (null for no rows).
 */
export function exactCachedCount(cached: number | undefined, max: unknown, min: unknown): number | undefined {
  if (cached === undefined) return undefined
  if (max === null && min === null && cached === 0) return 0
  const [high, low] = [safeInteger(max), safeInteger(min)]
  return high !== undefined && low !== undefined && cached === high - low + 1 ? cached : undefined
}
