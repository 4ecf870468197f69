/**
 * Latency of the viewer's sync mode between two pages on one document, shared by the e2e test
 * (which bounds it) and the bench (which reports it): an edit made by a real click on page A's
 * "add rectangle" control until page B renders that sequence, and a real mouse move over A's
 * canvas until B draws A's cursor there. Both ends are read on the wall clock the pages share
 * (`performance.timeOrigin + …`), A's from the input event's own timestamp. The page-side code
 * is source text (tsx's name helpers do not exist in the page).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { report, summarize, target } from '@wiretuner/bench-kit'
import { launchChromium } from '@wiretuner/browser-kit'
import { createToken, directoryStore, startSyncServer } from '@wiretuner/sync/server'
import type { Page } from 'playwright-core'
import { startSyncViewer, syncViewerUrl } from '../src/server/sync-viewer.js'

/** Init script: records renders, peer cursors, clicks on the edit control and pointer moves in `window.syncMarks`. */
export const SYNC_MARKS_SCRIPT = `(() => {
  const now = () => performance.timeOrigin + performance.now()
  const marks = { renders: [], cursors: [], clicks: [], moves: [] }
  window.syncMarks = marks
  addEventListener('DOMContentLoaded', () => {
    const pane = document.getElementById('svg-pane')
    new MutationObserver(() => marks.renders.push({ t: now(), seq: Number(pane.dataset.sequence) }))
      .observe(pane, { attributeFilter: ['data-sequence'] })
    const layer = document.getElementById('presence')
    new MutationObserver(() => {
      for (const c of layer.querySelectorAll('.peer-cursor'))
        marks.cursors.push({ t: now(), user: c.dataset.user, x: Number(c.dataset.x), y: Number(c.dataset.y) })
    }).observe(layer, { childList: true })
    document.getElementById('add-shape').addEventListener(
      'click', (e) => marks.clicks.push(performance.timeOrigin + e.timeStamp), { capture: true })
    pane.addEventListener('pointermove', (e) => {
      const ctm = pane.querySelector('svg')?.getScreenCTM()
      if (!ctm) return
      const at = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse())
      marks.moves.push({ t: performance.timeOrigin + e.timeStamp, x: Math.round(at.x * 100) / 100, y: Math.round(at.y * 100) / 100 })
    }, { capture: true })
  })
})()`

interface Move {
  readonly t: number
  readonly x: number
  readonly y: number
}

const shownIs = (seq: number): string => `window.wiretunerViewer.shownSequence === ${seq}`

/**
 * Resolves once `expression` is true in `page`, polled every 5 ms through `evaluate` (the
 * viewer's CSP forbids the string evaluation `waitForFunction` would use); rejects after 30 s.
 */
async function waitTrue(page: Page, expression: string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/**
 * Clicks A's "add rectangle" `count` times; the k-th click must end at sequence `firstSequence + k`
 * (only A edits). Returns, per click, the ms from A's click to B's render of that sequence.
 */
export async function editLatencies(
  a: Page,
  b: Page,
  count: number,
  firstSequence: number,
): Promise<number[]> {
  const out: number[] = []
  for (let k = 0; k < count; k++) {
    const seq = firstSequence + k
    await a.click('#add-shape')
    await waitTrue(a, shownIs(seq))
    await waitTrue(b, shownIs(seq))
    const clicked = (await a.evaluate('window.syncMarks.clicks.at(-1)')) as number
    const drawn = (await b.evaluate(`window.syncMarks.renders.find((r) => r.seq === ${seq})?.t`)) as number
    out.push(drawn - clicked)
  }
  return out
}

/**
 * Moves the mouse to `count` points over A's drawing, one pointer event each; returns, per move,
 * the ms from A's pointermove to B drawing `user`'s cursor at that document point.
 */
export async function cursorLatencies(a: Page, b: Page, count: number, user: string): Promise<number[]> {
  const box = await a.locator('#svg-pane > svg').boundingBox()
  if (box === null) throw new Error('no drawing in page A')
  const out: number[] = []
  for (let i = 1; i <= count; i++) {
    const before = (await a.evaluate('window.syncMarks.moves.length')) as number
    await a.mouse.move(
      box.x + box.width * (0.05 + (0.9 * i) / (count + 1)),
      box.y + (box.height * ((i % 3) + 1)) / 4,
    )
    await waitTrue(a, `window.syncMarks.moves.length > ${before}`)
    const move = (await a.evaluate('window.syncMarks.moves.at(-1)')) as Move
    const match = `(c) => c.user === ${JSON.stringify(user)} && c.x === ${move.x} && c.y === ${move.y} && c.t >= ${move.t}`
    await waitTrue(b, `window.syncMarks.cursors.some(${match})`)
    const seen = (await b.evaluate(`window.syncMarks.cursors.find(${match}).t`)) as number
    out.push(seen - move.t)
  }
  return out
}

/**
 * The bench case: a sync server (SQLite directory) and the viewer served by `sync-server
 * --viewer-port`'s code, two Chromium pages on a new document; 40 edits and 40 cursor moves.
 */
export async function benchSyncLatency(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wt-bench-sync-'))
  const secret = 'bench-sync-secret-0123456789'
  const documentId = crypto.randomUUID()
  const sync = await startSyncServer({ store: directoryStore(dir), secret, port: 0 })
  const viewer = await startSyncViewer(0, () => {})
  const browser = await launchChromium()
  try {
    const open = async (user: string): Promise<Page> => {
      const claims = {
        userId: user,
        documents: { [documentId]: 'write' as const },
        expiresAt: Date.now() + 600_000,
      }
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } })
      await page.addInitScript(SYNC_MARKS_SCRIPT)
      await page.goto(syncViewerUrl(viewer.url, sync.url, documentId, createToken(claims, secret)))
      await page.waitForSelector('#sync-status[data-status="synced"]')
      return page
    }
    const a = await open('alice')
    const b = await open('bob')
    // the first click also adds the artboard (1) and the layer (2)
    const edits = report(
      summarize('sync viewer: edit in page A → drawn in page B', await editLatencies(a, b, 40, 3)),
    )
    const cursors = report(
      summarize('sync viewer: cursor move in A → drawn in B', await cursorLatencies(a, b, 40, 'alice')),
    )
    target('edit A → B median (ms, loopback)', edits.medianMs, { atMost: 100 })
    target('cursor A → B median (ms, loopback)', cursors.medianMs, { atMost: 100 })
  } finally {
    await browser.close()
    await viewer.close()
    await sync.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
