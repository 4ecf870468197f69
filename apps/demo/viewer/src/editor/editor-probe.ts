/**
 * The editor's probe, `window.wiretunerEditor`: what the end-to-end tests and benchmarks read and
 * call (and curious people in the console). A thin view over the page's state, given as getters.
 */
import type { Viewport } from '@wiretuner/vector-model'
import type { CanvasRenderer, FrameStats } from './canvas-renderer.ts'
import type { Collab, DrawnPeer } from './collab-mode.ts'
import type { EditorEngine } from './editor-engine.ts'
import type { HistoryPanel, RestoreOutcome } from './history-panel.ts'

/** What the end-to-end tests and benchmarks read (and curious people in the console). */
export interface EditorProbe {
  readonly ready: boolean
  readonly sequence: number
  readonly pending: number
  readonly tool: string
  readonly viewport: Viewport
  /** The viewport of the stored (Worker's) document, folded from the recorded viewport events. */
  readonly storedViewport: Viewport
  readonly selection: readonly string[]
  readonly objectCount: number
  readonly undoLabel: string | undefined
  readonly redoLabel: string | undefined
  readonly lastError: string
  readonly saves: number
  readonly historyTarget: number
  readonly historyShown: number
  readonly stats: FrameStats
  /** Resolves when no request is outstanding and the document is fresh. */
  settle(): Promise<void>
  restore(): Promise<RestoreOutcome>
  /** The stored log (envelope and targets of each event). */
  events(): Promise<readonly Record<string, unknown>[]>
  /** The head document's object `id` (kind, transform, anchors…), or undefined. */
  object(id: string): unknown
  /** Zoom 1, the first artboard's centre at the canvas centre (recorded as viewport events). */
  resetView(): void
  /** A PNG data URL of the canvas pixels in the screen rectangle. */
  canvasPng(x: number, y: number, width: number, height: number): string
  /** Drawing time (ms) of recent frames, oldest first; `clear` empties the list. */
  frameTimes(clear?: boolean): number[]
  /** Draws one full frame now (no cached base) and returns its time in ms. */
  drawFull(): number
  /** Input times (Unix ms) of the gesture samples since the last call (the sampler's clock). */
  sampleTimes(): number[]
  /** Collaborative mode: the other users as the last frame drew them (empty otherwise). */
  readonly peers: readonly DrawnPeer[]
  /** Collaborative mode: resolves when the server has every edit of this page (at once otherwise). */
  whenSynced(): Promise<void>
}

/** The page state the probe reads (getters, read when the probe is asked). */
export interface ProbeSources {
  readonly ready: boolean
  readonly engine: EditorEngine
  readonly history: HistoryPanel
  readonly renderer: CanvasRenderer
  readonly canvas: HTMLCanvasElement
  readonly collab: Collab | undefined
  /** The active tool's name. */
  readonly tool: string
  /** The page's viewport (its real canvas size). */
  readonly viewport: Viewport
  readonly lastError: string
  readonly saves: number
  /** Drawing times of the last frames (the probe may empty it). */
  readonly frameTimes: number[]
  /** Zoom 1, the first artboard's centre at the canvas centre (recorded as viewport events). */
  resetView(): void
}

/** Installs `window.wiretunerEditor` over `src`. */
export function installProbe(src: ProbeSources): void {
  ;(window as unknown as { wiretunerEditor: EditorProbe }).wiretunerEditor = {
    get ready() {
      return src.ready
    },
    get sequence() {
      return src.engine.summary.sequence
    },
    get pending() {
      return src.engine.pending
    },
    get tool() {
      return src.tool
    },
    get viewport() {
      return src.viewport
    },
    get storedViewport() {
      return src.engine.document.viewport
    },
    get selection() {
      return src.engine.document.selection.objectIds
    },
    get objectCount() {
      return src.engine.document.objects.size
    },
    get undoLabel() {
      return src.engine.summary.undoLabel
    },
    get redoLabel() {
      return src.engine.summary.redoLabel
    },
    get lastError() {
      return src.lastError
    },
    get saves() {
      return src.saves
    },
    get historyTarget() {
      return src.history.timeline.target
    },
    get historyShown() {
      return src.history.shownSequence
    },
    get stats() {
      return src.renderer.stats
    },
    async settle() {
      while (src.engine.pending > 0) await new Promise((r) => setTimeout(r, 10))
      await src.engine.refresh()
      await new Promise((r) => requestAnimationFrame(() => r(undefined)))
    },
    restore: () => src.history.restore(),
    async events() {
      const events = await src.engine.target.events(0, src.engine.summary.sequence)
      return events as unknown as readonly Record<string, unknown>[]
    },
    object: (id) => src.engine.document.objects.get(id),
    resetView: () => src.resetView(),
    frameTimes(clear = false) {
      const out = [...src.frameTimes]
      if (clear) src.frameTimes.length = 0
      return out
    },
    drawFull() {
      const started = performance.now()
      src.renderer.render(src.engine.document, src.viewport, {})
      return performance.now() - started
    },
    sampleTimes: () => src.engine.takeSampleTimes(),
    get peers() {
      return src.collab?.drawn ?? []
    },
    whenSynced: () => src.collab?.target.client.whenSynced() ?? Promise.resolve(),
    canvasPng(x, y, width, height) {
      const out = document.createElement('canvas')
      out.width = width
      out.height = height
      out.getContext('2d')?.drawImage(src.canvas, x, y, width, height, 0, 0, width, height)
      return out.toDataURL('image/png')
    },
  }
}
