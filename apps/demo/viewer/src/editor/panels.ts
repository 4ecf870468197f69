/**
 * The editor's panels: artboards (create from a preset, rename, resize), layers of the active
 * artboard (create, rename, hide, lock, reorder, delete; ○/● makes a layer the one new objects go to), the
 * style panel (fill, stroke, stroke width, opacity of the selection and of new objects) and the
 * Edit menu (Undo/Redo with the session's labels). Every change is dispatched as events.
 *
 * A name or size being typed is never interrupted: while a text or number input of the lists holds
 * an uncommitted value, a redraw (a remote edit in collaborative mode) waits until it loses focus.
 */
import type { SessionEventInit } from '@wiretuner/replay'
import type { Artboard, Document, StyleChange } from '@wiretuner/vector-model'
import type { EditSummary } from './edit-target.ts'
import { styleFields } from './tool-kit.ts'

/** Artboard presets: name and size. */
export const ARTBOARD_PRESETS: readonly {
  readonly name: string
  readonly width: number
  readonly height: number
}[] = [
  { name: 'Web 800×600', width: 800, height: 600 },
  { name: 'Letter', width: 612, height: 792 },
  { name: 'A4', width: 595, height: 842 },
  { name: 'HD 1920×1080', width: 1920, height: 1080 },
  { name: 'Phone 390×844', width: 390, height: 844 },
  { name: 'Square 1080', width: 1080, height: 1080 },
]

/** What the panels act through. */
export interface PanelHost {
  dispatch(events: readonly SessionEventInit[]): Promise<void>
  newId(prefix: string): string
  /** The layer new objects go to; set by a click in the layers panel. */
  activeLayerId: string | undefined
  /** The artboard whose layers the panel lists. */
  activeArtboardId: string | undefined
  /** Style of new objects (kept in sync with the inputs). */
  style: StyleChange
  refreshPanels(): void
}

function el<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id)
  if (!e) throw new Error(`missing #${id}`)
  return e as T
}

function button(text: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button')
  b.type = 'button'
  b.textContent = text
  b.title = title
  b.addEventListener('click', onClick)
  return b
}

function input(
  type: string,
  value: string,
  label: string,
  onChange: (value: string, el: HTMLInputElement) => void,
): HTMLInputElement {
  const i = document.createElement('input')
  i.type = type
  if (type === 'checkbox') i.checked = value === 'true'
  else i.value = value
  i.setAttribute('aria-label', label)
  i.dataset.committed = value
  i.addEventListener('change', () => {
    const next = type === 'checkbox' ? String(i.checked) : i.value
    if (next === i.dataset.committed) return // typed and put back: nothing to record
    i.dataset.committed = next
    onChange(next, i)
  })
  return i
}

/** The redraw waiting for the input being typed in to lose focus, if any. */
let deferredRedraw: (() => void) | undefined

/** True when the focused element is a text/number input of the lists holding an uncommitted value. */
function typingInLists(): boolean {
  const active = document.activeElement
  if (!(active instanceof HTMLInputElement) || active.type === 'checkbox') return false
  if (active.closest('#artboards, #layers') === null) return false
  return active.value !== active.dataset.committed
}

/** Runs the deferred redraw once the focus leaves an input of the lists (after its `change`). */
function redrawOnFocusOut(list: HTMLElement): void {
  list.addEventListener('focusout', () => {
    const redraw = deferredRedraw
    deferredRedraw = undefined
    // once the focus has moved (the redraw gives the input it moved to its focus back)
    if (redraw !== undefined) setTimeout(redraw, 0)
  })
}

/** Where the focused input of the lists is (its row id and label), to focus its redrawn twin. */
function focusedInList(): string | undefined {
  const active = document.activeElement
  if (!(active instanceof HTMLInputElement)) return undefined
  const row = active.closest<HTMLElement>('#artboards li, #layers li')
  const label = active.getAttribute('aria-label')
  if (row === null || label === null) return undefined
  const id = row.dataset.artboardId ?? row.dataset.layerId
  const attr = row.dataset.artboardId === undefined ? 'data-layer-id' : 'data-artboard-id'
  return id === undefined ? undefined : `li[${attr}="${CSS.escape(id)}"] input[aria-label="${label}"]`
}

/** The artboard the layers panel shows: the chosen one, else the last (where new objects go). */
export function activeArtboard(doc: Document, host: PanelHost): Artboard | undefined {
  return doc.artboards.find((a) => a.id === host.activeArtboardId) ?? doc.artboards.at(-1)
}

/** Redraws the artboards and layers lists for `doc`. */
export function renderLayerPanels(doc: Document, host: PanelHost): void {
  if (typingInLists()) {
    deferredRedraw = () => renderLayerPanels(doc, host)
    return
  }
  deferredRedraw = undefined
  const refocus = focusedInList()
  drawLists(doc, host)
  if (refocus !== undefined) document.querySelector<HTMLInputElement>(refocus)?.focus()
}

function drawLists(doc: Document, host: PanelHost): void {
  const board = activeArtboard(doc, host)
  const boards = el<HTMLUListElement>('artboards')
  boards.replaceChildren(
    ...doc.artboards.map((ab) => {
      const li = document.createElement('li')
      li.dataset.artboardId = ab.id
      if (ab === board) li.classList.add('active')
      const modify = (fields: Record<string, unknown>) =>
        void host.dispatch([
          { eventType: 'ModifyArtboardEvent', artboardId: ab.id, ...fields } as SessionEventInit,
        ])
      const choose = button('▣', 'Show the layers of this artboard', () => {
        host.activeArtboardId = ab.id
        host.activeLayerId = ab.layers.at(-1)?.id
        host.refreshPanels()
      })
      li.append(
        choose,
        input('text', ab.name, 'Artboard name', (name) => modify({ name })),
        input('number', String(ab.bounds.width), 'Artboard width', (w) => {
          if (Number(w) > 0) modify({ bounds: { ...ab.bounds, width: Number(w) } })
        }),
        input('number', String(ab.bounds.height), 'Artboard height', (h) => {
          if (Number(h) > 0) modify({ bounds: { ...ab.bounds, height: Number(h) } })
        }),
        button(
          '✕',
          'Delete artboard',
          () => void host.dispatch([{ eventType: 'DeleteArtboardEvent', artboardId: ab.id }]),
        ),
      )
      return li
    }),
  )
  const layers = el<HTMLUListElement>('layers')
  if (board === undefined) {
    layers.replaceChildren()
    return
  }
  if (!board.layers.some((l) => l.id === host.activeLayerId)) host.activeLayerId = board.layers.at(-1)?.id
  const count = board.layers.length
  layers.replaceChildren(
    ...[...board.layers].reverse().map((layer) => {
      const z = board.layers.indexOf(layer)
      const li = document.createElement('li')
      li.dataset.layerId = layer.id
      if (layer.id === host.activeLayerId) li.classList.add('active')
      const modify = (fields: Record<string, unknown>) =>
        void host.dispatch([
          { eventType: 'ModifyLayerEvent', layerId: layer.id, ...fields } as SessionEventInit,
        ])
      const reorder = (newZIndex: number) =>
        void host.dispatch([{ eventType: 'ReorderLayerEvent', layerId: layer.id, newZIndex }])
      const up = button('▲', 'Move layer up', () => reorder(z + 1))
      up.disabled = z === count - 1
      const down = button('▼', 'Move layer down', () => reorder(z - 1))
      down.disabled = z === 0
      const choose = button(layer.id === host.activeLayerId ? '●' : '○', 'Draw on this layer', () => {
        host.activeLayerId = layer.id
        host.refreshPanels()
      })
      li.append(
        choose,
        input('checkbox', String(layer.visible), 'Visible', (v) => modify({ visible: v === 'true' })),
        input('checkbox', String(layer.locked), 'Locked', (v) => modify({ locked: v === 'true' })),
        input('text', layer.name, 'Layer name', (name) => modify({ name })),
        up,
        down,
        button(
          '✕',
          'Delete layer',
          () => void host.dispatch([{ eventType: 'DeleteLayerEvent', layerId: layer.id }]),
        ),
      )
      return li
    }),
  )
}

/** Wires the add-artboard / add-layer buttons and the preset list. */
export function wireLayerButtons(getDoc: () => Document, host: PanelHost): void {
  redrawOnFocusOut(el('artboards'))
  redrawOnFocusOut(el('layers'))
  const preset = el<HTMLSelectElement>('artboard-preset')
  preset.replaceChildren(
    ...ARTBOARD_PRESETS.map((p, i) => {
      const o = document.createElement('option')
      o.value = String(i)
      o.textContent = `${p.name}`
      return o
    }),
  )
  el('add-artboard').addEventListener('click', () => {
    const doc = getDoc()
    const p = ARTBOARD_PRESETS[Number(preset.value)] ?? ARTBOARD_PRESETS[0]
    if (p === undefined) return
    const right = doc.artboards.reduce((x, ab) => Math.max(x, ab.bounds.x + ab.bounds.width), -80)
    const artboardId = host.newId('artboard')
    const layerId = host.newId('layer')
    host.activeArtboardId = artboardId
    host.activeLayerId = layerId
    void host.dispatch([
      {
        eventType: 'CreateArtboardEvent',
        artboardId,
        name: `${p.name} ${doc.artboards.length + 1}`,
        bounds: { x: right + 80, y: 0, width: p.width, height: p.height },
        preset: p.name,
      },
      { eventType: 'CreateLayerEvent', layerId, artboardId, name: 'Layer 1' },
    ])
  })
  el('add-layer').addEventListener('click', () => {
    const board = activeArtboard(getDoc(), host)
    if (board === undefined) return
    const layerId = host.newId('layer')
    host.activeLayerId = layerId
    void host.dispatch([
      {
        eventType: 'CreateLayerEvent',
        layerId,
        artboardId: board.id,
        name: `Layer ${board.layers.length + 1}`,
      },
    ])
  })
}

/** The style panel's current values. */
export function panelStyle(): StyleChange {
  return {
    fill: el<HTMLInputElement>('style-fill-none').checked ? null : el<HTMLInputElement>('style-fill').value,
    stroke: el<HTMLInputElement>('style-stroke-none').checked
      ? null
      : el<HTMLInputElement>('style-stroke').value,
    strokeWidth: Math.max(0, Number(el<HTMLInputElement>('style-width').value) || 0),
    opacity: Math.min(1, Math.max(0, Number(el<HTMLInputElement>('style-opacity').value))),
  }
}

/** Wires the style inputs: a change restyles the selection (ModifyStyleEvent) and new objects. */
export function wireStylePanel(getDoc: () => Document, host: PanelHost): void {
  const apply = (field: keyof StyleChange) => {
    host.style = panelStyle()
    const ids = getDoc().selection.objectIds
    if (ids.length === 0) return
    void host.dispatch([
      {
        eventType: 'ModifyStyleEvent',
        objectIds: [...ids],
        ...styleFields({ [field]: host.style[field] }),
      } as SessionEventInit,
    ])
  }
  const pairs: [string, keyof StyleChange][] = [
    ['style-fill', 'fill'],
    ['style-fill-none', 'fill'],
    ['style-stroke', 'stroke'],
    ['style-stroke-none', 'stroke'],
    ['style-width', 'strokeWidth'],
    ['style-opacity', 'opacity'],
  ]
  for (const [id, field] of pairs) el(id).addEventListener('change', () => apply(field))
  host.style = panelStyle()
}

/** Shows the first selected object's style in the panel (an input being edited is left alone). */
export function showSelectionStyle(doc: Document): void {
  const ids = doc.selection.objectIds
  el('selection-info').textContent = ids.length === 0 ? 'nothing selected' : `${ids.length} selected`
  const obj = ids[0] === undefined ? undefined : doc.objects.get(ids[0])
  if (obj === undefined) return
  const s = obj.style
  const set = (id: string, apply: (input: HTMLInputElement) => void) => {
    const input = el<HTMLInputElement>(id)
    if (document.activeElement !== input) apply(input)
  }
  set('style-fill-none', (i) => {
    i.checked = s.fill === undefined
  })
  if (s.fill !== undefined) set('style-fill', (i) => (i.value = s.fill ?? i.value))
  set('style-stroke-none', (i) => {
    i.checked = s.stroke === undefined
  })
  if (s.stroke !== undefined) set('style-stroke', (i) => (i.value = s.stroke ?? i.value))
  set('style-width', (i) => (i.value = String(s.strokeWidth ?? 1)))
  set('style-opacity', (i) => (i.value = String(s.opacity ?? 1)))
}

/** Updates the Edit menu's Undo/Redo entries from the summary (this user's undo/redo). */
export function renderEditMenu(summary: EditSummary): void {
  const undo = el<HTMLButtonElement>('menu-undo')
  const redo = el<HTMLButtonElement>('menu-redo')
  undo.textContent = summary.canUndo ? `Undo ${summary.undoLabel ?? ''}`.trim() : 'Undo'
  undo.disabled = !summary.canUndo
  redo.textContent = summary.canRedo ? `Redo ${summary.redoLabel ?? ''}`.trim() : 'Redo'
  redo.disabled = !summary.canRedo
}
