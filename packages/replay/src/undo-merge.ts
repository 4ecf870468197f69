/**
 * The multi-user undo rule: restoring one side of an undo group's recorded change (vector-model
 * `ContentChange`) onto a document that other users may have edited since. Three-way, per unit
 * (object, layer, artboard, document metadata): a unit the group changed whose current value is
 * still what the group left is restored; a unit another user changed since (another value,
 * deleted, re-created) is left as that user made it and reported. Layer and artboard member lists
 * are merged so that the result stays a consistent document (every listed object exists, every
 * object is listed once). When nothing the group changed was touched since, the caller applies
 * the change exactly as the single-user undo does (vector-model's `matchesChangeSide`).
 */
import {
  type Artboard,
  type ContentChange,
  type ContentSide,
  type Document,
  idListOf,
  type Layer,
  type Selection,
  type VectorObject,
} from '@wiretuner/vector-model'
import type { UndoConflict } from './state.js'

/** Which side of a change an undo (`before`) or a redo (`after`) restores. */
export type ChangeSide = 'before' | 'after'

/** What a merged undo/redo left as other users made it (ids, in document order of discovery). */
export interface MergeConflicts {
  readonly objectIds: readonly string[]
  readonly layerIds: readonly string[]
  readonly artboardIds: readonly string[]
  /** True when the title or author was left (another user changed it since). */
  readonly metadata: boolean
}

/** A merged side: the change to apply (`applyChange(change, 'after')`) and what was left. */
export interface MergedSide {
  readonly change: ContentChange
  readonly conflicts: MergeConflicts
}

const opposite = (side: ChangeSide): ChangeSide => (side === 'before' ? 'after' : 'before')

/** Deep equality of JSON-like values (objects are plain data). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const y = b as unknown[]
    return a.length === y.length && a.every((v, i) => sameValue(v, y[i]))
  }
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  const keys = Object.keys(x).filter((k) => x[k] !== undefined)
  if (keys.length !== Object.keys(y).filter((k) => y[k] !== undefined).length) return false
  return keys.every((k) => sameValue(x[k], y[k]))
}

/** A layer's or artboard's own properties equal (its member list aside). */
function sameProps(a: object, b: object, list: 'layers' | 'objectIds'): boolean {
  if (a === b) return true
  const strip = (v: object) => Object.fromEntries(Object.entries(v).filter(([k]) => k !== list))
  return sameValue(strip(a), strip(b))
}

const sameIds = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((id, i) => id === b[i])

interface LayerAt {
  readonly layer: Layer
  readonly artboardId: string
}

/** The artboards and layers of one side, by id. */
function structureOf(artboards: readonly Artboard[]): {
  artboards: Map<string, Artboard>
  layers: Map<string, LayerAt>
} {
  const a = new Map<string, Artboard>()
  const l = new Map<string, LayerAt>()
  for (const artboard of artboards) {
    a.set(artboard.id, artboard)
    for (const layer of artboard.layers) l.set(layer.id, { layer, artboardId: artboard.id })
  }
  return { artboards: a, layers: l }
}

/** The layer holding each of `ids` on one side. */
function layersOfIds(artboards: readonly Artboard[], ids: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>()
  for (const artboard of artboards)
    for (const layer of artboard.layers)
      for (const id of layer.objectIds) if (ids.has(id)) out.set(id, layer.id)
  return out
}

/**
 * Three-way merge of a member list: `base` (as the group left it), `goal` (the side restored),
 * `cur` (now). When nobody changed the list since, the result follows `goal`, else `cur`; then
 * members that do not belong here (`present` false) are dropped and missing ones inserted after
 * their nearest placed predecessor. `orderLost`: the group's order could not be restored.
 */
function mergeIds(
  base: readonly string[],
  goal: readonly string[],
  cur: readonly string[],
  present: (id: string) => boolean,
): { readonly ids: string[]; readonly orderLost: boolean } {
  const unchangedSince = sameIds(cur, base)
  const out: string[] = []
  const placed = new Set<string>()
  for (const id of unchangedSince ? goal : cur) {
    if (present(id) && !placed.has(id)) {
      out.push(id)
      placed.add(id)
    }
  }
  for (const list of [goal, cur]) {
    for (let i = 0; i < list.length; i++) {
      const id = list[i] as string
      if (placed.has(id) || !present(id)) continue
      let at = 0
      for (let j = i - 1; j >= 0; j--) {
        const k = out.indexOf(list[j] as string)
        if (k >= 0) {
          at = k + 1
          break
        }
      }
      out.splice(at, 0, id)
      placed.add(id)
    }
  }
  if (unchangedSince || sameIds(base, goal)) return { ids: out, orderLost: false }
  const inOut = new Set(out)
  const goalOrder = goal.filter((id) => inOut.has(id))
  const outOrder = out.filter((id) => goalOrder.includes(id))
  return { ids: out, orderLost: !sameIds(goalOrder, outOrder) }
}

/** Conflicts being collected (sets keep each id once). */
class Collected {
  readonly objects = new Set<string>()
  readonly layers = new Set<string>()
  readonly artboards = new Set<string>()
  metadata = false

  done(): MergeConflicts {
    return {
      objectIds: [...this.objects],
      layerIds: [...this.layers],
      artboardIds: [...this.artboards],
      metadata: this.metadata,
    }
  }
}

/** Decides each touched object: its value and layer in the result. */
function mergeObjects(
  current: Document,
  change: ContentChange,
  left: ContentSide,
  goal: ContentSide,
  conflicts: Collected,
): { value: Map<string, VectorObject | undefined>; reverted: Set<string> } {
  const value = new Map<string, VectorObject | undefined>()
  const reverted = new Set<string>()
  const ids = change.objectIds
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as string
    const now = current.objects.get(id)
    const was = left.objects[i]
    if (now === was || (now !== undefined && was !== undefined && sameValue(now, was))) {
      value.set(id, goal.objects[i])
      reverted.add(id)
    } else {
      value.set(id, now)
      if (!sameValue(was, goal.objects[i])) conflicts.objects.add(id)
    }
  }
  return { value, reverted }
}

/**
 * Restores side `side` of `change` onto `current` by the three-way rule (see the module
 * comment): the change to apply (its `after` side is the result, its `before` side the current
 * content) and the units left as other users made them.
 */
export function mergeSide(current: Document, change: ContentChange, side: ChangeSide): MergedSide {
  const left = change[opposite(side)]
  const goal = change[side]
  const conflicts = new Collected()
  const { value, reverted } = mergeObjects(current, change, left, goal, conflicts)
  const touched = new Set(change.objectIds)
  const L = structureOf(left.artboards)
  const G = structureOf(goal.artboards)
  const C = structureOf(current.artboards)
  const curLayerOf = layersOfIds(current.artboards, touched)
  const goalLayerOf = layersOfIds(goal.artboards, touched)

  // artboards: presence of those the group changed (created ones are decided after their layers)
  const artProps = new Map<string, Artboard>()
  const artCreated = new Set<string>()
  const artTouched = (id: string) => L.artboards.get(id) !== G.artboards.get(id)
  for (const id of new Set([...L.artboards.keys(), ...G.artboards.keys(), ...C.artboards.keys()])) {
    const l = L.artboards.get(id)
    const g = G.artboards.get(id)
    const c = C.artboards.get(id)
    if (!artTouched(id)) {
      if (c !== undefined) artProps.set(id, c)
    } else if (g === undefined) {
      if (c !== undefined) {
        artProps.set(id, c)
        artCreated.add(id)
      }
    } else if (l === undefined) {
      if (c === undefined) artProps.set(id, g)
      else {
        artProps.set(id, c)
        conflicts.artboards.add(id)
      }
    } else if (c === undefined) {
      conflicts.artboards.add(id)
    } else if (sameProps(c, l, 'layers')) {
      artProps.set(id, g)
    } else {
      artProps.set(id, c)
      if (!sameProps(l, g, 'layers')) conflicts.artboards.add(id)
    }
  }

  // layers: presence, artboard and properties (created ones decided once their members are known)
  const layerProps = new Map<string, Layer>()
  const layerArtboard = new Map<string, string>()
  const layerCreated = new Set<string>()
  const layerTouched = (id: string) => L.layers.get(id)?.layer !== G.layers.get(id)?.layer
  for (const id of new Set([...L.layers.keys(), ...G.layers.keys(), ...C.layers.keys()])) {
    const l = L.layers.get(id)
    const g = G.layers.get(id)
    const c = C.layers.get(id)
    const keep = (at: LayerAt) => {
      layerProps.set(id, at.layer)
      layerArtboard.set(id, at.artboardId)
    }
    if (!layerTouched(id)) {
      if (c !== undefined) keep(c)
    } else if (g === undefined) {
      if (c !== undefined) {
        keep(c)
        layerCreated.add(id)
      }
    } else if (l === undefined) {
      if (c !== undefined) {
        keep(c)
        conflicts.layers.add(id)
      } else if (artProps.has(g.artboardId)) keep(g)
      else conflicts.layers.add(id)
    } else if (c === undefined) {
      conflicts.layers.add(id)
    } else if (sameProps(c.layer, l.layer, 'objectIds')) {
      layerProps.set(id, g.layer)
      layerArtboard.set(id, c.artboardId)
    } else {
      keep(c)
      if (!sameProps(l.layer, g.layer, 'objectIds')) conflicts.layers.add(id)
    }
  }

  // objects: the layer each touched object ends in (one the merge keeps, else it is left)
  const objectLayer = new Map<string, string | undefined>()
  for (const id of touched) {
    if (reverted.has(id) && value.get(id) !== undefined) {
      const at = goalLayerOf.get(id) ?? curLayerOf.get(id)
      if (at !== undefined && layerProps.has(at)) {
        objectLayer.set(id, at)
        continue
      }
      // its layer is gone: the object cannot come back
      value.set(id, current.objects.get(id))
      reverted.delete(id)
      conflicts.objects.add(id)
    }
    objectLayer.set(id, value.get(id) === undefined ? undefined : curLayerOf.get(id))
  }

  // member lists of the layers kept
  const layerIds = new Map<string, string[]>()
  for (const id of layerProps.keys()) {
    const list = (at: LayerAt | undefined) => (at === undefined ? [] : [...at.layer.objectIds])
    const cur = list(C.layers.get(id))
    const inCur = new Set(cur)
    const present = (o: string) => (touched.has(o) ? objectLayer.get(o) === id : inCur.has(o))
    if (!layerTouched(id)) {
      const merged = mergeIds(cur, cur, cur, present)
      layerIds.set(id, merged.ids)
      continue
    }
    const merged = mergeIds(list(L.layers.get(id)), list(G.layers.get(id)), cur, present)
    if (merged.orderLost) conflicts.layers.add(id)
    layerIds.set(id, merged.ids)
  }
  for (const id of layerCreated) {
    const l = L.layers.get(id) as LayerAt
    const c = C.layers.get(id) as LayerAt
    if ((layerIds.get(id) as string[]).length === 0 && sameProps(c.layer, l.layer, 'objectIds')) {
      layerProps.delete(id)
      layerArtboard.delete(id)
      layerIds.delete(id)
    } else conflicts.layers.add(id)
  }

  // layer lists of the artboards kept, then the artboards the group created
  const artLayers = new Map<string, string[]>()
  for (const id of artProps.keys()) {
    const list = (a: Artboard | undefined) => (a === undefined ? [] : a.layers.map((x) => x.id))
    const cur = list(C.artboards.get(id))
    const inCur = new Set(cur)
    const present = (x: string) =>
      layerTouched(x) || !inCur.has(x) ? layerArtboard.get(x) === id : layerProps.has(x)
    const merged = artTouched(id)
      ? mergeIds(list(L.artboards.get(id)), list(G.artboards.get(id)), cur, present)
      : mergeIds(cur, cur, cur, present)
    if (merged.orderLost) conflicts.artboards.add(id)
    artLayers.set(id, merged.ids)
  }
  for (const id of artCreated) {
    const l = L.artboards.get(id) as Artboard
    const c = C.artboards.get(id) as Artboard
    if ((artLayers.get(id) as string[]).length === 0 && sameProps(c, l, 'layers')) {
      artProps.delete(id)
      artLayers.delete(id)
    } else conflicts.artboards.add(id)
  }
  const artboardOrder = mergeIds(
    left.artboards.map((a) => a.id),
    goal.artboards.map((a) => a.id),
    current.artboards.map((a) => a.id),
    (id) => artProps.has(id),
  )

  const artboards = buildArtboards(
    current,
    C.layers,
    artboardOrder.ids,
    artProps,
    artLayers,
    layerProps,
    layerIds,
  )
  const title = current.title === left.title ? goal.title : current.title
  const author = current.author === left.author ? goal.author : current.author
  if (
    (title !== goal.title || author !== goal.author) &&
    (left.title !== goal.title || left.author !== goal.author)
  )
    conflicts.metadata = true
  const exists = (id: string) => (touched.has(id) ? value.get(id) !== undefined : current.objects.has(id))
  const selection = mergedSelection(goal.selection, exists, (id) => !touched.has(id) || reverted.has(id))
  const ids = change.objectIds
  const now: ContentSide = {
    objects: ids.map((id) => current.objects.get(id)),
    artboards: current.artboards,
    selection: current.selection,
    title: current.title,
    author: current.author,
  }
  const result: ContentSide = { objects: ids.map((id) => value.get(id)), artboards, selection, title, author }
  return { change: { objectIds: ids, before: now, after: result }, conflicts: conflicts.done() }
}

/** The artboards of the result, reusing the current artboard and layer records left unchanged. */
function buildArtboards(
  current: Document,
  currentLayers: ReadonlyMap<string, LayerAt>,
  order: readonly string[],
  artProps: ReadonlyMap<string, Artboard>,
  artLayers: ReadonlyMap<string, readonly string[]>,
  layerProps: ReadonlyMap<string, Layer>,
  layerIds: ReadonlyMap<string, readonly string[]>,
): readonly Artboard[] {
  const layerOf = (id: string): Layer => {
    const props = layerProps.get(id) as Layer
    const ids = layerIds.get(id) as readonly string[]
    const now = currentLayers.get(id)?.layer
    if (now !== undefined && now === props && sameIds([...now.objectIds], ids)) return now
    return { ...props, objectIds: idListOf(ids) }
  }
  const built = order.map((id): Artboard => {
    const props = artProps.get(id) as Artboard
    const layers = (artLayers.get(id) as readonly string[]).map(layerOf)
    const now = current.artboards.find((a) => a.id === id)
    if (
      now !== undefined &&
      now === props &&
      now.layers.every((l, i) => l === layers[i]) &&
      now.layers.length === layers.length
    )
      return now
    return { ...props, layers }
  })
  return built.length === current.artboards.length && built.every((a, i) => a === current.artboards[i])
    ? current.artboards
    : built
}

/** `selection` without objects that do not exist, and without anchors of objects not restored. */
function mergedSelection(
  selection: Selection,
  exists: (id: string) => boolean,
  restored: (id: string) => boolean,
): Selection {
  const objectIds = selection.objectIds.filter(exists)
  const anchors = Object.fromEntries(
    Object.entries(selection.anchors).filter(([id]) => exists(id) && restored(id)),
  )
  if (
    objectIds.length === selection.objectIds.length &&
    Object.keys(anchors).length === Object.keys(selection.anchors).length
  )
    return selection
  return { objectIds, anchors }
}

/** The conflicts of the parts of one undo/redo, merged (each id once, in order) into its report. */
export class ConflictList {
  readonly #objects = new Set<string>()
  readonly #layers = new Set<string>()
  readonly #artboards = new Set<string>()
  #metadata = false

  add(c: MergeConflicts): void {
    for (const id of c.objectIds) this.#objects.add(id)
    for (const id of c.layerIds) this.#layers.add(id)
    for (const id of c.artboardIds) this.#artboards.add(id)
    if (c.metadata) this.#metadata = true
  }

  report(
    kind: 'undo' | 'redo',
    sequence: number,
    groupId: string,
    userId: string | undefined,
  ): UndoConflict | undefined {
    if (this.#objects.size + this.#layers.size + this.#artboards.size === 0 && !this.#metadata)
      return undefined
    return {
      kind,
      sequence,
      groupId,
      ...(userId === undefined ? {} : { userId }),
      objectIds: [...this.#objects],
      layerIds: [...this.#layers],
      artboardIds: [...this.#artboards],
      metadata: this.#metadata,
    }
  }
}
