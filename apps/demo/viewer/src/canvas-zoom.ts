/**
 * Zoom and pan of the viewer's canvas, and clicks on it as world points. The drawing (`<svg>`,
 * whose viewBox is in world units) is scaled by a CSS transform set through custom properties on
 * the pane, so the SVG element itself is never altered (the e2e compares it with `export-svg`).
 * The wheel zooms around the cursor, the buttons around the centre, a drag pans, and a click
 * without a drag reports the world point under the cursor (the SVG's screen CTM inverted, which
 * includes the CSS transform).
 */

/** Zoom limits. */
const MIN_ZOOM = 0.1
const MAX_ZOOM = 64

/** Pointer movement (px) after which a press is a drag, not a click. */
const DRAG_PX = 4

/** The controls the canvas is wired to. */
export interface CanvasElements {
  readonly pane: HTMLElement
  readonly zoomIn: HTMLButtonElement
  readonly zoomOut: HTMLButtonElement
  readonly zoomReset: HTMLButtonElement
  readonly zoomLabel: HTMLElement
}

/** Zoom/pan state of the canvas; see the module comment. */
export class CanvasZoom {
  readonly #ui: CanvasElements
  #zoom = 1
  #panX = 0
  #panY = 0

  constructor(ui: CanvasElements, onClick: (world: { x: number; y: number }) => void) {
    this.#ui = ui
    ui.zoomIn.addEventListener('click', () => this.zoomBy(1.5))
    ui.zoomOut.addEventListener('click', () => this.zoomBy(1 / 1.5))
    ui.zoomReset.addEventListener('click', () => this.reset())
    ui.pane.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault()
        this.zoomBy(Math.exp(-e.deltaY / 300), { x: e.clientX, y: e.clientY })
      },
      { passive: false },
    )
    let press: { x: number; y: number; panX: number; panY: number; dragged: boolean } | undefined
    ui.pane.addEventListener('pointerdown', (e) => {
      press = { x: e.clientX, y: e.clientY, panX: this.#panX, panY: this.#panY, dragged: false }
    })
    ui.pane.addEventListener('pointermove', (e) => {
      if (press === undefined || (e.buttons & 1) === 0) return
      const dx = e.clientX - press.x
      const dy = e.clientY - press.y
      if (!press.dragged && Math.hypot(dx, dy) < DRAG_PX) return
      press.dragged = true
      this.#panX = press.panX + dx
      this.#panY = press.panY + dy
      this.#apply()
    })
    ui.pane.addEventListener('pointerup', (e) => {
      const wasDrag = press?.dragged === true
      press = undefined
      if (wasDrag) return
      const world = this.worldAt(e.clientX, e.clientY)
      if (world !== undefined) onClick(world)
    })
    this.#apply()
  }

  /** The current zoom factor (1 = fitted). */
  get zoom(): number {
    return this.#zoom
  }

  /** Multiplies the zoom by `factor`, keeping `at` (client px; default the pane's centre) in place. */
  zoomBy(factor: number, at?: { x: number; y: number }): void {
    const next = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.#zoom * factor))
    const svg = this.#svg()
    if (svg !== undefined && at !== undefined) {
      // the untransformed centre of the drawing stays the transform origin (CSS default: centre)
      const r = svg.getBoundingClientRect()
      const cx = r.left + r.width / 2
      const cy = r.top + r.height / 2
      const k = next / this.#zoom
      this.#panX += (at.x - cx) * (1 - k)
      this.#panY += (at.y - cy) * (1 - k)
    }
    this.#zoom = next
    this.#apply()
  }

  /** Back to the fitted view. */
  reset(): void {
    this.#zoom = 1
    this.#panX = 0
    this.#panY = 0
    this.#apply()
  }

  /** The world point (SVG user units) under a client point, or `undefined` without a drawing. */
  worldAt(clientX: number, clientY: number): { x: number; y: number } | undefined {
    const svg = this.#svg()
    const ctm = svg?.getScreenCTM()
    if (svg === undefined || ctm === null || ctm === undefined) return undefined
    const p = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse())
    return { x: p.x, y: p.y }
  }

  #svg(): SVGSVGElement | undefined {
    const svg = this.#ui.pane.querySelector(':scope > svg')
    return svg instanceof SVGSVGElement ? svg : undefined
  }

  #apply(): void {
    const style = this.#ui.pane.style
    style.setProperty('--zoom', String(this.#zoom))
    style.setProperty('--pan-x', `${this.#panX}px`)
    style.setProperty('--pan-y', `${this.#panY}px`)
    this.#ui.zoomLabel.textContent = `${Math.round(this.#zoom * 100)}%`
  }
}
