/**
 * Test helpers: a small document with two artboards and three layers, and an assertion that an
 * operation throws a VectorModelError with a given code.
 */
import {
  createArtboard,
  createDocument,
  createLayer,
  type Document,
  VectorModelError,
  type VectorModelErrorCode,
} from '@wiretuner/vector-model'
import { expect } from 'vitest'

/** Two artboards: `a1` with layers `l1` (bottom) and `l2`; `a2` with layer `l3`. */
export function twoBoards(): Document {
  let d = createDocument({ id: 'doc', title: 'Doc', author: 'me' })
  d = createArtboard(d, { artboardId: 'a1', bounds: { x: 0, y: 0, width: 100, height: 100 } })
  d = createArtboard(d, { artboardId: 'a2', bounds: { x: 200, y: 0, width: 100, height: 100 } })
  d = createLayer(d, { layerId: 'l1', artboardId: 'a1' })
  d = createLayer(d, { layerId: 'l2', artboardId: 'a1' })
  d = createLayer(d, { layerId: 'l3', artboardId: 'a2' })
  return d
}

/** Asserts that `fn` throws a VectorModelError with `code` (and returns it). */
export function expectCode(fn: () => unknown, code: VectorModelErrorCode): VectorModelError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(VectorModelError)
    expect((e as VectorModelError).code).toBe(code)
    return e as VectorModelError
  }
  throw new Error(`expected a VectorModelError with code ${code}, nothing was thrown`)
}
