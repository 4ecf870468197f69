/**
 * Test helper: rasterizes SVG with the real renderer (@resvg/resvg-js), reads stored PNGs, and
 * compares RGBA images within a per-channel tolerance.
 */
import { readFileSync } from 'node:fs'
import { Resvg } from '@resvg/resvg-js'
import { PNG } from 'pngjs'

/** An RGBA image. */
export interface Image {
  readonly width: number
  readonly height: number
  readonly data: Uint8Array
}

/** Renders an SVG at its own size (system fonts off: the goldens have no text). */
export function rasterize(svg: string): Image & { readonly png: Buffer } {
  const r = new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render()
  return { width: r.width, height: r.height, data: new Uint8Array(r.pixels), png: r.asPng() }
}

/** Reads a PNG file as RGBA. */
export function readPng(path: string): Image {
  const png = PNG.sync.read(readFileSync(path))
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) }
}

/** Number of pixels whose channels differ by more than `channelTolerance`. */
export function differingPixels(a: Image, b: Image, channelTolerance = 8): number {
  if (a.width !== b.width || a.height !== b.height) return Number.POSITIVE_INFINITY
  let count = 0
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 4; c++) {
      if (Math.abs((a.data[i + c] ?? 0) - (b.data[i + c] ?? 0)) > channelTolerance) {
        count++
        break
      }
    }
  }
  return count
}

/** The RGBA of one pixel. */
export function pixel(img: Image, x: number, y: number): [number, number, number, number] {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4
  return [img.data[i] ?? 0, img.data[i + 1] ?? 0, img.data[i + 2] ?? 0, img.data[i + 3] ?? 0]
}

/** `#RRGGBB` to its channels. */
export function rgb(hex: string): [number, number, number] {
  return [
    Number.parseInt(hex.slice(1, 3), 16),
    Number.parseInt(hex.slice(3, 5), 16),
    Number.parseInt(hex.slice(5, 7), 16),
  ]
}
