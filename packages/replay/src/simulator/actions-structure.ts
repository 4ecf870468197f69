/**
 * Structure and history actions of the simulated user: artboards and layers (create, edit,
 * reorder, delete) and undo/redo.
 */
import { LAYER_NAMES, PRESETS, type SimulatedUser } from './user.js'

/** Adds an artboard from a preset, placed right of the previous ones. */
export function createArtboard(u: SimulatedUser, index: number): void {
  const p = u.rnd.pick(PRESETS)
  const id = u.id('artboard')
  const x = index * 1600
  u.group('Create Artboard', () =>
    u.discrete({
      eventType: 'CreateArtboardEvent',
      artboardId: id,
      name: `${p.preset} ${index + 1}`,
      bounds: { x, y: 0, width: p.width, height: p.height },
      backgroundColor: u.rnd.pick(['#FFFFFF', '#FFFFFF', '#F8F9FA', '#FFF8E7', '#EEF4FF']),
      preset: p.preset,
    }),
  )
  u.artboardCount++
}

/** Adds a layer named `name`, mostly to the newest artboard. */
export function createLayer(u: SimulatedUser, name: string): void {
  const artboards = u.live().artboards
  if (artboards.length === 0) return
  const artboard = u.rnd.chance(0.7) ? artboards[artboards.length - 1] : u.rnd.pick(artboards)
  if (!artboard) return
  u.group('Create Layer', () =>
    u.discrete({
      eventType: 'CreateLayerEvent',
      layerId: u.id('layer'),
      artboardId: artboard.id,
      name,
    }),
  )
  u.layerCount++
}

/** Renames, hides or locks a layer (or shows/unlocks one that is hidden/locked). */
export function modifyLayer(u: SimulatedUser): void {
  const layers = u.live().artboards.flatMap((a) => a.layers)
  if (layers.length === 0) return
  const hiddenOrLocked = layers.filter((l) => !l.visible || l.locked)
  const layer =
    hiddenOrLocked.length > 0 && u.rnd.chance(0.6) ? u.rnd.pick(hiddenOrLocked) : u.rnd.pick(layers)
  const change = !layer.visible
    ? { visible: true }
    : layer.locked
      ? { locked: false }
      : u.rnd.pick([{ name: u.rnd.pick(LAYER_NAMES) }, { visible: false }, { locked: true }])
  u.group('Edit Layer', () => u.discrete({ eventType: 'ModifyLayerEvent', layerId: layer.id, ...change }))
}

/** Moves a layer to another z-index in its artboard. */
export function reorderLayer(u: SimulatedUser): void {
  const artboards = u.live().artboards.filter((a) => a.layers.length > 1)
  if (artboards.length === 0) return
  const artboard = u.rnd.pick(artboards)
  const layer = u.rnd.pick(artboard.layers)
  u.group('Reorder Layer', () =>
    u.discrete({
      eventType: 'ReorderLayerEvent',
      layerId: layer.id,
      newZIndex: u.rnd.int(0, artboard.layers.length - 1),
    }),
  )
}

/** Deletes the emptiest layer of an artboard that has more than one. */
export function deleteLayer(u: SimulatedUser): void {
  const candidates = u
    .live()
    .artboards.filter((a) => a.layers.length > 1)
    .flatMap((a) => a.layers)
  if (candidates.length === 0) return
  const layer = candidates.reduce((a, b) => (b.objectIds.length < a.objectIds.length ? b : a))
  u.group('Delete Layer', () => u.discrete({ eventType: 'DeleteLayerEvent', layerId: layer.id }))
  u.layerCount--
}

/** Changes an artboard's background colour or name. */
export function modifyArtboard(u: SimulatedUser): void {
  const artboards = u.live().artboards
  if (artboards.length === 0) return
  const artboard = u.rnd.pick(artboards)
  u.group('Edit Artboard', () =>
    u.discrete(
      u.rnd.chance(0.5)
        ? {
            eventType: 'ModifyArtboardEvent',
            artboardId: artboard.id,
            backgroundColor: u.rnd.pick(['#FFFFFF', '#F8F9FA', '#FFF8E7', '#EEF4FF', '#F3FFF0']),
          }
        : {
            eventType: 'ModifyArtboardEvent',
            artboardId: artboard.id,
            name: `Artboard ${u.rnd.int(1, 99)}`,
          },
    ),
  )
}

/** Deletes an artboard other than the first. */
export function deleteArtboard(u: SimulatedUser): void {
  const artboards = u.live().artboards
  if (artboards.length <= 1) return
  const artboard = u.rnd.pick(artboards.slice(1))
  u.group('Delete Artboard', () => u.discrete({ eventType: 'DeleteArtboardEvent', artboardId: artboard.id }))
  u.artboardCount--
}

/** Undoes one to four of the groups the user made. */
export function undo(u: SimulatedUser): void {
  const times = Math.min(u.undoableGroups, u.rnd.chance(0.75) ? 1 : u.rnd.int(2, 4))
  for (let i = 0; i < times; i++) {
    if (!u.port.undo()) break
    u.undone++
    u.undoableGroups--
    u.changed()
    u.port.wait(Math.round(u.rnd.range(150, 600)))
  }
  resyncCounts(u)
}

/** Redoes the last undone group. */
export function redo(u: SimulatedUser): void {
  if (u.port.redo()) {
    u.undone--
    u.undoableGroups++
    u.changed()
  } else u.undone = 0
  resyncCounts(u)
}

/** Re-reads the artboard and layer counts after undo/redo. */
export function resyncCounts(u: SimulatedUser): void {
  const live = u.live()
  u.artboardCount = live.artboards.length
  u.layerCount = live.artboards.reduce((n, a) => n + a.layers.length, 0)
}
