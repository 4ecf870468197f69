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

/** Position of each id, or the number of ids ranked through `rank` so far. */
const ranks = new WeakMap<IdList, ReadonlyMap<string, number> | number>()

/** The ids ranked through `rank`, as a share of the list's size, after which the map is built. */
const SHARE_BEFORE_MAP = 1 / 16

/**
 * A function giving the z-rank of an id in `list` (a number increasing along the order, -1 when
 * absent), for an ordering of about `wanted` ids: a lookup in the list value's position map (built
 * now, or reused), or the list's own `rank` (see module comment).
 */
export function zRanker(list: IdList, wanted: number): (id: string) => number {
  const known = ranks.get(list)
  if (typeof known === 'object') return (id) => known.get(id) ?? -1
  const ranked = (known ?? 0) + wanted
  if (list instanceof OrderedIdSet && ranked < list.size * SHARE_BEFORE_MAP) {
    ranks.set(list, ranked)
    return (id) => list.rank(id)
  }
  const map = new Map<string, number>()
  let i = 0
  for (const id of list) map.set(id, i++)
  ranks.set(list, map)
  return (id) => map.get(id) ?? -1
}
