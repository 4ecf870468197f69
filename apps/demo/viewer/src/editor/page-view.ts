/**
 * The editor page's view: its canvas size, pan and zoom (a document that only carries the page's
 * viewport, so vector-model's view operations act on it). View events are applied here at once
 * and recorded through the engine (pan and zoom gestures as sampled streams) in the stored
 * document's frame (see viewport-frame.ts), unless the history shows an earlier version.
 */
import type { SessionEventInit } from '@wiretuner/replay'
import {
  type Artboard,
  createDocument,
  type Document,
  type Point,
  panViewport,
  resetViewport,
  screenToWorld,
  setCanvasSize,
  type Viewport,
  zoomViewport,
} from '@wiretuner/vector-model'
import type { EditorEngine } from './editor-engine.ts'
import type { ToolPointer } from './tool-kit.ts'
import { inStoredFrame } from './viewport-frame.ts'

/** What the view records through and redraws with. */
export interface PageViewHost {
  /** The engine (read when an event is recorded). */
  engine(): EditorEngine
  /** True while the history shows an earlier version (then nothing is recorded). */
  scrubbing(): boolean
  requestRender(): void
}

/** The page's view; see the module comment. */
export class PageView {
  readonly #canvas: HTMLCanvasElement
  readonly #host: PageViewHost
  #doc: Document = createDocument({ id: 'view' })

  constructor(canvas: HTMLCanvasElement, host: PageViewHost) {
    this.#canvas = canvas
    this.#host = host
  }

  /** The page's viewport (its real canvas size). */
  get viewport(): Viewport {
    return this.#doc.viewport
  }

  /** Fits the canvas to its element (device pixels = CSS pixels: zoom is the page's). */
  resize(): void {
    const { width, height } = this.#canvas.getBoundingClientRect()
    const w = Math.max(1, Math.round(width))
    const h = Math.max(1, Math.round(height))
    if (this.#canvas.width !== w || this.#canvas.height !== h) {
      this.#canvas.width = w
      this.#canvas.height = h
      this.#doc = setCanvasSize(this.#doc, { width: w, height: h })
      this.#host.requestRender()
    }
  }

  /**
   * Applies a view event locally and records it (sampled: pan and zoom gestures are streams);
   * `record: false` only for the page's own initial fit, which is no user action.
   */
  apply(event: SessionEventInit, sampled: boolean, record = true): void {
    const e = event as unknown as { eventType: string; delta?: Point; factor?: number; focalPoint?: Point }
    if (e.eventType === 'ViewportPanEvent' && e.delta !== undefined)
      this.#doc = panViewport(this.#doc, e.delta)
    else if (e.eventType === 'ViewportZoomEvent' && e.factor !== undefined && e.focalPoint !== undefined)
      this.#doc = zoomViewport(this.#doc, e.factor, e.focalPoint)
    else if (e.eventType === 'ViewportResetEvent') this.#doc = resetViewport(this.#doc)
    const engine = this.#host.engine()
    if (record && engine.target.recordsViewport && !this.#host.scrubbing()) {
      const stored = inStoredFrame(event, this.viewport.canvasSize, engine.document.viewport.canvasSize)
      if (sampled) engine.sample(stored)
      else void engine.dispatch([stored])
    }
    this.#host.requestRender()
  }

  /** Ctrl/Cmd+0: `board` fills the canvas (reset, zoom about the centre, pan). */
  fit(board: Artboard | undefined, record = true): void {
    const { width, height } = this.viewport.canvasSize
    this.apply({ eventType: 'ViewportResetEvent' }, false, record)
    if (board === undefined) return
    const b = board.bounds
    const zoom = Math.min(width / b.width, height / b.height) * 0.9
    this.apply(
      { eventType: 'ViewportZoomEvent', factor: zoom, focalPoint: { x: width / 2, y: height / 2 } },
      true,
      record,
    )
    const z = this.viewport.zoom
    const delta = { x: -(b.x + b.width / 2) * z, y: -(b.y + b.height / 2) * z }
    this.apply({ eventType: 'ViewportPanEvent', delta }, true, record)
    this.endGesture(record)
  }

  /** Zoom 1, `board`'s centre at the canvas centre (recorded as viewport events). */
  reset(board: Artboard | undefined): void {
    this.apply({ eventType: 'ViewportResetEvent' }, false)
    if (board !== undefined) {
      const b = board.bounds
      this.apply(
        { eventType: 'ViewportPanEvent', delta: { x: -(b.x + b.width / 2), y: -(b.y + b.height / 2) } },
        true,
      )
    }
    void this.#host.engine().endGesture()
  }

  /** Ends a recorded pan/zoom gesture (one undo group). */
  endGesture(record = true): void {
    const engine = this.#host.engine()
    if (record && engine.target.recordsViewport) void engine.endGesture()
  }

  /** A pointer event in screen (canvas pixels) and world coordinates. */
  pointer(e: PointerEvent | MouseEvent): ToolPointer {
    const r = this.#canvas.getBoundingClientRect()
    const screen = { x: e.clientX - r.left, y: e.clientY - r.top }
    return { screen, world: screenToWorld(this.viewport, screen), shift: e.shiftKey, alt: e.altKey }
  }
}
