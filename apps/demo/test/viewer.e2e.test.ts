/// <reference lib="dom" />
/**
 * End-to-end: the real `wiretuner serve` and the built viewer in real headless Chromium
 * (Debian `chromium` via playwright-core). Scrubbing to k shows exactly the SVG `export-svg --at k`
 * writes, step and play advance, clicking an undo group jumps to it, the event at the cursor is
 * shown; a screenshot is saved to test-artifacts/.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchChromium } from '@wiretuner/browser-kit'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runCliProcess } from './helpers/cli.ts'
import { runCliInProcess } from './helpers/in-process.ts'
import { type ServeProcess, startServe } from './helpers/serve.ts'
import {
  readProbe,
  scrubTo as scrubPageTo,
  type ViewerProbe,
  waitReady,
  waitShown as waitShownOn,
} from './helpers/viewer-page.ts'

const fixture = inject('fixtureFile')
const head = inject('fixtureEvents') - 1
const dir = join(inject('scratchDir'), 'e2e')
const artifacts = fileURLToPath(new URL('../test-artifacts', import.meta.url))

let serve: ServeProcess
let browser: Browser
let page: Page

const probe = (): Promise<ViewerProbe> => readProbe(page)
const waitShown = (seq: number): Promise<void> => waitShownOn(page, seq)
/** Drags the scrubber from its position to `k` through 40 input events, like a user. */
const scrubTo = (k: number): Promise<void> => scrubPageTo(page, k, 40)

async function exportedSvg(k: number, spawn: boolean): Promise<string> {
  const out = join(dir, `at-${k}.svg`)
  const args = ['export-svg', fixture, '--at', String(k), '--out', out]
  const run = await (spawn ? runCliProcess(args) : runCliInProcess(args))
  expect(run.code).toBe(0)
  return readFileSync(out, 'utf8')
}

/** The displayed <svg> and the exported file, both serialized by the browser's XMLSerializer. */
async function displayedVsExported(expected: string): Promise<{ shown: string; exported: string }> {
  return page.evaluate((text) => {
    const shownEl = document.querySelector('#svg-pane > svg')
    const parsed = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement
    const s = new XMLSerializer()
    return { shown: shownEl ? s.serializeToString(shownEl) : '', exported: s.serializeToString(parsed) }
  }, expected)
}

beforeAll(async () => {
  mkdirSync(dir, { recursive: true })
  mkdirSync(artifacts, { recursive: true })
  serve = await startServe(fixture)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.goto(serve.url)
  await waitReady(page)
  await waitShown(head)
  expect(errors).toEqual([])
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
})

describe('history viewer in headless Chromium', () => {
  it('is served by the real `wiretuner serve` on loopback, refusing other Host headers', async () => {
    const status = (host: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const url = new URL(serve.url)
        request({ host: url.hostname, port: url.port, path: '/api/info', headers: { host } }, (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
          .on('error', reject)
          .end()
      })
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    expect(await status(new URL(serve.url).host)).toBe(200)
    expect(await status('attacker.example')).toBe(421)
  })

  it('opens at the head of the simulated file with its undo groups and tree', async () => {
    expect(await page.textContent('#seq')).toBe(`${head} / ${head}`)
    expect(await page.locator('#groups li').count()).toBeGreaterThan(20)
    expect(await page.locator('#tree li.artboard').count()).toBeGreaterThan(0)
    // the controls timeline.ts builds, with the keys in the tooltips
    expect(await page.getAttribute('#step-back', 'title')).toBe('Previous event (←)')
    expect(await page.inputValue('#speed')).toBe('1')
    expect(await page.getAttribute('#scrubber', 'max')).toBe(String(head))
  })

  it('scrubbing to k shows exactly the SVG that export-svg --at k writes', async () => {
    for (const [k, spawn] of [
      [Math.floor(head * 0.4), true],
      [Math.floor(head * 0.85), false],
      [3, false],
    ] as const) {
      await scrubTo(k)
      const expected = await exportedSvg(k, spawn)
      expect((await probe()).svgText).toBe(expected)
      const { shown, exported } = await displayedVsExported(expected)
      expect(shown).toBe(exported)
      expect(await page.textContent('#seq')).toBe(`${k} / ${head}`)
    }
  })

  it('a late answer for a position the scrubber passed never replaces the cached state it rests on', async () => {
    await scrubTo(head)
    await scrubTo(10)
    // answers for every position but the head come 400 ms late; the head is in the page's cache
    await page.route('**/api/state?*', async (route) => {
      const at = Number(new URL(route.request().url()).searchParams.get('at'))
      if (at !== head) await new Promise((r) => setTimeout(r, 400))
      await route.continue()
    })
    await page.evaluate(() => {
      const seen: string[] = []
      ;(window as unknown as { shownLog: string[] }).shownLog = seen
      const pane = document.getElementById('svg-pane') as HTMLElement
      new MutationObserver(() => seen.push(pane.dataset.sequence ?? '')).observe(pane, {
        attributeFilter: ['data-sequence'],
      })
    })
    try {
      await scrubTo(head)
      await page.waitForTimeout(900)
      const shownLog = await page.evaluate(() => (window as unknown as { shownLog: string[] }).shownLog)
      const first = shownLog.indexOf(String(head))
      expect(first).toBeGreaterThanOrEqual(0)
      expect(shownLog.slice(first)).toEqual(shownLog.slice(first).map(() => String(head)))
      const now = await probe()
      expect(now.shownSequence).toBe(head)
      expect(now.svgText).toBe(await exportedSvg(head, false))
    } finally {
      await page.unroute('**/api/state?*')
    }
  })

  it('shows the event at the cursor (type, time, payload) and steps one event', async () => {
    const k = Math.floor(head / 2)
    await scrubTo(k)
    await page.click('#step-forward')
    await waitShown(k + 1)
    const res = await fetch(`${serve.url}api/events?from=${k + 1}&to=${k + 1}`)
    const event = ((await res.json()) as { events: { eventType: string; timestamp: number }[] }).events[0]
    await page.waitForFunction(
      (t) => document.getElementById('event-type')?.textContent === t,
      `#${k + 1} ${event?.eventType}`,
    )
    expect(await page.textContent('#event-time')).toContain(
      new Date(event?.timestamp ?? 0).toISOString().slice(0, 19).replace('T', ' '),
    )
    expect(await page.textContent('#event-payload')).toContain(`"eventType": "${event?.eventType}"`)
    await page.click('#step-back')
    await waitShown(k)
  })

  it('play advances the cursor (5x) and pause stops it', async () => {
    await scrubTo(Math.floor(head / 3))
    const start = (await probe()).shownSequence
    await page.selectOption('#speed', '5')
    await page.click('#play')
    await page.waitForFunction(
      (s) => (window as unknown as { wiretunerViewer: ViewerProbe }).wiretunerViewer.shownSequence > s + 5,
      start,
      { timeout: 15_000 },
    )
    await page.click('#play')
    const stopped = await probe()
    expect(stopped.playing).toBe(false)
    expect(stopped.target).toBeGreaterThan(start + 5)
    await page.waitForTimeout(300)
    expect((await probe()).target).toBe(stopped.target)
  })

  it('clicking an undo group jumps to its last event and highlights it', async () => {
    const items = page.locator('#groups li')
    const n = await items.count()
    const li = items.nth(Math.floor(n / 2))
    const last = Number(await li.getAttribute('data-last'))
    const label = await li.locator('.label').textContent()
    expect(label?.length).toBeGreaterThan(0)
    await li.click()
    await waitShown(last)
    expect(await li.getAttribute('class')).toContain('current')
    const expected = await exportedSvg(last, false)
    expect((await probe()).svgText).toBe(expected)
    await page.screenshot({ path: join(artifacts, 'viewer.png') })
  })

  it('strikes through an undo group while the cursor is after its UndoEvent', async () => {
    const res = await fetch(`${serve.url}api/groups`)
    const { groups } = (await res.json()) as {
      groups: { groupId: string; undone: [number, number | null][] }[]
    }
    const undone = groups.find((g) => g.undone.length > 0)
    expect(undone).toBeDefined()
    const [undoAt] = undone?.undone[0] ?? [0]
    const li = page.locator(`#groups li[data-group-id="${undone?.groupId}"]`)
    await scrubTo(undoAt)
    await page.waitForFunction(
      (id) => document.querySelector(`#groups li[data-group-id="${id}"]`)?.classList.contains('undone'),
      undone?.groupId,
    )
    await scrubTo(undoAt - 1)
    await page.waitForFunction(
      (id) => !document.querySelector(`#groups li[data-group-id="${id}"]`)?.classList.contains('undone'),
      undone?.groupId,
    )
    expect(await li.getAttribute('title')).toContain(`undone at #${undoAt}`)
  })
})
