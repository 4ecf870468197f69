/**
 * Thumbnails of a document (the whole document and each artboard) for `thumbnails_cache`: the SVG
 * export rendered by an injected renderer (replay stays platform-free; the CLI injects resvg). A
 * stored thumbnail is reused only when its checksum holds and its content hash is the hash of the
 * current SVG export; otherwise it is rendered again and replaced.
 */
import type { RenderCacheStore } from '@wiretuner/io-services'
import { type Document, exportSvg } from '@wiretuner/vector-model'
import { ReplayError } from './errors.js'
import { textHash } from './render-cache-rows.js'

/** A rendered PNG. */
export interface RenderedThumbnail {
  readonly png: Uint8Array
  readonly width: number
  readonly height: number
}

/** Renders an SVG document to a PNG thumbnail (at most 50 KB, as the seed says). */
export type ThumbnailRenderer = (svg: string) => RenderedThumbnail

/** A thumbnail as the session hands it over: the PNG and whether it came from the cache. */
export interface Thumbnail extends RenderedThumbnail {
  readonly artboardId?: string
  readonly fromCache: boolean
}

/** The largest thumbnail the seed allows. */
export const MAX_THUMBNAIL_BYTES = 50 * 1024

function svgOf(document: Document, artboardId: string | undefined): string {
  return exportSvg(document, artboardId === undefined ? {} : { artboardId })
}

/**
 * The thumbnail of the artboard (or the whole document) at `sequence`: the stored one when it is
 * intact and made from the same SVG, else rendered now (and stored when `store` is writable).
 */
export function thumbnailOf(
  document: Document,
  sequence: number,
  artboardId: string | undefined,
  renderer: ThumbnailRenderer,
  store:
    | { readonly cache: RenderCacheStore; readonly documentId: string; readonly writable: boolean }
    | undefined,
): Thumbnail {
  if (artboardId !== undefined && !document.artboards.some((a) => a.id === artboardId)) {
    throw new ReplayError(
      'not-applicable',
      `thumbnail: document ${document.id} has no artboard ${artboardId}`,
    )
  }
  const svg = svgOf(document, artboardId)
  const contentHash = textHash(svg)
  const stored = store?.cache.readThumbnail(store.documentId, artboardId)
  const key = artboardId === undefined ? {} : { artboardId }
  if (stored?.intact === true && stored.contentHash === contentHash) {
    return { ...key, png: stored.png, width: stored.width, height: stored.height, fromCache: true }
  }
  const rendered = renderer(svg)
  if (rendered.png.length > MAX_THUMBNAIL_BYTES) {
    throw new ReplayError(
      'storage-failed',
      `thumbnail: the renderer made ${rendered.png.length} bytes, more than the ${MAX_THUMBNAIL_BYTES} a thumbnail may hold`,
    )
  }
  if (store?.writable === true) {
    store.cache.writeThumbnail(store.documentId, {
      ...key,
      eventSequence: sequence,
      contentHash,
      ...rendered,
    })
  }
  return { ...key, ...rendered, fromCache: false }
}

/** Refreshes the stored thumbnails of the whole document and of every artboard; returns how many were rendered. */
export function refreshThumbnails(
  document: Document,
  sequence: number,
  renderer: ThumbnailRenderer,
  store: { readonly cache: RenderCacheStore; readonly documentId: string; readonly writable: boolean },
): number {
  let rendered = 0
  for (const artboardId of [undefined, ...document.artboards.map((a) => a.id)]) {
    if (!thumbnailOf(document, sequence, artboardId, renderer, store).fromCache) rendered++
  }
  return rendered
}
