/**
 * The pen tool (P): a click adds a corner anchor, a drag adds a smooth anchor whose out-handle
 * follows the pointer (the in-handle mirrors it); clicking the first anchor closes the path;
 * Enter, Escape or another tool finishes it open. Each anchor is dispatched on release
 * (CreatePathEvent for the first, with a ModifyAnchorEvent giving it handles when dragged, then
 * AddAnchorEvent; FinishPathEvent at the end). The path is drawn in world coordinates (its
 * transform is the identity while it is drawn).
 */
import type { SessionEventInit } from '@wiretuner/replay'
import { type Point, worldToScreen } from '@wiretuner/vector-model'
import { newObjectStyle, type Tool, type ToolContext, type ToolPointer } from './tool-kit.ts'

interface Drawn {
  readonly position: Point
  readonly handleOut?: Point
}

/** Distance (screen px) under which a press is a click and a press on the first anchor closes. */
const CLICK_PX = 4
const CLOSE_PX = 8

/** The pen tool; see the module comment. */
export function createPenTool(ctx: ToolContext): Tool {
  let pathId: string | undefined
  let anchors: Drawn[] = []
  let press: ToolPointer | undefined
  let hover: Point | undefined

  const feedback = (): void => {
    ctx.setFeedback((g) => {
      const s = (p: Point) => worldToScreen(ctx.viewport, p)
      g.strokeStyle = '#2f7de1'
      g.lineWidth = 1
      const last = anchors.at(-1)
      if (last !== undefined && hover !== undefined && press === undefined) {
        const a = s(last.position)
        const b = s(hover)
        g.setLineDash([4, 3])
        g.beginPath()
        g.moveTo(a.x, a.y)
        g.lineTo(b.x, b.y)
        g.stroke()
        g.setLineDash([])
      }
      for (const [i, anchor] of anchors.entries()) {
        const a = s(anchor.position)
        g.fillStyle = i === 0 ? '#2f7de1' : '#fff'
        g.fillRect(a.x - 3, a.y - 3, 6, 6)
        g.strokeRect(a.x - 3, a.y - 3, 6, 6)
      }
      if (press !== undefined && hover !== undefined) {
        const a = press.screen
        const b = s(hover)
        g.beginPath()
        g.moveTo(2 * a.x - b.x, 2 * a.y - b.y)
        g.lineTo(b.x, b.y)
        g.stroke()
      }
    })
    ctx.requestRender()
  }

  const finish = (closed: boolean): void => {
    const id = pathId
    pathId = undefined
    anchors = []
    press = undefined
    ctx.setFeedback(undefined)
    ctx.requestRender()
    if (id !== undefined) void ctx.dispatch([{ eventType: 'FinishPathEvent', pathId: id, closed }])
  }

  return {
    name: 'pen',
    down(p) {
      press = p
      hover = p.world
    },
    move(p) {
      hover = p.world
      feedback()
    },
    up(p) {
      const start = press
      press = undefined
      if (start === undefined) return
      const dragged = Math.hypot(p.screen.x - start.screen.x, p.screen.y - start.screen.y) > CLICK_PX
      const handleOut = dragged ? { x: p.world.x - start.world.x, y: p.world.y - start.world.y } : undefined
      const handleIn = handleOut === undefined ? undefined : { x: -handleOut.x, y: -handleOut.y }
      const first = anchors[0]
      if (pathId !== undefined && first !== undefined && anchors.length >= 2) {
        const f = worldToScreen(ctx.viewport, first.position)
        if (Math.hypot(f.x - start.screen.x, f.y - start.screen.y) <= CLOSE_PX) {
          finish(true)
          return
        }
      }
      const events: SessionEventInit[] = []
      if (pathId === undefined) {
        pathId = ctx.newId('path')
        events.push({
          eventType: 'CreatePathEvent',
          pathId,
          startAnchor: start.world,
          style: newObjectStyle({ ...ctx.style, fill: null }),
          ...(ctx.layerId === undefined ? {} : { layerId: ctx.layerId }),
        } as unknown as SessionEventInit)
        if (handleOut !== undefined && handleIn !== undefined)
          events.push({
            eventType: 'ModifyAnchorEvent',
            pathId,
            anchorIndex: 0,
            anchorType: 'smooth',
            handleIn,
            handleOut,
          })
      } else {
        events.push({
          eventType: 'AddAnchorEvent',
          pathId,
          position: start.world,
          anchorType: dragged ? 'bezier' : 'line',
          ...(handleOut === undefined || handleIn === undefined ? {} : { handleIn, handleOut }),
        } as SessionEventInit)
      }
      anchors.push(handleOut === undefined ? { position: start.world } : { position: start.world, handleOut })
      feedback()
      void ctx.dispatch(events)
    },
    key(event) {
      if (pathId === undefined || (event.key !== 'Enter' && event.key !== 'Escape')) return false
      finish(false)
      return true
    },
    deactivate() {
      if (pathId !== undefined) finish(false)
    },
  }
}
