/**
 * @wiretuner/vector-model: the immutable vector document (artboards → layers → objects), its
 * operations (one per event effect; each takes a Document and returns a new one, or takes a
 * DocumentDraft in batch mode and mutates it), geometry, JSON serialization and SVG export.
 */

export {
  allObjects,
  artboardCount,
  findLayerArtboard,
  findObjectLayer,
  getArtboard,
  getLayer,
  getObject,
  layerCount,
  layerObjects,
  listArtboards,
  objectCount,
} from './accessors.js'
export {
  applyToPoint,
  applyToVector,
  compose,
  IDENTITY,
  invert,
  isIdentity,
  rotation,
  scaling,
  translation,
} from './affine.js'
export type { ContentChangeResult } from './change-json.js'
export { contentChangeFromJson, contentChangeToJson } from './change-json.js'
export type { ContentChange, ContentSide } from './content-change.js'
export type {
  CreateArtboardParams,
  CreateDocumentParams,
  CreateLayerParams,
  DocumentMetadataParams,
  ModifyArtboardParams,
  ModifyLayerParams,
} from './document-ops.js'
export {
  createArtboard,
  createDocument,
  createLayer,
  DEFAULT_BACKGROUND,
  DEFAULT_TITLE,
  deleteArtboard,
  deleteLayer,
  modifyArtboard,
  modifyLayer,
  reorderLayer,
  restoreContent,
  setDocumentMetadata,
} from './document-ops.js'
export type { EqualityOptions } from './equality.js'
export { documentsEqual } from './equality.js'
export type { VectorModelErrorCode } from './errors.js'
export { VectorModelError } from './errors.js'
export type { DrawingOrderOptions, HitTestOptions } from './geometry.js'
export {
  drawingOrder,
  drawingOrderOfObjects,
  flattenObject,
  hitTest,
  hitTestCandidates,
  hitTestObject,
  hitTestTopmost,
  objectBounds,
  objectOutline,
  objectPaintBounds,
  strokeHalfWidth,
  unionBounds,
} from './geometry.js'
export type { CreateShapeParams, StyleChange } from './object-ops.js'
export {
  createShape,
  DEFAULT_STYLE,
  deleteObjects,
  moveObjects,
  objectsCenter,
  rotateObjects,
  scaleObjects,
  setStyle,
  setTransform,
} from './object-ops.js'
export { idListOf } from './ordered-id-set.js'
export type { DocumentMigration, DocumentParseResult, ParseOptions } from './parse.js'
export { documentFromJson, parseDocument } from './parse.js'
export type { AddAnchorParams, CreatePathParams, ModifyAnchorParams } from './path-ops.js'
export { addAnchor, createPath, deleteAnchor, finishPath, modifyAnchor } from './path-ops.js'
export { renderHash, renderHashEquals } from './render-hash.js'
export { DOCUMENT_FORMAT, documentToJson, serializeDocument } from './serialize.js'
export { shapeToAnchors } from './shapes.js'
export type { EditTarget } from './store.js'
export { beginBatch, DOCUMENT_FORMAT_VERSION, DocumentDraft } from './store.js'
export type { SvgOptions } from './svg.js'
export { exportSvg, pathData } from './svg.js'
export type { Tessellation, TessellationOptions } from './tessellation.js'
export {
  decodeTessellation,
  TESSELLATION_HEADER_BYTES,
  TESSELLATION_MAGIC,
  TESSELLATION_PIXEL_TOLERANCE,
  TESSELLATION_VERSION,
  tessellateObject,
} from './tessellation.js'
export type {
  Anchor,
  AnchorType,
  Artboard,
  Bounds,
  Document,
  EllipseParameters,
  IdList,
  Layer,
  ObjectBase,
  ObjectTable,
  PathObject,
  Point,
  PolygonParameters,
  RectangleParameters,
  Selection,
  SelectionMode,
  ShapeObject,
  ShapeSpec,
  ShapeType,
  Size,
  StarParameters,
  Style,
  Transform,
  VectorObject,
  Viewport,
} from './types.js'
export {
  clearSelection,
  DEFAULT_CANVAS_SIZE,
  deselectObjects,
  EMPTY_SELECTION,
  MAX_ZOOM,
  MIN_ZOOM,
  panViewport,
  resetViewport,
  screenToWorld,
  selectAnchors,
  selectObjects,
  setCanvasSize,
  worldToScreen,
  zoomViewport,
} from './view-ops.js'
export type { ZRank } from './z-order.js'
export { zRanker } from './z-order.js'
