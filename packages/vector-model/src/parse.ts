/**
 * Parsing of serialized documents: validation with precise paths, versioning (`schemaVersion`)
 * and a migration hook that upgrades older versions step by step before the document is built.
 * Expected failures are returned as a result union, never thrown.
 */
import { VectorModelError } from './errors.js'
import { HamtMap } from './hamt.js'
import { arr, bool, rec, str, W } from './json-read.js'
import { OrderedIdSet } from './ordered-id-set.js'
import { readObject } from './read-object.js'
import { DOCUMENT_FORMAT, point } from './serialize.js'
import { DOCUMENT_FORMAT_VERSION, type StoredArtboard, type StoredLayer } from './store.js'
import type { Document, Selection, VectorObject, Viewport } from './types.js'
import { checkBounds, checkColour, checkId, checkPoint, checkPositive } from './validate.js'

/** Upgrades a raw document of version n to version n + 1. */
export type DocumentMigration = (raw: Record<string, unknown>) => Record<string, unknown>

/** Built-in migrations by source version (none yet: version 1 is the first). */
export const DOCUMENT_MIGRATIONS: Readonly<Record<number, DocumentMigration>> = Object.freeze({})

/** Options of {@link parseDocument}. */
export interface ParseOptions {
  /** Extra migrations by source version, consulted before the built-in ones. */
  readonly migrations?: Readonly<Record<number, DocumentMigration>>
}

/** Result of parsing: the document or the reason it was refused. */
export type DocumentParseResult =
  | { readonly ok: true; readonly document: Document; readonly migratedFrom?: number }
  | { readonly ok: false; readonly error: VectorModelError }

function readSelection(v: unknown, objects: HamtMap<VectorObject>): Selection {
  const r = rec(v, 'selection')
  const objectIds = arr(r.objectIds, 'selection.objectIds').map((id, i) =>
    typeof id === 'string' ? id : str(id, `selection.objectIds[${i}]`),
  )
  const anchors: Record<string, readonly number[]> = {}
  const raw = rec(r.anchors, 'selection.anchors')
  for (const k of Object.keys(raw).sort()) {
    anchors[k] = arr(raw[k], `selection.anchors.${k}`).map((n) => {
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
        throw new VectorModelError(
          'invalid-document',
          `${W}: selection.anchors.${k} must hold anchor indices`,
        )
      }
      return n
    })
  }
  for (const id of objectIds) {
    if (!objects.has(id))
      throw new VectorModelError('invalid-document', `${W}: selection names unknown object "${id}"`)
  }
  for (const [id, indices] of Object.entries(anchors)) {
    const obj = objects.get(id)
    if (obj?.kind !== 'path' || indices.some((i) => i >= obj.anchors.length)) {
      throw new VectorModelError(
        'invalid-document',
        `${W}: selection.anchors.${id} does not name anchors of a path`,
      )
    }
  }
  return { objectIds, anchors }
}

function readViewport(v: unknown): Viewport {
  const r = rec(v, 'viewport')
  checkPoint(r.pan, W, 'viewport.pan')
  checkPositive(r.zoom, W, 'viewport.zoom')
  const c = rec(r.canvasSize, 'viewport.canvasSize')
  checkPositive(c.width, W, 'viewport.canvasSize.width')
  checkPositive(c.height, W, 'viewport.canvasSize.height')
  return { pan: point(r.pan), zoom: r.zoom, canvasSize: { width: c.width, height: c.height } }
}

/**
 * Reads the objects of layer `layerId` (at `path`), appending their ids and records to `ids` and
 * `records` (the document's objects are then built in one pass), and gives the layer's ids in
 * order.
 */
function readLayerObjects(
  list: readonly unknown[],
  layerId: string,
  path: string,
  ids: string[],
  records: VectorObject[],
): OrderedIdSet {
  const first = ids.length
  for (let i = 0; i < list.length; i++) {
    const obj = readObject(list[i], layerId, path, i)
    ids.push(obj.id)
    records.push(obj)
  }
  return OrderedIdSet.from(ids.slice(first))
}

/** The objects table of every object read (throws `duplicate-id` naming the first id met twice). */
function objectTable(ids: readonly string[], records: readonly VectorObject[]): HamtMap<VectorObject> {
  const built = HamtMap.fromEntries(ids, records)
  if (built instanceof HamtMap) return built
  const seen = new Set<string>()
  const twice = ids.find((id) => seen.size === seen.add(id).size) ?? built.duplicate
  throw new VectorModelError('duplicate-id', `${W}: object "${twice}" appears twice`)
}

/** Builds a document from a raw value of the current version (throws `invalid-document`). */
function buildDocument(r: Record<string, unknown>): Document {
  checkId(r.id, W, 'id')
  const title = str(r.title, 'title')
  const author = r.author === undefined ? undefined : str(r.author, 'author')
  const objectIds: string[] = []
  const records: VectorObject[] = []
  const layerIds = new Set<string>()
  const artboardIds = new Set<string>()
  const artboards = arr(r.artboards, 'artboards').map((a, ai): StoredArtboard => {
    const ab = rec(a, `artboards[${ai}]`)
    checkId(ab.id, W, `artboards[${ai}].id`)
    if (artboardIds.has(ab.id))
      throw new VectorModelError('duplicate-id', `${W}: artboard "${ab.id}" appears twice`)
    artboardIds.add(ab.id)
    checkBounds(ab.bounds, W, `artboards[${ai}].bounds`)
    checkColour(ab.backgroundColor, W, `artboards[${ai}].backgroundColor`)
    const layers = arr(ab.layers, `artboards[${ai}].layers`).map((l, li): StoredLayer => {
      const p = `artboards[${ai}].layers[${li}]`
      const lr = rec(l, p)
      checkId(lr.id, W, `${p}.id`)
      if (layerIds.has(lr.id))
        throw new VectorModelError('duplicate-id', `${W}: layer "${lr.id}" appears twice`)
      layerIds.add(lr.id)
      const ids = readLayerObjects(arr(lr.objects, `${p}.objects`), lr.id, p, objectIds, records)
      return {
        id: lr.id,
        name: str(lr.name, `${p}.name`),
        visible: bool(lr.visible, `${p}.visible`),
        locked: bool(lr.locked, `${p}.locked`),
        objectIds: ids,
      }
    })
    const { id, backgroundColor } = ab
    const name = str(ab.name, `artboards[${ai}].name`)
    const bounds = { x: ab.bounds.x, y: ab.bounds.y, width: ab.bounds.width, height: ab.bounds.height }
    if (ab.preset === undefined) return { id, name, bounds, backgroundColor, layers }
    const preset = str(ab.preset, `artboards[${ai}].preset`)
    return { id, name, bounds, backgroundColor, preset, layers }
  })
  const frozen = objectTable(objectIds, records)
  return {
    schemaVersion: DOCUMENT_FORMAT_VERSION,
    id: r.id,
    title,
    ...(author === undefined ? {} : { author }),
    artboards,
    objects: frozen,
    selection: readSelection(r.selection, frozen),
    viewport: readViewport(r.viewport),
  }
}

/**
 * Parses a serialized document. Older versions are upgraded through the migrations (option
 * first, then built-in); a newer or unmigratable version gives `unsupported-version`, bad JSON
 * or structure `invalid-document` (or `duplicate-id`), never an exception.
 */
export function parseDocument(json: string, options: ParseOptions = {}): DocumentParseResult {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch (cause) {
    return { ok: false, error: new VectorModelError('invalid-document', `${W}: not valid JSON`, { cause }) }
  }
  return documentFromJson(raw, options)
}

/** Like {@link parseDocument} for an already parsed JSON value. */
export function documentFromJson(raw: unknown, options: ParseOptions = {}): DocumentParseResult {
  try {
    let r = rec(raw, 'document')
    if (r.format !== DOCUMENT_FORMAT) {
      throw new VectorModelError('invalid-document', `${W}: format must be "${DOCUMENT_FORMAT}"`)
    }
    const from = r.schemaVersion
    if (typeof from !== 'number' || !Number.isInteger(from) || from < 0) {
      throw new VectorModelError('invalid-document', `${W}: schemaVersion must be a non-negative integer`)
    }
    if (from > DOCUMENT_FORMAT_VERSION) {
      throw new VectorModelError(
        'unsupported-version',
        `${W}: schemaVersion ${from} is newer than supported ${DOCUMENT_FORMAT_VERSION}`,
      )
    }
    for (let v = from; v < DOCUMENT_FORMAT_VERSION; v++) {
      const step = options.migrations?.[v] ?? DOCUMENT_MIGRATIONS[v]
      if (step === undefined) {
        throw new VectorModelError(
          'unsupported-version',
          `${W}: no migration from schemaVersion ${v} to ${v + 1}`,
        )
      }
      r = { ...rec(step(r), `migrated document (v${v + 1})`), schemaVersion: v + 1 }
    }
    const document = buildDocument(r)
    return from === DOCUMENT_FORMAT_VERSION
      ? { ok: true, document }
      : { ok: true, document, migratedFrom: from }
  } catch (error) {
    if (error instanceof VectorModelError) {
      return {
        ok: false,
        error:
          error.code === 'invalid-argument'
            ? new VectorModelError('invalid-document', error.message, { cause: error })
            : error,
      }
    }
    return {
      ok: false,
      error: new VectorModelError('invalid-document', `${W}: ${String(error)}`, { cause: error }),
    }
  }
}
