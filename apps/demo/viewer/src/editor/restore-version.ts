/**
 * "Restore this version": the events that turn the current document into an earlier one, to be
 * APPENDED (the log is never rewritten). Artboards and layers are created, deleted, modified and
 * reordered; an object is patched in place when it can be (style, anchors of a path with the same
 * anchor count, its transform as rotate–scale–rotate–move about the origin, from the transform's
 * singular value decomposition), else deleted and created again; objects keep their z-order
 * because those that cannot stay in place are re-created in target order on top of the ones
 * that can. The artboards' ORDER cannot be restored: the event catalog has no event that reorders
 * artboards (kept artboards keep their place, re-created ones come last), so `planRestore` says
 * so in its result whenever the order would differ, for the editor to tell the user.
 */
import type { SessionEventInit } from '@wiretuner/replay'
import {
  type Anchor,
  type Artboard,
  compose,
  type Document,
  invert,
  type PathObject,
  rotation,
  scaling,
  type Transform,
  type VectorObject,
} from '@wiretuner/vector-model'

type Init = Record<string, unknown>
const TOL = 1e-9

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** `linear` (a, b, c, d) as rotation(θ1)·scaling(sx, sy)·rotation(θ2), or undefined when reflected. */
export function decomposeLinear(
  t: Transform,
): { theta1: number; sx: number; sy: number; theta2: number } | undefined {
  // matrix [[a, c], [b, d]] (columns are the images of x and y)
  const { a, b, c, d } = t
  if (a * d - b * c <= 0) return undefined
  const e = (a + d) / 2
  const f = (a - d) / 2
  const g = (b + c) / 2
  const h = (b - c) / 2
  const q = Math.hypot(e, h)
  const r = Math.hypot(f, g)
  const sx = q + r
  const sy = q - r
  if (!(sy > 0)) return undefined
  const a1 = Math.atan2(g, f)
  const a2 = Math.atan2(h, e)
  const theta2 = (a2 - a1) / 2
  const theta1 = (a2 + a1) / 2
  return { theta1, sx, sy, theta2 }
}

/** Events that change `ids`' transform from `from` to `to` (world-space: T' = M·T), or undefined. */
function transformEvents(ids: readonly string[], from: Transform, to: Transform): Init[] | undefined {
  const m = compose(to, invert(from))
  const parts = decomposeLinear(m)
  if (parts === undefined) return undefined
  const out: Init[] = []
  const origin = { x: 0, y: 0 }
  const objectIds = [...ids]
  if (Math.abs(parts.theta2) > TOL)
    out.push({ eventType: 'RotateObjectEvent', objectIds, angle: parts.theta2, pivot: origin })
  if (Math.abs(parts.sx - 1) > TOL || Math.abs(parts.sy - 1) > TOL)
    out.push({ eventType: 'ScaleObjectEvent', objectIds, scaleX: parts.sx, scaleY: parts.sy, pivot: origin })
  if (Math.abs(parts.theta1) > TOL)
    out.push({ eventType: 'RotateObjectEvent', objectIds, angle: parts.theta1, pivot: origin })
  // the translation left after the linear part, applied to the origin's image
  const linear = compose(rotation(parts.theta1), compose(scaling(parts.sx, parts.sy), rotation(parts.theta2)))
  const dx = m.e - linear.e
  const dy = m.f - linear.f
  if (Math.abs(dx) > TOL || Math.abs(dy) > TOL)
    out.push({ eventType: 'MoveObjectEvent', objectIds, delta: { x: dx, y: dy } })
  return out
}

/**
 * The ModifyStyleEvent giving `obj` its target style, with only the fields that differ from
 * `from` (absent when nothing differs). Fill and stroke are removed with null (a stroke width or
 * opacity cannot be removed: `patchEvents` re-creates such objects).
 */
function styleEvent(obj: VectorObject, from: VectorObject | undefined): Init | undefined {
  const want = obj.style
  const have = from?.style ?? {}
  const change: Init = {}
  if (want.fill !== have.fill) change.fill = want.fill ?? null
  if (want.stroke !== have.stroke) change.stroke = want.stroke ?? null
  if (want.strokeWidth !== have.strokeWidth) change.strokeWidth = want.strokeWidth ?? 1
  if (want.opacity !== have.opacity) change.opacity = want.opacity ?? 1
  if (Object.keys(change).length === 0) return undefined
  return { eventType: 'ModifyStyleEvent', objectIds: [obj.id], ...change }
}

const IDENTITY: Transform = { a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 }

function anchorEvent(pathId: string, index: number, a: Anchor): Init {
  return {
    eventType: 'ModifyAnchorEvent',
    pathId,
    anchorIndex: index,
    position: a.position,
    handleIn: a.handleIn ?? null,
    handleOut: a.handleOut ?? null,
    anchorType: a.anchorType,
  }
}

/** Events creating `obj` (as it is in the target) in `layerId`; undefined when impossible. */
function createEvents(obj: VectorObject): Init[] | undefined {
  const out: Init[] = []
  if (obj.kind === 'shape') {
    out.push({
      eventType: 'CreateShapeEvent',
      shapeId: obj.id,
      layerId: obj.layerId,
      shapeType: obj.shapeType,
      parameters: obj.parameters,
      style: obj.style,
    })
  } else {
    const [first, ...rest] = obj.anchors
    if (first === undefined) return undefined
    out.push({
      eventType: 'CreatePathEvent',
      pathId: obj.id,
      layerId: obj.layerId,
      startAnchor: first.position,
      style: obj.style,
    })
    for (const a of rest)
      out.push({ eventType: 'AddAnchorEvent', pathId: obj.id, position: a.position, anchorType: 'line' })
    obj.anchors.forEach((a, i) => {
      if (a.handleIn !== undefined || a.handleOut !== undefined || a.anchorType !== 'corner')
        out.push(anchorEvent(obj.id, i, a))
    })
    out.push({ eventType: 'FinishPathEvent', pathId: obj.id, closed: obj.closed })
  }
  const moves = transformEvents([obj.id], IDENTITY, obj.transform)
  if (moves === undefined) return undefined
  out.push(...moves)
  return out
}

/** Events patching `now` into `then` in place, or undefined when it must be re-created. */
function patchEvents(now: VectorObject, then: VectorObject): Init[] | undefined {
  if (now.kind !== then.kind || now.layerId !== then.layerId) return undefined
  // no event removes a stroke width or an opacity: such an object is re-created
  if (then.style.strokeWidth === undefined && now.style.strokeWidth !== undefined) return undefined
  if (then.style.opacity === undefined && now.style.opacity !== undefined) return undefined
  const out: Init[] = []
  if (now.kind === 'shape' && then.kind === 'shape') {
    if (now.shapeType !== then.shapeType || !same(now.parameters, then.parameters)) return undefined
  } else {
    const p = now as PathObject
    const q = then as PathObject
    if (p.anchors.length !== q.anchors.length || p.closed !== q.closed) return undefined
    q.anchors.forEach((a, i) => {
      if (!same(a, p.anchors[i])) out.push(anchorEvent(q.id, i, a))
    })
  }
  const style = styleEvent(then, now)
  if (style !== undefined) out.push(style)
  if (!same(now.transform, then.transform)) {
    const moves = transformEvents([then.id], now.transform, then.transform)
    if (moves === undefined) return undefined
    out.push(...moves)
  }
  return out
}

function layerHome(doc: Document): Map<string, string> {
  const home = new Map<string, string>()
  for (const ab of doc.artboards) for (const l of ab.layers) home.set(l.id, ab.id)
  return home
}

/** What restoring a version appends, and the part of the version it cannot bring back. */
export interface RestorePlan {
  /** The events to append, in order. */
  readonly events: readonly SessionEventInit[]
  /**
   * Set when the restored document's artboard order would differ from the version's (no catalog
   * event reorders artboards): both orders as artboard ids, and the sentence to show the user.
   */
  readonly artboardOrder?: {
    readonly restored: readonly string[]
    readonly version: readonly string[]
    readonly message: string
  }
}

/** The plan that turns `current` into `target`: its events and what differs (see the module comment). */
export function planRestore(current: Document, target: Document): RestorePlan {
  const events = restoreEvents(current, target)
  const wanted = new Set(target.artboards.map((a) => a.id))
  const kept = current.artboards.filter((a) => wanted.has(a.id)).map((a) => a.id)
  const keptSet = new Set(kept)
  // artboards that stay keep their place; created ones are appended in the version's order
  const restored = [...kept, ...target.artboards.filter((a) => !keptSet.has(a.id)).map((a) => a.id)]
  const version = target.artboards.map((a) => a.id)
  if (same(restored, version)) return { events }
  const names = (ids: readonly string[]): string =>
    ids.map((id) => JSON.stringify(target.artboards.find((a) => a.id === id)?.name ?? id)).join(', ')
  const message =
    `Restored, except the order of the artboards: no event reorders artboards, so they are now ` +
    `${names(restored)} where this version had ${names(version)}.`
  return { events, artboardOrder: { restored, version, message } }
}

/** The events that turn `current` into `target` (see the module comment). */
export function restoreEvents(current: Document, target: Document): SessionEventInit[] {
  const out: Init[] = []
  const targetBoards = new Map(target.artboards.map((a) => [a.id, a]))
  const currentBoards = new Map(current.artboards.map((a) => [a.id, a]))
  const targetHome = layerHome(target)
  const currentHome = layerHome(current)
  // 1. artboards and layers that go (a layer on another artboard goes and comes back)
  for (const ab of current.artboards)
    if (!targetBoards.has(ab.id)) out.push({ eventType: 'DeleteArtboardEvent', artboardId: ab.id })
  for (const [layerId, boardId] of currentHome) {
    if (!targetBoards.has(boardId)) continue
    if (targetHome.get(layerId) !== boardId) out.push({ eventType: 'DeleteLayerEvent', layerId })
  }
  const liveLayers = new Set([...currentHome].filter(([l, b]) => targetHome.get(l) === b).map(([l]) => l))
  // 2. objects: which stay (patched), which are (re)created
  const keep = new Map<string, Init[]>()
  const create: VectorObject[] = []
  for (const ab of target.artboards) {
    for (const layer of ab.layers) {
      const wanted = [...layer.objectIds]
      const have = liveLayers.has(layer.id)
        ? [
            ...(current.artboards.find((a) => a.id === ab.id)?.layers.find((l) => l.id === layer.id)
              ?.objectIds ?? []),
          ]
        : []
      const wantedSet = new Set(wanted)
      const staying = have.filter((id) => wantedSet.has(id))
      let i = 0
      for (; i < wanted.length && i < staying.length; i++) {
        const id = wanted[i] as string
        if (staying[i] !== id) break
        const patch = patchEvents(
          current.objects.get(id) as VectorObject,
          target.objects.get(id) as VectorObject,
        )
        if (patch === undefined) break
        keep.set(id, patch)
      }
      for (const id of wanted.slice(i)) create.push(target.objects.get(id) as VectorObject)
    }
  }
  const gone = [...current.objects.values()]
    .filter((o) => !keep.has(o.id) && liveLayers.has(o.layerId))
    .map((o) => o.id)
  if (gone.length > 0) out.push({ eventType: 'DeleteObjectEvent', objectIds: gone })
  // 3. artboards and layers that come or change, in the target's layer order
  for (const ab of target.artboards) {
    const now = currentBoards.get(ab.id)
    if (now === undefined) out.push(createArtboard(ab))
    else if (
      now.name !== ab.name ||
      !same(now.bounds, ab.bounds) ||
      now.backgroundColor !== ab.backgroundColor
    )
      out.push({
        eventType: 'ModifyArtboardEvent',
        artboardId: ab.id,
        name: ab.name,
        bounds: ab.bounds,
        backgroundColor: ab.backgroundColor,
      })
    const order = (now?.layers ?? []).filter((l) => liveLayers.has(l.id)).map((l) => l.id)
    ab.layers.forEach((layer, z) => {
      const old = now?.layers.find((l) => l.id === layer.id)
      if (old === undefined || !liveLayers.has(layer.id)) {
        out.push({
          eventType: 'CreateLayerEvent',
          layerId: layer.id,
          artboardId: ab.id,
          name: layer.name,
          visible: layer.visible,
          locked: layer.locked,
          zIndex: z,
        })
        order.splice(z, 0, layer.id)
        return
      }
      if (old.name !== layer.name || old.visible !== layer.visible || old.locked !== layer.locked)
        out.push({
          eventType: 'ModifyLayerEvent',
          layerId: layer.id,
          name: layer.name,
          visible: layer.visible,
          locked: layer.locked,
        })
      const at = order.indexOf(layer.id)
      if (at !== z) {
        order.splice(at, 1)
        order.splice(z, 0, layer.id)
        out.push({ eventType: 'ReorderLayerEvent', layerId: layer.id, newZIndex: z })
      }
    })
  }
  // 4. patches, then creations in target z-order (on top of what stayed)
  for (const events of keep.values()) out.push(...events)
  for (const obj of create) out.push(...(createEvents(obj) ?? []))
  if (current.title !== target.title)
    out.push({ eventType: 'ModifyDocumentMetadataEvent', title: target.title })
  if (
    !same(current.selection.objectIds, target.selection.objectIds) ||
    gone.length > 0 ||
    create.length > 0
  ) {
    out.push(
      target.selection.objectIds.length > 0
        ? { eventType: 'SelectObjectsEvent', objectIds: [...target.selection.objectIds], mode: 'replace' }
        : { eventType: 'ClearSelectionEvent' },
    )
  }
  return out as unknown as SessionEventInit[]
}

function createArtboard(ab: Artboard): Init {
  return {
    eventType: 'CreateArtboardEvent',
    artboardId: ab.id,
    name: ab.name,
    bounds: ab.bounds,
    backgroundColor: ab.backgroundColor,
    ...(ab.preset === undefined ? {} : { preset: ab.preset }),
  }
}
