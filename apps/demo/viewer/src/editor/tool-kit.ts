/**
 * What the editor's tools share: the context a tool acts through (documents, viewport, the
 * engine's dispatch / sample / endGesture, the preview of a running gesture), the tool interface,
 * and the selection geometry (bounds and handles in screen space) the selection tool and the
 * overlay both use.
 */
import type { SessionEventInit } from '@wiretuner/replay'
import {
  type Bounds,
  type Document,
  objectBounds,
  type Point,
  type StyleChange,
  unionBounds,
  type Viewport,
  worldToScreen,
} from '@wiretuner/vector-model'

/** A pointer event as tools see it. */
export interface ToolPointer {
  readonly screen: Point
  readonly world: Point
  readonly shift: boolean
  readonly alt: boolean
}

/** What a tool acts through. */
export interface ToolContext {
  /** The head document (last fetched from the engine). */
  readonly doc: Document
  readonly viewport: Viewport
  /** Style given to new objects (the style panel's values). */
  readonly style: StyleChange
  /** The layer new objects go to. */
  readonly layerId: string | undefined
  dispatch(events: readonly SessionEventInit[]): Promise<void>
  sample(event: SessionEventInit): void
  endGesture(): Promise<void>
  /** Shows `preview` for the objects `active` (the rest comes from the head document). */
  setPreview(active: ReadonlySet<string>, preview: Document): void
  /** Drops the preview (after the edited head document arrived). */
  clearPreview(): void
  /** Tool feedback drawn in screen space over the document. */
  setFeedback(draw: ((ctx: CanvasRenderingContext2D) => void) | undefined): void
  /** A fresh object id. */
  newId(prefix: string): string
  requestRender(): void
}

/** An editor tool. */
export interface Tool {
  readonly name: string
  down(p: ToolPointer): void
  move(p: ToolPointer, buttons: number): void
  up(p: ToolPointer): void
  /** A key the tool handles (Enter, Escape…); true when handled. */
  key?(event: KeyboardEvent): boolean
  /** The tool is switched away from. */
  deactivate?(): void
}

/** World bounds of the objects `ids` of `doc` (undefined when none has bounds). */
export function boundsOfIds(doc: Document, ids: readonly string[]): Bounds | undefined {
  let out: Bounds | undefined
  for (const id of ids) {
    const obj = doc.objects.get(id)
    const b = obj === undefined ? undefined : objectBounds(obj)
    if (b !== undefined) out = out === undefined ? b : unionBounds(out, b)
  }
  return out
}

/** A selection handle: `nw|ne|se|sw` scale about the opposite corner, `rotate` about the centre. */
export type HandleKind = 'nw' | 'ne' | 'se' | 'sw' | 'rotate'

/** Screen positions of the selection's handles. */
export function selectionHandles(viewport: Viewport, b: Bounds): Record<HandleKind, Point> {
  const s = (x: number, y: number) => worldToScreen(viewport, { x, y })
  const nw = s(b.x, b.y)
  const se = s(b.x + b.width, b.y + b.height)
  return {
    nw,
    ne: { x: se.x, y: nw.y },
    se,
    sw: { x: nw.x, y: se.y },
    rotate: { x: (nw.x + se.x) / 2, y: nw.y - 24 },
  }
}

/** The handle within 7 px of `screen`, if any. */
export function handleAt(viewport: Viewport, b: Bounds, screen: Point): HandleKind | undefined {
  const handles = selectionHandles(viewport, b)
  for (const kind of ['rotate', 'nw', 'ne', 'se', 'sw'] as const) {
    const h = handles[kind]
    if (Math.hypot(h.x - screen.x, h.y - screen.y) <= 7) return kind
  }
  return undefined
}

/** Draws the selection box and its handles (screen space). */
export function drawSelection(ctx: CanvasRenderingContext2D, viewport: Viewport, b: Bounds): void {
  const h = selectionHandles(viewport, b)
  ctx.strokeStyle = '#2f7de1'
  ctx.lineWidth = 1
  ctx.strokeRect(h.nw.x, h.nw.y, h.se.x - h.nw.x, h.se.y - h.nw.y)
  ctx.beginPath()
  ctx.moveTo((h.nw.x + h.se.x) / 2, h.nw.y)
  ctx.lineTo(h.rotate.x, h.rotate.y)
  ctx.stroke()
  ctx.fillStyle = '#fff'
  for (const kind of ['nw', 'ne', 'se', 'sw'] as const) {
    ctx.fillRect(h[kind].x - 4, h[kind].y - 4, 8, 8)
    ctx.strokeRect(h[kind].x - 4, h[kind].y - 4, 8, 8)
  }
  ctx.beginPath()
  ctx.arc(h.rotate.x, h.rotate.y, 5, 0, Math.PI * 2)
  ctx.fill()
  ctx.stroke()
}

/** A style change as event fields (null removes fill/stroke). */
export function styleFields(style: StyleChange): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (style.fill !== undefined) out.fill = style.fill
  if (style.stroke !== undefined) out.stroke = style.stroke
  if (style.strokeWidth !== undefined) out.strokeWidth = style.strokeWidth
  if (style.opacity !== undefined) out.opacity = style.opacity
  return out
}

/** The style of a new object: the panel's style without nulls (absent = none). */
export function newObjectStyle(style: StyleChange): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (typeof style.fill === 'string') out.fill = style.fill
  if (typeof style.stroke === 'string') out.stroke = style.stroke
  if (style.strokeWidth !== undefined) out.strokeWidth = style.strokeWidth
  if (style.opacity !== undefined) out.opacity = style.opacity
  return out
}
