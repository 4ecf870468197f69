/**
 * SVG export of a whole document or one artboard: each artboard as its background and its visible
 * layers bottom-up (clipped to the artboard), objects as `<path>` elements with their affine
 * transform and style. Curved segments are cubic `C` commands, straight ones `L`; closed paths end
 * with `Z` (one implicit closing segment). Numbers use a fixed precision; text is XML-escaped.
 */
import { isIdentity } from './affine.js'
import { VectorModelError } from './errors.js'
import { anchorSegments, objectOutline } from './geometry.js'
import type { Artboard, Bounds, Document, Point, VectorObject } from './types.js'

/** Options of {@link exportSvg}. */
export interface SvgOptions {
  /** Export only this artboard (the SVG's viewBox is its bounds). Default: every artboard. */
  readonly artboardId?: string
  /** Digits after the decimal point. Default 3. */
  readonly precision?: number
  /** Clip each artboard's content to its bounds. Default true. */
  readonly clip?: boolean
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  )
}

/** Formats a number at `precision` digits, without trailing zeros and without `-0`. */
export function formatNumber(n: number, precision = 3): string {
  let s = n.toFixed(precision)
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '')
  return s === '-0' ? '0' : s
}

function pair(q: Point, precision: number): string {
  return `${formatNumber(q.x, precision)} ${formatNumber(q.y, precision)}`
}

function samePoint(a: Point, b: Point): boolean {
  return a.x === b.x && a.y === b.y
}

/** The SVG path data of an object's outline in LOCAL coordinates (the transform goes in an attribute). */
export function pathData(obj: VectorObject, precision = 3): string {
  const { anchors, closed } = objectOutline(obj)
  const first = anchors[0]
  if (first === undefined) return ''
  const parts = [`M${pair(first.position, precision)}`]
  const segs = anchorSegments(anchors, closed)
  segs.forEach((c, i) => {
    const straight = samePoint(c.p0, c.p1) && samePoint(c.p2, c.p3)
    const isClosing = closed && i === segs.length - 1
    if (isClosing && straight) return
    parts.push(
      straight
        ? `L${pair(c.p3, precision)}`
        : `C${pair(c.p1, precision)} ${pair(c.p2, precision)} ${pair(c.p3, precision)}`,
    )
  })
  if (closed) parts.push('Z')
  return parts.join(' ')
}

function objectElement(obj: VectorObject, precision: number): string {
  const s = obj.style
  const attrs = [`data-id="${escapeXml(obj.id)}"`, `d="${pathData(obj, precision)}"`]
  if (!isIdentity(obj.transform)) {
    const t = obj.transform
    const m = [t.a, t.b, t.c, t.d, t.e, t.f].map((v) => formatNumber(v, precision)).join(' ')
    attrs.push(`transform="matrix(${m})"`)
  }
  attrs.push(`fill="${s.fill === undefined ? 'none' : s.fill}"`)
  if (s.stroke !== undefined) {
    attrs.push(`stroke="${s.stroke}"`, `stroke-width="${formatNumber(s.strokeWidth ?? 1, precision)}"`)
  }
  if (s.opacity !== undefined && s.opacity !== 1)
    attrs.push(`opacity="${formatNumber(s.opacity, precision)}"`)
  return `<path ${attrs.join(' ')}/>`
}

function rectAttrs(b: Bounds, precision: number): string {
  const n = (v: number) => formatNumber(v, precision)
  return `x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}"`
}

function artboardElement(
  doc: Document,
  ab: Artboard,
  index: number,
  precision: number,
  clip: boolean,
): string {
  const out: string[] = []
  out.push(`<g data-artboard="${escapeXml(ab.id)}" data-name="${escapeXml(ab.name)}">`)
  const clipId = `wt-clip-${index}`
  if (clip)
    out.push(`<defs><clipPath id="${clipId}"><rect ${rectAttrs(ab.bounds, precision)}/></clipPath></defs>`)
  out.push(`<rect ${rectAttrs(ab.bounds, precision)} fill="${ab.backgroundColor}"/>`)
  out.push(clip ? `<g clip-path="url(#${clipId})">` : '<g>')
  for (const layer of ab.layers) {
    if (!layer.visible) continue
    out.push(`<g data-layer="${escapeXml(layer.id)}" data-name="${escapeXml(layer.name)}">`)
    for (const id of layer.objectIds) {
      const obj = doc.objects.get(id)
      // a path without anchors draws nothing (and an empty `d` is not valid path data)
      if (obj !== undefined && (obj.kind === 'shape' || obj.anchors.length > 0))
        out.push(objectElement(obj, precision))
    }
    out.push('</g>')
  }
  out.push('</g></g>')
  return out.join('\n')
}

/**
 * The document (or one artboard) as a standalone SVG string. The viewBox is the union of the
 * exported artboards' bounds (`0 0 1 1` when there is none); width/height equal its size.
 * Hidden layers are left out; locked layers are drawn. Throws `not-found` for an unknown artboard.
 */
export function exportSvg(doc: Document, options: SvgOptions = {}): string {
  const precision = options.precision ?? 3
  const clip = options.clip ?? true
  let boards: readonly Artboard[] = doc.artboards
  if (options.artboardId !== undefined) {
    const ab = doc.artboards.find((a) => a.id === options.artboardId)
    if (ab === undefined)
      throw new VectorModelError('not-found', `exportSvg: artboard "${options.artboardId}" does not exist`)
    boards = [ab]
  }
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const ab of boards) {
    minX = Math.min(minX, ab.bounds.x)
    minY = Math.min(minY, ab.bounds.y)
    maxX = Math.max(maxX, ab.bounds.x + ab.bounds.width)
    maxY = Math.max(maxY, ab.bounds.y + ab.bounds.height)
  }
  const view: Bounds =
    boards.length === 0
      ? { x: 0, y: 0, width: 1, height: 1 }
      : { x: minX, y: minY, width: maxX - minX, height: maxY - minY }
  const n = (v: number) => formatNumber(v, precision)
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${n(view.x)} ${n(view.y)} ${n(view.width)} ${n(view.height)}" width="${n(view.width)}" height="${n(view.height)}">`,
    `<title>${escapeXml(doc.title)}</title>`,
  ]
  boards.forEach((ab) => {
    out.push(artboardElement(doc, ab, doc.artboards.indexOf(ab), precision, clip))
  })
  out.push('</svg>')
  return `${out.join('\n')}\n`
}
