/**
 * `renderHash`: equal for equal objects (a deep copy included), and different whenever a change
 * of any field (every number, string and optional member of random objects, found by walking the
 * value, so a field added later is covered too) changes the tessellation or the paint bounds.
 */
import {
  allObjects,
  objectPaintBounds,
  renderHash,
  renderHashEquals,
  tessellateObject,
  type VectorObject,
} from '@wiretuner/vector-model'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readObject } from '../src/read-object.ts'
import { documentArb, RUNS } from './arbitraries.ts'

type Path = readonly (string | number)[]

/** Every leaf (number, string, boolean) of a plain value, by path. */
function leaves(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [path]
  return Object.entries(value).flatMap(([key, member]) =>
    leaves(member, [...path, Array.isArray(value) ? Number(key) : key]),
  )
}

/** A copy of `value` with the leaf at `path` changed by `change` (`undefined`: the member removed). */
function changed(value: unknown, path: Path, change: (leaf: unknown) => unknown): unknown {
  if (path.length === 0) return change(value)
  const [head, ...rest] = path
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string, unknown>
  const next = changed(copy[head as string], rest, change)
  if (next === undefined && !Array.isArray(value)) delete copy[head as string]
  else copy[head as string] = next
  return copy
}

/** The tessellation bytes and paint bounds. */
function outputs(obj: VectorObject): string {
  return `${tessellateObject(obj).join(',')}|${JSON.stringify(objectPaintBounds(obj))}`
}

/** The changed value as an object, or `undefined` when it is not a valid one (what a document could hold). */
function valid(value: unknown, layerId: string): VectorObject | undefined {
  try {
    return readObject(value, layerId, 'render-hash test', 0)
  } catch {
    return undefined
  }
}

const CHANGES: readonly ((leaf: unknown) => unknown)[] = [
  (leaf) => (typeof leaf === 'number' ? leaf + 1.5 : typeof leaf === 'string' ? `${leaf}x` : !leaf),
  (leaf) => (typeof leaf === 'number' ? leaf * -0.5 : leaf),
  () => undefined,
]

describe('renderHash', () => {
  it('is equal for equal objects and changes with every change of the tessellation or bounds', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        for (const obj of allObjects(doc).slice(0, 3)) {
          const hash = renderHash(obj)
          expect(renderHash(structuredClone(obj))).toBe(hash)
          const before = outputs(obj)
          for (const path of leaves(obj)) {
            for (const change of CHANGES) {
              const other = valid(changed(obj, path, change), obj.layerId)
              if (other !== undefined && outputs(other) !== before) {
                expect(renderHash(other), path.join('.')).not.toBe(hash)
              }
            }
          }
        }
      }),
      { numRuns: Math.max(6, Math.floor(RUNS / 10)) },
    )
  })

  it('ignores what a restyle changes but the geometry does not (colours, opacity, id, layer)', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        for (const obj of allObjects(doc)) {
          const restyled = {
            ...obj,
            id: `${obj.id}-copy`,
            layerId: 'elsewhere',
            style: {
              ...obj.style,
              ...(obj.style.fill === undefined ? {} : { fill: '#123456' }),
              ...(obj.style.stroke === undefined ? {} : { stroke: '#654321' }),
              opacity: 0.25,
            },
          } as VectorObject
          expect(renderHash(restyled)).toBe(renderHash(obj))
          expect(outputs(restyled)).toBe(outputs(obj))
        }
      }),
      { numRuns: Math.max(10, Math.floor(RUNS / 4)) },
    )
  })

  it('renderHashEquals(obj, h) is exactly h === renderHash(obj) (every one-character change, case, length)', () => {
    fc.assert(
      fc.property(documentArb, fc.string({ maxLength: 16 }), (doc, other) => {
        const objects = allObjects(doc)
        for (const [i, obj] of objects.entries()) {
          const hash = renderHash(obj)
          const next = objects[(i + 1) % objects.length] as VectorObject
          const candidates = [hash, renderHash(next), other, hash.toUpperCase(), hash.slice(1), `${hash}0`]
          for (let k = 0; k < hash.length; k++) {
            for (const c of ['0', '9', 'a', 'f', 'g', 'A', ' '])
              candidates.push(hash.slice(0, k) + c + hash.slice(k + 1))
          }
          for (const candidate of candidates)
            expect(renderHashEquals(obj, candidate)).toBe(candidate === hash)
        }
      }),
      { numRuns: Math.max(10, Math.floor(RUNS / 4)) },
    )
  })
})
