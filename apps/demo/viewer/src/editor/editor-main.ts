/**
 * The WireTuner editor page (`wiretuner edit FILE`, or any static host with `?mode=local`): the
 * engine runs in a Worker on OPFS (`@wiretuner/worker`), the page draws the head document on a
 * canvas and turns pointer and keyboard input into events (tools in ./*-tool.ts, panels in
 * panels.ts, the history strip in history-panel.ts, saving in autosave.ts, the test/bench probe
 * `window.wiretunerEditor` in editor-probe.ts). Zoom and pan are local to the page (page-view.ts)
 * and also recorded as viewport events. With `?sync=ws://…&doc=ID&token=T` the page edits a shared
 * document instead (collab-mode.ts): every edit goes through `EditorEngine` to its target (the
 * Worker session or the sync client), and every redraw starts from its `onChange`, which other
 * users' edits trigger too; the viewport and the selection stay the page's own.
 */
import './editor.css'
import type { Document, Point, StyleChange } from '@wiretuner/vector-model'
import { connectEngine } from '@wiretuner/worker'
import { type SyncTarget as SyncAddress, syncTargetOf } from '../sync-api.ts'
import { Autosave } from './autosave.ts'
import { CanvasRenderer } from './canvas-renderer.ts'
import { type Collab, startCollab } from './collab-mode.ts'
import { createDirectTool, drawGrips } from './direct-tool.ts'
import { openEditorDocument } from './document-source.ts'
import type { EditTarget } from './edit-target.ts'
import { EditorEngine } from './editor-engine.ts'
import { installProbe } from './editor-probe.ts'
import { HistoryPanel } from './history-panel.ts'
import { PageView } from './page-view.ts'
import {
  activeArtboard,
  type PanelHost,
  panelStyle,
  renderEditMenu,
  renderLayerPanels,
  showSelectionStyle,
  wireLayerButtons,
  wireStylePanel,
} from './panels.ts'
import { createPenTool } from './pen-tool.ts'
import { createSelectTool } from './select-tool.ts'
import { createShapeTool } from './shape-tool.ts'
import { boundsOfIds, drawSelection, type Tool, type ToolContext } from './tool-kit.ts'
import { WorkerTarget } from './worker-target.ts'

function el<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id)
  if (!e) throw new Error(`missing #${id}`)
  return e as T
}

const canvas = el<HTMLCanvasElement>('canvas')
const statusLine = el('status')
const renderer = new CanvasRenderer(canvas)

let engine: EditorEngine
let history: HistoryPanel
let save: (() => Promise<void>) | undefined
/** Head sequence saved when the page opened its file. */
let savedSequence = -1
let autosave: Autosave | undefined
/** The collaborative mode, when the page edits a shared document. */
let collab: Collab | undefined
const pageView = new PageView(canvas, {
  engine: () => engine,
  scrubbing: () => history?.scrubbing ?? false,
  requestRender: () => requestRender(),
})
let preview: { readonly active: ReadonlySet<string>; readonly doc: Document } | undefined
let feedback: ((ctx: CanvasRenderingContext2D) => void) | undefined
let scrubView: { readonly doc: Document; readonly highlight: ReadonlySet<string> } | undefined
let frameRequested = false
let lastError = ''
let ready = false

const host: PanelHost = {
  dispatch: (events) => edit(() => engine.dispatch(events)),
  newId,
  activeLayerId: undefined,
  activeArtboardId: undefined,
  style: {} as StyleChange,
  refreshPanels: () => renderLayerPanels(engine.document, host),
}

function newId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 13)}`
}

function status(text: string): void {
  statusLine.textContent = text
}

function fail(error: unknown): void {
  const code = (error as { code?: unknown }).code
  lastError = `${typeof code === 'string' ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`
  status(lastError)
  console.error(error)
}

/** Runs an edit unless the token is read-only or the history shows an earlier version. */
function edit(run: () => Promise<void>): Promise<void> {
  if (collab?.readOnly) {
    collab.notify('read-only', 'Read-only: this token grants read access only; nothing was changed.')
    return Promise.resolve()
  }
  if (history?.scrubbing) {
    status('viewing an earlier version: "Back to editing" or "Restore this version" first')
    return Promise.resolve()
  }
  return run()
}

const toolContext: ToolContext = {
  get doc() {
    return engine.document
  },
  get viewport() {
    return pageView.viewport
  },
  get style() {
    return host.style
  },
  get layerId() {
    return host.activeLayerId
  },
  dispatch: (events) => host.dispatch(events),
  sample: (event) => engine.sample(event),
  endGesture: () => engine.endGesture(),
  setPreview(active, doc) {
    preview = { active, doc }
    requestRender()
  },
  clearPreview() {
    preview = undefined
    requestRender()
  },
  setFeedback(draw) {
    feedback = draw
  },
  newId,
  requestRender,
}

const tools: Record<string, Tool> = {
  select: createSelectTool(toolContext),
  direct: createDirectTool(toolContext),
  pen: createPenTool(toolContext),
  rectangle: createShapeTool(toolContext, 'rectangle'),
  ellipse: createShapeTool(toolContext, 'ellipse'),
  polygon: createShapeTool(toolContext, 'polygon'),
  star: createShapeTool(toolContext, 'star'),
}
let tool: Tool = tools.select as Tool

function setTool(name: string): void {
  const next = tools[name]
  if (next === undefined || next === tool) return
  tool.deactivate?.()
  tool = next
  for (const b of document.querySelectorAll<HTMLButtonElement>('#tools button'))
    b.setAttribute('aria-pressed', String(b.dataset.tool === name))
  canvas.style.cursor = name === 'select' || name === 'direct' ? 'default' : 'crosshair'
  requestRender()
}

function requestRender(): void {
  if (frameRequested) return
  frameRequested = true
  requestAnimationFrame(() => {
    frameRequested = false
    render()
  })
}

/** Durations (ms) of the last frames' drawing, newest last (the benchmark reads them). */
const frameTimes: number[] = []

function render(): void {
  // a presence change may ask for a frame while the shared document is still being opened
  if ((engine as EditorEngine | undefined) === undefined) return
  const started = performance.now()
  draw()
  frameTimes.push(performance.now() - started)
  if (frameTimes.length > 2000) frameTimes.splice(0, 1000)
}

function draw(): void {
  const doc = scrubView?.doc ?? engine.document
  const shown = preview?.doc ?? doc
  const viewport = pageView.viewport
  renderer.render(doc, viewport, {
    ...(preview === undefined || scrubView !== undefined
      ? {}
      : { active: preview.active, preview: preview.doc }),
    ...(scrubView === undefined ? {} : { highlight: scrubView.highlight }),
    draw: (ctx) => {
      if (scrubView !== undefined) return
      const selected = shown.selection.objectIds
      const box = selected.length > 0 ? boundsOfIds(shown, selected) : undefined
      if (box !== undefined && tool.name === 'select') drawSelection(ctx, viewport, box)
      if (tool.name === 'direct') drawGrips(ctx, shown, viewport)
      feedback?.(ctx)
      collab?.drawPeers(ctx, viewport, shown)
    },
  })
}

/** In idle time, draws the bitmap a drag of the selection will reuse (see CanvasRenderer.prepare). */
function prepareDrag(doc: Document): void {
  const ids = doc.selection.objectIds
  if (ids.length === 0 || tool.name !== 'select') return
  requestIdleCallback(
    () => {
      if (engine.document === doc && !toolDown) renderer.prepare(doc, pageView.viewport, new Set(ids))
    },
    { timeout: 500 },
  )
}

/** Ctrl/Cmd+0: the active artboard fills the canvas. */
function fitArtboard(record = true): void {
  pageView.fit(activeArtboard(engine.document, host) ?? engine.document.artboards[0], record)
}

let spaceDown = false
let panning: Point | undefined
let toolDown = false

function wireInput(): void {
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId)
    const p = pageView.pointer(e)
    if (spaceDown || e.button === 1) {
      panning = p.screen
      return
    }
    if (e.button !== 0 || history.scrubbing || collab?.readOnly) return
    toolDown = true
    tool.down(p)
    requestRender()
  })
  canvas.addEventListener('pointermove', (e) => {
    const p = pageView.pointer(e)
    collab?.setCursor(p.world)
    if (panning !== undefined) {
      pageView.apply(
        { eventType: 'ViewportPanEvent', delta: { x: p.screen.x - panning.x, y: p.screen.y - panning.y } },
        true,
      )
      panning = p.screen
      return
    }
    if (history.scrubbing) return
    if (toolDown || tool.name === 'pen') tool.move(p, e.buttons)
    if (toolDown) requestRender()
  })
  const up = (e: PointerEvent) => {
    if (panning !== undefined) {
      panning = undefined
      pageView.endGesture()
      return
    }
    if (!toolDown) return
    toolDown = false
    tool.up(pageView.pointer(e))
    requestRender()
  }
  canvas.addEventListener('pointerup', up)
  canvas.addEventListener('pointercancel', up)
  canvas.addEventListener('pointerleave', () => collab?.setCursor(null))
  let wheelEnd: ReturnType<typeof setTimeout> | undefined
  canvas.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault()
      const p = pageView.pointer(e)
      if (e.ctrlKey || e.metaKey) {
        // pinch gestures arrive as ctrl+wheel
        pageView.apply(
          { eventType: 'ViewportZoomEvent', factor: Math.exp(-e.deltaY * 0.01), focalPoint: p.screen },
          true,
        )
      } else pageView.apply({ eventType: 'ViewportPanEvent', delta: { x: -e.deltaX, y: -e.deltaY } }, true)
      clearTimeout(wheelEnd)
      wheelEnd = setTimeout(() => pageView.endGesture(), 200)
    },
    { passive: false },
  )
  for (const b of document.querySelectorAll<HTMLButtonElement>('#tools button'))
    b.addEventListener('click', () => setTool(b.dataset.tool ?? 'select'))
  el('menu-undo').addEventListener('click', () => void undoRedo('undo'))
  el('menu-redo').addEventListener('click', () => void undoRedo('redo'))
  el('menu-delete').addEventListener('click', () => deleteSelection())
  el('menu-save').addEventListener('click', () => void autosave?.now())
  document.addEventListener('keydown', onKey)
  document.addEventListener('keyup', (e) => {
    if (e.key === ' ') spaceDown = false
  })
  new ResizeObserver(() => pageView.resize()).observe(canvas)
}

function undoRedo(kind: 'undo' | 'redo'): Promise<void> {
  tool.deactivate?.()
  return edit(() => (kind === 'undo' ? engine.undo() : engine.redo()))
}

function deleteSelection(): void {
  const ids = engine.document.selection.objectIds
  if (ids.length > 0) void host.dispatch([{ eventType: 'DeleteObjectEvent', objectIds: [...ids] }])
}

const TOOL_KEYS: Readonly<Record<string, string>> = {
  v: 'select',
  a: 'direct',
  p: 'pen',
  r: 'rectangle',
  e: 'ellipse',
  y: 'polygon',
  s: 'star',
}

function onKey(e: KeyboardEvent): void {
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement
  if (typing) return
  const mod = e.ctrlKey || e.metaKey
  const key = e.key.toLowerCase()
  if (mod && key === 'z') {
    e.preventDefault()
    void undoRedo(e.shiftKey ? 'redo' : 'undo')
  } else if (mod && key === 'y') {
    e.preventDefault()
    void undoRedo('redo')
  } else if (mod && key === '0') {
    e.preventDefault()
    fitArtboard()
  } else if (mod && key === 's') {
    e.preventDefault()
    void autosave?.now()
  } else if (e.key === ' ') {
    e.preventDefault()
    spaceDown = true
  } else if (tool.key?.(e)) {
    e.preventDefault()
  } else if (e.key === 'Delete' || e.key === 'Backspace') {
    e.preventDefault()
    deleteSelection()
  } else if (!mod && TOOL_KEYS[key] !== undefined) {
    setTool(TOOL_KEYS[key] as string)
  }
}

installProbe({
  get ready() {
    return ready
  },
  get engine() {
    return engine
  },
  get history() {
    return history
  },
  renderer,
  canvas,
  get collab() {
    return collab
  },
  get tool() {
    return tool.name
  },
  get viewport() {
    return pageView.viewport
  },
  get lastError() {
    return lastError
  },
  get saves() {
    return autosave?.saves ?? 0
  },
  frameTimes,
  resetView: () => pageView.reset(engine.document.artboards[0]),
})

/** What the page edits: the target, the name shown and how it came ("opened", "joined"…). */
interface Opened {
  readonly target: EditTarget
  readonly name: string
  readonly how: string
}

/** The page's own document: a `.wiretuner` file in OPFS, opened by the engine Worker. */
async function openOwn(): Promise<Opened> {
  status('starting the engine…')
  const client = connectEngine(
    new Worker(new URL('../engine-worker.ts', import.meta.url), { type: 'module' }),
  )
  const opened = await openEditorDocument(client, status)
  save = opened.save
  savedSequence = opened.session.sequence
  return {
    target: new WorkerTarget(opened.session),
    name: opened.displayName,
    how: opened.imported ? 'imported' : 'opened',
  }
}

/** A shared document on a sync server (collaborative mode); a read-only token turns the tools off. */
async function openShared(address: SyncAddress): Promise<Opened> {
  status(`joining ${address.documentId}…`)
  const name = new URLSearchParams(location.search).get('name')
  collab = await startCollab(address, name, requestRender)
  if (collab.readOnly) {
    document.body.classList.add('read-only')
    for (const id of ['tools', 'left', 'right']) el(id).inert = true
  }
  return { target: collab.target, name: `${address.documentId} (shared)`, how: 'joined' }
}

async function start(): Promise<void> {
  const address = syncTargetOf(location.search)
  const opened = address === undefined ? await openOwn() : await openShared(address)
  engine = new EditorEngine(opened.target, await opened.target.head(), fail)
  autosave = new Autosave(
    {
      save,
      sequence: () => engine.summary.sequence,
      busy: () => toolDown || panning !== undefined,
      saved: (sequence) => status(`saved at #${sequence}`),
      failed: fail,
    },
    savedSequence,
  )
  el('doc-title').textContent = `${engine.document.title} · ${opened.name}`
  document.title = `${engine.document.title} – WireTuner editor`
  host.style = panelStyle()
  wireLayerButtons(() => engine.document, host)
  wireStylePanel(() => engine.document, host)
  history = new HistoryPanel(engine, (doc, highlight) => {
    scrubView = doc === undefined ? undefined : { doc, highlight }
    requestRender()
  })
  engine.onChange((doc, summary) => {
    collab?.setSelection(doc.selection.objectIds)
    renderLayerPanels(doc, host)
    renderEditMenu(summary)
    showSelectionStyle(doc)
    history.headMoved()
    autosave?.schedule()
    requestRender()
    prepareDrag(doc)
  })
  renderLayerPanels(engine.document, host)
  renderEditMenu(engine.summary)
  wireInput()
  setTool('select')
  pageView.resize()
  fitArtboard(false)
  await engine.refresh()
  status(`${opened.how} ${opened.name} at #${engine.summary.sequence}`)
  ready = true
}

start().catch((error: unknown) => {
  fail(error)
  document.body.dataset.error = lastError
})
