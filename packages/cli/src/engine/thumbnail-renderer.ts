/**
 * The Node thumbnail renderer the CLI injects into sessions: the SVG export rasterized by
 * `@resvg/resvg-js` so that its longest side is at most 256 px (smaller sizes are tried until
 * the PNG fits the seed's 50 KB).
 */
import { Resvg } from '@resvg/resvg-js'
import { MAX_THUMBNAIL_BYTES, type RenderedThumbnail, type ThumbnailRenderer } from '@wiretuner/replay'
import { CliError } from '../errors.js'

/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 256

/** The size attributes exportSvg writes on its root element. */
function svgSize(svg: string): { readonly width: number; readonly height: number } {
  const root = /<svg[^>]*\swidth="([\d.eE+-]+)"[^>]*\sheight="([\d.eE+-]+)"/.exec(svg)
  const width = Number(root?.[1] ?? Number.NaN)
  const height = Number(root?.[2] ?? Number.NaN)
  return Number.isFinite(width) && Number.isFinite(height) && width > 0 && height > 0
    ? { width, height }
    : { width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE }
}

function renderAt(svg: string, side: number): RenderedThumbnail {
  const { width, height } = svgSize(svg)
  const fitTo =
    width >= height ? ({ mode: 'width', value: side } as const) : ({ mode: 'height', value: side } as const)
  const image = new Resvg(svg, { fitTo, font: { loadSystemFonts: false } }).render()
  return { png: new Uint8Array(image.asPng()), width: image.width, height: image.height }
}

/** Renders thumbnails of at most {@link THUMBNAIL_SIZE} px and {@link MAX_THUMBNAIL_BYTES} bytes. */
export const resvgThumbnailRenderer: ThumbnailRenderer = (svg) => {
  for (let side = THUMBNAIL_SIZE; side >= 32; side = Math.floor(side * 0.75)) {
    const thumbnail = renderAt(svg, side)
    if (thumbnail.png.length <= MAX_THUMBNAIL_BYTES) return thumbnail
  }
  throw new CliError('thumbnail-too-large', `no thumbnail of 32 px or more fits ${MAX_THUMBNAIL_BYTES} bytes`)
}
