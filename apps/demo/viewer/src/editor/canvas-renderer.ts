/**
 * Draws a document on a 2-D canvas: artboards, then every visible layer's objects in z-order,
 * each from a `Path2D` of vector-model's `pathData` cached by object identity (objects are
 * immutable, so an unchanged object reuses its path and bounds). Viewport culling skips objects
 * whose world bounds miss the visible rectangle. While a gesture edits a few objects, the rest of
 * the document is drawn once into a cached bitmap and each frame blits it and draws only the
 * edited objects (from the gesture's preview document) over it.
 */
import {
  type Bounds,
  type Document,
  objectBounds,
  pathData,
  screenToWorld,
  type VectorObject,
  type Viewport,
} from '@wiretuner/vector-model'

/** What a frame draws besides the document. */
export interface Overlay {
  /** Objects edited by the running gesture, drawn from `preview` over a cached bitmap of the rest. */
  readonly active?: ReadonlySet<string>
  readonly preview?: Document
  /** Extra drawing in screen coordinates (selection, handles, tool feedback). */
  readonly draw?: (ctx: CanvasRenderingContext2D) => void
  /** Ids to highlight (history: the objects the current event touches). */
  readonly highlight?: ReadonlySet<string>
}

/** Counts of the last frame (for tests and benchmarks). */
export interface FrameStats {
  readonly drawn: number
  readonly culled: number
  readonly cachedBase: boolean
}

interface BaseCache {
  /** What the bitmap shows: the document's content (a selection change keeps both), view, omitted ids. */
  readonly objects: Document['objects']
  readonly artboards: Document['artboards']
  readonly viewport: Viewport
  readonly activeKey: string
  readonly canvas: OffscreenCanvas
}

const keyOf = (ids: ReadonlySet<string>): string => [...ids].sort().join('\u0000')

/** A canvas renderer with per-object caches; see the module comment. */
export class CanvasRenderer {
  readonly #canvas: HTMLCanvasElement
  readonly #ctx: CanvasRenderingContext2D
  readonly #paths = new WeakMap<VectorObject, Path2D>()
  readonly #bounds = new WeakMap<VectorObject, Bounds | null>()
  #base: BaseCache | undefined
  #stats: FrameStats = { drawn: 0, culled: 0, cachedBase: false }

  constructor(canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d')
    if (ctx === null) throw new Error('the canvas has no 2-D context')
    this.#canvas = canvas
    this.#ctx = ctx
  }

  /** Counts of the last frame. */
  get stats(): FrameStats {
    return this.#stats
  }

  /** Draws `doc` through `viewport` with `overlay`. */
  render(doc: Document, viewport: Viewport, overlay: Overlay = {}): void {
    const ctx = this.#ctx
    const { width, height } = this.#canvas
    ctx.setTransform(1, 0, 0, 1, 0, 0)
    const active = overlay.active
    let drawn = 0
    let culled = 0
    let cachedBase = false
    if (active !== undefined && active.size > 0 && overlay.preview !== undefined) {
      const base = this.#baseFor(doc, viewport, active, width, height)
      cachedBase = true
      ctx.clearRect(0, 0, width, height)
      ctx.drawImage(base.canvas, 0, 0)
      const visible = this.#visibleRect(viewport)
      for (const id of active) {
        const obj = overlay.preview.objects.get(id)
        if (obj !== undefined && this.#drawObject(ctx, obj, viewport, visible)) drawn++
      }
    } else {
      const counts = this.#drawDocument(ctx, doc, viewport, undefined, width, height)
      drawn = counts.drawn
      culled = counts.culled
    }
    if (overlay.highlight !== undefined && overlay.highlight.size > 0)
      this.#highlight(ctx, doc, viewport, overlay.highlight)
    ctx.setTransform(1, 0, 0, 1, 0, 0)
    overlay.draw?.(ctx)
    this.#stats = { drawn, culled, cachedBase }
  }

  /** World bounds of an object (cached by identity). */
  boundsOf(obj: VectorObject): Bounds | undefined {
    let b = this.#bounds.get(obj)
    if (b === undefined) {
      b = objectBounds(obj) ?? null
      this.#bounds.set(obj, b)
    }
    return b ?? undefined
  }

  /**
   * Draws the bitmap a gesture on `active` will reuse (everything else of `doc`), ahead of the
   * gesture: the editor calls it when the selection changes, in idle time, so the first frame
   * of a drag does not pay for a full redraw.
   */
  prepare(doc: Document, viewport: Viewport, active: ReadonlySet<string>): void {
    this.#baseFor(doc, viewport, active, this.#canvas.width, this.#canvas.height)
  }

  #baseFor(
    doc: Document,
    viewport: Viewport,
    active: ReadonlySet<string>,
    width: number,
    height: number,
  ): BaseCache {
    const b = this.#base
    const activeKey = keyOf(active)
    if (
      b !== undefined &&
      b.objects === doc.objects &&
      b.artboards === doc.artboards &&
      b.viewport === viewport &&
      b.activeKey === activeKey &&
      b.canvas.width === width &&
      b.canvas.height === height
    )
      return b
    const canvas = new OffscreenCanvas(width, height)
    const ctx = canvas.getContext('2d') as unknown as CanvasRenderingContext2D
    this.#drawDocument(ctx, doc, viewport, active, width, height)
    this.#base = { objects: doc.objects, artboards: doc.artboards, viewport, activeKey, canvas }
    return this.#base
  }

  #visibleRect(viewport: Viewport): Bounds {
    const { width, height } = viewport.canvasSize
    const a = screenToWorld(viewport, { x: 0, y: 0 })
    const b = screenToWorld(viewport, { x: width, y: height })
    return { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y }
  }

  #drawDocument(
    ctx: CanvasRenderingContext2D,
    doc: Document,
    viewport: Viewport,
    skip: ReadonlySet<string> | undefined,
    width: number,
    height: number,
  ): { drawn: number; culled: number } {
    ctx.setTransform(1, 0, 0, 1, 0, 0)
    ctx.clearRect(0, 0, width, height)
    const visible = this.#visibleRect(viewport)
    let drawn = 0
    let culled = 0
    for (const ab of doc.artboards) {
      this.#setView(ctx, viewport)
      ctx.fillStyle = ab.backgroundColor
      ctx.fillRect(ab.bounds.x, ab.bounds.y, ab.bounds.width, ab.bounds.height)
      ctx.save()
      ctx.beginPath()
      ctx.rect(ab.bounds.x, ab.bounds.y, ab.bounds.width, ab.bounds.height)
      ctx.clip()
      for (const layer of ab.layers) {
        if (!layer.visible) continue
        for (const id of layer.objectIds) {
          if (skip?.has(id)) continue
          const obj = doc.objects.get(id)
          if (obj === undefined) continue
          if (this.#drawObject(ctx, obj, viewport, visible)) drawn++
          else culled++
        }
      }
      ctx.restore()
    }
    return { drawn, culled }
  }

  #setView(ctx: CanvasRenderingContext2D, v: Viewport): void {
    ctx.setTransform(
      v.zoom,
      0,
      0,
      v.zoom,
      v.canvasSize.width / 2 - v.pan.x * v.zoom,
      v.canvasSize.height / 2 - v.pan.y * v.zoom,
    )
  }

  #path(obj: VectorObject): Path2D {
    let p = this.#paths.get(obj)
    if (p === undefined) {
      p = new Path2D(pathData(obj))
      this.#paths.set(obj, p)
    }
    return p
  }

  /** Draws one object unless it is outside `visible` (world); false when culled. */
  #drawObject(
    ctx: CanvasRenderingContext2D,
    obj: VectorObject,
    viewport: Viewport,
    visible: Bounds,
  ): boolean {
    const b = this.boundsOf(obj)
    const s = obj.style
    const pad = (s.strokeWidth ?? 1) * 2
    if (
      b === undefined ||
      b.x - pad > visible.x + visible.width ||
      b.y - pad > visible.y + visible.height ||
      b.x + b.width + pad < visible.x ||
      b.y + b.height + pad < visible.y
    )
      return false
    this.#setView(ctx, viewport)
    const t = obj.transform
    ctx.transform(t.a, t.b, t.c, t.d, t.e, t.f)
    const path = this.#path(obj)
    ctx.globalAlpha = s.opacity ?? 1
    if (s.fill !== undefined) {
      ctx.fillStyle = s.fill
      ctx.fill(path)
    }
    if (s.stroke !== undefined && (s.strokeWidth ?? 1) > 0) {
      ctx.strokeStyle = s.stroke
      ctx.lineWidth = s.strokeWidth ?? 1
      ctx.stroke(path)
    }
    ctx.globalAlpha = 1
    return true
  }

  #highlight(
    ctx: CanvasRenderingContext2D,
    doc: Document,
    viewport: Viewport,
    ids: ReadonlySet<string>,
  ): void {
    for (const id of ids) {
      const obj = doc.objects.get(id)
      if (obj === undefined) continue
      this.#setView(ctx, viewport)
      const t = obj.transform
      ctx.transform(t.a, t.b, t.c, t.d, t.e, t.f)
      ctx.globalAlpha = 1
      ctx.strokeStyle = '#ff2d7a'
      ctx.lineWidth = 3 / viewport.zoom
      ctx.setLineDash([6 / viewport.zoom, 4 / viewport.zoom])
      ctx.stroke(this.#path(obj))
      ctx.setLineDash([])
    }
  }
}
