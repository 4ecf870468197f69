/// <reference lib="dom" />
/**
 * The history viewer's page as the e2e tests drive it: its probe (`window.wiretunerViewer`, see
 * viewer/src/main.ts), waiting until it is ready or shows a sequence, and moving the scrubber
 * through input events as a user drags it.
 */
import type { Page } from 'playwright-core'

/** An object the viewer selected, and the events that touched it. */
export interface ViewerHit {
  readonly sequence: number
  readonly objectId: string | null
  readonly history: readonly { sequence: number; eventType: string; timestamp: number }[]
}

/** What the viewer page exposes to tests (a copy of `window.wiretunerViewer`). */
export interface ViewerProbe {
  readonly target: number
  readonly shownSequence: number
  readonly svgText: string
  readonly playing: boolean
  readonly ready: boolean
  readonly selected: ViewerHit | null
  readonly selections: number
  readonly zoom: number
}

/** A copy of the page's probe, every field read at the same moment. */
export function readProbe(page: Page): Promise<ViewerProbe> {
  return page.evaluate(() => {
    const p = (window as unknown as { wiretunerViewer: ViewerProbe }).wiretunerViewer
    return {
      target: p.target,
      shownSequence: p.shownSequence,
      svgText: p.svgText,
      playing: p.playing,
      ready: p.ready,
      selected: p.selected,
      selections: p.selections,
      zoom: p.zoom,
    }
  })
}

/** Resolves once the viewer has opened its document. */
export async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (window as unknown as { wiretunerViewer?: ViewerProbe }).wiretunerViewer?.ready === true,
  )
}

/** Resolves once the viewer shows the document after `seq`. */
export async function waitShown(page: Page, seq: number): Promise<void> {
  await page.waitForFunction(
    (s) => (window as unknown as { wiretunerViewer: ViewerProbe }).wiretunerViewer.shownSequence === s,
    seq,
  )
}

/**
 * Moves the scrubber from where it is to `k` in `steps` input events 4 ms apart (1: a single
 * jump), as a user drags it, and waits until the viewer shows `k`.
 */
export async function scrubTo(page: Page, k: number, steps: number): Promise<void> {
  await page.evaluate(
    async ([k, steps]) => {
      const input = document.getElementById('scrubber') as HTMLInputElement
      const from = Number(input.value)
      for (let i = 1; i <= steps; i++) {
        input.value = String(Math.round(from + ((k - from) * i) / steps))
        input.dispatchEvent(new Event('input', { bubbles: true }))
        if (i < steps) await new Promise((r) => setTimeout(r, 4))
      }
    },
    [k, steps] as const,
  )
  await waitShown(page, k)
}
