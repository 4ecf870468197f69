/**
 * The simulated user's toolkit: the editor port, the seeded randomness, a cached view of the
 * live document structure, and the gestures every action is made of (think pauses, 60 Hz drags,
 * undo groups, clicking objects to select them). The actions themselves live in `actions-*.ts`.
 */

import type { EditorPort, LiveStructure, SimEvent } from './editor-port.js'
import type { Random } from './random.js'

/** Colours the user picks from. */
export const PALETTE = [
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
/** Artboard presets. */
export const PRESETS = [
  { preset: 'Desktop', width: 1440, height: 900 },
  { preset: 'iPhone 15', width: 393, height: 852 },
  { preset: 'Instagram Post', width: 1080, height: 1080 },
  { preset: 'A4', width: 595, height: 842 },
  { preset: 'Slide 16:9', width: 1280, height: 720 },
] as const
/** Names the user gives layers. */
export const LAYER_NAMES = [
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
/** Pointer sample interval of a drag (60 Hz). */
export const POINTER_MS = 16
/** Close to the target, only single-event actions run, so the log ends at exactly the target. */
export const FILL_PHASE_EVENTS = 150
/** Objects on the page before deletions become more likely. */
export const COMFORTABLE_OBJECTS = 120

/** A point. */
export type Pt = { x: number; y: number }
/** An artboard of the live structure. */
export type LiveArtboard = LiveStructure['artboards'][number]
/** A layer of the live structure. */
export type LiveLayer = LiveArtboard['layers'][number]
/** A layer with its artboard. */
export type Placement = { readonly artboard: LiveArtboard; readonly layer: LiveLayer }
/** A rectangle. */
export type Box = { x: number; y: number; width: number; height: number }

/** The simulated user's state and gestures, shared by every action. */
export class SimulatedUser {
  readonly port: EditorPort
  readonly rnd: Random
  ids = 0
  structure: LiveStructure = { artboards: [], selection: [] }
  stale = true
  /** Groups undone since the last new action (what redo may bring back). */
  undone = 0
  /** Groups the user made (after the setup) that are not undone: what undo may take back. */
  undoableGroups = 0
  inSetup = false
  artboardCount = 0
  layerCount = 0

  constructor(port: EditorPort, rnd: Random) {
    this.port = port
    this.rnd = rnd
  }

  /** A new object/layer/artboard id with a readable prefix. */
  id(prefix: string): string {
    this.ids++
    return `${prefix}-${this.rnd.uuid().slice(0, 8)}${this.ids.toString(36)}`
  }

  /** The live document structure, re-read from the editor when it changed. */
  live(): LiveStructure {
    if (this.stale) {
      this.structure = this.port.structure()
      this.stale = false
    }
    return this.structure
  }

  /** Marks the cached structure stale. */
  changed(): void {
    this.stale = true
  }

  /** A pause of the user between actions. */
  think(minMs = 250, maxMs = 2500): void {
    this.port.wait(Math.round(this.rnd.range(minMs, maxMs)))
  }

  /** Unlocked, visible layers with their artboard. */
  editableLayers(): Placement[] {
    const out: Placement[] = []
    for (const artboard of this.live().artboards) {
      for (const layer of artboard.layers) if (layer.visible && !layer.locked) out.push({ artboard, layer })
    }
    return out
  }

  /** Ids of the objects on editable layers. */
  editableObjects(): string[] {
    return this.editableLayers().flatMap(({ layer }) => layer.objectIds)
  }

  /** Number of objects in the document. */
  objectCount(): number {
    let n = 0
    for (const a of this.live().artboards) for (const l of a.layers) n += l.objectIds.length
    return n
  }

  /** A random point inside `box`, away from its edges by `margin`. */
  pointIn(box: Box, margin = 0.08): Pt {
    return {
      x: Math.round((box.x + box.width * this.rnd.range(margin, 1 - margin)) * 100) / 100,
      y: Math.round((box.y + box.height * this.rnd.range(margin, 1 - margin)) * 100) / 100,
    }
  }

  /** A colour from the palette. */
  colour(): string {
    return this.rnd.pick(PALETTE)
  }

  /** A random style: mostly filled, sometimes stroked, rarely translucent. */
  style(): { fill?: string; stroke?: string; strokeWidth?: number; opacity?: number } {
    const style: { fill?: string; stroke?: string; strokeWidth?: number; opacity?: number } = {}
    if (this.rnd.chance(0.8)) style.fill = this.colour()
    if (!style.fill || this.rnd.chance(0.5)) {
      style.stroke = this.colour()
      style.strokeWidth = this.rnd.pick([1, 1, 2, 2, 3, 4, 6])
    }
    if (this.rnd.chance(0.15)) style.opacity = Math.round(this.rnd.range(0.3, 1) * 100) / 100
    return style
  }

  /** Records one discrete event. */
  discrete(event: SimEvent): void {
    this.port.discrete(event)
    this.changed()
  }

  /** Runs `body` as one undo group labelled `label`. */
  group(label: string, body: () => void): void {
    this.port.beginGroup(label)
    try {
      body()
    } finally {
      this.port.endGesture()
      this.port.endGroup()
      this.changed()
      if (!this.inSetup) {
        this.undone = 0
        this.undoableGroups++
      }
    }
  }

  /** A drag of `durationMs`, calling `step(fraction, dtFraction)` at 60 Hz pointer rate. */
  drag(durationMs: number, step: (t: number, dt: number) => void): void {
    const steps = Math.max(2, Math.round(durationMs / POINTER_MS))
    for (let i = 1; i <= steps; i++) {
      this.port.wait(POINTER_MS)
      step(i / steps, 1 / steps)
    }
    this.port.endGesture()
  }

  /** The layer the user draws on: mostly the topmost editable one. */
  targetLayer(): Placement | undefined {
    const layers = this.editableLayers()
    if (layers.length === 0) return undefined
    // Users mostly keep drawing on the topmost layer they used last.
    return this.rnd.chance(0.6) ? layers[layers.length - 1] : this.rnd.pick(layers)
  }

  /** Picks objects to act on: usually the current selection, else clicks one (replace). */
  pickTargets(): string[] | undefined {
    const editable = new Set(this.editableObjects())
    if (editable.size === 0) return undefined
    const selected = this.live().selection.filter((id) => editable.has(id))
    if (selected.length > 0 && this.rnd.chance(0.5)) return selected
    const id = this.rnd.pick([...editable])
    this.discrete({ eventType: 'SelectObjectsEvent', objectIds: [id], mode: 'replace' })
    const ids = [id]
    if (this.rnd.chance(0.25)) {
      const other = this.rnd.pick([...editable])
      if (other !== id) {
        this.port.wait(Math.round(this.rnd.range(200, 600)))
        this.discrete({ eventType: 'SelectObjectsEvent', objectIds: [other], mode: 'add' })
        ids.push(other)
      }
    }
    return ids
  }

  /** Centre of the objects (average of their bounds centres). */
  pivotOf(ids: readonly string[]): Pt | undefined {
    let sx = 0
    let sy = 0
    let n = 0
    for (const id of ids) {
      const c = this.port.objectCenter(id)
      if (c) {
        sx += c.x
        sy += c.y
        n++
      }
    }
    return n === 0 ? undefined : { x: round2(sx / n), y: round2(sy / n) }
  }

  /** A live path with its anchor count, if one can be found quickly. */
  randomPath(): { pathId: string; anchors: number } | undefined {
    const objs = this.editableObjects()
    for (let tries = 0; tries < 6 && objs.length > 0; tries++) {
      const id = this.rnd.pick(objs)
      const anchors = this.port.anchorCount(id)
      if (anchors !== undefined && anchors > 0) return { pathId: id, anchors }
    }
    return undefined
  }
}

/** Rounds to 2 decimals (coordinates as an editor would store them). */
export function round2(n: number): number {
  return Math.round(n * 100) / 100
}

/** Rounds to 4 decimals (angles, factors). */
export function round4(n: number): number {
  return Math.round(n * 10000) / 10000
}

/** Clamps `n` to [lo, hi]. */
export function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n))
}
