/**
 * The document operations: effects of every event kind, the default-layer rule, typed refusals,
 * structural sharing, selection modes, the viewport, restoreContent, and batch mode matching
 * persistent mode.
 */

import {
  type Artboard,
  addAnchor,
  beginBatch,
  type ContentChange,
  clearSelection,
  contentChangeFromJson,
  contentChangeToJson,
  createArtboard,
  createDocument,
  createLayer,
  createPath,
  createShape,
  DEFAULT_STYLE,
  type Document,
  deleteAnchor,
  deleteArtboard,
  deleteLayer,
  deleteObjects,
  deselectObjects,
  documentsEqual,
  finishPath,
  getLayer,
  idListOf,
  type Layer,
  layerObjects,
  MAX_ZOOM,
  MIN_ZOOM,
  modifyAnchor,
  modifyArtboard,
  modifyLayer,
  moveObjects,
  objectBounds,
  type PathObject,
  panViewport,
  reorderLayer,
  resetViewport,
  restoreContent,
  rotateObjects,
  scaleObjects,
  screenToWorld,
  selectAnchors,
  selectObjects,
  serializeDocument,
  setCanvasSize,
  setDocumentMetadata,
  setStyle,
  worldToScreen,
  zoomViewport,
} from '@wiretuner/vector-model'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { documentArb, RUNS } from './arbitraries.ts'
import { expectCode, twoBoards } from './helpers.ts'

const rect = (id: string, layerId?: string) =>
  ({
    shapeId: id,
    ...(layerId === undefined ? {} : { layerId }),
    shapeType: 'rectangle',
    parameters: { centerX: 10, centerY: 20, width: 10, height: 4 },
  }) as const

function path(d: Document, id: string): PathObject {
  const o = d.objects.get(id)
  if (o?.kind !== 'path') throw new Error(`${id} is not a path`)
  return o
}

describe('document, artboards and layers', () => {
  it('creates a document with defaults and changes its metadata', () => {
    const d = createDocument({ id: 'x' })
    expect(d.title).toBe('Untitled')
    expect(d.author).toBeUndefined()
    expect(d.artboards).toEqual([])
    expect(d.viewport).toEqual({ pan: { x: 0, y: 0 }, zoom: 1, canvasSize: { width: 800, height: 600 } })
    const m = setDocumentMetadata(d, { title: 'T', author: 'A' })
    expect([m.title, m.author, d.title]).toEqual(['T', 'A', 'Untitled'])
  })

  it('creates, modifies and refuses artboards', () => {
    let d = twoBoards()
    expect(d.artboards.map((a) => [a.id, a.name, a.backgroundColor])).toEqual([
      ['a1', 'Artboard 1', '#FFFFFF'],
      ['a2', 'Artboard 2', '#FFFFFF'],
    ])
    expectCode(
      () => createArtboard(d, { artboardId: 'a1', bounds: { x: 0, y: 0, width: 1, height: 1 } }),
      'duplicate-id',
    )
    expectCode(
      () => createArtboard(d, { artboardId: 'z', bounds: { x: 0, y: 0, width: 0, height: 1 } }),
      'invalid-argument',
    )
    expectCode(
      () =>
        createArtboard(d, {
          artboardId: 'z',
          bounds: { x: 0, y: 0, width: 1, height: 1 },
          backgroundColor: 'red',
        }),
      'invalid-argument',
    )
    d = modifyArtboard(d, {
      artboardId: 'a2',
      name: 'Second',
      backgroundColor: '#000000',
      bounds: { x: 1, y: 2, width: 3, height: 4 },
    })
    expect(d.artboards[1]).toMatchObject({
      name: 'Second',
      backgroundColor: '#000000',
      bounds: { x: 1, y: 2, width: 3, height: 4 },
    })
    expectCode(() => modifyArtboard(d, { artboardId: 'nope', name: 'x' }), 'not-found')
  })

  it('inserts layers at a z-index and reorders them', () => {
    let d = twoBoards()
    d = createLayer(d, {
      layerId: 'l0',
      artboardId: 'a1',
      zIndex: 0,
      name: 'Base',
      locked: true,
      visible: false,
    })
    expect(d.artboards[0]?.layers.map((l) => l.id)).toEqual(['l0', 'l1', 'l2'])
    expect(getLayer(d, 'l0')).toMatchObject({ name: 'Base', locked: true, visible: false })
    expectCode(() => createLayer(d, { layerId: 'l9', artboardId: 'a1', zIndex: 4 }), 'out-of-range')
    expectCode(() => createLayer(d, { layerId: 'l1', artboardId: 'a2' }), 'duplicate-id')
    expectCode(() => createLayer(d, { layerId: 'l9', artboardId: 'nope' }), 'not-found')
    d = reorderLayer(d, 'l0', 2)
    expect(d.artboards[0]?.layers.map((l) => l.id)).toEqual(['l1', 'l2', 'l0'])
    expectCode(() => reorderLayer(d, 'l0', 3), 'out-of-range')
    d = modifyLayer(d, { layerId: 'l0', name: 'Top', visible: true, locked: false })
    expect(getLayer(d, 'l0')).toMatchObject({ name: 'Top', locked: false, visible: true })
  })

  it('deleting a layer removes its objects and drops them from the selection', () => {
    let d = twoBoards()
    d = createShape(d, rect('r1', 'l1'))
    d = createShape(d, rect('r2', 'l2'))
    d = selectObjects(d, ['r1', 'r2'], 'replace')
    d = deleteLayer(d, 'l1')
    expect(d.objects.has('r1')).toBe(false)
    expect(d.objects.has('r2')).toBe(true)
    expect(d.selection.objectIds).toEqual(['r2'])
    expectCode(() => deleteLayer(d, 'l1'), 'not-found')
  })

  it('deleting an artboard removes its layers and their objects', () => {
    let d = twoBoards()
    d = createShape(d, rect('r1', 'l1'))
    d = createShape(d, rect('r3', 'l3'))
    d = selectObjects(d, ['r1', 'r3'], 'replace')
    d = deleteArtboard(d, 'a1')
    expect(d.artboards.map((a) => a.id)).toEqual(['a2'])
    expect(getLayer(d, 'l1')).toBeUndefined()
    expect([d.objects.has('r1'), d.objects.has('r3'), d.objects.size]).toEqual([false, true, 1])
    expect(d.selection.objectIds).toEqual(['r3'])
  })
})

describe('default layer rule', () => {
  it('targets the topmost layer of the last artboard', () => {
    let d = twoBoards()
    d = createLayer(d, { layerId: 'l4', artboardId: 'a2', zIndex: 0 })
    d = createShape(d, rect('r'))
    expect(d.objects.get('r')?.layerId).toBe('l3')
    d = createPath(d, { pathId: 'p', startAnchor: { x: 1, y: 2 } })
    expect(layerObjects(d, 'l3').map((o) => o.id)).toEqual(['r', 'p'])
  })

  it('falls back to an earlier artboard when the last has no layer, and refuses with no layer at all', () => {
    let d = twoBoards()
    d = createArtboard(d, { artboardId: 'a3', bounds: { x: 0, y: 0, width: 1, height: 1 } })
    d = createShape(d, rect('r'))
    expect(d.objects.get('r')?.layerId).toBe('l3')
    let e = createDocument({ id: 'e' })
    expectCode(() => createShape(e, rect('r')), 'no-layer')
    e = createArtboard(e, { artboardId: 'a', bounds: { x: 0, y: 0, width: 1, height: 1 } })
    const err = expectCode(() => createPath(e, { pathId: 'p', startAnchor: { x: 0, y: 0 } }), 'no-layer')
    expect(err.message).toContain('createPath')
  })

  it('refuses an unknown explicit layer and duplicate object ids', () => {
    const d = createShape(twoBoards(), rect('r', 'l1'))
    expectCode(() => createShape(d, rect('s', 'nope')), 'not-found')
    expectCode(() => createShape(d, rect('r', 'l2')), 'duplicate-id')
    expectCode(() => createPath(d, { pathId: 'r', startAnchor: { x: 0, y: 0 } }), 'duplicate-id')
  })
})

describe('paths and anchors', () => {
  function drawn(): Document {
    let d = twoBoards()
    d = createPath(d, {
      pathId: 'p',
      layerId: 'l1',
      startAnchor: { x: 0, y: 0 },
      style: { stroke: '#FF0000' },
    })
    d = addAnchor(d, { pathId: 'p', position: { x: 10, y: 0 }, anchorType: 'line' })
    d = addAnchor(d, {
      pathId: 'p',
      position: { x: 20, y: 10 },
      anchorType: 'bezier',
      handleIn: { x: -5, y: 0 },
      handleOut: { x: 5, y: 0 },
    })
    return d
  }

  it('creates an open path with one corner anchor and appends line and bezier anchors', () => {
    const p = path(drawn(), 'p')
    expect(p.closed).toBe(false)
    expect(p.style).toEqual({ stroke: '#FF0000' })
    expect(p.anchors).toEqual([
      { position: { x: 0, y: 0 }, anchorType: 'corner' },
      { position: { x: 10, y: 0 }, anchorType: 'corner' },
      {
        position: { x: 20, y: 10 },
        handleIn: { x: -5, y: 0 },
        handleOut: { x: 5, y: 0 },
        anchorType: 'smooth',
      },
    ])
    const plain = createPath(twoBoards(), { pathId: 'q', startAnchor: { x: 0, y: 0 } })
    expect(plain.objects.get('q')?.style).toEqual(DEFAULT_STYLE)
  })

  it('modifies anchors partially, clears handles with null, and keeps handles mirrored for symmetric', () => {
    let d = drawn()
    d = modifyAnchor(d, { pathId: 'p', anchorIndex: 1, position: { x: 11, y: 1 } })
    expect(path(d, 'p').anchors[1]).toEqual({ position: { x: 11, y: 1 }, anchorType: 'corner' })
    d = modifyAnchor(d, { pathId: 'p', anchorIndex: 2, handleIn: null })
    expect(path(d, 'p').anchors[2]).toEqual({
      position: { x: 20, y: 10 },
      handleOut: { x: 5, y: 0 },
      anchorType: 'smooth',
    })
    d = modifyAnchor(d, { pathId: 'p', anchorIndex: 2, handleOut: { x: 3, y: 4 }, anchorType: 'symmetric' })
    expect(path(d, 'p').anchors[2]).toMatchObject({
      handleIn: { x: -3, y: -4 },
      handleOut: { x: 3, y: 4 },
      anchorType: 'symmetric',
    })
    // smooth: the other handle turns to stay collinear and keeps its length (5)
    d = modifyAnchor(d, { pathId: 'p', anchorIndex: 2, handleIn: { x: 0, y: -2 }, anchorType: 'smooth' })
    expect(path(d, 'p').anchors[2]?.handleOut).toEqual({ x: -0, y: 5 })
    // corner: independent
    d = modifyAnchor(d, { pathId: 'p', anchorIndex: 2, handleIn: { x: 1, y: 1 }, anchorType: 'corner' })
    expect(path(d, 'p').anchors[2]?.handleOut).toEqual({ x: -0, y: 5 })
    expectCode(
      () => modifyAnchor(d, { pathId: 'p', anchorIndex: 3, position: { x: 0, y: 0 } }),
      'out-of-range',
    )
    expectCode(() => modifyAnchor(d, { pathId: 'nope', anchorIndex: 0 }), 'not-found')
  })

  it('deletes anchors, shifting selected anchor indices', () => {
    let d = drawn()
    d = selectAnchors(d, 'p', [0, 2], 'replace')
    expect(d.selection).toEqual({ objectIds: ['p'], anchors: { p: [0, 2] } })
    d = deleteAnchor(d, 'p', 1)
    expect(path(d, 'p').anchors.map((a) => a.position.x)).toEqual([0, 20])
    expect(d.selection.anchors).toEqual({ p: [0, 1] })
    d = deleteAnchor(d, 'p', 0)
    expect(d.selection.anchors).toEqual({ p: [0] })
    expectCode(() => deleteAnchor(d, 'p', 5), 'out-of-range')
  })

  it('finishes a path closed and refuses path operations on shapes', () => {
    let d = finishPath(drawn(), 'p', true)
    expect(path(d, 'p').closed).toBe(true)
    expect(path(d, 'p').anchors).toHaveLength(3) // no explicit closing duplicate
    d = createShape(d, rect('r'))
    expectCode(
      () => addAnchor(d, { pathId: 'r', position: { x: 0, y: 0 }, anchorType: 'line' }),
      'invalid-argument',
    )
    expectCode(() => finishPath(d, 'r', true), 'invalid-argument')
  })
})

describe('shapes, transforms and style', () => {
  it('keeps shape parameters and refuses invalid ones', () => {
    const d = createShape(twoBoards(), {
      shapeId: 's',
      shapeType: 'star',
      parameters: { centerX: 0, centerY: 0, outerRadius: 10, innerRadius: 4, points: 5 },
    })
    expect(d.objects.get('s')).toMatchObject({
      kind: 'shape',
      shapeType: 'star',
      parameters: { outerRadius: 10, innerRadius: 4, points: 5 },
    })
    const base = twoBoards()
    expectCode(
      () =>
        createShape(base, {
          shapeId: 's',
          shapeType: 'polygon',
          parameters: { centerX: 0, centerY: 0, radius: 5, sides: 2 },
        }),
      'invalid-argument',
    )
    expectCode(
      () =>
        createShape(base, {
          shapeId: 's',
          shapeType: 'star',
          parameters: { centerX: 0, centerY: 0, outerRadius: 3, innerRadius: 4, points: 5 },
        }),
      'invalid-argument',
    )
    expectCode(
      () =>
        createShape(base, {
          shapeId: 's',
          shapeType: 'rectangle',
          parameters: { centerX: 0, centerY: 0, width: 4, height: 4, cornerRadius: 3 },
        }),
      'invalid-argument',
    )
    expectCode(
      () =>
        createShape(base, {
          shapeId: 's',
          shapeType: 'ellipse',
          parameters: { centerX: 0, centerY: 0, radiusX: -1, radiusY: 4 },
        }),
      'invalid-argument',
    )
  })

  it('move, rotate and scale change the transform, never the anchors', () => {
    let d = createPath(twoBoards(), { pathId: 'p', startAnchor: { x: 0, y: 0 } })
    d = addAnchor(d, { pathId: 'p', position: { x: 10, y: 0 }, anchorType: 'line' })
    const anchors = path(d, 'p').anchors
    d = moveObjects(d, ['p'], { x: 5, y: 5 })
    d = moveObjects(d, ['p'], { x: 1, y: 0 })
    expect(path(d, 'p').transform).toEqual({ a: 1, b: 0, c: 0, d: 1, e: 6, f: 5 })
    d = rotateObjects(d, ['p'], Math.PI / 2, { x: 0, y: 0 })
    const t = path(d, 'p').transform
    expect([t.a, t.b, t.c, t.d, t.e, t.f].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([0, 1, -1, 0, -5, 6])
    d = scaleObjects(d, ['p'], 2, 3, { x: 0, y: 0 })
    expect(path(d, 'p').anchors).toBe(anchors)
    expectCode(() => scaleObjects(d, ['p'], 0, 1), 'invalid-argument')
    expectCode(() => moveObjects(d, ['p', 'nope'], { x: 1, y: 1 }), 'not-found')
  })

  it('rotates and scales about the centre of the union of transformed bounds by default', () => {
    let d = createShape(twoBoards(), rect('a'))
    d = createShape(d, { ...rect('b'), parameters: { centerX: 50, centerY: 20, width: 10, height: 4 } })
    const before = [objectBounds(d.objects.get('a') as never), objectBounds(d.objects.get('b') as never)]
    d = rotateObjects(d, ['a', 'b'], Math.PI)
    const after = [objectBounds(d.objects.get('a') as never), objectBounds(d.objects.get('b') as never)]
    // rotating by π about the common centre (30, 20) swaps the two rectangles
    expect(after[0]?.x).toBeCloseTo(before[1]?.x ?? Number.NaN, 9)
    expect(after[1]?.x).toBeCloseTo(before[0]?.x ?? Number.NaN, 9)
    d = scaleObjects(d, ['a'], 2, 2)
    const s = objectBounds(d.objects.get('a') as never)
    expect(s?.width).toBeCloseTo(20, 9)
    expect(s?.height).toBeCloseTo(8, 9)
    expect((s?.x ?? 0) + (s?.width ?? 0) / 2).toBeCloseTo(50, 9)
  })

  it('merges style fields and validates them', () => {
    let d = createShape(twoBoards(), { ...rect('r'), style: { fill: '#112233' } })
    d = setStyle(d, ['r'], { stroke: '#445566', strokeWidth: 2 })
    d = setStyle(d, ['r'], { opacity: 0.5, fill: '#000000' })
    expect(d.objects.get('r')?.style).toEqual({
      fill: '#000000',
      stroke: '#445566',
      strokeWidth: 2,
      opacity: 0.5,
    })
    d = setStyle(d, ['r'], { fill: null })
    expect(d.objects.get('r')?.style).toEqual({ stroke: '#445566', strokeWidth: 2, opacity: 0.5 })
    d = setStyle(d, ['r'], { stroke: null, fill: '#010203' })
    expect(d.objects.get('r')?.style).toEqual({ fill: '#010203', strokeWidth: 2, opacity: 0.5 })
    expectCode(() => setStyle(d, ['r'], { fill: '#12345' }), 'invalid-argument')
    expectCode(() => setStyle(d, ['r'], { opacity: 2 }), 'invalid-argument')
    expectCode(() => setStyle(d, ['r'], { strokeWidth: -1 }), 'invalid-argument')
  })

  it('deletes objects from their layer and the selection', () => {
    let d = createShape(twoBoards(), rect('a', 'l1'))
    d = createShape(d, rect('b', 'l1'))
    d = selectObjects(d, ['a', 'b'], 'replace')
    d = deleteObjects(d, ['a'])
    expect([...(getLayer(d, 'l1')?.objectIds ?? [])]).toEqual(['b'])
    expect(d.selection.objectIds).toEqual(['b'])
    expectCode(() => deleteObjects(d, ['a']), 'not-found')
  })
})

describe('selection', () => {
  const base = () => ['a', 'b', 'c'].reduce((d, id) => createShape(d, rect(id)), twoBoards())

  it('applies the four modes', () => {
    let d = selectObjects(base(), ['a', 'b'], 'replace')
    expect(d.selection.objectIds).toEqual(['a', 'b'])
    d = selectObjects(d, ['b', 'c'], 'add')
    expect(d.selection.objectIds).toEqual(['a', 'b', 'c'])
    d = selectObjects(d, ['a', 'c'], 'subtract')
    expect(d.selection.objectIds).toEqual(['b'])
    d = selectObjects(d, ['a', 'b'], 'toggle')
    expect(d.selection.objectIds).toEqual(['a'])
    d = deselectObjects(d, ['a'])
    expect(d.selection.objectIds).toEqual([])
    d = clearSelection(selectObjects(d, ['c'], 'replace'))
    expect(d.selection).toEqual({ objectIds: [], anchors: {} })
    expectCode(() => selectObjects(d, ['zz'], 'add'), 'not-found')
  })

  it('drops anchor selections of deselected objects', () => {
    let d = createPath(base(), { pathId: 'p', startAnchor: { x: 0, y: 0 } })
    d = selectAnchors(d, 'p', [0], 'replace')
    d = selectObjects(d, ['a'], 'replace')
    expect(d.selection).toEqual({ objectIds: ['a'], anchors: {} })
    expectCode(() => selectAnchors(d, 'p', [1], 'add'), 'out-of-range')
  })
})

describe('viewport', () => {
  it('pans by screen pixels and zooms about a fixed focal point, clamped', () => {
    let d = createDocument({ id: 'v' })
    d = panViewport(d, { x: 100, y: -50 })
    expect(d.viewport.pan).toEqual({ x: -100, y: 50 })
    const focal = { x: 600, y: 100 }
    const world = screenToWorld(d.viewport, focal)
    d = zoomViewport(d, 2.5, focal)
    expect(d.viewport.zoom).toBe(2.5)
    const again = worldToScreen(d.viewport, world)
    expect(again.x).toBeCloseTo(focal.x, 9)
    expect(again.y).toBeCloseTo(focal.y, 9)
    d = panViewport(d, { x: 25, y: 0 })
    expect(worldToScreen(d.viewport, world).x).toBeCloseTo(focal.x + 25, 9)
    expect(zoomViewport(d, 1000, focal).viewport.zoom).toBe(MAX_ZOOM)
    expect(zoomViewport(d, 1e-6, focal).viewport.zoom).toBe(MIN_ZOOM)
    expectCode(() => zoomViewport(d, 0, focal), 'invalid-argument')
    d = setCanvasSize(d, { width: 1024, height: 768 })
    d = resetViewport(d)
    expect(d.viewport).toEqual({ pan: { x: 0, y: 0 }, zoom: 1, canvasSize: { width: 1024, height: 768 } })
  })
})

describe('restoreContent', () => {
  it('takes content and selection from `from` and the viewport from `current`', () => {
    const before = selectObjects(createShape(twoBoards(), rect('r')), ['r'], 'replace')
    let after = deleteObjects(before, ['r'])
    after = zoomViewport(after, 2, { x: 0, y: 0 })
    const undone = restoreContent(after, before)
    expect(undone.objects.has('r')).toBe(true)
    expect(undone.selection.objectIds).toEqual(['r'])
    expect(undone.viewport).toBe(after.viewport)
    const draft = beginBatch(after)
    restoreContent(draft, before)
    expect(documentsEqual(draft.commit(), undone)).toBe(true)
  })
})

describe('structural sharing', () => {
  it('shares everything an edit did not change and never changes the input', () => {
    let d = twoBoards()
    for (let i = 0; i < 50; i++) d = createShape(d, rect(`r${i}`, i % 2 === 0 ? 'l1' : 'l3'))
    const text = serializeDocument(d)
    const moved = moveObjects(d, ['r0'], { x: 1, y: 1 })
    expect(moved.artboards).toBe(d.artboards)
    expect(moved.selection).toBe(d.selection)
    expect(moved.viewport).toBe(d.viewport)
    expect(moved.objects.get('r1')).toBe(d.objects.get('r1'))
    expect(moved.objects.get('r0')?.style).toBe(d.objects.get('r0')?.style)
    const added = createShape(d, rect('new', 'l1'))
    expect(added.artboards[1]).toBe(d.artboards[1])
    expect(added.artboards[0]?.layers[1]).toBe(d.artboards[0]?.layers[1])
    expect(added.artboards[0]?.layers[0]).not.toBe(d.artboards[0]?.layers[0])
    expect(added.objects.get('r5')).toBe(d.objects.get('r5'))
    expect(serializeDocument(d)).toBe(text)
  })
})

describe('structural sharing (property)', () => {
  it('an object edit shares every other object, the artboards, selection and viewport', () => {
    fc.assert(
      fc.property(documentArb, fc.nat(), (d, k) => {
        const ids = [...d.objects.values()].map((o) => o.id)
        if (ids.length === 0) return
        const target = ids[k % ids.length] as string
        for (const next of [
          moveObjects(d, [target], { x: 1, y: 2 }),
          setStyle(d, [target], { fill: '#123456' }),
        ]) {
          for (const id of ids) if (id !== target) expect(next.objects.get(id)).toBe(d.objects.get(id))
          expect(next.objects.get(target)).not.toBe(d.objects.get(target))
          expect(next.artboards).toBe(d.artboards)
          expect(next.selection).toBe(d.selection)
          expect(next.viewport).toBe(d.viewport)
        }
      }),
      { numRuns: RUNS },
    )
  })
})

describe('DocumentDraft.commit', () => {
  it('returns the same document when nothing ran since the last commit', () => {
    const d = createShape(twoBoards(), rect('r'))
    const draft = beginBatch(d)
    expect(draft.commit()).toBe(d)
    expect(() => moveObjects(draft, ['nope'], { x: 1, y: 1 })).toThrow()
    const first = draft.commit()
    expect(documentsEqual(first, d)).toBe(true)
    expect(draft.commit()).toBe(first)
    moveObjects(draft, ['r'], { x: 1, y: 1 })
    const moved = draft.commit()
    expect(moved).not.toBe(first)
    expect(moved.objects.get('r')?.transform.e).toBe(1)
    expect(d.objects.get('r')?.transform.e).toBe(0)
  })
})

type Op = (t: never) => unknown

describe('batch mode', () => {
  const opArb: fc.Arbitrary<{ name: string; run: Op }> = fc.oneof(
    fc.record({ i: fc.nat(20), l: fc.constantFrom('l1', 'l2', 'l3') }).map(({ i, l }) => ({
      name: `create r${i} in ${l}`,
      run: (t: never) => createShape(t, rect(`r${i}`, l)),
    })),
    fc.record({ i: fc.nat(20), dx: fc.integer({ min: -9, max: 9 }) }).map(({ i, dx }) => ({
      name: `move r${i}`,
      run: (t: never) => moveObjects(t, [`r${i}`], { x: dx, y: 1 }),
    })),
    fc.nat(20).map((i) => ({ name: `delete r${i}`, run: (t: never) => deleteObjects(t, [`r${i}`]) })),
    fc
      .nat(20)
      .map((i) => ({ name: `select r${i}`, run: (t: never) => selectObjects(t, [`r${i}`], 'toggle') })),
    fc
      .nat(20)
      .map((i) => ({ name: `style r${i}`, run: (t: never) => setStyle(t, [`r${i}`], { fill: '#00FF00' }) })),
    fc
      .constantFrom('l1', 'l2', 'l3')
      .map((l) => ({ name: `delete layer ${l}`, run: (t: never) => deleteLayer(t, l) })),
    fc
      .constantFrom('l1', 'l2', 'l3')
      .map((l) => ({ name: `hide ${l}`, run: (t: never) => modifyLayer(t, { layerId: l, visible: false }) })),
    fc.constant({ name: 'pan', run: (t: never) => panViewport(t, { x: 3, y: 4 }) }),
  )

  it('a draft gives the same document as persistent operations, refusals leave it unchanged', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.integer({ min: 1, max: 60 }), (ops, commitAt) => {
        const start = twoBoards()
        const startText = serializeDocument(start)
        let d = start
        const draft = beginBatch(start)
        let mid: Document | undefined
        ops.forEach((op, k) => {
          let refused = false
          try {
            d = op.run(d as never) as Document
          } catch {
            refused = true
          }
          let draftRefused = false
          try {
            op.run(draft as never)
          } catch {
            draftRefused = true
          }
          expect(draftRefused).toBe(refused)
          if (k === commitAt) {
            mid = draft.commit()
            expect(serializeDocument(mid)).toBe(serializeDocument(d))
          }
        })
        const midText = mid === undefined ? undefined : serializeDocument(mid)
        const out = draft.commit()
        expect(serializeDocument(out)).toBe(serializeDocument(d))
        expect(documentsEqual(out, d)).toBe(true)
        expect(serializeDocument(start)).toBe(startText)
        if (mid !== undefined) expect(serializeDocument(mid)).toBe(midText)
      }),
      { numRuns: RUNS },
    )
  })

  /** Document text without its viewport (a restored side keeps the draft's viewport). */
  const content = (d: Document) => serializeDocument({ ...d, viewport: twoBoards().viewport })

  it('recorded changes restore either side exactly, across commits, resumes and refusals', () => {
    const chunkArb = fc.record({
      // edits outside any recording (the draft then owns copies a recording must not alias)
      pre: fc.array(opArb, { maxLength: 4 }),
      ops: fc.array(opArb, { maxLength: 12 }),
      resume: fc.boolean(),
      commitAt: fc.integer({ min: -1, max: 12 }),
      // restore through the change's JSON (what a snapshot keeps of its top undo group)
      viaJson: fc.boolean(),
    })
    fc.assert(
      fc.property(fc.array(chunkArb, { minLength: 1, maxLength: 6 }), (chunks) => {
        const draft = beginBatch(twoBoards())
        let d: Document = twoBoards()
        let previous: ContentChange | undefined
        /** Document the recorded change goes back to (its `before` side). */
        let changeStart: Document = d
        const frozen: { doc: Document; text: string }[] = []
        for (const chunk of chunks) {
          // a resumed recording goes on from the previous change, as if never interrupted
          const resume = chunk.resume && previous !== undefined
          if (resume) draft.resumeChange(previous as ContentChange)
          else {
            for (const op of chunk.pre) {
              try {
                d = op.run(d as never) as Document
              } catch {}
              try {
                op.run(draft as never)
              } catch {}
            }
            draft.beginChange()
          }
          if (!resume) changeStart = d
          const start = changeStart
          chunk.ops.forEach((op, k) => {
            try {
              d = op.run(d as never) as Document
            } catch {
              // refused: the draft refuses it too (checked in the test above) and stays unchanged
            }
            try {
              op.run(draft as never)
            } catch {}
            if (k === chunk.commitAt) {
              const mid = draft.commit()
              frozen.push({ doc: mid, text: serializeDocument(mid) })
            }
          })
          const recorded = draft.recordedChange()
          let change = recorded
          if (chunk.viaJson) {
            const json = JSON.parse(JSON.stringify(contentChangeToJson(recorded, d)))
            const read = contentChangeFromJson(json, d)
            if (!read.ok) throw read.error
            expect(contentChangeToJson(read.change, d)).toEqual(json)
            change = read.change
          }
          expect(draft.recording).toBe(true)
          if (!chunk.viaJson) expect(draft.matchesChangeSide(change, 'after')).toBe(true)
          draft.applyChange(change, 'before')
          expect(draft.recording).toBe(false)
          if (!chunk.viaJson) expect(draft.matchesChangeSide(change, 'before')).toBe(true)
          const undone = draft.commit()
          frozen.push({ doc: undone, text: serializeDocument(undone) })
          expect(content(undone)).toBe(content(start))
          expect(documentsEqual(undone, start, { viewport: false })).toBe(true)
          draft.applyChange(change, 'after')
          const redone = draft.commit()
          expect(serializeDocument(redone)).toBe(serializeDocument(d))
          expect(documentsEqual(redone, d)).toBe(true)
          previous = recorded
        }
        // nothing recorded or restored ever changed a document frozen on the way
        for (const f of frozen) expect(serializeDocument(f.doc)).toBe(f.text)
      }),
      { numRuns: RUNS },
    )
  })

  it('matchesChangeSide tells whether the content is still a side of a change; idListOf builds a layer list', () => {
    const draft = beginBatch(twoBoards())
    draft.beginChange()
    createShape(draft, {
      shapeId: 's',
      layerId: 'l1',
      shapeType: 'rectangle',
      parameters: { centerX: 0, centerY: 0, width: 2, height: 2 },
    })
    const change = draft.recordedChange()
    draft.endChange()
    expect(draft.matchesChangeSide(change, 'after')).toBe(true)
    moveObjects(draft, ['s'], { x: 1, y: 0 })
    expect(draft.matchesChangeSide(change, 'after')).toBe(false)
    const list = idListOf(['b', 'a', 'c'])
    expect([...list]).toEqual(['b', 'a', 'c'])
    expect(list.size).toBe(3)
    expect(list.has('a')).toBe(true)
    const layer = draft.commit().artboards[0]?.layers[0] as Layer
    const rebuilt: Document = {
      ...twoBoards(),
      artboards: [
        { ...(twoBoards().artboards[0] as Artboard), layers: [{ ...layer, objectIds: idListOf([]) }] },
      ],
    }
    expect(() => beginBatch(rebuilt)).not.toThrow()
  })

  it('a document or change assembled with foreign collections is a typed error, nothing changed', () => {
    const doc = twoBoards()
    // the public types allow any ObjectTable / IdList; the model's own edits need its own
    const foreignObjects: Document = { ...doc, objects: new Map() }
    expect(
      expectCode(() => moveObjects(foreignObjects, [], { x: 1, y: 1 }), 'invalid-argument').message,
    ).toMatch(/objects table was not made by vector-model/)
    expectCode(() => beginBatch(foreignObjects), 'invalid-argument')
    const foreignLayers: Document = {
      ...doc,
      artboards: doc.artboards.map((a) => ({
        ...a,
        layers: a.layers.map((l) => ({ ...l, objectIds: new Set<string>() })),
      })),
    }
    expect(expectCode(() => panViewport(foreignLayers, { x: 1, y: 1 }), 'invalid-argument').message).toMatch(
      /objectIds was not made by vector-model/,
    )
    const draft = beginBatch(doc)
    draft.beginChange()
    createShape(draft, {
      shapeId: 's',
      layerId: 'l1',
      shapeType: 'rectangle',
      parameters: { centerX: 0, centerY: 0, width: 2, height: 2 },
    })
    const change = draft.recordedChange()
    const before = draft.commit()
    const forged: ContentChange = {
      ...change,
      before: { ...change.before, artboards: foreignLayers.artboards },
    }
    expectCode(() => draft.applyChange(forged, 'before'), 'invalid-argument')
    expect(draft.recording).toBe(true)
    expect(draft.commit()).toBe(before)
  })

  it('recordedChange without a recording is a typed error; endChange stops recording', () => {
    const draft = beginBatch(twoBoards())
    expectCode(() => draft.recordedChange(), 'invalid-argument')
    draft.beginChange()
    expect(draft.recording).toBe(true)
    draft.endChange()
    expect(draft.recording).toBe(false)
    expectCode(() => draft.recordedChange(), 'invalid-argument')
  })
})
