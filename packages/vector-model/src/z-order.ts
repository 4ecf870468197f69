/**
 * Z-ranks of the ids of a layer's list, for putting a few ids in drawing order. A layer list is an
 * immutable value, so a map of every id to its position, built in one pass, stays valid for as
 * long as the list does: it is kept per list value (a `WeakMap`, gone with the list) and reused by
 * every later ordering of the same version. Building it costs a pass over the whole list, so it is
 * built only once the orderings of that list value have ranked a sixteenth of its ids by asking
 * the list itself (`OrderedIdSet.rank`, O(log n) per id): the pass is then paid for by the ranks
 * already asked (amortized O(1) per id), and a value ordered once or twice (a hit test right
 * after an edit) never pays it.
 */
import { OrderedIdSet } from './ordered-id-set.js'
import type { IdList } from './types.js'

/** A ranker of a list value: a function of an id (see {@link zRanker}). */
export type ZRank = (id: string) => number

/**
 * The ranker of each list value: the position map's once built, else the list's own `rank`
 * with the number of ids ranked through it so far. The function is the same object for as long
 * as its numbers hold, so a caller may remember ranks per ranker (the two kinds' numbers differ).
 */
const rankers = new WeakMap<IdList, { readonly rank: ZRank; readonly ranked: number | undefined }>()

/** The ids ranked through `rank`, as a share of the list's size, after which the map is built. */
const SHARE_BEFORE_MAP = 1 / 16

/**
 * A function giving the z-rank of an id in `list` (a number increasing along the order, -1 when
 * absent), for an ordering of about `wanted` ids: a lookup in the list value's position map (built
 * now, or reused), or the list's own `rank` (see module comment). The same function is returned
 * for the same list value until the map is built (ranks of one function compare; of two, not).
 */
export function zRanker(list: IdList, wanted: number): ZRank {
  const known = rankers.get(list)
  if (known !== undefined && known.ranked === undefined) return known.rank
  const ranked = (known?.ranked ?? 0) + wanted
  if (list instanceof OrderedIdSet && ranked < list.size * SHARE_BEFORE_MAP) {
    rankers.set(list, { rank: known?.rank ?? ((id) => list.rank(id)), ranked })
    return (rankers.get(list) as { rank: ZRank }).rank
  }
  const map = new Map<string, number>()
  let i = 0
  for (const id of list) map.set(id, i++)
  const rank: ZRank = (id) => map.get(id) ?? -1
  rankers.set(list, { rank, ranked: undefined })
  return rank
}
