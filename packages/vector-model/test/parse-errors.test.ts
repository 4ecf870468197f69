/**
 * Parse errors name the exact path and reason of the first wrong value (the parser builds paths
 * only when a value is wrong; these messages are the contract it keeps).
 */
import { documentFromJson } from '@wiretuner/vector-model'
import { describe, expect, it } from 'vitest'

const identity = { a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 }

function raw() {
  return {
    format: 'wiretuner.vector-document',
    schemaVersion: 1,
    id: 'doc',
    title: 'Doc',
    artboards: [
      {
        id: 'a1',
        name: 'A1',
        bounds: { x: 0, y: 0, width: 100, height: 100 },
        backgroundColor: '#FFFFFF',
        layers: [
          {
            id: 'l1',
            name: 'L1',
            visible: true,
            locked: false,
            objects: [
              {
                kind: 'shape',
                id: 'r',
                style: { fill: '#000000' },
                transform: { ...identity },
                shapeType: 'rectangle',
                parameters: { centerX: 1, centerY: 2, width: 3, height: 4 },
              },
              {
                kind: 'path',
                id: 'p',
                style: { stroke: '#000000' },
                transform: { ...identity },
                anchors: [
                  { position: { x: 0, y: 0 }, anchorType: 'corner' },
                  { position: { x: 1, y: 1 }, handleIn: { x: 0, y: 1 }, anchorType: 'smooth' },
                ],
                closed: false,
              },
            ],
          },
        ],
      },
    ],
    selection: { objectIds: [], anchors: {} },
    viewport: { pan: { x: 0, y: 0 }, zoom: 1, canvasSize: { width: 800, height: 600 } },
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the cases damage raw JSON freely
type Objects = any[]

const O = 'artboards[0].layers[0].objects'
const cases: [string, (o: Objects) => void, string][] = [
  ['an object that is no object', (o) => (o[0] = 7), `parseDocument: ${O}[0] must be an object`],
  ['an empty id', (o) => (o[0].id = ''), `parseDocument: ${O}[0].id must be a non-empty string`],
  ['a style array', (o) => (o[0].style = []), `parseDocument: ${O}[0].style must be an object`],
  [
    'a bad fill',
    (o) => (o[0].style.fill = 'red'),
    `parseDocument ${O}[0].style: fill must be a #RRGGBB colour`,
  ],
  [
    'a negative stroke width',
    (o) => (o[0].style.strokeWidth = -1),
    `parseDocument ${O}[0].style: strokeWidth must be >= 0 (got -1)`,
  ],
  [
    'a bad stroke after a good fill',
    (o) => (o[0].style.stroke = '#00000'),
    `parseDocument ${O}[0].style: stroke must be a #RRGGBB colour`,
  ],
  [
    'a stroke width that is no number',
    (o) => (o[0].style.strokeWidth = 'x'),
    `parseDocument ${O}[0].style: strokeWidth must be a finite number`,
  ],
  [
    'an opacity below 0 after a bad stroke width (the first problem is named)',
    (o) => {
      o[1].style.strokeWidth = -2
      o[1].style.opacity = -1
    },
    `parseDocument ${O}[1].style: strokeWidth must be >= 0 (got -2)`,
  ],
  [
    'an opacity above 1',
    (o) => (o[1].style.opacity = 2),
    `parseDocument ${O}[1].style: opacity must be within 0..1 (got 2)`,
  ],
  ['a null transform', (o) => (o[0].transform = null), `parseDocument: ${O}[0].transform must be an object`],
  [
    'a transform field that is no number',
    (o) => (o[0].transform.e = 'x'),
    `parseDocument: ${O}[0].transform.e must be a finite number`,
  ],
  ['an unknown kind', (o) => (o[0].kind = 'text'), `parseDocument: ${O}[0].kind must be path or shape`],
  [
    'parameters that are no object',
    (o) => (o[0].parameters = 3),
    `parseDocument: ${O}[0].parameters must be an object`,
  ],
  [
    'a zero width',
    (o) => (o[0].parameters.width = 0),
    `parseDocument ${O}[0]: parameters.width must be > 0 (got 0)`,
  ],
  [
    'an unknown shape type',
    (o) => (o[0].shapeType = 'blob'),
    `parseDocument ${O}[0]: unknown shapeType "blob"`,
  ],
  [
    'anchors that are no array',
    (o) => (o[1].anchors = {}),
    `parseDocument: ${O}[1].anchors must be an array`,
  ],
  [
    'an anchor that is no object',
    (o) => (o[1].anchors[1] = 'a'),
    `parseDocument: ${O}[1].anchors[1] must be an object`,
  ],
  [
    'a position without y',
    (o) => (o[1].anchors[0].position = { x: 1 }),
    `parseDocument: ${O}[1].anchors[0].position must be a point {x, y} of finite numbers`,
  ],
  [
    'an infinite handle',
    (o) => (o[1].anchors[1].handleIn = { x: 1, y: Number.POSITIVE_INFINITY }),
    `parseDocument: ${O}[1].anchors[1].handleIn must be a point {x, y} of finite numbers`,
  ],
  [
    'an unknown anchor type',
    (o) => (o[1].anchors[1].anchorType = 'round'),
    `parseDocument: ${O}[1].anchors[1].anchorType must be corner, smooth or symmetric`,
  ],
  [
    'a closed flag that is no boolean',
    (o) => (o[1].closed = 'yes'),
    `parseDocument: ${O}[1].closed must be a boolean`,
  ],
]

describe('documentFromJson errors', () => {
  it.each(cases)('names the path of %s', (_, damage, message) => {
    const r = raw()
    damage(r.artboards[0]?.layers[0]?.objects as Objects)
    const parsed = documentFromJson(r)
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect([parsed.error.code, parsed.error.message]).toEqual(['invalid-document', message])
  })

  it('refuses an object id met before with duplicate-id', () => {
    const r = raw()
    const objects = r.artboards[0]?.layers[0]?.objects as Objects
    objects[1].id = 'r'
    const parsed = documentFromJson(r)
    expect(parsed.ok || [parsed.error.code, parsed.error.message]).toEqual([
      'duplicate-id',
      'parseDocument: object "r" appears twice',
    ])
  })

  it('accepts the undamaged document', () => {
    expect(documentFromJson(raw()).ok).toBe(true)
  })
})
