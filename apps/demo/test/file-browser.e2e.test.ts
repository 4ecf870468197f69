/// <reference lib="dom" />
/**
 * End-to-end: `wiretuner serve DIR` in real headless Chromium. A folder of two files, one with a
 * stored thumbnail (`wiretuner thumbnail` wrote it into `thumbnails_cache`) and one without (the
 * rows deleted): the page lists both with title, size and event count, both thumbnails load as
 * real PNGs (the second rendered by the server with resvg), and clicking a card opens that file
 * in the viewer.
 */
import { copyFileSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { launchChromium } from '@wiretuner/browser-kit'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runCliProcess } from './helpers/cli.ts'
import { withSql } from './helpers/files.ts'
import { type ServeProcess, startServe } from './helpers/serve.ts'

const fixture = inject('fixtureFile')
const events = inject('fixtureEvents')
const dir = join(inject('scratchDir'), 'folder-e2e')

let serve: ServeProcess
let browser: Browser
let page: Page

beforeAll(async () => {
  mkdirSync(dir, { recursive: true })
  copyFileSync(fixture, join(dir, 'alpha.wiretuner'))
  const thumb = await runCliProcess([
    'thumbnail',
    join(dir, 'alpha.wiretuner'),
    '--out',
    join(dir, 'alpha.png'),
  ])
  expect(thumb.code).toBe(0)
  withSql(fixture, join(dir, 'beta.wiretuner'), 'DELETE FROM thumbnails_cache')
  serve = await startServe(dir)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
})

interface Entry {
  readonly name: string
  readonly title: string
  readonly bytes: number
  readonly eventCount: number
  readonly storedThumbnail: boolean
}

describe('file browser of `wiretuner serve DIR`', () => {
  it('lists both files with their thumbnails (stored and rendered), titles, sizes and event counts', async () => {
    const res = await fetch(new URL('/api/folder', serve.url))
    const { files } = (await res.json()) as { files: Entry[] }
    expect(files.map((f) => [f.name, f.eventCount, f.storedThumbnail])).toEqual([
      ['alpha.wiretuner', events, true],
      ['beta.wiretuner', events, false],
    ])
    expect(files[0]?.bytes).toBe(statSync(join(dir, 'alpha.wiretuner')).size)
    await page.goto(serve.url)
    await page.waitForFunction(() => document.body.dataset.ready === 'true')
    expect(await page.locator('.file-card').count()).toBe(2)
    const text = (await page.textContent('#files')) ?? ''
    expect(text).toContain(`${events} events`)
    expect(text).toContain(files[0]?.title ?? '?')
    // every thumbnail decoded by the browser: a PNG of a real size
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll<HTMLImageElement>('.file-card img')).every((i) => i.complete),
    )
    const sizes = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLImageElement>('.file-card img')).map((i) => [
        i.naturalWidth,
        i.naturalHeight,
      ]),
    )
    expect(sizes).toHaveLength(2)
    for (const [w, h] of sizes) {
      expect(w).toBeGreaterThan(0)
      expect(h).toBeGreaterThan(0)
    }
    const png = await fetch(new URL('/api/folder/thumbnail?file=beta.wiretuner', serve.url))
    expect(png.headers.get('content-type')).toBe('image/png')
    expect((await png.arrayBuffer()).byteLength).toBeLessThanOrEqual(50 * 1024)
    const bad = await fetch(new URL('/api/folder/thumbnail?file=..%2Fetc.wiretuner', serve.url))
    expect(bad.status).toBe(404)
    expect(((await bad.json()) as { error: string }).error).toContain('not a .wiretuner file of the folder')
  })

  it('clicking a file opens it in the viewer, at its head', async () => {
    await page.click('.file-card[data-file="beta.wiretuner"] a')
    await page.waitForFunction(
      () => (window as unknown as { wiretunerViewer?: { ready: boolean } }).wiretunerViewer?.ready === true,
    )
    expect(new URL(page.url()).searchParams.get('file')).toBe('beta.wiretuner')
    await page.waitForFunction(
      (s) =>
        (window as unknown as { wiretunerViewer: { shownSequence: number } }).wiretunerViewer
          .shownSequence === s,
      events - 1,
    )
    expect(await page.textContent('#doc-title')).toContain('beta.wiretuner')
  })
})
