/**
 * Golden documents for the SVG rendering tests (shared by the test and `update-goldens.ts`):
 * each is built through the public operations and exported to a 200×200 SVG.
 */
import {
  addAnchor,
  createArtboard,
  createDocument,
  createLayer,
  createPath,
  createShape,
  type Document,
  finishPath,
  modifyLayer,
  moveObjects,
  rotateObjects,
  scaleObjects,
  setStyle,
} from '@wiretuner/vector-model'

/** A golden case: a document and the artboard to export (or all). */
export interface GoldenCase {
  readonly name: string
  readonly doc: Document
  readonly artboardId?: string
}

function base(id: string, title: string, x = 0): Document {
  let d = createDocument({ id, title })
  d = createArtboard(d, {
    artboardId: 'ab',
    name: 'Main',
    bounds: { x, y: 0, width: 200, height: 200 },
    backgroundColor: '#F0F0F0',
  })
  d = createLayer(d, { layerId: 'bottom', artboardId: 'ab', name: 'Bottom' })
  d = createLayer(d, { layerId: 'top', artboardId: 'ab', name: 'Top' })
  return d
}

/** Four shape kinds with fills, strokes, opacity and a rounded corner. */
function shapes(): Document {
  let d = base('golden-shapes', 'Shapes & <styles>')
  d = createShape(d, {
    shapeId: 'rect',
    layerId: 'bottom',
    shapeType: 'rectangle',
    parameters: { centerX: 50, centerY: 50, width: 80, height: 60, cornerRadius: 15 },
    style: { fill: '#D03030', stroke: '#000000', strokeWidth: 3 },
  })
  d = createShape(d, {
    shapeId: 'ellipse',
    layerId: 'bottom',
    shapeType: 'ellipse',
    parameters: { centerX: 150, centerY: 50, radiusX: 40, radiusY: 25 },
    style: { stroke: '#2040C0', strokeWidth: 6 },
  })
  d = createShape(d, {
    shapeId: 'poly',
    layerId: 'top',
    shapeType: 'polygon',
    parameters: { centerX: 50, centerY: 145, radius: 40, sides: 6 },
    style: { fill: '#30A040', opacity: 0.5 },
  })
  d = createShape(d, {
    shapeId: 'star',
    layerId: 'top',
    shapeType: 'star',
    parameters: { centerX: 150, centerY: 145, outerRadius: 45, innerRadius: 18, points: 5 },
    style: { fill: '#F0C000', stroke: '#804000', strokeWidth: 2 },
  })
  return d
}

/** Transformed objects, layer order (top over bottom) and a hidden layer. */
function transforms(): Document {
  let d = base('golden-transforms', 'Transforms')
  d = createLayer(d, { layerId: 'hidden', artboardId: 'ab', name: 'Hidden' })
  d = createShape(d, {
    shapeId: 'under',
    layerId: 'bottom',
    shapeType: 'rectangle',
    parameters: { centerX: 100, centerY: 100, width: 120, height: 40 },
    style: { fill: '#2060D0' },
  })
  d = createShape(d, {
    shapeId: 'over',
    layerId: 'top',
    shapeType: 'rectangle',
    parameters: { centerX: 100, centerY: 100, width: 120, height: 40 },
    style: { fill: '#E04040' },
  })
  d = rotateObjects(d, ['over'], Math.PI / 2)
  d = createShape(d, {
    shapeId: 'moved',
    layerId: 'top',
    shapeType: 'ellipse',
    parameters: { centerX: 30, centerY: 30, radiusX: 15, radiusY: 15 },
    style: { fill: '#10A010' },
  })
  d = moveObjects(d, ['moved'], { x: 130, y: 130 })
  d = scaleObjects(d, ['moved'], 1.5, 0.6)
  d = createShape(d, {
    shapeId: 'ghost',
    layerId: 'hidden',
    shapeType: 'rectangle',
    parameters: { centerX: 30, centerY: 170, width: 40, height: 40 },
    style: { fill: '#000000' },
  })
  d = modifyLayer(d, { layerId: 'hidden', visible: false })
  return d
}

/** Pen paths: an open stroked curve, a closed filled curve, and a styled polyline. */
function curves(): Document {
  let d = base('golden-curves', 'Curves')
  d = createPath(d, {
    pathId: 'wave',
    layerId: 'bottom',
    startAnchor: { x: 20, y: 60 },
    style: { stroke: '#C02080', strokeWidth: 5 },
  })
  d = addAnchor(d, {
    pathId: 'wave',
    position: { x: 100, y: 60 },
    anchorType: 'bezier',
    handleIn: { x: -40, y: -50 },
    handleOut: { x: 40, y: 50 },
  })
  d = addAnchor(d, {
    pathId: 'wave',
    position: { x: 180, y: 60 },
    anchorType: 'bezier',
    handleIn: { x: -40, y: 0 },
  })
  d = finishPath(d, 'wave', false)
  d = createPath(d, {
    pathId: 'drop',
    layerId: 'top',
    startAnchor: { x: 60, y: 110 },
    style: { fill: '#20A0A0' },
  })
  d = addAnchor(d, {
    pathId: 'drop',
    position: { x: 100, y: 180 },
    anchorType: 'bezier',
    handleIn: { x: 40, y: 0 },
    handleOut: { x: -40, y: 0 },
  })
  d = finishPath(d, 'drop', true)
  d = createPath(d, { pathId: 'zig', layerId: 'top', startAnchor: { x: 120, y: 180 } })
  d = addAnchor(d, { pathId: 'zig', position: { x: 140, y: 120 }, anchorType: 'line' })
  d = addAnchor(d, { pathId: 'zig', position: { x: 160, y: 180 }, anchorType: 'line' })
  d = addAnchor(d, { pathId: 'zig', position: { x: 180, y: 120 }, anchorType: 'line' })
  d = setStyle(d, ['zig'], { stroke: '#404040', strokeWidth: 4 })
  return d
}

/** One artboard out of two, placed away from the origin and exported alone. */
function secondArtboard(): Document {
  let d = base('golden-artboard', 'Artboards')
  d = createArtboard(d, {
    artboardId: 'ab2',
    name: 'Second "board"',
    bounds: { x: 300, y: 50, width: 200, height: 200 },
    backgroundColor: '#FFFFE0',
  })
  d = createLayer(d, { layerId: 'l2', artboardId: 'ab2' })
  d = createShape(d, {
    shapeId: 'first-board',
    layerId: 'top',
    shapeType: 'rectangle',
    parameters: { centerX: 100, centerY: 100, width: 50, height: 50 },
    style: { fill: '#FF0000' },
  })
  d = createShape(d, {
    shapeId: 'circle',
    shapeType: 'ellipse',
    parameters: { centerX: 400, centerY: 150, radiusX: 60, radiusY: 60 },
    style: { fill: '#8040C0', stroke: '#000000', strokeWidth: 4 },
  })
  d = createShape(d, {
    shapeId: 'clipped',
    shapeType: 'rectangle',
    parameters: { centerX: 300, centerY: 50, width: 80, height: 80 },
    style: { fill: '#00A000' },
  })
  return d
}

/** Every golden case. */
export function goldenCases(): GoldenCase[] {
  return [
    { name: 'shapes', doc: shapes() },
    { name: 'transforms', doc: transforms() },
    { name: 'curves', doc: curves() },
    { name: 'artboard', doc: secondArtboard(), artboardId: 'ab2' },
  ]
}
