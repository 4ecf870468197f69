/**
 * The selection tool (V): click selects the topmost object (Shift adds/toggles), empty space
 * clears; dragging a selected object moves the selection, a corner handle scales it about the
 * opposite corner (Shift: uniformly), the round handle rotates it about its centre. Each drag is
 * sampled pointer input (MoveObject / ScaleObject / RotateObject with an explicit pivot) through
 * the Worker's 50 ms sampler, so one drag is one undo group; the page previews it locally with
 * vector-model's own operations.
 */
import {
  type Document,
  hitTestTopmost,
  moveObjects,
  type Point,
  rotateObjects,
  scaleObjects,
} from '@wiretuner/vector-model'
import { boundsOfIds, type HandleKind, handleAt, type Tool, type ToolContext } from './tool-kit.ts'

type Drag =
  | { readonly kind: 'move'; last: Point }
  | { readonly kind: 'scale'; readonly pivot: Point; readonly start: Point; sx: number; sy: number }
  | { readonly kind: 'rotate'; readonly pivot: Point; angle: number }

/** Smallest scale factor of a drag (no flipping through zero). */
const MIN_SCALE = 0.02

const opposite: Record<
  Exclude<HandleKind, 'rotate'>,
  (b: { x: number; y: number; width: number; height: number }) => Point
> = {
  nw: (b) => ({ x: b.x + b.width, y: b.y + b.height }),
  ne: (b) => ({ x: b.x, y: b.y + b.height }),
  se: (b) => ({ x: b.x, y: b.y }),
  sw: (b) => ({ x: b.x + b.width, y: b.y }),
}

/** Angle of `p` about `pivot`, 0 straight above it (where the rotate handle sits). */
const angleOf = (pivot: Point, p: Point): number => Math.atan2(p.y - pivot.y, p.x - pivot.x) + Math.PI / 2

const rotateDrag = (pivot: Point, start: Point): Drag => ({
  kind: 'rotate',
  pivot,
  angle: angleOf(pivot, start),
})

/** The selection tool; see the module comment. */
export function createSelectTool(ctx: ToolContext): Tool {
  let drag: Drag | undefined
  let ids: readonly string[] = []
  let preview: Document | undefined
  let active: ReadonlySet<string> = new Set()

  const show = (doc: Document) => {
    preview = doc
    ctx.setPreview(active, doc)
  }

  return {
    name: 'select',
    down(p) {
      const doc = ctx.doc
      const selected = doc.selection.objectIds
      const box = selected.length > 0 ? boundsOfIds(doc, selected) : undefined
      const handle = box === undefined ? undefined : handleAt(ctx.viewport, box, p.screen)
      if (box !== undefined && handle !== undefined) {
        ids = selected
        active = new Set(ids)
        preview = doc
        drag =
          handle === 'rotate'
            ? rotateDrag({ x: box.x + box.width / 2, y: box.y + box.height / 2 }, p.world)
            : { kind: 'scale', pivot: opposite[handle](box), start: p.world, sx: 1, sy: 1 }
        return
      }
      const hit = hitTestTopmost(doc, p.world, { tolerance: 4 / ctx.viewport.zoom })
      if (hit === undefined) {
        drag = undefined
        if (selected.length > 0 && !p.shift) void ctx.dispatch([{ eventType: 'ClearSelectionEvent' }])
        return
      }
      if (!selected.includes(hit) || p.shift) {
        ids = p.shift
          ? [...selected.filter((id) => id !== hit), ...(selected.includes(hit) ? [] : [hit])]
          : [hit]
        void ctx.dispatch([
          { eventType: 'SelectObjectsEvent', objectIds: [hit], mode: p.shift ? 'toggle' : 'replace' },
        ])
      } else ids = selected
      if (ids.length === 0) return
      active = new Set(ids)
      preview = doc
      drag = { kind: 'move', last: p.world }
    },
    move(p) {
      if (drag === undefined || preview === undefined || ids.length === 0) return
      if (drag.kind === 'move') {
        const delta = { x: p.world.x - drag.last.x, y: p.world.y - drag.last.y }
        if (delta.x === 0 && delta.y === 0) return
        drag.last = p.world
        ctx.sample({ eventType: 'MoveObjectEvent', objectIds: [...ids], delta })
        show(moveObjects(preview, ids, delta))
      } else if (drag.kind === 'scale') {
        const { pivot, start } = drag
        const fx = (v: number, s: number, q: number) =>
          Math.abs(s - q) < 1e-9 ? 1 : Math.max(MIN_SCALE, (v - q) / (s - q))
        let sx = fx(p.world.x, start.x, pivot.x)
        let sy = fx(p.world.y, start.y, pivot.y)
        if (p.shift) sx = sy = Math.max(sx, sy)
        const ix = sx / drag.sx
        const iy = sy / drag.sy
        if (ix === 1 && iy === 1) return
        drag.sx = sx
        drag.sy = sy
        ctx.sample({ eventType: 'ScaleObjectEvent', objectIds: [...ids], scaleX: ix, scaleY: iy, pivot })
        show(scaleObjects(preview, ids, ix, iy, pivot))
      } else {
        const { pivot } = drag
        const angle = angleOf(pivot, p.world)
        const step = angle - drag.angle
        if (step === 0) return
        drag.angle = angle
        ctx.sample({ eventType: 'RotateObjectEvent', objectIds: [...ids], angle: step, pivot })
        show(rotateObjects(preview, ids, step, pivot))
      }
    },
    up() {
      if (drag === undefined) return
      drag = undefined
      void ctx.endGesture().then(() => ctx.clearPreview())
    },
  }
}
