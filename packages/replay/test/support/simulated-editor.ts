/**
 * A small simulated editor that produces VALID event logs: it keeps the real reducer state (a
 * Folder) and picks each next action among the ones that apply to it (objects that exist, anchor
 * indices in range, the group on top of the undo/redo stack). Used by the property tests (random
 * valid logs from a seed) and the benchmarks (a realistic mix, streamed, any length).
 */
import type { WireTunerEvent } from '@wiretuner/event-schema'
import { createRandom } from '@wiretuner/sim-kit'
import type { Document, PathObject } from '@wiretuner/vector-model'
import { Folder } from '../../src/fold.js'
import { initialState, type ReplayState } from '../../src/state.js'

/** Layer count past which the simulated editor deletes layers more often than it creates them. */
const LAYER_CROWD = 12

/** A deterministic float source in [0, 1) from a seed: sim-kit's one PRNG. */
export function prng(seed: number): () => number {
  const random = createRandom(seed)
  return () => random.next()
}

/** A deterministic lower-case UUIDv4 from a counter. */
export function fakeUuid(n: number, tag = 0): string {
  const hex = n.toString(16).padStart(12, '0').slice(-12)
  return `${(tag >>> 0).toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`
}

/** FNV-1a hash of a string (32 bits), used to make event ids unique per document. */
function hash32(text: string, basis = 0x811c9dc5): number {
  let h = basis
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Options of the simulated editor. */
export interface SimulatorOptions {
  readonly seed: number
  readonly documentId?: string
  readonly startTime?: number
  /** Rough number of objects the document tends towards (creations slow down above it). */
  readonly targetObjects?: number
  /** Emit undo/redo (default true). */
  readonly undo?: boolean
}

type Draft = Record<string, unknown> & { readonly eventType: string }

/** Generates valid events one action at a time; each action is one or more events. */
export class SimulatedEditor {
  readonly documentId: string
  readonly #rand: () => number
  readonly #folder: Folder
  readonly #targetObjects: number
  readonly #undo: boolean
  readonly #idPrefix: string
  #state: ReplayState
  #time: number
  #seq = 0
  #ids = 0
  /** Object ids created (dropped when found deleted; an undo may bring an object back unlisted). */
  readonly #objects: string[] = []
  readonly #layers: string[] = []
  readonly #artboards: string[] = []

  constructor(options: SimulatorOptions) {
    this.#rand = prng(options.seed)
    this.documentId = options.documentId ?? fakeUuid(options.seed >>> 0, 0xd0c)
    this.#time = options.startTime ?? 1_700_000_000_000
    this.#targetObjects = options.targetObjects ?? 200
    this.#undo = options.undo ?? true
    const h = hash32(this.documentId)
    const g = hash32(this.documentId, 0x1234567).toString(16).padStart(8, '0')
    this.#idPrefix = `${h.toString(16).padStart(8, '0')}-${g.slice(0, 4)}-4${g.slice(4, 7)}-8${g.slice(5, 8)}`
    this.#state = initialState(this.documentId)
    this.#folder = new Folder(this.#state)
  }

  /** The reducer state after the events generated so far. */
  get state(): ReplayState {
    return this.#folder.state()
  }

  #int(n: number): number {
    return Math.floor(this.#rand() * n)
  }

  #coord(): number {
    return (this.#int(3200) - 800) / 4
  }

  #id(prefix: string): string {
    return `${prefix}-${(this.#ids++).toString(36)}`
  }

  #emit(out: WireTunerEvent[], draft: Draft): boolean {
    this.#time += 1 + this.#int(40)
    const event = {
      ...draft,
      eventId: `${this.#idPrefix}-${this.#seq.toString(16).padStart(12, '0')}`,
      eventSequence: this.#seq,
      timestamp: this.#time,
      documentId: this.documentId,
    } as unknown as WireTunerEvent
    const problem = this.#folder.apply(event)
    if (problem !== undefined) throw new Error(`simulator produced an inapplicable event: ${problem.reason}`)
    this.#seq++
    out.push(event)
    return true
  }

  #doc(): Document {
    this.#state = this.#folder.state()
    return this.#state.document
  }

  /** A random id from the list; ids no longer in the document are dropped on the way. */
  #pickId(doc: Document): string | undefined {
    while (this.#objects.length > 0) {
      const i = this.#int(this.#objects.length)
      const id = this.#objects[i] as string
      if (doc.objects.has(id)) return id
      this.#objects[i] = this.#objects[this.#objects.length - 1] as string
      this.#objects.pop()
    }
    return undefined
  }

  #pickObject(doc: Document): string | undefined {
    return this.#pickId(doc)
  }

  #pickPath(doc: Document): PathObject | undefined {
    for (let i = 0; i < 8; i++) {
      const id = this.#pickId(doc)
      const o = id === undefined ? undefined : doc.objects.get(id)
      if (o !== undefined && o.kind === 'path') return o
    }
    return undefined
  }

  #pickLayer(doc: Document): string | undefined {
    for (let i = 0; i < 6 && this.#layers.length > 0; i++) {
      const id = this.#layers[this.#int(this.#layers.length)] as string
      if (doc.artboards.some((a) => a.layers.some((l) => l.id === id))) return id
    }
    return undefined
  }

  /** Generates the next action's events (at least one). */
  next(): WireTunerEvent[] {
    const out: WireTunerEvent[] = []
    if (this.#seq === 0) {
      this.#emit(out, { eventType: 'CreateDocumentEvent', title: 'Simulated' })
      return out
    }
    const doc = this.#doc()
    if (doc.artboards.length === 0 || !doc.artboards.some((a) => a.layers.length > 0)) {
      const ab = this.#id('ab')
      const layer = this.#id('layer')
      this.#artboards.push(ab)
      this.#layers.push(layer)
      this.#emit(out, {
        eventType: 'CreateArtboardEvent',
        artboardId: ab,
        bounds: { x: 0, y: 0, width: 1920, height: 1080 },
      })
      this.#emit(out, { eventType: 'CreateLayerEvent', layerId: layer, artboardId: ab })
      return out
    }
    const r = this.#int(1000)
    const size = doc.objects.size
    const history = this.#state.history
    if (this.#undo && r < 30 && history.undoStack.length > 0) {
      const top = history.undoStack.at(-1)
      this.#emit(out, { eventType: 'UndoEvent', groupId: top?.groupId })
      return out
    }
    if (this.#undo && r < 45 && history.redoStack.length > 0) {
      const top = history.redoStack.at(-1)
      this.#emit(out, { eventType: 'RedoEvent', groupId: top?.groupId })
      return out
    }
    // Creations and deletions keep the document near `targetObjects`.
    const below = size < this.#targetObjects
    const c = this.#int(1000)
    if (c < (below ? 350 : 8)) return this.#createShape(out, doc)
    if (c < (below ? 420 : 12)) return this.#drawPath(out, doc)
    if (!below && c < 40) return this.#delete(out, doc)
    if (r < 420) return this.#drag(out, doc)
    if (r < 520) return this.#editAnchor(out, doc)
    if (r < 580) return this.#transform(out, doc)
    if (r < 640) return this.#style(out, doc)
    if (r < 760) return this.#select(out, doc)
    if (r < 880) return this.#viewport(out)
    if (r < 900) return this.#delete(out, doc)
    if (r < 930) return this.#layerEdit(out, doc)
    if (r < 940) {
      this.#emit(out, { eventType: 'ModifyDocumentMetadataEvent', title: `Title ${this.#int(100)}` })
      return out
    }
    if (r < 950) {
      this.#emit(out, { eventType: 'SaveDocumentEvent', eventCount: this.#seq })
      return out
    }
    return this.#drag(out, doc)
  }

  #createShape(out: WireTunerEvent[], doc: Document): WireTunerEvent[] {
    const id = this.#id('shape')
    const cx = this.#coord()
    const cy = this.#coord()
    const layerId = this.#int(4) === 0 ? this.#pickLayer(doc) : undefined
    const kind = this.#int(4)
    const parameters =
      kind === 0
        ? {
            centerX: cx,
            centerY: cy,
            width: 8 + this.#int(200),
            height: 8 + this.#int(200),
            cornerRadius: this.#int(4),
          }
        : kind === 1
          ? { centerX: cx, centerY: cy, radiusX: 4 + this.#int(100), radiusY: 4 + this.#int(100) }
          : kind === 2
            ? { centerX: cx, centerY: cy, radius: 4 + this.#int(100), sides: 3 + this.#int(10) }
            : {
                centerX: cx,
                centerY: cy,
                outerRadius: 20 + this.#int(80),
                innerRadius: 5 + this.#int(14),
                points: 3 + this.#int(8),
              }
    const shapeType = (['rectangle', 'ellipse', 'polygon', 'star'] as const)[kind]
    this.#emit(out, {
      eventType: 'CreateShapeEvent',
      schemaVersion: 2,
      shapeId: id,
      shapeType,
      parameters,
      ...(layerId === undefined ? {} : { layerId }),
      ...(this.#int(2) === 0 ? { style: { fill: '#3366CC', stroke: '#000000', strokeWidth: 2 } } : {}),
    })
    this.#objects.push(id)
    return out
  }

  #drawPath(out: WireTunerEvent[], doc: Document): WireTunerEvent[] {
    const id = this.#id('path')
    const group = this.#id('pen')
    this.#emit(out, { eventType: 'StartGroupEvent', groupId: group, label: 'Draw Path' })
    const layerId = this.#int(3) === 0 ? this.#pickLayer(doc) : undefined
    this.#emit(out, {
      eventType: 'CreatePathEvent',
      pathId: id,
      startAnchor: { x: this.#coord(), y: this.#coord() },
      undoGroupId: group,
      ...(layerId === undefined ? {} : { layerId }),
    })
    this.#objects.push(id)
    const n = 1 + this.#int(6)
    for (let i = 0; i < n; i++) {
      const bezier = this.#int(2) === 0
      this.#emit(out, {
        eventType: 'AddAnchorEvent',
        pathId: id,
        position: { x: this.#coord(), y: this.#coord() },
        anchorType: bezier ? 'bezier' : 'line',
        ...(bezier ? { handleIn: { x: -8, y: 2 }, handleOut: { x: 8, y: -2 } } : {}),
        undoGroupId: group,
        samplingIntervalMs: 50,
      })
    }
    this.#emit(out, {
      eventType: 'FinishPathEvent',
      pathId: id,
      closed: this.#int(2) === 0,
      undoGroupId: group,
    })
    this.#emit(out, { eventType: 'EndGroupEvent', groupId: group })
    return out
  }

  #drag(out: WireTunerEvent[], doc: Document): WireTunerEvent[] {
    const id = this.#pickObject(doc)
    if (id === undefined) return this.#createShape(out, doc)
    const ids = [id]
    const other = this.#int(3) === 0 ? this.#pickObject(doc) : undefined
    if (other !== undefined && other !== id) ids.push(other)
    const group = this.#id('drag')
    const n = 1 + this.#int(20)
    for (let i = 0; i < n; i++) {
      this.#emit(out, {
        eventType: 'MoveObjectEvent',
        objectIds: ids,
        delta: { x: (this.#int(64) - 32) / 4, y: (this.#int(64) - 32) / 4 },
        undoGroupId: group,
        samplingIntervalMs: 50,
      })
    }
    return out
  }

  #editAnchor(out: WireTunerEvent[], doc: Document): WireTunerEvent[] {
    const path = this.#pickPath(doc)
    if (path === undefined) return this.#drawPath(out, doc)
    const r = this.#int(10)
    if (r === 0 && path.anchors.length > 1) {
      this.#emit(out, {
        eventType: 'DeleteAnchorEvent',
        pathId: path.id,
        anchorIndex: this.#int(path.anchors.length),
      })
      return out
    }
    const anchorIndex = this.#int(path.anchors.length)
    const group = this.#id('anchor')
    const n = 1 + this.#int(8)
    for (let i = 0; i < n; i++) {
      const k = this.#int(4)
      this.#emit(out, {
        eventType: 'ModifyAnchorEvent',
        pathId: path.id,
        anchorIndex,
        ...(k !== 1 ? { position: { x: this.#coord(), y: this.#coord() } } : {}),
        ...(k === 1
          ? { handleOut: { x: this.#coord() / 8, y: this.#coord() / 8 }, anchorType: 'symmetric' }
          : {}),
        ...(k === 2 ? { handleIn: null } : {}),
        undoGroupId: group,
        samplingIntervalMs: 50,
      })
    }
    return out
  }

  #transform(out: WireTunerEvent[], doc: Document): WireTunerEvent[] {
    const id = this.#pickObject(doc)
    if (id === undefined) return this.#createShape(out, doc)
    const pivot = this.#int(2) === 0 ? { pivot: { x: this.#coord(), y: this.#coord() } } : {}
    if (this.#int(2) === 0) {
      this.#emit(out, {
        eventType: 'RotateObjectEvent',
        objectIds: [id],
        angle: (this.#int(64) - 32) / 64,
        ...pivot,
      })
    } else {
      this.#emit(out, {
        eventType: 'ScaleObjectEvent',
        objectIds: [id],
        scaleX: 0.5 + this.#int(8) / 8,
        scaleY: 0.5 + this.#int(8) / 8,
        ...pivot,
      })
    }
    return out
  }

  #style(out: WireTunerEvent[], doc: Document): WireTunerEvent[] {
    const id = this.#pickObject(doc)
    if (id === undefined) return this.#createShape(out, doc)
    const colours = ['#FF0000', '#00AA00', '#0000FF', '#333333']
    this.#emit(out, {
      eventType: 'ModifyStyleEvent',
      objectIds: [id],
      fill: colours[this.#int(colours.length)],
      ...(this.#int(2) === 0 ? { strokeWidth: this.#int(8) } : {}),
      ...(this.#int(3) === 0 ? { opacity: this.#int(5) / 4 } : {}),
    })
    return out
  }

  #select(out: WireTunerEvent[], doc: Document): WireTunerEvent[] {
    const r = this.#int(6)
    if (r === 0) {
      this.#emit(out, { eventType: 'ClearSelectionEvent' })
      return out
    }
    const id = this.#pickObject(doc)
    if (id === undefined) return this.#viewport(out)
    if (r === 1) {
      this.#emit(out, { eventType: 'DeselectObjectsEvent', objectIds: [id] })
      return out
    }
    const mode = (['replace', 'add', 'toggle', 'subtract'] as const)[this.#int(4)]
    this.#emit(out, { eventType: 'SelectObjectsEvent', objectIds: [id], mode })
    return out
  }

  #viewport(out: WireTunerEvent[]): WireTunerEvent[] {
    const r = this.#int(10)
    if (r === 0) {
      this.#emit(out, { eventType: 'ViewportResetEvent' })
    } else if (r < 6) {
      const n = 1 + this.#int(6)
      for (let i = 0; i < n; i++) {
        this.#emit(out, {
          eventType: 'ViewportPanEvent',
          delta: { x: this.#int(41) - 20, y: this.#int(41) - 20 },
          samplingIntervalMs: 50,
        })
      }
    } else {
      this.#emit(out, {
        eventType: 'ViewportZoomEvent',
        factor: [0.5, 0.8, 1.25, 2][this.#int(4)],
        focalPoint: { x: this.#int(800), y: this.#int(600) },
        samplingIntervalMs: 50,
      })
    }
    return out
  }

  #delete(out: WireTunerEvent[], doc: Document): WireTunerEvent[] {
    const id = this.#pickObject(doc)
    if (id === undefined) return this.#createShape(out, doc)
    this.#emit(out, { eventType: 'DeleteObjectEvent', objectIds: [id] })
    return out
  }

  #layerEdit(out: WireTunerEvent[], doc: Document): WireTunerEvent[] {
    const r = this.#int(10)
    const ab = doc.artboards[this.#int(doc.artboards.length)]
    // a document keeps a working set of layers: past LAYER_CROWD, creations get rarer than
    // deletions (without this, very long logs piled up ~1,000 layers)
    let layers = 0
    for (const a of doc.artboards) layers += a.layers.length
    const crowded = layers >= LAYER_CROWD
    if ((crowded ? r < 1 : r < 3) || ab === undefined) {
      const artboardId = ab?.id ?? (this.#artboards[0] as string)
      const layerId = this.#id('layer')
      this.#layers.push(layerId)
      this.#emit(out, { eventType: 'CreateLayerEvent', layerId, artboardId, name: `Layer ${layerId}` })
      return out
    }
    const layer = ab.layers[this.#int(ab.layers.length)]
    if (layer === undefined) return this.#viewport(out)
    const deletable = ab.layers.length > 1 || doc.artboards.length > 1
    if ((r === 9 || (crowded && r < 3)) && deletable) {
      // people delete the layers they no longer use: the one holding the fewest objects
      let emptiest = layer
      for (const l of ab.layers) if (l.objectIds.size < emptiest.objectIds.size) emptiest = l
      this.#emit(out, { eventType: 'DeleteLayerEvent', layerId: emptiest.id })
    } else if (r < 6) {
      this.#emit(out, {
        eventType: 'ModifyLayerEvent',
        layerId: layer.id,
        visible: this.#int(2) === 0,
        name: 'Renamed',
      })
    } else if (r < 8) {
      this.#emit(out, {
        eventType: 'ReorderLayerEvent',
        layerId: layer.id,
        newZIndex: this.#int(ab.layers.length),
      })
    } else if (r < 9) {
      this.#emit(out, {
        eventType: 'ModifyArtboardEvent',
        artboardId: ab.id,
        backgroundColor: '#EEEEEE',
        name: `Board ${this.#int(9)}`,
      })
    } else {
      this.#emit(out, { eventType: 'ModifyLayerEvent', layerId: layer.id, locked: this.#int(2) === 0 })
    }
    return out
  }
}

/** The first `count` events (at least) of the simulated session with this seed. */
export function simulatedLog(
  seed: number,
  count: number,
  options: Partial<SimulatorOptions> = {},
): WireTunerEvent[] {
  const editor = new SimulatedEditor({ ...options, seed })
  const events: WireTunerEvent[] = []
  while (events.length < count) events.push(...editor.next())
  return events
}

/** Streams `count` events of the simulated session (for logs too large to hold). */
export function* simulatedStream(
  seed: number,
  count: number,
  options: Partial<SimulatorOptions> = {},
): Generator<WireTunerEvent> {
  const editor = new SimulatedEditor({ ...options, seed })
  let n = 0
  while (n < count) {
    for (const e of editor.next()) {
      yield e
      n++
    }
  }
}
