/// <reference lib="dom" />
/**
 * Driving an editor page (`editor.html`) from Playwright: its probe (`window.wiretunerEditor`),
 * the screen point of a document point, and real pointer drags and clicks there.
 */
import type { Page } from 'playwright-core'

/** An event of the log as the probe returns it. */
export type ProbeEvent = Record<string, unknown> & { eventType: string; eventSequence: number }

/** What the tests read from the editor's probe (`EditorProbe` in viewer/src/editor/editor-probe.ts). */
export interface EditorProbe {
  ready: boolean
  sequence: number
  pending: number
  tool: string
  viewport: { pan: { x: number; y: number }; zoom: number; canvasSize: { width: number; height: number } }
  storedViewport: {
    pan: { x: number; y: number }
    zoom: number
    canvasSize: { width: number; height: number }
  }
  selection: readonly string[]
  objectCount: number
  undoLabel: string | undefined
  redoLabel: string | undefined
  lastError: string
  saves: number
  historyTarget: number
  historyShown: number
  peers: readonly {
    userId: string
    name: string
    colour: string
    cursor: { x: number; y: number } | undefined
    selection: readonly string[]
  }[]
  settle(): Promise<void>
  whenSynced(): Promise<void>
  restore(): Promise<{ readonly appended: number; readonly notRestored: string | undefined }>
  events(): Promise<ProbeEvent[]>
  object(id: string): unknown
  resetView(): void
  canvasPng(x: number, y: number, w: number, h: number): string
  sampleTimes(): number[]
}

/** Runs `fn` on the page's probe (its source is sent: it must not close over test variables). */
export function probeOn<T>(page: Page, fn: (p: EditorProbe) => T | Promise<T>): Promise<T> {
  return page.evaluate(`(${fn.toString()})(window.wiretunerEditor)`) as Promise<T>
}

/** Waits until the editor page is ready, then views its first artboard at zoom 1. */
export async function waitEditorReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (window as unknown as { wiretunerEditor?: EditorProbe }).wiretunerEditor?.ready === true,
  )
  await probeOn(page, (p) => p.resetView())
  await probeOn(page, (p) => p.settle())
}

/** Screen point (page coordinates) of document point (x, y) in `page`'s editor. */
export async function screenOn(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = await page.locator('#canvas').boundingBox()
  if (box === null) throw new Error('no canvas')
  const v = await probeOn(page, (p) => p.viewport)
  return {
    x: box.x + (x - v.pan.x) * v.zoom + v.canvasSize.width / 2,
    y: box.y + (y - v.pan.y) * v.zoom + v.canvasSize.height / 2,
  }
}

/** A real drag from document point a to b in `steps` pointer moves. */
export async function dragOn(
  page: Page,
  a: { x: number; y: number },
  b: { x: number; y: number },
  steps = 8,
): Promise<void> {
  const s = await screenOn(page, a.x, a.y)
  const e = await screenOn(page, b.x, b.y)
  await page.mouse.move(s.x, s.y)
  await page.mouse.down()
  await page.mouse.move(e.x, e.y, { steps })
  await page.mouse.up()
}

/** A real click at document point (x, y). */
export async function clickOn(page: Page, x: number, y: number): Promise<void> {
  const s = await screenOn(page, x, y)
  await page.mouse.click(s.x, s.y)
}
