/**
 * The direct-selection tool (A): shows the anchors and handles of the selected paths; dragging
 * an anchor moves it, dragging a handle reshapes its curve (sampled ModifyAnchorEvents through the
 * Worker's 50 ms sampler, one undo group per drag); a click elsewhere selects the path under the
 * pointer. Positions are converted to the path's local coordinates with the inverse transform.
 */
import {
  applyToPoint,
  type Document,
  hitTestTopmost,
  invert,
  modifyAnchor,
  type PathObject,
  type Point,
  type Viewport,
  worldToScreen,
} from '@wiretuner/vector-model'
import type { Tool, ToolContext } from './tool-kit.ts'

/** A grabbable point of a path: an anchor or one of its handles. */
interface Grip {
  readonly pathId: string
  readonly index: number
  readonly part: 'anchor' | 'handleIn' | 'handleOut'
  readonly screen: Point
}

/** Every grip of the selected paths of `doc`, in screen space. */
export function gripsOf(doc: Document, viewport: Viewport): Grip[] {
  const grips: Grip[] = []
  for (const id of doc.selection.objectIds) {
    const obj = doc.objects.get(id)
    if (obj === undefined || obj.kind !== 'path') continue
    obj.anchors.forEach((a, index) => {
      const world = (p: Point) => worldToScreen(viewport, applyToPoint(obj.transform, p))
      grips.push({ pathId: id, index, part: 'anchor', screen: world(a.position) })
      for (const part of ['handleIn', 'handleOut'] as const) {
        const h = a[part]
        if (h !== undefined)
          grips.push({
            pathId: id,
            index,
            part,
            screen: world({ x: a.position.x + h.x, y: a.position.y + h.y }),
          })
      }
    })
  }
  return grips
}

/** Draws the grips (anchors as squares, handles as dots on lines). */
export function drawGrips(ctx: CanvasRenderingContext2D, doc: Document, viewport: Viewport): void {
  const grips = gripsOf(doc, viewport)
  ctx.strokeStyle = '#2f7de1'
  ctx.lineWidth = 1
  const anchors = new Map(
    grips.filter((g) => g.part === 'anchor').map((g) => [`${g.pathId}/${g.index}`, g.screen]),
  )
  for (const g of grips) {
    if (g.part === 'anchor') {
      ctx.fillStyle = '#fff'
      ctx.fillRect(g.screen.x - 3.5, g.screen.y - 3.5, 7, 7)
      ctx.strokeRect(g.screen.x - 3.5, g.screen.y - 3.5, 7, 7)
      continue
    }
    const a = anchors.get(`${g.pathId}/${g.index}`)
    if (a !== undefined) {
      ctx.beginPath()
      ctx.moveTo(a.x, a.y)
      ctx.lineTo(g.screen.x, g.screen.y)
      ctx.stroke()
    }
    ctx.fillStyle = '#2f7de1'
    ctx.beginPath()
    ctx.arc(g.screen.x, g.screen.y, 3.5, 0, Math.PI * 2)
    ctx.fill()
  }
}

/** The direct-selection tool; see the module comment. */
export function createDirectTool(ctx: ToolContext): Tool {
  let grip: Grip | undefined
  let preview: Document | undefined

  return {
    name: 'direct',
    down(p) {
      const doc = ctx.doc
      grip = gripsOf(doc, ctx.viewport).find(
        (g) => Math.hypot(g.screen.x - p.screen.x, g.screen.y - p.screen.y) <= 6,
      )
      if (grip !== undefined) {
        preview = doc
        return
      }
      const hit = hitTestTopmost(doc, p.world, { tolerance: 4 / ctx.viewport.zoom })
      if (hit === undefined) {
        if (doc.selection.objectIds.length > 0) void ctx.dispatch([{ eventType: 'ClearSelectionEvent' }])
      } else if (!doc.selection.objectIds.includes(hit)) {
        void ctx.dispatch([{ eventType: 'SelectObjectsEvent', objectIds: [hit], mode: 'replace' }])
      }
    },
    move(p) {
      if (grip === undefined || preview === undefined) return
      const path = preview.objects.get(grip.pathId) as PathObject | undefined
      const anchor = path?.anchors[grip.index]
      if (path === undefined || anchor === undefined) return
      const local = applyToPoint(invert(path.transform), p.world)
      const change =
        grip.part === 'anchor'
          ? { position: local }
          : { [grip.part]: { x: local.x - anchor.position.x, y: local.y - anchor.position.y } }
      ctx.sample({ eventType: 'ModifyAnchorEvent', pathId: grip.pathId, anchorIndex: grip.index, ...change })
      preview = modifyAnchor(preview, { pathId: grip.pathId, anchorIndex: grip.index, ...change })
      ctx.setPreview(new Set([grip.pathId]), preview)
    },
    up() {
      if (grip === undefined) return
      grip = undefined
      preview = undefined
      void ctx.endGesture().then(() => ctx.clearPreview())
    },
  }
}
