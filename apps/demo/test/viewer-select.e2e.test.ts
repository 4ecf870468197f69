/// <reference lib="dom" />
/**
 * End-to-end: selecting objects in the history viewer (the real `wiretuner serve`, real headless
 * Chromium). A point where Chromium's own SVG hit testing finds one object all around is clicked;
 * the viewer must select that object (the server's hit test) and list its history, each entry an
 * event of the log that names the object; clicking an entry seeks there; zooming keeps clicks on
 * the same object.
 */
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { launchChromium } from '@wiretuner/browser-kit'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type ServeProcess, startServe } from './helpers/serve.ts'
import {
  readProbe,
  scrubTo,
  type ViewerHit,
  type ViewerProbe,
  waitReady,
  waitShown,
} from './helpers/viewer-page.ts'

const fixture = inject('fixtureFile')
const head = inject('fixtureEvents') - 1

let serve: ServeProcess
let browser: Browser
let page: Page

const probe = (): Promise<ViewerProbe> => readProbe(page)

/**
 * A client point over an object where Chromium finds the same `[data-id]` element at the point
 * and 6 px around it (so a 4 px hit tolerance cannot reach another object), with that id.
 */
function solidPoint(): Promise<{ x: number; y: number; id: string } | null> {
  return page.evaluate(() => {
    const pane = document.getElementById('svg-pane') as HTMLElement
    const box = pane.getBoundingClientRect()
    const idAt = (x: number, y: number): string | null => {
      const e = document.elementFromPoint(x, y)
      return e instanceof SVGElement && e.closest('#svg-pane') !== null ? e.getAttribute('data-id') : null
    }
    for (let y = box.top + 20; y < box.bottom - 20; y += 7) {
      for (let x = box.left + 60; x < box.right - 20; x += 7) {
        const id = idAt(x, y)
        if (id === null) continue
        const around = [
          [6, 0],
          [-6, 0],
          [0, 6],
          [0, -6],
          [6, 6],
          [-6, -6],
          [6, -6],
          [-6, 6],
        ]
        if (around.every(([dx, dy]) => idAt(x + (dx as number), y + (dy as number)) === id))
          return { x, y, id }
      }
    }
    return null
  })
}

async function clickAndWait(x: number, y: number): Promise<ViewerHit> {
  const before = (await probe()).selections
  await page.mouse.click(x, y)
  await page.waitForFunction(
    (n) => (window as unknown as { wiretunerViewer: ViewerProbe }).wiretunerViewer.selections > n,
    before,
  )
  const hit = (await probe()).selected
  if (hit === null) throw new Error('no selection after a click')
  return hit
}

beforeAll(async () => {
  // its own copy: `serve` opens its file read-write (render caches, thumbnails) while other test
  // files read the shared fixture's bytes
  const own = join(inject('scratchDir'), 'viewer-select.wiretuner')
  copyFileSync(fixture, own)
  serve = await startServe(own)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  await page.goto(serve.url)
  await waitReady(page)
  await waitShown(page, head)
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
})

describe('selecting an object in the history viewer', () => {
  it('click an object: it is selected and the events that touched it are listed; an entry seeks', async () => {
    const spot = await solidPoint()
    expect(spot).not.toBeNull()
    if (spot === null) return
    const hit = await clickAndWait(spot.x, spot.y)
    expect(hit.objectId).toBe(spot.id)
    expect(hit.sequence).toBe(head)
    expect(hit.history.length).toBeGreaterThan(0)
    expect(hit.history[0]?.eventType).toMatch(/^Create(Path|Shape)Event$/)
    // every listed event names the object in the log (read through the API)
    for (const entry of hit.history) {
      const res = await fetch(new URL(`/api/events?from=${entry.sequence}&to=${entry.sequence}`, serve.url))
      const { events } = (await res.json()) as { events: { eventType: string; event: unknown }[] }
      expect(events[0]?.eventType).toBe(entry.eventType)
      expect(JSON.stringify(events[0]?.event)).toContain(`"${spot.id}"`)
    }
    const items = page.locator('#object-history li')
    expect(await items.count()).toBe(hit.history.length)
    expect(await page.textContent('#object-id')).toContain(spot.id)
    // clicking the creation event seeks there
    const first = hit.history[0]?.sequence ?? -1
    await items.first().click()
    await waitShown(page, first)
    expect((await probe()).target).toBe(first)
  })

  it('zooms with the buttons and the wheel, and a click after zooming still hits the object under it', async () => {
    // back to the head
    await scrubTo(page, head, 1)
    await page.click('#zoom-in')
    expect((await probe()).zoom).toBeCloseTo(1.5, 5)
    const pane = await page.locator('#svg-pane').boundingBox()
    if (pane === null) throw new Error('no pane')
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2)
    await page.mouse.wheel(0, -300)
    await page.waitForFunction(
      () => (window as unknown as { wiretunerViewer: ViewerProbe }).wiretunerViewer.zoom > 1.5,
    )
    const spot = await solidPoint()
    expect(spot).not.toBeNull()
    if (spot === null) return
    const hit = await clickAndWait(spot.x, spot.y)
    expect(hit.objectId).toBe(spot.id)
    await page.click('#zoom-reset')
    expect((await probe()).zoom).toBe(1)
  })

  it('answers a bad object-at request with a 400 and a precise message', async () => {
    for (const [query, message] of [
      ['x=1', "missing query parameter 'y'"],
      ['x=abc&y=1', "query parameter 'x' must be a finite number, got 'abc'"],
      ['x=1&y=1&tolerance=-1', 'tolerance must be >= 0, got -1'],
    ] as const) {
      const res = await fetch(new URL(`/api/object-at?at=${head}&${query}`, serve.url))
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: string }).error).toBe(message)
    }
  })
})
