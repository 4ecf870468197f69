/// <reference lib="dom" />
/**
 * End to end, collaborative editing: one real sync server (`@wiretuner/sync/server`, a directory
 * of SQLite `.wiretuner` files) and the built editor served from 127.0.0.1, opened in collaborative
 * mode (`editor.html?sync=…&doc=…&token=…`) in TWO headless Chromium pages on one document, driven
 * by REAL pointer and keyboard input. A rectangle drawn in A appears in B; B drags it and A sees
 * the move; A's cursor is drawn in B (in A's colour, with A's name); A's undo undoes only A's own
 * action, and an undo whose object B changed since is left as B made it, said in a visible notice;
 * B's history strip scrubs the shared log; when both delete one rectangle while the server is down,
 * the edit that comes second is dropped and its page says so; a read-only page has its tools off
 * and a notice. At the end the server's stored file validates clean and holds each user's events,
 * stamped with them, and neither selection nor viewport events (those are each page's own).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchChromium } from '@wiretuner/browser-kit'
import { openWireTunerFile } from '@wiretuner/io-services/node'
import { createToken, directoryStore, type RunningSyncServer, startSyncServer } from '@wiretuner/sync/server'
import type { Browser, Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, onTestFailed } from 'vitest'
import { startViewerServer, type ViewerServer } from '../src/server/server.ts'
import { syncEditorUrl } from '../src/server/sync-viewer.ts'
import { runCliProcess } from './helpers/cli.ts'
import {
  clickOn,
  dragOn,
  type EditorProbe,
  probeOn,
  screenOn,
  waitEditorReady,
} from './helpers/editor-page.ts'

const viewerDir = fileURLToPath(new URL('../dist/viewer', import.meta.url))
const SECRET = 'e2e-editor-sync-secret-0123456789'
const DOC = crypto.randomUUID()
/** Waits for conditions across pages: generous, the shared box is loaded. */
const WAIT = { timeout: 30_000 }

let sync: RunningSyncServer
/** The built pages, served as `sync-server --viewer-port` serves them (assets only). */
let statics: ViewerServer
let browser: Browser
let pageA: Page
let pageB: Page
const pageErrors: string[] = []
const dir = join(inject('scratchDir'), 'editor-sync')

function editorUrl(user: string, access: 'read' | 'write', name: string): string {
  const token = createToken(
    { userId: user, documents: { [DOC]: access }, expiresAt: Date.now() + 3_600_000 },
    SECRET,
  )
  // the address `sync-server --viewer-port` prints, with the user's name
  return `${syncEditorUrl(statics.url, sync.url, DOC, token)}&name=${encodeURIComponent(name)}`
}

async function openEditor(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  page.on('pageerror', (e) => pageErrors.push(String(e)))
  await page.goto(url)
  await waitEditorReady(page)
  await probeOn(page, (p) => p.whenSynced())
  return page
}

/** Waits until `test` holds on the page's probe (a page function: it gets the probe and `arg`). */
async function until(page: Page, test: (input: readonly [EditorProbe, unknown]) => boolean, arg?: unknown) {
  const probe = await page.evaluateHandle(
    () => (window as unknown as { wiretunerEditor: EditorProbe }).wiretunerEditor,
  )
  try {
    await page.waitForFunction(test, [probe, arg] as const, WAIT)
  } finally {
    await probe.dispose()
  }
}

type Shape = { transform: { e: number; f: number }; parameters: Record<string, number> } | undefined
const objectOn = (page: Page, id: string): Promise<Shape> =>
  page.evaluate(`window.wiretunerEditor.object(${JSON.stringify(id)})`) as Promise<Shape>

/** The shape's translation is (x, y) (a sum of sampled pointer deltas: to 1e-6). */
function expectMoved(shape: Shape, x: number, y: number): void {
  expect(shape?.transform.e).toBeCloseTo(x, 6)
  expect(shape?.transform.f).toBeCloseTo(y, 6)
}

const head = async (): Promise<number> => (await sync.core.hub(DOC))?.head ?? -2

/** Draws a rectangle with the R tool in `page` (a real drag); resolves with its id once the server has it. */
async function drawRectangle(page: Page, a: { x: number; y: number }, b: { x: number; y: number }) {
  await page.keyboard.press('r')
  await dragOn(page, a, b)
  await probeOn(page, (p) => p.settle())
  await probeOn(page, (p) => p.whenSynced())
  const [id] = await probeOn(page, (p) => p.selection)
  if (id === undefined) throw new Error('the new rectangle is not selected')
  return id
}

beforeAll(async () => {
  mkdirSync(dir, { recursive: true })
  sync = await startSyncServer({ store: directoryStore(dir), secret: SECRET, port: 0 })
  statics = await startViewerServer({ assetsDir: viewerDir, port: 0 })
  browser = await launchChromium()
  // A first: it starts the new document (artboard and layer); then B joins it
  pageA = await openEditor(editorUrl('alice', 'write', 'Alice'))
  pageB = await openEditor(editorUrl('bob', 'write', 'Bob'))
}, 120_000)

// on a failure, what each page said (its status line, notice and last error) goes to the log
beforeEach(() => {
  onTestFailed(async () => {
    for (const [name, page] of [
      ['A', pageA],
      ['B', pageB],
    ] as const) {
      if (page === undefined || page.isClosed()) continue
      const said = await page.evaluate(() => ({
        status: document.getElementById('status')?.textContent,
        collab: document.getElementById('collab-status')?.textContent,
        notice: document.getElementById('collab-notice')?.textContent,
        lastError: (window as unknown as { wiretunerEditor: { lastError: string } }).wiretunerEditor
          .lastError,
        probe: (({ tool, selection, sequence, historyTarget, historyShown, objectCount, pending }) => ({
          tool,
          selection,
          sequence,
          historyTarget,
          historyShown,
          objectCount,
          pending,
        }))((window as unknown as { wiretunerEditor: EditorProbe }).wiretunerEditor),
      }))
      console.error(`page ${name}:`, JSON.stringify(said))
    }
    if (pageErrors.length > 0) console.error('page errors:', pageErrors)
  })
})

afterAll(async () => {
  await browser?.close()
  await statics?.close()
  await sync?.close()
})

describe('the editor in collaborative mode: two pages on one document', () => {
  let rect = ''

  it('both pages join the new document (its artboard and layer) and see each other', async () => {
    expect(await head()).toBe(2) // the document, A's artboard and layer
    for (const page of [pageA, pageB]) {
      await until(page, ([p]) => p.sequence === 2)
      expect(await page.locator('#layers li').count()).toBe(1)
      await page.waitForFunction(
        () => document.getElementById('collab-status')?.textContent?.includes('1 other'),
        undefined,
        WAIT,
      )
    }
    expect(await pageA.textContent('#collab-status')).toContain('Alice (write)')
    expect(await pageB.textContent('#collab-status')).toContain('Bob (write)')
  })

  it('a rectangle drawn in A appears in B', async () => {
    rect = await drawRectangle(pageA, { x: 100, y: 100 }, { x: 260, y: 200 })
    await until(pageB, ([p, id]) => p.object(id as string) !== undefined, rect)
    const inA = await objectOn(pageA, rect)
    const inB = await objectOn(pageB, rect)
    expect(inB).toEqual(inA)
    expect(inA?.parameters.width).toBeCloseTo(160, 0)
    expect(await probeOn(pageB, (p) => p.selection)).toEqual([]) // A's selection is A's own
    // B draws A's selection: the peer outline is drawn from A's presence
    await until(pageB, ([p, id]) => p.peers.some((peer) => peer.selection.includes(id as string)), rect)
  })

  it('B drags it with the selection tool; A sees the move', async () => {
    await pageB.keyboard.press('v')
    await dragOn(pageB, { x: 180, y: 150 }, { x: 240, y: 190 }, 12)
    await probeOn(pageB, (p) => p.settle())
    expectMoved(await objectOn(pageB, rect), 60, 40)
    await until(
      pageA,
      ([p, id]) => {
        const t = (p.object(id as string) as { transform: { e: number; f: number } }).transform
        return Math.abs(t.e - 60) < 1e-6 && Math.abs(t.f - 40) < 1e-6
      },
      rect,
    )
    expect(await probeOn(pageB, (p) => p.selection)).toEqual([rect])
    expect(await probeOn(pageB, (p) => p.undoLabel)).toBe('Move Objects')
  })

  it("A's cursor is drawn in B with A's name, in A's colour", async () => {
    const at = await screenOn(pageA, 500, 400)
    await pageA.mouse.move(at.x - 20, at.y - 10)
    await pageA.mouse.move(at.x, at.y, { steps: 4 })
    const expected = await screenOn(pageB, 500, 400)
    const canvas = await pageB.locator('#canvas').boundingBox()
    if (canvas === null) throw new Error('no canvas in B')
    await until(
      pageB,
      ([p, want]) => {
        const w = want as { x: number; y: number }
        const c = p.peers.find((peer) => peer.userId === 'alice')?.cursor
        return c !== undefined && Math.abs(c.x - w.x) < 0.5 && Math.abs(c.y - w.y) < 0.5
      },
      { x: expected.x - canvas.x, y: expected.y - canvas.y },
    )
    const alice = (await probeOn(pageB, (p) => p.peers)).find((peer) => peer.userId === 'alice')
    expect(alice?.name).toBe('Alice')
    // the pixels: the cursor arrow is filled with A's colour where A's pointer is
    const cx = Math.round(expected.x - canvas.x)
    const cy = Math.round(expected.y - canvas.y)
    const png = PNG.sync.read(
      Buffer.from(
        ((await pageB.evaluate(`window.wiretunerEditor.canvasPng(${cx}, ${cy}, 6, 12)`)) as string).split(
          ',',
        )[1] ?? '',
        'base64',
      ),
    )
    const colour = alice?.colour ?? ''
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16))
    const at2x8 = (2 + 8 * 6) * 4
    expect([png.data[at2x8], png.data[at2x8 + 1], png.data[at2x8 + 2]]).toEqual([r, g, b])
    // the pointer leaves A's canvas: B stops drawing the cursor
    await pageA.mouse.move(2, 2)
    await until(pageB, ([p]) => p.peers.some((peer) => peer.userId === 'alice' && peer.cursor === undefined))
  })

  it("undo in A undoes only A's own last action; an undo B's later edit overrides is said visibly", async () => {
    const second = await drawRectangle(pageA, { x: 400, y: 300 }, { x: 500, y: 380 })
    await until(pageB, ([p, id]) => p.object(id as string) !== undefined, second)
    const before = await head()
    await pageA.keyboard.press('Control+z')
    await probeOn(pageA, (p) => p.whenSynced())
    expect(await head()).toBe(before + 1) // one UndoEvent
    await until(pageB, ([p, id]) => p.object(id as string) === undefined, second)
    // B's move of the first rectangle stays
    expectMoved(await objectOn(pageB, rect), 60, 40)
    expectMoved(await objectOn(pageA, rect), 60, 40)
    // A's next undo is the first rectangle's creation, which B has moved since: B's edit wins
    await pageA.keyboard.press('Control+z')
    await pageA.waitForSelector('#collab-notice[data-kind="undo-conflict"]', WAIT)
    expect(await pageA.textContent('#collab-notice')).toContain('another user changed')
    await probeOn(pageA, (p) => p.whenSynced())
    expect(await objectOn(pageA, rect)).toBeDefined()
    // B's own undo: its move
    await pageB.keyboard.press('Control+z')
    await until(
      pageA,
      ([p, id]) => (p.object(id as string) as { transform: { e: number } } | undefined)?.transform.e === 0,
      rect,
    )
  })

  it("B's history strip scrubs the shared log", async () => {
    const log = await probeOn(pageB, (p) => p.events())
    const stored = await head()
    await until(pageB, ([p, h]) => p.sequence === h, stored)
    expect(log.length).toBe(stored + 1)
    const k = log.find((e) => e.eventType === 'CreateShapeEvent')?.eventSequence as number
    await pageB.evaluate((k) => {
      const input = document.getElementById('scrubber') as HTMLInputElement
      input.value = String(k)
      input.dispatchEvent(new Event('input', { bubbles: true }))
    }, k)
    await until(pageB, ([p, at]) => p.historyShown === at, k)
    expect(await pageB.textContent('#event-type')).toBe(`#${k} CreateShapeEvent`)
    await pageB.click('#live')
    await until(pageB, ([p, h]) => p.historyShown === h, stored)
  })

  it('both delete the same rectangle while the server is down: one edit is dropped, said visibly', async () => {
    const port = sync.port
    await sync.close()
    for (const page of [pageA, pageB])
      await page.waitForSelector('#collab-status:not([data-status="synced"])', WAIT)
    for (const page of [pageA, pageB]) {
      await page.keyboard.press('v')
      await clickOn(page, 180, 150)
      await probeOn(page, (p) => p.settle())
      expect(await probeOn(page, (p) => p.selection)).toEqual([rect])
      await page.keyboard.press('Delete')
      await probeOn(page, (p) => p.settle())
      expect(await probeOn(page, (p) => p.objectCount)).toBe(0) // offline: applied here, pending
    }
    sync = await startSyncServer({ store: directoryStore(dir), secret: SECRET, port })
    for (const page of [pageA, pageB]) await probeOn(page, (p) => p.whenSynced())
    // the second delete to reach the server no longer applies: that page says it was dropped
    const kinds = await Promise.all(
      [pageA, pageB].map((page) => page.getAttribute('#collab-notice', 'data-kind')),
    )
    expect(kinds.filter((k) => k === 'dropped')).toHaveLength(1)
    const dropped = kinds[0] === 'dropped' ? pageA : pageB
    expect(await dropped.textContent('#collab-notice')).toContain('could not be kept')
    expect(await dropped.isVisible('#collab-notice')).toBe(true)
    const log = (await sync.core.hub(DOC))?.state.document
    expect(log?.objects.size).toBe(0)
  })

  it("a remote edit does not interrupt B typing a layer name; B's panel catches up when B leaves it", async () => {
    const nameB = pageB.locator('#layers li input[aria-label="Layer name"]').first()
    const boardB = pageB.locator('#artboards li input[aria-label="Artboard name"]').first()
    const original = await nameB.inputValue()
    const boardName = await boardB.inputValue()
    await nameB.click()
    await pageB.keyboard.press('End')
    await pageB.keyboard.type(' half-typed')
    const boardA = pageA.locator('#artboards li input[aria-label="Artboard name"]').first()
    await boardA.fill('Renamed by Alice')
    await boardA.press('Enter')
    await probeOn(pageA, (p) => p.settle())
    await probeOn(pageA, (p) => p.whenSynced())
    const stored = await head()
    await until(pageB, ([p, h]) => p.sequence === h, stored)
    await pageB.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))))
    // B's field is the same element, focused, with what B typed; the redraw waits
    expect(await nameB.evaluate((e) => e === document.activeElement)).toBe(true)
    expect(await nameB.inputValue()).toBe(`${original} half-typed`)
    expect(await boardB.inputValue()).toBe(boardName)
    // B puts the name back and leaves the field: nothing recorded, the panel shows A's rename
    await nameB.fill(original)
    await nameB.blur()
    await expect.poll(() => boardB.inputValue(), WAIT).toBe('Renamed by Alice')
    await probeOn(pageB, (p) => p.settle())
    expect(await head()).toBe(stored)
  })

  it('a read-only token: the tools are off, a notice says so, nothing is written', async () => {
    const reader = await openEditor(editorUrl('carol', 'read', 'Carol'))
    const stored = await head()
    await until(reader, ([p, h]) => p.sequence === h, stored)
    expect(await reader.textContent('#collab-notice')).toContain('read access only')
    expect(await reader.getAttribute('#collab-notice', 'data-kind')).toBe('read-only')
    expect(await reader.evaluate(() => (document.getElementById('tools') as HTMLElement).inert)).toBe(true)
    await reader.keyboard.press('r')
    await dragOn(reader, { x: 300, y: 300 }, { x: 380, y: 360 })
    await reader.keyboard.press('Control+z')
    await probeOn(reader, (p) => p.settle())
    expect(await head()).toBe(stored)
    expect(await probeOn(reader, (p) => p.objectCount)).toBe(await probeOn(pageA, (p) => p.objectCount))
    await reader.close()
  })

  it("the server's stored file validates clean and holds each user's events, stamped with them", async () => {
    const stored = await head()
    await sync.close()
    const path = join(dir, `${DOC}.wiretuner`)
    const validated = await runCliProcess(['validate', path])
    expect(validated.code, validated.stdout + validated.stderr).toBe(0)
    const file = await openWireTunerFile(path, { readOnly: true, create: false })
    const events: Record<string, unknown>[] = []
    try {
      for (const item of file.readEvents(DOC))
        if (item.kind === 'event') events.push(item.event as unknown as Record<string, unknown>)
    } finally {
      file.close()
    }
    expect(events.length).toBe(stored + 1)
    const types = events.map((e) => e.eventType as string)
    expect(types.filter((t) => t === 'CreateShapeEvent').length).toBe(2)
    expect(types.filter((t) => t === 'DeleteObjectEvent').length).toBe(1) // the other was dropped
    expect(types.some((t) => /Select|Viewport/.test(t))).toBe(false)
    const byUser = (user: string) => events.filter((e) => e.userId === user).map((e) => e.eventType)
    const bob = byUser('bob').filter((t) => t !== 'DeleteObjectEvent')
    expect(bob).toEqual([...bob.filter((t) => t === 'MoveObjectEvent'), 'UndoEvent'])
    expect(bob.length).toBeGreaterThan(1)
    expect(byUser('alice').filter((t) => t === 'UndoEvent').length).toBe(2)
    expect(byUser('carol')).toEqual([])
    expect(pageErrors).toEqual([])
  })
})
