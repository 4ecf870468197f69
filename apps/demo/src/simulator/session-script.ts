/**
 * The behaviour of the simulated user: a weighted mix of editing actions in proportions like
 * real use (drawing and moving dominate; undo, layers and artboard edits are rarer), played on an
 * {@link EditorPort} with 60 Hz pointer samples for every drag so the real 50 ms sampler does its
 * work. Deterministic: all randomness comes from the seeded {@link Random}.
 */
import type { EditorPort, LiveStructure, SimEvent } from './editor-port.js'
import type { Random } from './prng.js'

/** Actions the simulated user performs, with their relative weights. */
export const ACTION_WEIGHTS = {
  drawPenPath: 9,
  drawFreehand: 3,
  createShape: 12,
  moveDrag: 16,
  rotateDrag: 4,
  scaleDrag: 4,
  changeStyle: 8,
  select: 12,
  deselect: 3,
  editAnchor: 4,
  deleteAnchor: 1,
  deleteObjects: 4,
  pan: 7,
  zoom: 5,
  resetView: 0.5,
  createLayer: 1.2,
  modifyLayer: 1,
  reorderLayer: 0.4,
  deleteLayer: 0.25,
  createArtboard: 0.25,
  modifyArtboard: 0.3,
  deleteArtboard: 0.04,
  undo: 5,
  redo: 0,
  save: 0.8,
  renameDocument: 0.05,
} as const

/** Name of a simulated action. */
export type ActionName = keyof typeof ACTION_WEIGHTS

const PALETTE = [
  '#1D3557',
  '#E63946',
  '#F1FAEE',
  '#A8DADC',
  '#457B9D',
  '#2A9D8F',
  '#E9C46A',
  '#F4A261',
  '#264653',
  '#8338EC',
  '#FF006E',
  '#FB5607',
  '#FFBE0B',
  '#3A86FF',
  '#000000',
  '#FFFFFF',
]
const PRESETS = [
  { preset: 'Desktop', width: 1440, height: 900 },
  { preset: 'iPhone 15', width: 393, height: 852 },
  { preset: 'Instagram Post', width: 1080, height: 1080 },
  { preset: 'A4', width: 595, height: 842 },
  { preset: 'Slide 16:9', width: 1280, height: 720 },
] as const
const LAYER_NAMES = [
  'Background',
  'Shapes',
  'Illustration',
  'Icons',
  'Text',
  'Details',
  'Overlay',
  'Sketch',
  'Guides',
]
const POINTER_MS = 16
/** Close to the target, only single-event actions run, so the log ends at exactly the target. */
const FILL_PHASE_EVENTS = 150
/** Objects on the page before deletions become more likely. */
const COMFORTABLE_OBJECTS = 120

type Pt = { x: number; y: number }
type LiveArtboard = LiveStructure['artboards'][number]
type LiveLayer = LiveArtboard['layers'][number]
type Placement = { readonly artboard: LiveArtboard; readonly layer: LiveLayer }
type Box = { x: number; y: number; width: number; height: number }

/** Plays a simulated session on `port` until at least `targetEvents` events were recorded. */
export class SessionScript {
  readonly #port: EditorPort
  readonly #rnd: Random
  #ids = 0
  #structure: LiveStructure = { artboards: [], selection: [] }
  #stale = true
  #undone = 0
  /** Groups the user made (after the setup) that are not undone: what undo may take back. */
  #undoableGroups = 0
  #inSetup = false
  #artboardCount = 0
  #layerCount = 0
  /** Counts of actions performed, by name (for reports and tests). */
  readonly actions: Record<string, number> = {}

  constructor(port: EditorPort, rnd: Random) {
    this.#port = port
    this.#rnd = rnd
  }

  #id(prefix: string): string {
    this.#ids++
    return `${prefix}-${this.#rnd.uuid().slice(0, 8)}${this.#ids.toString(36)}`
  }

  #live(): LiveStructure {
    if (this.#stale) {
      this.#structure = this.#port.structure()
      this.#stale = false
    }
    return this.#structure
  }

  #changed(): void {
    this.#stale = true
  }

  #think(minMs = 250, maxMs = 2500): void {
    this.#port.wait(Math.round(this.#rnd.range(minMs, maxMs)))
  }

  /** Unlocked, visible layers with their artboard. */
  #editableLayers(): Placement[] {
    const out: Placement[] = []
    for (const artboard of this.#live().artboards) {
      for (const layer of artboard.layers) if (layer.visible && !layer.locked) out.push({ artboard, layer })
    }
    return out
  }

  #editableObjects(): string[] {
    return this.#editableLayers().flatMap(({ layer }) => layer.objectIds)
  }

  #objectCount(): number {
    let n = 0
    for (const a of this.#live().artboards) for (const l of a.layers) n += l.objectIds.length
    return n
  }

  #pointIn(box: Box, margin = 0.08): Pt {
    return {
      x: Math.round((box.x + box.width * this.#rnd.range(margin, 1 - margin)) * 100) / 100,
      y: Math.round((box.y + box.height * this.#rnd.range(margin, 1 - margin)) * 100) / 100,
    }
  }

  #colour(): string {
    return this.#rnd.pick(PALETTE)
  }

  #style(): { fill?: string; stroke?: string; strokeWidth?: number; opacity?: number } {
    const style: { fill?: string; stroke?: string; strokeWidth?: number; opacity?: number } = {}
    if (this.#rnd.chance(0.8)) style.fill = this.#colour()
    if (!style.fill || this.#rnd.chance(0.5)) {
      style.stroke = this.#colour()
      style.strokeWidth = this.#rnd.pick([1, 1, 2, 2, 3, 4, 6])
    }
    if (this.#rnd.chance(0.15)) style.opacity = Math.round(this.#rnd.range(0.3, 1) * 100) / 100
    return style
  }

  #discrete(event: SimEvent): void {
    this.#port.discrete(event)
    this.#changed()
  }

  #group(label: string, body: () => void): void {
    this.#port.beginGroup(label)
    try {
      body()
    } finally {
      this.#port.endGesture()
      this.#port.endGroup()
      this.#changed()
      if (!this.#inSetup) {
        this.#undone = 0
        this.#undoableGroups++
      }
    }
  }

  /** A drag of `durationMs`, calling `step(fraction, dtFraction)` at 60 Hz pointer rate. */
  #drag(durationMs: number, step: (t: number, dt: number) => void): void {
    const steps = Math.max(2, Math.round(durationMs / POINTER_MS))
    for (let i = 1; i <= steps; i++) {
      this.#port.wait(POINTER_MS)
      step(i / steps, 1 / steps)
    }
    this.#port.endGesture()
  }

  /** Sets up the first artboard and its layers (what a user does first), within `targetEvents`. */
  start(targetEvents: number): void {
    this.#inSetup = true
    this.#think(500, 3000)
    if (this.#port.eventCount() < targetEvents) this.#createArtboard(0)
    if (this.#port.eventCount() < targetEvents) this.#createLayer('Background')
    if (this.#port.eventCount() < targetEvents) this.#createLayer('Shapes')
    this.#inSetup = false
  }

  /** Performs actions until the log holds at least `targetEvents` events. */
  run(targetEvents: number, onProgress?: (events: number) => void): void {
    if (this.#live().artboards.length === 0) this.start(targetEvents)
    let lastReport = 0
    while (this.#port.eventCount() < targetEvents) {
      const remaining = targetEvents - this.#port.eventCount()
      if (remaining <= FILL_PHASE_EVENTS) this.#fillOne()
      else this.#perform(this.#chooseAction())
      const n = this.#port.eventCount()
      if (onProgress && n - lastReport >= 500) {
        lastReport = n
        onProgress(n)
      }
    }
    this.#port.endGesture()
  }

  /**
   * Adds exactly one event: the single-event actions of the mix (create a shape, select, restyle,
   * delete one object, clear, save, reset the view), so the tail of the log still looks like use.
   */
  #fillOne(): void {
    const objs = this.#editableObjects()
    this.#think(150, 1500)
    const choice = this.#rnd.weighted({
      createShape: this.#editableLayers().length > 0 ? 3 : 0,
      select: objs.length > 0 ? 4 : 0,
      changeStyle: objs.length > 0 ? 3 : 0,
      deleteObjects: objs.length > 0 ? 0.6 : 0,
      deselect: 1,
      save: 0.3,
      resetView: 0.3,
    })
    this.#count(choice)
    switch (choice) {
      case 'createShape':
        this.#createShape()
        return
      case 'select':
        this.#discrete({
          eventType: 'SelectObjectsEvent',
          objectIds: [this.#rnd.pick(objs)],
          mode: this.#rnd.weighted({ replace: 6, add: 2, toggle: 1.5, subtract: 1 }),
        })
        return
      case 'changeStyle':
        this.#group('Change Style', () =>
          this.#discrete({
            eventType: 'ModifyStyleEvent',
            objectIds: [this.#rnd.pick(objs)],
            fill: this.#colour(),
          }),
        )
        return
      case 'deleteObjects':
        // Named like the event itself, so the group needs no markers: exactly one event.
        this.#group('Delete Objects', () =>
          this.#discrete({ eventType: 'DeleteObjectEvent', objectIds: [this.#rnd.pick(objs)] }),
        )
        return
      case 'deselect':
        this.#discrete({ eventType: 'ClearSelectionEvent' })
        return
      case 'save':
        this.#discrete({ eventType: 'SaveDocumentEvent', eventCount: this.#port.eventCount() })
        return
      case 'resetView':
        this.#discrete({ eventType: 'ViewportResetEvent' })
        return
    }
  }

  #count(action: string): void {
    this.actions[action] = (this.actions[action] ?? 0) + 1
  }

  #chooseAction(): ActionName {
    const objects = this.#objectCount()
    const editable = this.#editableLayers().length
    const weights: Record<ActionName, number> = { ...ACTION_WEIGHTS }
    if (objects === 0) {
      for (const k of [
        'moveDrag',
        'rotateDrag',
        'scaleDrag',
        'changeStyle',
        'select',
        'deselect',
        'deleteObjects',
        'editAnchor',
        'deleteAnchor',
      ] as const)
        weights[k] = 0
    }
    if (objects > COMFORTABLE_OBJECTS) weights.deleteObjects *= 1 + (objects - COMFORTABLE_OBJECTS) / 20
    if (editable === 0) {
      weights.drawPenPath = weights.drawFreehand = weights.createShape = 0
      weights.createLayer += 3
      weights.modifyLayer += 6
    }
    if (this.#layerCount > 6 * Math.max(1, this.#artboardCount)) weights.createLayer = 0
    if (this.#artboardCount >= 4) weights.createArtboard = 0
    if (this.#artboardCount <= 1) weights.deleteArtboard = 0
    if (this.#live().artboards.length === 0) weights.createArtboard = 50
    if (this.#undone > 0) weights.redo = 6
    if (this.#undone >= 3) weights.undo = 0.5
    if (this.#undoableGroups === 0) weights.undo = 0
    return this.#rnd.weighted(weights)
  }

  #perform(action: ActionName): void {
    this.#count(action)
    this.#think()
    switch (action) {
      case 'drawPenPath':
        this.#drawPenPath()
        return
      case 'drawFreehand':
        this.#drawFreehand()
        return
      case 'createShape':
        this.#createShape()
        return
      case 'moveDrag':
        this.#moveDrag()
        return
      case 'rotateDrag':
        this.#rotateDrag()
        return
      case 'scaleDrag':
        this.#scaleDrag()
        return
      case 'changeStyle':
        this.#changeStyle()
        return
      case 'select':
        this.#select()
        return
      case 'deselect':
        this.#deselect()
        return
      case 'editAnchor':
        this.#editAnchor()
        return
      case 'deleteAnchor':
        this.#deleteAnchor()
        return
      case 'deleteObjects':
        this.#deleteObjects()
        return
      case 'pan':
        this.#pan()
        return
      case 'zoom':
        this.#zoom()
        return
      case 'resetView':
        this.#discrete({ eventType: 'ViewportResetEvent' })
        return
      case 'createLayer':
        this.#createLayer(this.#rnd.pick(LAYER_NAMES))
        return
      case 'modifyLayer':
        this.#modifyLayer()
        return
      case 'reorderLayer':
        this.#reorderLayer()
        return
      case 'deleteLayer':
        this.#deleteLayer()
        return
      case 'createArtboard':
        this.#createArtboard(this.#artboardCount)
        return
      case 'modifyArtboard':
        this.#modifyArtboard()
        return
      case 'deleteArtboard':
        this.#deleteArtboard()
        return
      case 'undo':
        this.#undo()
        return
      case 'redo':
        this.#redo()
        return
      case 'save':
        this.#discrete({ eventType: 'SaveDocumentEvent', eventCount: this.#port.eventCount() })
        return
      case 'renameDocument':
        this.#group('Edit Document Properties', () =>
          this.#discrete({
            eventType: 'ModifyDocumentMetadataEvent',
            title: `Simulated design v${this.#rnd.int(2, 40)}`,
          }),
        )
        return
    }
  }

  #createArtboard(index: number): void {
    const p = this.#rnd.pick(PRESETS)
    const id = this.#id('artboard')
    const x = index * 1600
    this.#group('Create Artboard', () =>
      this.#discrete({
        eventType: 'CreateArtboardEvent',
        artboardId: id,
        name: `${p.preset} ${index + 1}`,
        bounds: { x, y: 0, width: p.width, height: p.height },
        backgroundColor: this.#rnd.pick(['#FFFFFF', '#FFFFFF', '#F8F9FA', '#FFF8E7', '#EEF4FF']),
        preset: p.preset,
      }),
    )
    this.#artboardCount++
  }

  #createLayer(name: string): void {
    const artboards = this.#live().artboards
    if (artboards.length === 0) return
    const artboard = this.#rnd.chance(0.7) ? artboards[artboards.length - 1] : this.#rnd.pick(artboards)
    if (!artboard) return
    this.#group('Create Layer', () =>
      this.#discrete({
        eventType: 'CreateLayerEvent',
        layerId: this.#id('layer'),
        artboardId: artboard.id,
        name,
      }),
    )
    this.#layerCount++
  }

  #targetLayer(): Placement | undefined {
    const layers = this.#editableLayers()
    if (layers.length === 0) return undefined
    // Users mostly keep drawing on the topmost layer they used last.
    return this.#rnd.chance(0.6) ? layers[layers.length - 1] : this.#rnd.pick(layers)
  }

  #drawPenPath(): void {
    const target = this.#targetLayer()
    if (!target) return
    const pathId = this.#id('path')
    const box = target.artboard.bounds
    const center = this.#pointIn(box, 0.15)
    const spread = Math.min(box.width, box.height) * this.#rnd.range(0.05, 0.3)
    const anchors = this.#rnd.int(2, 8)
    const closed = this.#rnd.chance(0.45)
    const around = (i: number): Pt => {
      const a = (i / anchors) * Math.PI * 2 + this.#rnd.range(-0.3, 0.3)
      const r = spread * this.#rnd.range(0.5, 1.1)
      return { x: round2(center.x + Math.cos(a) * r), y: round2(center.y + Math.sin(a) * r) }
    }
    this.#group('Draw Path', () => {
      this.#discrete({
        eventType: 'CreatePathEvent',
        pathId,
        layerId: target.layer.id,
        startAnchor: around(0),
        style: this.#style(),
      })
      for (let i = 1; i <= anchors; i++) {
        this.#port.wait(Math.round(this.#rnd.range(200, 900)))
        const position = around(i)
        if (this.#rnd.chance(0.6)) {
          // Click-drag: the anchor appears, then the drag pulls its handles out (sampled).
          const h0 = { x: round2(this.#rnd.range(-4, 4)), y: round2(this.#rnd.range(-4, 4)) }
          this.#port.discrete({
            eventType: 'AddAnchorEvent',
            pathId,
            position,
            anchorType: 'bezier',
            handleIn: { x: -h0.x, y: -h0.y },
            handleOut: h0,
          })
          const dir = this.#rnd.range(0, Math.PI * 2)
          const len = spread * this.#rnd.range(0.2, 0.6)
          const symmetric = this.#rnd.chance(0.7)
          const index = i
          this.#drag(this.#rnd.range(150, 700), (t) => {
            const out = { x: round2(Math.cos(dir) * len * t), y: round2(Math.sin(dir) * len * t) }
            const inLen = symmetric ? 1 : 0.6
            this.#port.sample({
              eventType: 'ModifyAnchorEvent',
              pathId,
              anchorIndex: index,
              handleOut: out,
              handleIn: { x: round2(-out.x * inLen), y: round2(-out.y * inLen) },
              anchorType: symmetric ? 'symmetric' : 'smooth',
            })
          })
        } else {
          this.#port.discrete({ eventType: 'AddAnchorEvent', pathId, position, anchorType: 'line' })
        }
      }
      this.#port.discrete({ eventType: 'FinishPathEvent', pathId, closed })
    })
  }

  #drawFreehand(): void {
    const target = this.#targetLayer()
    if (!target) return
    const pathId = this.#id('stroke')
    const box = target.artboard.bounds
    let p = this.#pointIn(box, 0.2)
    let heading = this.#rnd.range(0, Math.PI * 2)
    const speed = this.#rnd.range(0.15, 0.6) // px per ms
    this.#group('Draw Stroke', () => {
      this.#discrete({
        eventType: 'CreatePathEvent',
        pathId,
        layerId: target.layer.id,
        startAnchor: p,
        style: { stroke: this.#colour(), strokeWidth: this.#rnd.pick([1, 2, 3, 5, 8]) },
      })
      this.#drag(this.#rnd.range(400, 1800), () => {
        heading += this.#rnd.range(-0.25, 0.25)
        const step = speed * POINTER_MS
        const d = { x: Math.cos(heading) * step, y: Math.sin(heading) * step }
        p = {
          x: round2(clamp(p.x + d.x, box.x, box.x + box.width)),
          y: round2(clamp(p.y + d.y, box.y, box.y + box.height)),
        }
        const h = { x: round2(d.x * 1.2), y: round2(d.y * 1.2) }
        this.#port.sample({
          eventType: 'AddAnchorEvent',
          pathId,
          position: p,
          anchorType: 'bezier',
          handleIn: { x: -h.x, y: -h.y },
          handleOut: h,
        })
      })
      this.#port.discrete({ eventType: 'FinishPathEvent', pathId, closed: false })
    })
  }

  #createShape(): void {
    const target = this.#targetLayer()
    if (!target) return
    const box = target.artboard.bounds
    const c = this.#pointIn(box, 0.12)
    const scale = Math.min(box.width, box.height)
    const shapeId = this.#id('shape')
    const kind = this.#rnd.weighted({ rectangle: 5, ellipse: 3, polygon: 1.5, star: 1.5 })
    const base = {
      eventType: 'CreateShapeEvent' as const,
      shapeId,
      layerId: target.layer.id,
      style: this.#style(),
    }
    const cx = c.x
    const cy = c.y
    const label = `Create ${kind[0]?.toUpperCase()}${kind.slice(1)}`
    this.#group(label, () => {
      switch (kind) {
        case 'rectangle': {
          const width = round2(scale * this.#rnd.range(0.05, 0.4))
          const height = round2(scale * this.#rnd.range(0.05, 0.4))
          const cornerRadius = this.#rnd.chance(0.4)
            ? round2(Math.min(width, height) * this.#rnd.range(0, 0.5))
            : undefined
          this.#discrete({
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
          this.#discrete({
            ...base,
            shapeType: 'ellipse',
            parameters: {
              centerX: cx,
              centerY: cy,
              radiusX: round2(scale * this.#rnd.range(0.03, 0.2)),
              radiusY: round2(scale * this.#rnd.range(0.03, 0.2)),
            },
          })
          return
        case 'polygon':
          this.#discrete({
            ...base,
            shapeType: 'polygon',
            parameters: {
              centerX: cx,
              centerY: cy,
              radius: round2(scale * this.#rnd.range(0.03, 0.2)),
              sides: this.#rnd.int(3, 10),
              rotation: round4(this.#rnd.chance(0.5) ? 0 : this.#rnd.range(0, Math.PI)),
            },
          })
          return
        case 'star': {
          const outer = round2(scale * this.#rnd.range(0.04, 0.2))
          this.#discrete({
            ...base,
            shapeType: 'star',
            parameters: {
              centerX: cx,
              centerY: cy,
              outerRadius: outer,
              innerRadius: round2(outer * this.#rnd.range(0.35, 0.7)),
              points: this.#rnd.int(4, 9),
              rotation: 0,
            },
          })
          return
        }
      }
    })
  }

  /** Picks objects to act on: usually the current selection, else clicks one (replace). */
  #pickTargets(): string[] | undefined {
    const editable = new Set(this.#editableObjects())
    if (editable.size === 0) return undefined
    const selected = this.#live().selection.filter((id) => editable.has(id))
    if (selected.length > 0 && this.#rnd.chance(0.5)) return selected
    const id = this.#rnd.pick([...editable])
    this.#discrete({ eventType: 'SelectObjectsEvent', objectIds: [id], mode: 'replace' })
    const ids = [id]
    if (this.#rnd.chance(0.25)) {
      const other = this.#rnd.pick([...editable])
      if (other !== id) {
        this.#port.wait(Math.round(this.#rnd.range(200, 600)))
        this.#discrete({ eventType: 'SelectObjectsEvent', objectIds: [other], mode: 'add' })
        ids.push(other)
      }
    }
    return ids
  }

  #moveDrag(): void {
    const ids = this.#pickTargets()
    if (!ids) return
    const total = { x: this.#rnd.gaussian(0, 120), y: this.#rnd.gaussian(0, 90) }
    const label = ids.length === 1 ? 'Move Object' : `Move ${ids.length} Objects`
    this.#group(label, () => {
      let done = { x: 0, y: 0 }
      this.#drag(this.#rnd.range(250, 1500), (t) => {
        const eased = t * t * (3 - 2 * t)
        const next = { x: round2(total.x * eased), y: round2(total.y * eased) }
        const delta = { x: round2(next.x - done.x), y: round2(next.y - done.y) }
        done = next
        if (delta.x !== 0 || delta.y !== 0)
          this.#port.sample({ eventType: 'MoveObjectEvent', objectIds: ids, delta })
      })
    })
  }

  #pivotOf(ids: readonly string[]): Pt | undefined {
    let sx = 0
    let sy = 0
    let n = 0
    for (const id of ids) {
      const c = this.#port.objectCenter(id)
      if (c) {
        sx += c.x
        sy += c.y
        n++
      }
    }
    return n === 0 ? undefined : { x: round2(sx / n), y: round2(sy / n) }
  }

  #rotateDrag(): void {
    const ids = this.#pickTargets()
    if (!ids) return
    const pivot = this.#pivotOf(ids)
    if (!pivot) return
    const total = this.#rnd.gaussian(0, 0.8)
    this.#group('Rotate', () => {
      let done = 0
      this.#drag(this.#rnd.range(300, 1200), (t) => {
        const next = total * t
        const angle = round4(next - done)
        done += angle
        if (angle !== 0) this.#port.sample({ eventType: 'RotateObjectEvent', objectIds: ids, angle, pivot })
      })
    })
  }

  #scaleDrag(): void {
    const ids = this.#pickTargets()
    if (!ids) return
    const pivot = this.#pivotOf(ids)
    if (!pivot) return
    const uniform = this.#rnd.chance(0.6)
    const fx = Math.exp(this.#rnd.gaussian(0, 0.3))
    const fy = uniform ? fx : Math.exp(this.#rnd.gaussian(0, 0.3))
    this.#group('Scale', () => {
      let doneX = 1
      let doneY = 1
      this.#drag(this.#rnd.range(300, 1200), (t) => {
        const nx = 1 + (fx - 1) * t
        const ny = 1 + (fy - 1) * t
        const scaleX = round4(nx / doneX)
        const scaleY = round4(ny / doneY)
        doneX *= scaleX
        doneY *= scaleY
        if (scaleX > 0 && scaleY > 0 && (scaleX !== 1 || scaleY !== 1))
          this.#port.sample({ eventType: 'ScaleObjectEvent', objectIds: ids, scaleX, scaleY, pivot })
      })
    })
  }

  #changeStyle(): void {
    const ids = this.#pickTargets()
    if (!ids) return
    const what = this.#rnd.weighted({ fill: 5, stroke: 3, strokeWidth: 2, opacity: 1.5 })
    this.#group('Change Style', () => {
      // A colour picker or slider is debounced: only the settled value is recorded.
      this.#port.wait(Math.round(this.#rnd.range(300, 1500)))
      switch (what) {
        case 'fill':
          this.#discrete({
            eventType: 'ModifyStyleEvent',
            objectIds: ids,
            fill: this.#colour(),
          })
          return
        case 'stroke':
          this.#discrete({
            eventType: 'ModifyStyleEvent',
            objectIds: ids,
            stroke: this.#colour(),
            strokeWidth: this.#rnd.pick([1, 2, 3, 4]),
          })
          return
        case 'strokeWidth':
          this.#discrete({
            eventType: 'ModifyStyleEvent',
            objectIds: ids,
            strokeWidth: this.#rnd.pick([0.5, 1, 1.5, 2, 3, 5, 8]),
          })
          return
        case 'opacity':
          this.#discrete({
            eventType: 'ModifyStyleEvent',
            objectIds: ids,
            opacity: round2(this.#rnd.range(0.2, 1)),
          })
          return
      }
    })
  }

  #select(): void {
    const objs = this.#editableObjects()
    if (objs.length === 0) return
    const mode = this.#rnd.weighted({ replace: 6, add: 2, toggle: 1.5, subtract: 1 })
    const count = mode === 'replace' && this.#rnd.chance(0.2) ? this.#rnd.int(2, 5) : 1
    const ids = [...new Set(Array.from({ length: count }, () => this.#rnd.pick(objs)))]
    this.#discrete({ eventType: 'SelectObjectsEvent', objectIds: ids, mode })
  }

  #deselect(): void {
    const selection = this.#live().selection
    if (selection.length > 0 && this.#rnd.chance(0.4)) {
      this.#discrete({ eventType: 'DeselectObjectsEvent', objectIds: [this.#rnd.pick(selection)] })
    } else {
      this.#discrete({ eventType: 'ClearSelectionEvent' })
    }
  }

  #randomPath(): { pathId: string; anchors: number } | undefined {
    const objs = this.#editableObjects()
    for (let tries = 0; tries < 6 && objs.length > 0; tries++) {
      const id = this.#rnd.pick(objs)
      const anchors = this.#port.anchorCount(id)
      if (anchors !== undefined && anchors > 0) return { pathId: id, anchors }
    }
    return undefined
  }

  #editAnchor(): void {
    const path = this.#randomPath()
    if (!path) return
    const anchorIndex = this.#rnd.int(0, path.anchors - 1)
    const total = { x: this.#rnd.gaussian(0, 30), y: this.#rnd.gaussian(0, 30) }
    const start = this.#port.objectCenter(path.pathId) ?? { x: 0, y: 0 }
    this.#group('Move Anchor', () => {
      this.#drag(this.#rnd.range(200, 900), (t) => {
        this.#port.sample({
          eventType: 'ModifyAnchorEvent',
          pathId: path.pathId,
          anchorIndex,
          position: { x: round2(start.x + total.x * t), y: round2(start.y + total.y * t) },
        })
      })
    })
  }

  #deleteAnchor(): void {
    const path = this.#randomPath()
    if (!path || path.anchors < 3) return
    this.#group('Delete Anchor', () =>
      this.#discrete({
        eventType: 'DeleteAnchorEvent',
        pathId: path.pathId,
        anchorIndex: this.#rnd.int(0, path.anchors - 1),
      }),
    )
  }

  #deleteObjects(): void {
    const ids = this.#pickTargets()
    if (!ids) return
    this.#group(ids.length === 1 ? 'Delete Object' : `Delete ${ids.length} Objects`, () =>
      this.#discrete({ eventType: 'DeleteObjectEvent', objectIds: ids }),
    )
  }

  #pan(): void {
    const total = { x: this.#rnd.gaussian(0, 300), y: this.#rnd.gaussian(0, 200) }
    let done = { x: 0, y: 0 }
    this.#drag(this.#rnd.range(200, 1200), (t) => {
      const next = { x: round2(total.x * t), y: round2(total.y * t) }
      const delta = { x: round2(next.x - done.x), y: round2(next.y - done.y) }
      done = next
      this.#port.sample({ eventType: 'ViewportPanEvent', delta })
    })
  }

  #zoom(): void {
    const focalPoint = { x: round2(this.#rnd.range(100, 1100)), y: round2(this.#rnd.range(100, 700)) }
    const zoomIn = this.#rnd.chance(0.5)
    const ticks = this.#rnd.int(3, 14)
    for (let i = 0; i < ticks; i++) {
      // Wheel ticks arrive every ~30 ms.
      this.#port.wait(this.#rnd.int(20, 45))
      this.#port.sample({
        eventType: 'ViewportZoomEvent',
        factor: zoomIn ? 1.1 : round4(1 / 1.1),
        focalPoint,
      })
    }
    this.#port.endGesture()
  }

  #modifyLayer(): void {
    const layers = this.#live().artboards.flatMap((a) => a.layers)
    if (layers.length === 0) return
    const hiddenOrLocked = layers.filter((l) => !l.visible || l.locked)
    const layer =
      hiddenOrLocked.length > 0 && this.#rnd.chance(0.6)
        ? this.#rnd.pick(hiddenOrLocked)
        : this.#rnd.pick(layers)
    const change = !layer.visible
      ? { visible: true }
      : layer.locked
        ? { locked: false }
        : this.#rnd.pick([{ name: this.#rnd.pick(LAYER_NAMES) }, { visible: false }, { locked: true }])
    this.#group('Edit Layer', () =>
      this.#discrete({ eventType: 'ModifyLayerEvent', layerId: layer.id, ...change }),
    )
  }

  #reorderLayer(): void {
    const artboards = this.#live().artboards.filter((a) => a.layers.length > 1)
    if (artboards.length === 0) return
    const artboard = this.#rnd.pick(artboards)
    const layer = this.#rnd.pick(artboard.layers)
    this.#group('Reorder Layer', () =>
      this.#discrete({
        eventType: 'ReorderLayerEvent',
        layerId: layer.id,
        newZIndex: this.#rnd.int(0, artboard.layers.length - 1),
      }),
    )
  }

  #deleteLayer(): void {
    const candidates = this.#live()
      .artboards.filter((a) => a.layers.length > 1)
      .flatMap((a) => a.layers)
    if (candidates.length === 0) return
    const layer = candidates.reduce((a, b) => (b.objectIds.length < a.objectIds.length ? b : a))
    this.#group('Delete Layer', () => this.#discrete({ eventType: 'DeleteLayerEvent', layerId: layer.id }))
    this.#layerCount--
  }

  #modifyArtboard(): void {
    const artboards = this.#live().artboards
    if (artboards.length === 0) return
    const artboard = this.#rnd.pick(artboards)
    this.#group('Edit Artboard', () =>
      this.#discrete(
        this.#rnd.chance(0.5)
          ? {
              eventType: 'ModifyArtboardEvent',
              artboardId: artboard.id,
              backgroundColor: this.#rnd.pick(['#FFFFFF', '#F8F9FA', '#FFF8E7', '#EEF4FF', '#F3FFF0']),
            }
          : {
              eventType: 'ModifyArtboardEvent',
              artboardId: artboard.id,
              name: `Artboard ${this.#rnd.int(1, 99)}`,
            },
      ),
    )
  }

  #deleteArtboard(): void {
    const artboards = this.#live().artboards
    if (artboards.length <= 1) return
    const artboard = this.#rnd.pick(artboards.slice(1))
    this.#group('Delete Artboard', () =>
      this.#discrete({ eventType: 'DeleteArtboardEvent', artboardId: artboard.id }),
    )
    this.#artboardCount--
  }

  #undo(): void {
    const times = Math.min(this.#undoableGroups, this.#rnd.chance(0.75) ? 1 : this.#rnd.int(2, 4))
    for (let i = 0; i < times; i++) {
      if (!this.#port.undo()) break
      this.#undone++
      this.#undoableGroups--
      this.#changed()
      this.#port.wait(Math.round(this.#rnd.range(150, 600)))
    }
    this.#resyncCounts()
  }

  #redo(): void {
    if (this.#port.redo()) {
      this.#undone--
      this.#undoableGroups++
      this.#changed()
    } else this.#undone = 0
    this.#resyncCounts()
  }

  #resyncCounts(): void {
    const live = this.#live()
    this.#artboardCount = live.artboards.length
    this.#layerCount = live.artboards.reduce((n, a) => n + a.layers.length, 0)
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100
}

function round4(n: number): number {
  return Math.round(n * 10000) / 10000
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n))
}
