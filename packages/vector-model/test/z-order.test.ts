/**
 * `drawingOrder` through the position maps of `z-order.ts`: the same order before and after the
 * map of a layer version is built, on the list's new versions, and for ids of several layers.
 */

import {
  createShape,
  drawingOrder,
  drawingOrderOfObjects,
  modifyLayer,
  type VectorObject,
  type ZRank,
} from '@wiretuner/vector-model'
import { describe, expect, it } from 'vitest'
import { OrderedIdSet } from '../src/ordered-id-set.ts'
import { zRanker } from '../src/z-order.ts'
import { twoBoards } from './helpers.ts'

describe('zRanker', () => {
  it('ranks like OrderedIdSet.rank before and after the map is built, and per version', () => {
    const ids = Array.from({ length: 2_000 }, (_, i) => `o${(i * 7919) % 2_000}`)
    const set = OrderedIdSet.from(ids)
    const sample = ids.filter((_, i) => i % 97 === 0).concat(['absent'])
    const expected = sample.map((id) => set.rank(id))
    // small orderings first (answered by rank), then enough to build the map, then from the map
    for (const wanted of [1, 1, 200, 5]) {
      const rank = zRanker(set, wanted)
      const got = sample.map((id) => rank(id))
      expect(got.map((r) => Math.sign(r))).toEqual(expected.map((r) => Math.sign(r)))
      for (let i = 1; i < sample.length - 1; i++) {
        expect(Math.sign((got[i] as number) - (got[i - 1] as number))).toBe(
          Math.sign((expected[i] as number) - (expected[i - 1] as number)),
        )
      }
    }
    // a new version of the list is ranked afresh: the removed id is absent, the appended one last
    const next = set.remove('o0').append('new')
    const rank = zRanker(next, 2_000)
    expect(rank('o0')).toBe(-1)
    expect(rank('new')).toBeGreaterThan(rank(ids[ids.length - 1] as string))
  })
})

describe('drawingOrder with position maps', () => {
  it('orders random subsets of three layers like the layer lists, on every call, via objects too', () => {
    let d = twoBoards()
    const layers = ['l2', 'l1', 'l3', 'l1']
    for (let i = 0; i < 600; i++) {
      d = createShape(d, {
        shapeId: `s${i}`,
        layerId: layers[i % layers.length] as string,
        shapeType: 'rectangle',
        parameters: { centerX: i % 90, centerY: (i * 7) % 90, width: 5, height: 5 },
        style: { fill: '#000000' },
      })
    }
    d = modifyLayer(d, { layerId: 'l2', visible: false })
    // the drawing order of every drawn object, read off the layer lists
    const full: string[] = []
    for (const ab of d.artboards) {
      for (const layer of ab.layers) if (layer.visible) full.push(...layer.objectIds)
    }
    const position = new Map(full.map((id, i) => [id, i]))
    // ranks remembered across orderings, per ranker (before and after the maps are built)
    const remembered = new Map<string, { rank: ZRank; value: number }>()
    // 40 subsets of 60 ids (cumulated, enough for the maps to be built part way through)
    for (let k = 0; k < 40; k++) {
      const subset = Array.from({ length: 60 }, (_, i) => `s${(i * 37 + k * 101) % 620}`) // some absent
      const expected = [...new Set(subset)]
        .filter((id) => position.has(id))
        .sort((a, b) => (position.get(a) as number) - (position.get(b) as number))
      expect(drawingOrder(d, subset)).toEqual(expected)
      const objects = [...new Set(subset)].flatMap((id) => {
        const obj = d.objects.get(id)
        return obj === undefined ? [] : [obj as VectorObject]
      })
      expect(drawingOrderOfObjects(d, objects)).toEqual(expected)
      // rankOf: a caller's remembered ranks (here: every other one) give the same order
      const asked: number[] = []
      const rankOf = (i: number, rank: ZRank) => {
        asked.push(i)
        const id = (objects[i] as VectorObject).id
        const memo = remembered.get(id)
        if (memo?.rank === rank && i % 2 === 0) return memo.value
        const value = rank(id)
        remembered.set(id, { rank, value })
        return value
      }
      expect(drawingOrderOfObjects(d, objects, { rankOf })).toEqual(expected)
      // asked once per drawn object (the hidden layer's are not ranked)
      expect(asked.length).toBe(objects.filter((o) => o.layerId !== 'l2').length)
    }
  })
})
