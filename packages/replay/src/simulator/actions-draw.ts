/**
 * Drawing actions of the simulated user: pen-tool paths (clicks and click-drags pulling curve
 * handles), freehand strokes, and the four parametric shapes.
 */
import { clamp, POINTER_MS, type Pt, round2, round4, type SimulatedUser } from './user.js'

/** Pen tool: a path of 2–8 more anchors by clicks (`line`) and click-drags whose sampled handle pulls make curves; open or closed. */
export function drawPenPath(u: SimulatedUser): void {
  const target = u.targetLayer()
  if (!target) return
  const pathId = u.id('path')
  const box = target.artboard.bounds
  const center = u.pointIn(box, 0.15)
  const spread = Math.min(box.width, box.height) * u.rnd.range(0.05, 0.3)
  const anchors = u.rnd.int(2, 8)
  const closed = u.rnd.chance(0.45)
  const around = (i: number): Pt => {
    const a = (i / anchors) * Math.PI * 2 + u.rnd.range(-0.3, 0.3)
    const r = spread * u.rnd.range(0.5, 1.1)
    return { x: round2(center.x + Math.cos(a) * r), y: round2(center.y + Math.sin(a) * r) }
  }
  u.group('Draw Path', () => {
    u.discrete({
      eventType: 'CreatePathEvent',
      pathId,
      layerId: target.layer.id,
      startAnchor: around(0),
      style: u.style(),
    })
    for (let i = 1; i <= anchors; i++) {
      u.port.wait(Math.round(u.rnd.range(200, 900)))
      const position = around(i)
      if (u.rnd.chance(0.6)) {
        // Click-drag: the anchor appears, then the drag pulls its handles out (sampled).
        const h0 = { x: round2(u.rnd.range(-4, 4)), y: round2(u.rnd.range(-4, 4)) }
        u.port.discrete({
          eventType: 'AddAnchorEvent',
          pathId,
          position,
          anchorType: 'bezier',
          handleIn: { x: -h0.x, y: -h0.y },
          handleOut: h0,
        })
        const dir = u.rnd.range(0, Math.PI * 2)
        const len = spread * u.rnd.range(0.2, 0.6)
        const symmetric = u.rnd.chance(0.7)
        const index = i
        u.drag(u.rnd.range(150, 700), (t) => {
          const out = { x: round2(Math.cos(dir) * len * t), y: round2(Math.sin(dir) * len * t) }
          const inLen = symmetric ? 1 : 0.6
          u.port.sample({
            eventType: 'ModifyAnchorEvent',
            pathId,
            anchorIndex: index,
            handleOut: out,
            handleIn: { x: round2(-out.x * inLen), y: round2(-out.y * inLen) },
            anchorType: symmetric ? 'symmetric' : 'smooth',
          })
        })
      } else {
        u.port.discrete({ eventType: 'AddAnchorEvent', pathId, position, anchorType: 'line' })
      }
    }
    u.port.discrete({ eventType: 'FinishPathEvent', pathId, closed })
  })
}

/** Pencil: one freehand stroke, a 60 Hz stream of `bezier` AddAnchor samples decimated by the sampler. */
export function drawFreehand(u: SimulatedUser): void {
  const target = u.targetLayer()
  if (!target) return
  const pathId = u.id('stroke')
  const box = target.artboard.bounds
  let p = u.pointIn(box, 0.2)
  let heading = u.rnd.range(0, Math.PI * 2)
  const speed = u.rnd.range(0.15, 0.6) // px per ms
  u.group('Draw Stroke', () => {
    u.discrete({
      eventType: 'CreatePathEvent',
      pathId,
      layerId: target.layer.id,
      startAnchor: p,
      style: { stroke: u.colour(), strokeWidth: u.rnd.pick([1, 2, 3, 5, 8]) },
    })
    u.drag(u.rnd.range(400, 1800), () => {
      heading += u.rnd.range(-0.25, 0.25)
      const step = speed * POINTER_MS
      const d = { x: Math.cos(heading) * step, y: Math.sin(heading) * step }
      p = {
        x: round2(clamp(p.x + d.x, box.x, box.x + box.width)),
        y: round2(clamp(p.y + d.y, box.y, box.y + box.height)),
      }
      const h = { x: round2(d.x * 1.2), y: round2(d.y * 1.2) }
      u.port.sample({
        eventType: 'AddAnchorEvent',
        pathId,
        position: p,
        anchorType: 'bezier',
        handleIn: { x: -h.x, y: -h.y },
        handleOut: h,
      })
    })
    u.port.discrete({ eventType: 'FinishPathEvent', pathId, closed: false })
  })
}

/** Draws one rectangle, ellipse, polygon or star on the current layer, with a style. */
export function createShape(u: SimulatedUser): void {
  const target = u.targetLayer()
  if (!target) return
  const box = target.artboard.bounds
  const c = u.pointIn(box, 0.12)
  const scale = Math.min(box.width, box.height)
  const shapeId = u.id('shape')
  const kind = u.rnd.weighted({ rectangle: 5, ellipse: 3, polygon: 1.5, star: 1.5 })
  const base = {
    eventType: 'CreateShapeEvent' as const,
    shapeId,
    layerId: target.layer.id,
    style: u.style(),
  }
  const cx = c.x
  const cy = c.y
  const label = `Create ${kind[0]?.toUpperCase()}${kind.slice(1)}`
  u.group(label, () => {
    switch (kind) {
      case 'rectangle': {
        const width = round2(scale * u.rnd.range(0.05, 0.4))
        const height = round2(scale * u.rnd.range(0.05, 0.4))
        const cornerRadius = u.rnd.chance(0.4)
          ? round2(Math.min(width, height) * u.rnd.range(0, 0.5))
          : undefined
        u.discrete({
          ...base,
          shapeType: 'rectangle',
          parameters:
            cornerRadius === undefined
              ? { centerX: cx, centerY: cy, width, height }
              : { centerX: cx, centerY: cy, width, height, cornerRadius },
        })
        return
      }
      case 'ellipse':
        u.discrete({
          ...base,
          shapeType: 'ellipse',
          parameters: {
            centerX: cx,
            centerY: cy,
            radiusX: round2(scale * u.rnd.range(0.03, 0.2)),
            radiusY: round2(scale * u.rnd.range(0.03, 0.2)),
          },
        })
        return
      case 'polygon':
        u.discrete({
          ...base,
          shapeType: 'polygon',
          parameters: {
            centerX: cx,
            centerY: cy,
            radius: round2(scale * u.rnd.range(0.03, 0.2)),
            sides: u.rnd.int(3, 10),
            rotation: round4(u.rnd.chance(0.5) ? 0 : u.rnd.range(0, Math.PI)),
          },
        })
        return
      case 'star': {
        const outer = round2(scale * u.rnd.range(0.04, 0.2))
        u.discrete({
          ...base,
          shapeType: 'star',
          parameters: {
            centerX: cx,
            centerY: cy,
            outerRadius: outer,
            innerRadius: round2(outer * u.rnd.range(0.35, 0.7)),
            points: u.rnd.int(4, 9),
            rotation: 0,
          },
        })
        return
      }
    }
  })
}
