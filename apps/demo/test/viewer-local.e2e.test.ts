/// <reference lib="dom" />
/**
 * End-to-end, server-less: the built viewer served as static files from 127.0.0.1 (no API at
 * all), opened with `?mode=local` in headless Chromium; a local `.wiretuner` file is given to the
 * file input (and, in another page, dropped on the page), imported into OPFS by the engine Worker,
 * and browsed with the same scrubber: the SVG shown at k is exactly `exportSvg(documentAt(k))`
 * computed on Node. A file that is not a database is refused with the engine's typed code.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { launchChromium, type StaticServer, serveDirectory } from '@wiretuner/browser-kit'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { openSession } from '@wiretuner/replay'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { renderSvg } from '../src/server/viewer-data.ts'
import { readProbe, scrubTo, waitReady } from './helpers/viewer-page.ts'

const fixture = inject('fixtureFile')
const head = inject('fixtureEvents') - 1
const viewerDir = fileURLToPath(new URL('../dist/viewer', import.meta.url))

let server: StaticServer
let browser: Browser

/** The SVG Node renders for the fixture's document after event k. */
async function nodeSvgs(ks: readonly number[]): Promise<Map<number, string>> {
  const file = await openWireTunerFile(fixture, { readOnly: true })
  try {
    const documentId = file.listDocuments()[0]?.documentId ?? ''
    const session = openSession(file, documentId)
    const out = new Map(ks.map((k) => [k, renderSvg(session.documentAt(k))]))
    session.close()
    return out
  } finally {
    file.close()
  }
}

async function openPage(errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.goto(`${server.url}?mode=local`)
  await page.waitForSelector('#file-input', { state: 'attached' })
  return page
}

beforeAll(async () => {
  server = await serveDirectory(viewerDir)
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('history viewer, server-less mode (engine in a Worker of the page)', () => {
  it('opens a local file from the file input and scrubs: the SVG at k is exportSvg(documentAt(k)) from Node', async () => {
    const ks = [Math.floor(head * 0.3), Math.floor(head * 0.9), 4, head]
    const expected = await nodeSvgs(ks)
    const errors: string[] = []
    const page = await openPage(errors)
    await page.setInputFiles('#file-input', fixture)
    await waitReady(page)
    expect(await page.textContent('#seq')).toBe(`${head} / ${head}`)
    expect(await page.isHidden('#local')).toBe(true)
    expect(await page.locator('#groups li').count()).toBeGreaterThan(20)
    for (const k of ks) {
      if ((await readProbe(page)).shownSequence !== k) await scrubTo(page, k, 20)
      const shown = await readProbe(page)
      expect({ at: shown.shownSequence, svg: shown.svgText }, `k = ${k}`).toEqual({
        at: k,
        svg: expected.get(k),
      })
      const viewBox = await page.evaluate(() =>
        document.querySelector('#svg-pane > svg')?.getAttribute('viewBox'),
      )
      expect(viewBox).toBeTruthy()
    }
    expect(await page.textContent('#event-type')).toContain(`#${head}`)
    expect(errors).toEqual([])
    await page.close()
  })

  it('opens a file dropped on the page', async () => {
    const errors: string[] = []
    const page = await openPage(errors)
    const bytes = readFileSync(fixture).toString('base64')
    await page.evaluate((base64) => {
      const raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const transfer = new DataTransfer()
      transfer.items.add(new File([raw], 'dropped.wiretuner'))
      document.dispatchEvent(
        new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
      )
    }, bytes)
    await waitReady(page)
    expect(await page.textContent('#seq')).toBe(`${head} / ${head}`)
    expect(await page.textContent('#doc-title')).toContain('dropped.wiretuner')
    expect(errors).toEqual([])
    await page.close()
  })

  it('refuses a file that is not a database with the engine code (not-sqlite), and still accepts a good one', async () => {
    const errors: string[] = []
    const page = await openPage(errors)
    await page.setInputFiles('#file-input', {
      name: 'notes.wiretuner',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('just some text, not a database\n'.repeat(100)),
    })
    await page.waitForSelector('#local-status[data-error]')
    expect(await page.getAttribute('#local-status', 'data-error')).toBe('not-sqlite')
    expect(await page.textContent('#local-status')).toContain('notes.wiretuner cannot be opened')
    await page.setInputFiles('#file-input', fixture)
    await waitReady(page)
    expect((await readProbe(page)).shownSequence).toBe(head)
    expect(errors).toEqual([])
    await page.close()
  })
})
