/**
 * Serialization: deterministic bytes, versioning and the migration hook, and typed refusals of
 * damaged input (result unions, never exceptions).
 */
import {
  allObjects,
  beginBatch,
  clearSelection,
  createShape,
  DOCUMENT_FORMAT,
  DOCUMENT_FORMAT_VERSION,
  deleteObjects,
  documentsEqual,
  modifyArtboard,
  modifyLayer,
  moveObjects,
  objectCount,
  panViewport,
  parseDocument,
  reorderLayer,
  selectObjects,
  serializeDocument,
  setDocumentMetadata,
  setStyle,
} from '@wiretuner/vector-model'
import { describe, expect, it } from 'vitest'
import { twoBoards } from './helpers.ts'

function sample() {
  let d = createShape(twoBoards(), {
    shapeId: 'r',
    layerId: 'l2',
    shapeType: 'rectangle',
    parameters: { centerX: 1, centerY: 2, width: 3, height: 4, cornerRadius: 1 },
    style: { opacity: 0.5, fill: '#ABCDEF' },
  })
  d = moveObjects(d, ['r'], { x: 0.1, y: 0.2 })
  return selectObjects(d, ['r'], 'replace')
}

describe('serializeDocument', () => {
  it('writes the same bytes for equal documents built separately', () => {
    const a = sample()
    const b = sample()
    expect(a).not.toBe(b)
    expect(serializeDocument(a)).toBe(serializeDocument(b))
  })

  it('writes format, schemaVersion and style fields in canonical order', () => {
    const raw = JSON.parse(serializeDocument(sample()))
    expect(raw.format).toBe(DOCUMENT_FORMAT)
    expect(raw.schemaVersion).toBe(DOCUMENT_FORMAT_VERSION)
    expect(Object.keys(raw.artboards[0].layers[1].objects[0].style)).toEqual(['fill', 'opacity'])
    expect(Object.keys(raw)).toEqual([
      'format',
      'schemaVersion',
      'id',
      'title',
      'author',
      'artboards',
      'selection',
      'viewport',
    ])
  })
})

describe('parseDocument', () => {
  it('gives a document whose object table is complete and editable in batch mode', () => {
    let d = twoBoards()
    for (let i = 0; i < 300; i++) {
      d = createShape(d, {
        shapeId: `s${i}`,
        layerId: i % 2 === 0 ? 'l1' : 'l3',
        shapeType: 'ellipse',
        parameters: { centerX: i, centerY: 0, radiusX: 1, radiusY: 1 },
      })
    }
    const parsed = parseDocument(serializeDocument(d))
    if (!parsed.ok) throw parsed.error
    expect(parsed.document.objects.size).toBe(300)
    expect([...parsed.document.objects.values()]).toHaveLength(300)
    const draft = beginBatch(parsed.document)
    deleteObjects(draft, ['s0', 's1'])
    createShape(draft, {
      shapeId: 'extra',
      shapeType: 'ellipse',
      parameters: { centerX: 0, centerY: 0, radiusX: 1, radiusY: 1 },
    })
    const edited = draft.commit()
    expect([edited.objects.size, parsed.document.objects.size]).toEqual([299, 300])
    expect(objectCount(edited)).toBe(allObjects(edited).length)
  })

  it('upgrades an older version through the migration hook', () => {
    const current = JSON.parse(serializeDocument(sample()))
    // a made-up version 0 that called the title "name"
    const { title, ...rest } = current
    const v0 = { ...rest, schemaVersion: 0, name: title }
    const migrated = parseDocument(JSON.stringify(v0), {
      migrations: {
        0: (raw) => {
          const { name, ...others } = raw
          return { ...others, title: name }
        },
      },
    })
    expect(migrated.ok).toBe(true)
    if (!migrated.ok) return
    expect(migrated.migratedFrom).toBe(0)
    expect(documentsEqual(migrated.document, sample())).toBe(true)
    const refused = parseDocument(JSON.stringify(v0))
    expect(refused.ok || refused.error.code).toBe('unsupported-version')
  })

  it('refuses newer versions, bad JSON and damaged structure with precise errors', () => {
    const good = JSON.parse(serializeDocument(sample()))
    const cases: [unknown, string, string][] = [
      [{ ...good, schemaVersion: DOCUMENT_FORMAT_VERSION + 1 }, 'unsupported-version', 'newer'],
      [{ ...good, format: 'other' }, 'invalid-document', 'format'],
      [{ ...good, viewport: { ...good.viewport, zoom: 0 } }, 'invalid-document', 'viewport.zoom'],
      [{ ...good, selection: { objectIds: ['ghost'], anchors: {} } }, 'invalid-document', 'ghost'],
      [
        { ...good, selection: { objectIds: ['r'], anchors: { r: [0] } } },
        'invalid-document',
        'selection.anchors.r',
      ],
    ]
    const broken = structuredClone(good)
    broken.artboards[0].layers[1].objects[0].style.fill = 'blue'
    cases.push([broken, 'invalid-document', 'fill'])
    const dup = structuredClone(good)
    dup.artboards[1].layers[0].objects.push(good.artboards[0].layers[1].objects[0])
    cases.push([dup, 'duplicate-id', '"r"'])
    const noAnchors = structuredClone(good)
    noAnchors.artboards[0].layers[1].objects[0] = {
      ...noAnchors.artboards[0].layers[1].objects[0],
      kind: 'path',
    }
    cases.push([noAnchors, 'invalid-document', 'anchors'])
    for (const [raw, code, mention] of cases) {
      const r = parseDocument(JSON.stringify(raw))
      expect(r.ok).toBe(false)
      if (r.ok) continue
      expect(r.error.code).toBe(code)
      expect(r.error.message).toContain(mention)
    }
    const notJson = parseDocument('{"format":')
    expect(notJson.ok || notJson.error.code).toBe('invalid-document')
  })
})

describe('documentsEqual', () => {
  it('detects a difference in every part and honours the tolerance and viewport options', () => {
    const base = sample()
    const changed = [
      setDocumentMetadata(base, { title: 'other' }),
      modifyArtboard(base, { artboardId: 'a2', name: 'renamed' }),
      reorderLayer(base, 'l1', 1),
      modifyLayer(base, { layerId: 'l3', locked: true }),
      setStyle(base, ['r'], { fill: '#000001' }),
      clearSelection(base),
      createShape(base, {
        shapeId: 'n',
        shapeType: 'ellipse',
        parameters: { centerX: 0, centerY: 0, radiusX: 1, radiusY: 1 },
      }),
    ]
    for (const d of changed) expect(documentsEqual(d, base)).toBe(false)
    const panned = panViewport(base, { x: 1, y: 0 })
    expect(documentsEqual(panned, base)).toBe(false)
    expect(documentsEqual(panned, base, { viewport: false })).toBe(true)
    const nudged = moveObjects(base, ['r'], { x: 1e-12, y: 0 })
    expect(documentsEqual(nudged, base)).toBe(false)
    expect(documentsEqual(nudged, base, { tolerance: 1e-9 })).toBe(true)
    expect(documentsEqual(sample(), base)).toBe(true)
  })
})
