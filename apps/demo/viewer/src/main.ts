/**
 * The WireTuner history viewer: the document at the cursor rendered as SVG, a timeline over all
 * events (scrubber, step, play/pause at 0.5×/1×/2×/5×), the undo groups (click to jump), the
 * artboard/layer tree and the event at the cursor. The canvas zooms (wheel, buttons) and pans
 * (drag); a click selects the object under it (the API's hit test at the shown sequence) and
 * lists the events that touched it, each a jump to its sequence.
 *
 * Scrubbing stays smooth on long logs: input only moves the target sequence; a
 * requestAnimationFrame loop asks the server for the document at the latest target with at most
 * one request in flight (intermediate positions are never requested, a discrete jump aborts the
 * stale request), and recent states are kept in a small client cache. A late answer never
 * replaces the target once the target is shown (e.g. from the cache).
 *
 * The data comes from the `wiretuner serve` server, or, with `?mode=local`, from the engine in a
 * Worker of this page: the user opens a local `.wiretuner` file (picker or drop) and nothing
 * leaves the browser. With `?sync=ws://…&doc=ID&token=…` it follows a document live from a
 * sync server (sync-mode.ts): the canvas shows the head after every change, with the other
 * users' cursors and selections.
 */
import './style.css'
import {
  httpApi,
  type ViewerApi,
  type ViewerGroup,
  type ViewerInfo,
  type ViewerObjectHit,
  type ViewerState,
} from './api.ts'
import { CanvasZoom } from './canvas-zoom.ts'
import { EventPages, PAGE_SIZE } from './event-pages.ts'
import { chooseLocalFile } from './local-mode.ts'
import { syncTargetOf } from './sync-api.ts'
import { startSyncMode } from './sync-mode.ts'
import { Timeline } from './timeline.ts'

function el<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id)
  if (!e) throw new Error(`missing #${id}`)
  return e as T
}

const ui = {
  title: el('doc-title'),
  stats: el('doc-stats'),
  tree: el<HTMLUListElement>('tree'),
  pane: el<HTMLDivElement>('svg-pane'),
  groups: el<HTMLOListElement>('groups'),
  groupCount: el('group-count'),
  scrubber: el<HTMLInputElement>('scrubber'),
  seq: el('seq'),
  back: el<HTMLButtonElement>('step-back'),
  forward: el<HTMLButtonElement>('step-forward'),
  play: el<HTMLButtonElement>('play'),
  speed: el<HTMLSelectElement>('speed'),
  eventType: el('event-type'),
  eventTime: el('event-time'),
  eventPayload: el('event-payload'),
  objectId: el('object-id'),
  objectHistory: el<HTMLOListElement>('object-history'),
}

/** Hit tolerance in screen pixels (converted to world units at the current zoom). */
const HIT_TOLERANCE_PX = 4

const STATE_CACHE_SIZE = 48

let api: ViewerApi = httpApi
let info: ViewerInfo
let pages: EventPages
let groups: readonly ViewerGroup[] = []
let target = 0
let shown = -1
let svgText = ''
let inFlight: { readonly seq: number; readonly ctrl: AbortController } | null = null
let frameRequested = false
/** Scrubber, step and play controls (shared with the editor's history strip). */
let timeline: Timeline
let currentGroupEl: HTMLElement | null = null
/** Undo intervals of all groups, `[from, to)` in sequences, with the group's index. */
let undoIntervals: { readonly from: number; readonly to: number; readonly index: number }[] = []
let undoneShown = new Set<number>()
let scrolledGroupEl: HTMLElement | null = null
/** Sequence the event panel and group highlight were last drawn for. */
let panelsAt = -1
let lastTargetChange = 0
let requests = 0
let canvas: CanvasZoom
let selected: ViewerObjectHit | null = null
let selections = 0
const stateCache = new Map<number, ViewerState>()
/** Counts the changes of a live source; a state requested before the latest one is stale. */
let liveGeneration = 0

function scheduleFrame(): void {
  if (frameRequested) return
  frameRequested = true
  requestAnimationFrame(frame)
}

/** The timeline moved the cursor (`jump`: a discrete jump aborts the stale request). */
function setTarget(seq: number, jump: boolean): void {
  // a live source (sync mode) has only its head
  if (api.follow !== undefined && seq !== info.headSequence) {
    timeline.setTarget(info.headSequence, true)
    return
  }
  target = seq
  if (jump && inFlight && inFlight.seq !== seq) inFlight.ctrl.abort()
  lastTargetChange = performance.now()
  scheduleFrame()
}

/**
 * One animation frame: at most one document render, one cheap panel update, and (once the
 * cursor rests) scrolling the current undo group into view. Everything input does is deferred here.
 */
function frame(now: number): void {
  frameRequested = false
  if (target !== panelsAt) {
    panelsAt = target
    renderEvent()
    highlightGroup()
    markUndone()
  }
  if (target !== shown) {
    const cached = stateCache.get(target)
    if (cached) render(cached)
    else if (inFlight === null) void requestState(target)
  }
  const resting = now - lastTargetChange > 150
  if (resting && currentGroupEl && scrolledGroupEl !== currentGroupEl) {
    scrolledGroupEl = currentGroupEl
    currentGroupEl.scrollIntoView({ block: 'nearest' })
  }
  if (timeline.playing || !resting || target !== shown || target !== panelsAt) scheduleFrame()
}

async function requestState(seq: number): Promise<void> {
  const ctrl = new AbortController()
  inFlight = { seq, ctrl }
  requests++
  const generation = liveGeneration
  try {
    const state = await api.state(seq, ctrl.signal)
    if (generation !== liveGeneration) return // the live document changed meanwhile
    stateCache.set(seq, state)
    if (stateCache.size > STATE_CACHE_SIZE) {
      const oldest = stateCache.keys().next().value
      if (oldest !== undefined) stateCache.delete(oldest)
    }
    // a late answer for a position the scrubber passed: the target may be shown already (from
    // the cache); drawing this older one over it would show a state nobody points at
    if (seq === target || shown !== target) render(state)
  } catch (err) {
    if (!(err instanceof DOMException && err.name === 'AbortError')) console.error(err)
  } finally {
    if (inFlight?.ctrl === ctrl) inFlight = null
    if (target !== shown) scheduleFrame()
  }
}

function render(state: ViewerState): void {
  const parsed = new DOMParser().parseFromString(state.svg, 'image/svg+xml')
  const root = parsed.documentElement
  if (root.nodeName === 'parsererror' || root.querySelector('parsererror')) {
    ui.pane.textContent = 'The SVG of this state could not be parsed.'
  } else {
    ui.pane.replaceChildren(document.importNode(root, true))
  }
  svgText = state.svg
  shown = state.sequence
  onFirstRender?.()
  onFirstRender = undefined
  ui.pane.dataset.sequence = String(state.sequence)
  renderTree(state)
}

let treeKey = ''
let onFirstRender: (() => void) | undefined

function renderTree(state: ViewerState): void {
  const key = JSON.stringify(state.artboards)
  ui.stats.textContent = `${state.artboards.length} artboards · ${state.objectCount} objects · ${state.selectionCount} selected`
  if (key === treeKey) return
  treeKey = key
  const frag = document.createDocumentFragment()
  for (const ab of state.artboards) {
    const li = document.createElement('li')
    li.className = 'artboard'
    li.textContent = `▣ ${ab.name}`
    li.title = ab.id
    const ul = document.createElement('ul')
    for (const layer of [...ab.layers].reverse()) {
      const l = document.createElement('li')
      l.textContent = `${layer.locked ? '🔒 ' : ''}${layer.name} (${layer.objectCount})`
      l.title = layer.id
      if (!layer.visible) l.className = 'hidden'
      ul.append(l)
    }
    li.append(ul)
    frag.append(li)
  }
  ui.tree.replaceChildren(frag)
}

function renderEvent(): void {
  const ev = pages.get(target)
  if (timeline.playing) pages.load(Math.floor(target / PAGE_SIZE) + 1)
  if (ev === undefined) {
    ui.eventType.textContent = `#${target}`
    ui.eventTime.textContent = 'loading…'
    ui.eventPayload.textContent = ''
    return
  }
  ui.eventType.textContent = `#${ev.sequence} ${ev.eventType}`
  ui.eventTime.textContent = new Date(ev.timestamp).toISOString().replace('T', ' ').replace('Z', ' UTC')
  ui.eventPayload.textContent = ev.event ? JSON.stringify(ev.event, null, 1) : `damaged: ${ev.problem ?? ''}`
}

function groupIndexAt(seq: number): number {
  let lo = 0
  let hi = groups.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const g = groups[mid]
    if (g === undefined) break
    if (g.firstSequence <= seq) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  const g = found >= 0 ? groups[found] : undefined
  return g !== undefined && seq <= g.lastSequence ? found : -1
}

/** Strikes through the groups that are undone at the cursor. */
function markUndone(): void {
  const now = new Set<number>()
  for (const iv of undoIntervals) if (iv.from <= target && target < iv.to) now.add(iv.index)
  for (const i of undoneShown) if (!now.has(i)) ui.groups.children[i]?.classList.remove('undone')
  for (const i of now) if (!undoneShown.has(i)) ui.groups.children[i]?.classList.add('undone')
  undoneShown = now
}

function highlightGroup(): void {
  const i = groupIndexAt(target)
  const li = i >= 0 ? (ui.groups.children[i] as HTMLElement | undefined) : undefined
  if (li === currentGroupEl) return
  currentGroupEl?.classList.remove('current')
  currentGroupEl = li ?? null
  currentGroupEl?.classList.add('current')
}

function renderGroups(): void {
  const frag = document.createDocumentFragment()
  for (const g of groups) {
    const li = document.createElement('li')
    li.dataset.first = String(g.firstSequence)
    li.dataset.last = String(g.lastSequence)
    li.dataset.groupId = g.groupId
    if (g.undone.length > 0) {
      li.title = g.undone
        .map(([u, r]) => `undone at #${u}${r === null ? '' : `, redone at #${r}`}`)
        .join('; ')
    }
    const label = document.createElement('span')
    label.className = 'label'
    label.textContent = g.label
    const range = document.createElement('span')
    range.className = 'range mono'
    range.textContent =
      g.firstSequence === g.lastSequence ? `#${g.firstSequence}` : `#${g.firstSequence}–${g.lastSequence}`
    li.append(label, range)
    frag.append(li)
  }
  ui.groups.replaceChildren(frag)
  undoIntervals = groups.flatMap((g, index) =>
    g.undone.map(([from, to]) => ({ from, to: to ?? Number.POSITIVE_INFINITY, index })),
  )
  ui.groupCount.textContent = `(${groups.length})`
}

function wireControls(): void {
  timeline = new Timeline(
    {
      scrubber: ui.scrubber,
      back: ui.back,
      forward: ui.forward,
      play: ui.play,
      speed: ui.speed,
      seq: ui.seq,
    },
    // the log as replay's playback timing reads it: timestamps of the loaded event pages
    {
      timestampAt: (seq) => pages.get(seq)?.timestamp,
      onTarget: setTarget,
      onPlaying: () => scheduleFrame(),
    },
  )
  timeline.setHead(info.headSequence, false)
  ui.groups.addEventListener('click', (e) => {
    const li = (e.target as HTMLElement).closest('li')
    if (li?.dataset.last) {
      timeline.setPlaying(false)
      timeline.setTarget(Number(li.dataset.last), true)
    }
  })
  canvas = new CanvasZoom(
    {
      pane: ui.pane,
      zoomIn: el('zoom-in'),
      zoomOut: el('zoom-out'),
      zoomReset: el('zoom-reset'),
      zoomLabel: el('zoom-label'),
    },
    (world) => void selectAt(world),
  )
  ui.objectHistory.addEventListener('click', (e) => {
    const li = (e.target as HTMLElement).closest('li')
    if (li?.dataset.sequence) {
      timeline.setPlaying(false)
      timeline.setTarget(Number(li.dataset.sequence), true)
    }
  })
  document.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLSelectElement) return
    if (e.key === 'ArrowLeft' && !(e.target instanceof HTMLInputElement)) timeline.setTarget(target - 1, true)
    else if (e.key === 'ArrowRight' && !(e.target instanceof HTMLInputElement))
      timeline.setTarget(target + 1, true)
    else if (e.key === ' ') {
      e.preventDefault()
      timeline.setPlaying(!timeline.playing)
    }
  })
}

/** Selects the object under `world` in the shown document and lists its history. */
async function selectAt(world: { x: number; y: number }): Promise<void> {
  if (shown < 0) return
  const svg = ui.pane.querySelector(':scope > svg')
  const ctm = svg instanceof SVGSVGElement ? svg.getScreenCTM() : null
  const scale = ctm === null ? 1 : Math.hypot(ctm.a, ctm.b) || 1
  try {
    selected = await api.objectAt(shown, world, HIT_TOLERANCE_PX / scale)
  } catch (err) {
    console.error(err)
    return
  }
  selections++
  renderSelection()
}

function renderSelection(): void {
  const hit = selected
  if (hit === null || hit.objectId === null) {
    ui.objectId.textContent = hit === null ? '(click the drawing)' : '(nothing there)'
    ui.objectHistory.replaceChildren()
    return
  }
  ui.objectId.textContent = `${hit.objectId} · ${hit.history.length} events`
  const frag = document.createDocumentFragment()
  for (const entry of hit.history) {
    const li = document.createElement('li')
    li.dataset.sequence = String(entry.sequence)
    const time = new Date(entry.timestamp).toISOString().replace('T', ' ').replace('Z', '')
    li.textContent = `#${entry.sequence} ${entry.eventType} `
    const t = document.createElement('span')
    t.className = 'muted mono'
    t.textContent = time
    li.append(t)
    frag.append(li)
  }
  ui.objectHistory.replaceChildren(frag)
}

/** What the end-to-end tests (and curious people in the console) can read. */
export interface ViewerProbe {
  readonly target: number
  readonly shownSequence: number
  readonly svgText: string
  readonly playing: boolean
  readonly stateRequests: number
  readonly ready: boolean
  /** The last selection (click on the canvas), and how many were answered. */
  readonly selected: ViewerObjectHit | null
  readonly selections: number
  readonly zoom: number
}

let ready = false
;(window as unknown as { wiretunerViewer: ViewerProbe }).wiretunerViewer = {
  get target() {
    return target
  },
  get shownSequence() {
    return shown
  },
  get svgText() {
    return svgText
  },
  get playing() {
    return timeline?.playing ?? false
  },
  get stateRequests() {
    return requests
  },
  get ready() {
    return ready
  },
  get selected() {
    return selected
  },
  get selections() {
    return selections
  },
  get zoom() {
    return canvas?.zoom ?? 1
  },
}

function showInfo(next: ViewerInfo): void {
  info = next
  document.title = `${info.title} – WireTuner history viewer`
  ui.title.textContent = `${info.title} · ${info.fileName} · ${info.eventCount} events`
  pages = new EventPages(api, info.headSequence, () => {
    panelsAt = -1
    scheduleFrame()
  })
}

/** A live source changed: show its new head (states cached for a provisional sequence may differ now). */
function followHead(next: ViewerInfo): void {
  showInfo(next)
  liveGeneration++
  stateCache.clear()
  shown = -1
  timeline.setHead(next.headSequence, true)
  if (next.headSequence >= 0) setTarget(next.headSequence, true)
}

async function start(): Promise<void> {
  const params = new URLSearchParams(location.search)
  const sync = syncTargetOf(location.search)
  if (sync !== undefined) api = await startSyncMode(sync, params.get('name'))
  else if (params.get('mode') === 'local') api = await chooseLocalFile()
  showInfo(await api.info())
  wireControls()
  api.follow?.(followHead)
  if (info.headSequence < 0) {
    ui.pane.textContent = 'This document has no events.'
    ready = true
    return
  }
  // Draw the head first; the group list (a scan of the whole log on the server) comes after.
  const firstShown = new Promise<void>((resolve) => {
    onFirstRender = resolve
  })
  timeline.setTarget(info.headSequence, false)
  await firstShown
  groups = await api.groups((f) => {
    ui.groupCount.textContent = `(indexing ${Math.round(f * 100)}%)`
  })
  renderGroups()
  panelsAt = -1
  scheduleFrame()
  ready = true
}

start().catch((err: unknown) => {
  document.body.dataset.error = String(err)
  ui.pane.textContent = `Could not load the document: ${err instanceof Error ? err.message : String(err)}`
})
