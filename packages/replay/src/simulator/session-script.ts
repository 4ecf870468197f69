/**
 * The behaviour of the simulated user: a weighted mix of editing actions in proportions like
 * real use (drawing and moving dominate; undo, layers and artboard edits are rarer), played on an
 * {@link EditorPort} with 60 Hz pointer samples for every drag so the real 50 ms sampler does its
 * work. Deterministic: all randomness comes from the seeded {@link Random}.
 */

import { createShape, drawFreehand, drawPenPath } from './actions-draw.js'
import {
  changeStyle,
  deleteAnchor,
  deleteObjects,
  deselect,
  editAnchor,
  moveDrag,
  pan,
  rotateDrag,
  scaleDrag,
  select,
  zoom,
} from './actions-edit.js'
import {
  createArtboard,
  createLayer,
  deleteArtboard,
  deleteLayer,
  modifyArtboard,
  modifyLayer,
  redo,
  reorderLayer,
  undo,
} from './actions-structure.js'
import type { EditorPort } from './editor-port.js'
import type { Random } from './random.js'
import { COMFORTABLE_OBJECTS, FILL_PHASE_EVENTS, LAYER_NAMES, SimulatedUser } from './user.js'

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

/** Options of a {@link SessionScript}. */
export interface SessionScriptOptions {
  /** Objects on the page before deletions become more likely (default 120). */
  readonly comfortableObjects?: number
}

/** Plays a simulated session on `port` until at least `targetEvents` events were recorded. */
export class SessionScript {
  readonly #u: SimulatedUser
  readonly #comfortable: number
  /** Counts of actions performed, by name (for reports and tests). */
  readonly actions: Record<string, number> = {}

  constructor(port: EditorPort, rnd: Random, options: SessionScriptOptions = {}) {
    this.#u = new SimulatedUser(port, rnd)
    this.#comfortable = options.comfortableObjects ?? COMFORTABLE_OBJECTS
  }

  /** Sets up the first artboard and its layers (what a user does first), within `targetEvents`. */
  start(targetEvents: number): void {
    this.#u.inSetup = true
    this.#u.think(500, 3000)
    if (this.#u.port.eventCount() < targetEvents) createArtboard(this.#u, 0)
    if (this.#u.port.eventCount() < targetEvents) createLayer(this.#u, 'Background')
    if (this.#u.port.eventCount() < targetEvents) createLayer(this.#u, 'Shapes')
    this.#u.inSetup = false
  }

  /**
   * Performs one action of a session that ends at `targetEvents` (the setup first; close to the
   * target, single-event actions only). Does nothing once the log holds `targetEvents` events.
   */
  step(targetEvents: number): void {
    if (this.#u.live().artboards.length === 0 && this.#u.artboardCount === 0) {
      this.start(targetEvents)
      return
    }
    const remaining = targetEvents - this.#u.port.eventCount()
    if (remaining <= 0) return
    if (remaining <= FILL_PHASE_EVENTS) this.#fillOne()
    else this.#perform(this.#chooseAction())
  }

  /** Performs actions until the log holds at least `targetEvents` events. */
  run(targetEvents: number, onProgress?: (events: number) => void): void {
    if (this.#u.live().artboards.length === 0) this.start(targetEvents)
    let lastReport = 0
    while (this.#u.port.eventCount() < targetEvents) {
      this.step(targetEvents)
      const n = this.#u.port.eventCount()
      if (onProgress && n - lastReport >= 500) {
        lastReport = n
        onProgress(n)
      }
    }
    this.#u.port.endGesture()
  }

  /**
   * Adds exactly one event: the single-event actions of the mix (create a shape, select, restyle,
   * delete one object, clear, save, reset the view), so the tail of the log still looks like use.
   */
  #fillOne(): void {
    const objs = this.#u.editableObjects()
    this.#u.think(150, 1500)
    const choice = this.#u.rnd.weighted({
      createShape: this.#u.editableLayers().length > 0 ? 3 : 0,
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
        createShape(this.#u)
        return
      case 'select':
        this.#u.discrete({
          eventType: 'SelectObjectsEvent',
          objectIds: [this.#u.rnd.pick(objs)],
          mode: this.#u.rnd.weighted({ replace: 6, add: 2, toggle: 1.5, subtract: 1 }),
        })
        return
      case 'changeStyle':
        this.#u.group('Change Style', () =>
          this.#u.discrete({
            eventType: 'ModifyStyleEvent',
            objectIds: [this.#u.rnd.pick(objs)],
            fill: this.#u.colour(),
          }),
        )
        return
      case 'deleteObjects':
        // Named like the event itself, so the group needs no markers: exactly one event.
        this.#u.group('Delete Objects', () =>
          this.#u.discrete({ eventType: 'DeleteObjectEvent', objectIds: [this.#u.rnd.pick(objs)] }),
        )
        return
      case 'deselect':
        this.#u.discrete({ eventType: 'ClearSelectionEvent' })
        return
      case 'save':
        this.#u.discrete({ eventType: 'SaveDocumentEvent', eventCount: this.#u.port.eventCount() })
        return
      case 'resetView':
        this.#u.discrete({ eventType: 'ViewportResetEvent' })
        return
    }
  }

  #count(action: string): void {
    this.actions[action] = (this.actions[action] ?? 0) + 1
  }

  #chooseAction(): ActionName {
    const objects = this.#u.objectCount()
    const editable = this.#u.editableLayers().length
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
    if (objects > this.#comfortable) weights.deleteObjects *= 1 + (objects - this.#comfortable) / 20
    if (editable === 0) {
      weights.drawPenPath = weights.drawFreehand = weights.createShape = 0
      weights.createLayer += 3
      weights.modifyLayer += 6
    }
    if (this.#u.layerCount > 6 * Math.max(1, this.#u.artboardCount)) weights.createLayer = 0
    if (this.#u.artboardCount >= 4) weights.createArtboard = 0
    if (this.#u.artboardCount <= 1) weights.deleteArtboard = 0
    if (this.#u.live().artboards.length === 0) weights.createArtboard = 50
    if (this.#u.undone > 0) weights.redo = 6
    if (this.#u.undone >= 3) weights.undo = 0.5
    if (this.#u.undoableGroups === 0) weights.undo = 0
    return this.#u.rnd.weighted(weights)
  }

  #perform(action: ActionName): void {
    this.#count(action)
    this.#u.think()
    switch (action) {
      case 'drawPenPath':
        drawPenPath(this.#u)
        return
      case 'drawFreehand':
        drawFreehand(this.#u)
        return
      case 'createShape':
        createShape(this.#u)
        return
      case 'moveDrag':
        moveDrag(this.#u)
        return
      case 'rotateDrag':
        rotateDrag(this.#u)
        return
      case 'scaleDrag':
        scaleDrag(this.#u)
        return
      case 'changeStyle':
        changeStyle(this.#u)
        return
      case 'select':
        select(this.#u)
        return
      case 'deselect':
        deselect(this.#u)
        return
      case 'editAnchor':
        editAnchor(this.#u)
        return
      case 'deleteAnchor':
        deleteAnchor(this.#u)
        return
      case 'deleteObjects':
        deleteObjects(this.#u)
        return
      case 'pan':
        pan(this.#u)
        return
      case 'zoom':
        zoom(this.#u)
        return
      case 'resetView':
        this.#u.discrete({ eventType: 'ViewportResetEvent' })
        return
      case 'createLayer':
        createLayer(this.#u, this.#u.rnd.pick(LAYER_NAMES))
        return
      case 'modifyLayer':
        modifyLayer(this.#u)
        return
      case 'reorderLayer':
        reorderLayer(this.#u)
        return
      case 'deleteLayer':
        deleteLayer(this.#u)
        return
      case 'createArtboard':
        createArtboard(this.#u, this.#u.artboardCount)
        return
      case 'modifyArtboard':
        modifyArtboard(this.#u)
        return
      case 'deleteArtboard':
        deleteArtboard(this.#u)
        return
      case 'undo':
        undo(this.#u)
        return
      case 'redo':
        redo(this.#u)
        return
      case 'save':
        this.#u.discrete({ eventType: 'SaveDocumentEvent', eventCount: this.#u.port.eventCount() })
        return
      case 'renameDocument':
        this.#u.group('Edit Document Properties', () =>
          this.#u.discrete({
            eventType: 'ModifyDocumentMetadataEvent',
            title: `Simulated design v${this.#u.rnd.int(2, 40)}`,
          }),
        )
        return
    }
  }
}
