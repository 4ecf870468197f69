/**
 * Conversion of the four parametric shapes to closed paths. Arcs (rounded corners, ellipses) are
 * cubic Béziers with handle length r·KAPPA; polygon and star vertices start at the top and go
 * clockwise with y down. Closed paths never repeat their first anchor (one implicit closing segment).
 */
import type { Anchor, RectangleParameters, ShapeSpec } from './types.js'

/** Handle length factor of a quarter-circle cubic: 4(√2 − 1)/3. */
export const KAPPA = 0.5522847498

/**
 * The corner radius a rectangle is drawn with: clamped to 0..min(w,h)/2, and 0 when it is
 * negligible (< 1e-9·max(w,h)), so that a rounded outline never degenerates into repeated anchors.
 */
export function effectiveCornerRadius(p: RectangleParameters): number {
  const r = Math.max(0, Math.min(p.cornerRadius ?? 0, p.width / 2, p.height / 2))
  return r < 1e-9 * Math.max(p.width, p.height) ? 0 : r
}

/** The anchors (local coordinates) of a shape's outline, always to be read as a closed path. */
export function shapeToAnchors(spec: ShapeSpec): Anchor[] {
  switch (spec.shapeType) {
    case 'rectangle': {
      const { centerX: cx, centerY: cy, width: w, height: h } = spec.parameters
      const x0 = cx - w / 2
      const x1 = cx + w / 2
      const y0 = cy - h / 2
      const y1 = cy + h / 2
      const r = effectiveCornerRadius(spec.parameters)
      if (r === 0) {
        return [
          { position: { x: x0, y: y0 }, anchorType: 'corner' },
          { position: { x: x1, y: y0 }, anchorType: 'corner' },
          { position: { x: x1, y: y1 }, anchorType: 'corner' },
          { position: { x: x0, y: y1 }, anchorType: 'corner' },
        ]
      }
      const k = r * KAPPA
      return [
        { position: { x: x0 + r, y: y0 }, handleIn: { x: -k, y: 0 }, anchorType: 'corner' },
        { position: { x: x1 - r, y: y0 }, handleOut: { x: k, y: 0 }, anchorType: 'corner' },
        { position: { x: x1, y: y0 + r }, handleIn: { x: 0, y: -k }, anchorType: 'corner' },
        { position: { x: x1, y: y1 - r }, handleOut: { x: 0, y: k }, anchorType: 'corner' },
        { position: { x: x1 - r, y: y1 }, handleIn: { x: k, y: 0 }, anchorType: 'corner' },
        { position: { x: x0 + r, y: y1 }, handleOut: { x: -k, y: 0 }, anchorType: 'corner' },
        { position: { x: x0, y: y1 - r }, handleIn: { x: 0, y: k }, anchorType: 'corner' },
        { position: { x: x0, y: y0 + r }, handleOut: { x: 0, y: -k }, anchorType: 'corner' },
      ]
    }
    case 'ellipse': {
      const { centerX: cx, centerY: cy, radiusX: rx, radiusY: ry } = spec.parameters
      const kx = rx * KAPPA
      const ky = ry * KAPPA
      return [
        {
          position: { x: cx, y: cy - ry },
          handleIn: { x: -kx, y: 0 },
          handleOut: { x: kx, y: 0 },
          anchorType: 'symmetric',
        },
        {
          position: { x: cx + rx, y: cy },
          handleIn: { x: 0, y: -ky },
          handleOut: { x: 0, y: ky },
          anchorType: 'symmetric',
        },
        {
          position: { x: cx, y: cy + ry },
          handleIn: { x: kx, y: 0 },
          handleOut: { x: -kx, y: 0 },
          anchorType: 'symmetric',
        },
        {
          position: { x: cx - rx, y: cy },
          handleIn: { x: 0, y: ky },
          handleOut: { x: 0, y: -ky },
          anchorType: 'symmetric',
        },
      ]
    }
    case 'polygon': {
      const { centerX: cx, centerY: cy, radius, sides } = spec.parameters
      const rot = spec.parameters.rotation ?? 0
      const out: Anchor[] = []
      for (let i = 0; i < sides; i++) {
        const a = rot + (2 * Math.PI * i) / sides
        out.push({
          position: { x: cx + radius * Math.sin(a), y: cy - radius * Math.cos(a) },
          anchorType: 'corner',
        })
      }
      return out
    }
    case 'star': {
      const { centerX: cx, centerY: cy, outerRadius, innerRadius, points } = spec.parameters
      const rot = spec.parameters.rotation ?? 0
      const out: Anchor[] = []
      for (let i = 0; i < 2 * points; i++) {
        const r = i % 2 === 0 ? outerRadius : innerRadius
        const a = rot + (Math.PI * i) / points
        out.push({ position: { x: cx + r * Math.sin(a), y: cy - r * Math.cos(a) }, anchorType: 'corner' })
      }
      return out
    }
  }
}
