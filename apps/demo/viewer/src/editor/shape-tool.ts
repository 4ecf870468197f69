/**
 * The shape tools (R rectangle, E ellipse, Y polygon, S star): drag a box from corner to corner
 * (Shift: square) and release to dispatch one CreateShapeEvent in the active layer with the
 * style panel's style, then select the new shape. A click without dragging makes a 100-unit shape
 * centred on the click.
 */
import type { SessionEventInit } from '@wiretuner/replay'
import { type Point, type ShapeType, worldToScreen } from '@wiretuner/vector-model'
import { newObjectStyle, type Tool, type ToolContext, type ToolPointer } from './tool-kit.ts'

/** Parameters of a `kind` shape filling the box `a`–`b` (world). */
export function shapeParameters(kind: ShapeType, a: Point, b: Point): Record<string, number> {
  const centerX = (a.x + b.x) / 2
  const centerY = (a.y + b.y) / 2
  const width = Math.abs(b.x - a.x)
  const height = Math.abs(b.y - a.y)
  switch (kind) {
    case 'rectangle':
      return { centerX, centerY, width, height }
    case 'ellipse':
      return { centerX, centerY, radiusX: width / 2, radiusY: height / 2 }
    case 'polygon':
      return { centerX, centerY, radius: Math.min(width, height) / 2, sides: 6 }
    case 'star':
      return {
        centerX,
        centerY,
        outerRadius: Math.min(width, height) / 2,
        innerRadius: Math.min(width, height) / 4,
        points: 5,
      }
  }
}

/** A shape tool of `kind`; see the module comment. */
export function createShapeTool(ctx: ToolContext, kind: ShapeType): Tool {
  let start: Point | undefined
  let end: Point | undefined

  const corner = (p: ToolPointer): Point => {
    if (start === undefined || !p.shift) return p.world
    const size = Math.max(Math.abs(p.world.x - start.x), Math.abs(p.world.y - start.y))
    return {
      x: start.x + Math.sign(p.world.x - start.x || 1) * size,
      y: start.y + Math.sign(p.world.y - start.y || 1) * size,
    }
  }

  return {
    name: kind,
    down(p) {
      start = p.world
      end = p.world
    },
    move(p) {
      if (start === undefined) return
      end = corner(p)
      const a = worldToScreen(ctx.viewport, start)
      const b = worldToScreen(ctx.viewport, end)
      ctx.setFeedback((g) => {
        g.strokeStyle = '#2f7de1'
        g.setLineDash([4, 3])
        g.strokeRect(Math.min(a.x, b.x), Math.min(a.y, b.y), Math.abs(b.x - a.x), Math.abs(b.y - a.y))
        g.setLineDash([])
      })
      ctx.requestRender()
    },
    up(p) {
      if (start === undefined) return
      end = corner(p)
      let a = start
      let b = end
      start = undefined
      ctx.setFeedback(undefined)
      const zoom = ctx.viewport.zoom
      if (Math.abs(b.x - a.x) * zoom < 3 || Math.abs(b.y - a.y) * zoom < 3) {
        a = { x: p.world.x - 50, y: p.world.y - 50 }
        b = { x: p.world.x + 50, y: p.world.y + 50 }
      }
      const shapeId = ctx.newId(kind)
      const create = {
        eventType: 'CreateShapeEvent',
        shapeId,
        shapeType: kind,
        parameters: shapeParameters(kind, a, b),
        style: newObjectStyle(ctx.style),
        ...(ctx.layerId === undefined ? {} : { layerId: ctx.layerId }),
      } as unknown as SessionEventInit
      void ctx.dispatch([create, { eventType: 'SelectObjectsEvent', objectIds: [shapeId], mode: 'replace' }])
    },
    deactivate() {
      start = undefined
      ctx.setFeedback(undefined)
    },
  }
}
