/// <reference lib="dom" />
/**
 * End to end, the browser editor: `wiretuner edit FILE` (a real child process) serves the editor
 * page to headless Chromium with a disk profile (OPFS on disk, as a user's browser). Every action
 * is REAL pointer and keyboard input (page.mouse down / move / up, page.keyboard): each shape
 * kind, a pen path with curves, a 2 s drag at ~120 Hz that must record ~40 sampled moves in ONE
 * undo group, undo/redo, a reload then undo again, scrubbing to an earlier event whose canvas
 * must equal `wiretuner export-svg --at k` rendered by resvg (pixel compare), and "restore this
 * version". Screenshots of each tool in use are compared with committed goldens
 * (test/goldens/editor-*.png; WT_UPDATE_GOLDENS=1 rewrites them).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Resvg } from '@resvg/resvg-js'
import { launchChromiumProfile } from '@wiretuner/browser-kit'
import type { BrowserContext, Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliProcess } from './helpers/cli.ts'
import {
  clickOn,
  dragOn,
  type EditorProbe,
  type ProbeEvent,
  probeOn,
  screenOn,
  waitEditorReady,
} from './helpers/editor-page.ts'
import { type ServeProcess, startServe } from './helpers/serve.ts'

const GOLDENS = fileURLToPath(new URL('./goldens/', import.meta.url))
const UPDATE = process.env.WT_UPDATE_GOLDENS === '1'
/** Where the 2 s drag's figures go (input samples, span, windows, recorded moves). */
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url))

type Ev = ProbeEvent

let dir: string
let file: string
let edit: ServeProcess
let context: BrowserContext
let page: Page
const pageErrors: string[] = []

const probe = <T>(fn: (p: EditorProbe) => T | Promise<T>): Promise<T> => probeOn(page, fn)

const settle = () => probe((p) => p.settle())
const events = () => probe((p) => p.events())
const state = () =>
  probe((p) => ({
    sequence: p.sequence,
    objectCount: p.objectCount,
    selection: p.selection,
    undoLabel: p.undoLabel,
    redoLabel: p.redoLabel,
    lastError: p.lastError,
    saves: p.saves,
  }))

async function openEditor(): Promise<void> {
  await page.goto(edit.url)
  await waitEditorReady(page)
}

const screenOf = (x: number, y: number) => screenOn(page, x, y)
const drag = (a: { x: number; y: number }, b: { x: number; y: number }, steps?: number) =>
  dragOn(page, a, b, steps)
const click = (x: number, y: number) => clickOn(page, x, y)

/** Decodes a PNG (data URL or bytes). */
function decode(png: string | Buffer): PNG {
  const bytes = typeof png === 'string' ? Buffer.from(png.slice(png.indexOf(',') + 1), 'base64') : png
  return PNG.sync.read(bytes)
}

/** Share of pixels whose channels differ by more than `threshold` (images of the same size). */
function differingShare(a: PNG, b: PNG, threshold = 48): number {
  expect([a.width, a.height]).toEqual([b.width, b.height])
  let differing = 0
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 4; c++) {
      if (Math.abs((a.data[i + c] ?? 0) - (b.data[i + c] ?? 0)) > threshold) {
        differing++
        break
      }
    }
  }
  return differing / (a.width * a.height)
}

/** Compares a screenshot of the page with the committed golden `name` (tolerance: 2% of pixels). */
async function matchesGolden(name: string): Promise<void> {
  await settle()
  const shot = await page.screenshot()
  const path = join(GOLDENS, `editor-${name}.png`)
  if (UPDATE) {
    writeFileSync(path, shot)
    return
  }
  expect(existsSync(path), `golden ${path} is missing (run with WT_UPDATE_GOLDENS=1 to record it)`).toBe(true)
  expect(differingShare(decode(shot), decode(readFileSync(path)))).toBeLessThan(0.02)
}

async function waitForSave(before: number): Promise<void> {
  await page.waitForFunction(
    (n) => (window as unknown as { wiretunerEditor: EditorProbe }).wiretunerEditor.saves > n,
    before,
    { timeout: 10_000 },
  )
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wt-editor-e2e-'))
  file = join(dir, 'drawing.wiretuner')
  edit = await startServe(file, 'edit')
  context = await launchChromiumProfile(join(dir, 'profile'))
  page = await context.newPage()
  await page.setViewportSize({ width: 1600, height: 1000 })
  page.on('pageerror', (e) => pageErrors.push(String(e)))
  await openEditor()
}, 120_000)

afterAll(async () => {
  await context?.close()
  await edit?.stop()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

describe('the editor in Chromium, driven by real pointer and keyboard input', () => {
  it('opens FILE (created by `edit`) with its artboard and layer', async () => {
    const s = await state()
    expect((await events()).slice(0, 3).map((e) => e.eventType)).toEqual([
      'CreateDocumentEvent',
      'CreateArtboardEvent',
      'CreateLayerEvent',
    ])
    expect(s.objectCount).toBe(0)
    expect(await page.locator('#layers li').count()).toBe(1)
    expect(pageErrors).toEqual([])
  })

  it('draws each shape kind with its tool (R, E, Y, S)', async () => {
    const kinds = [
      ['r', 'rectangle', { x: 60, y: 60 }, { x: 220, y: 160 }],
      ['e', 'ellipse', { x: 260, y: 60 }, { x: 420, y: 180 }],
      ['y', 'polygon', { x: 460, y: 60 }, { x: 600, y: 200 }],
      ['s', 'star', { x: 620, y: 60 }, { x: 760, y: 200 }],
    ] as const
    for (const [key, kind, a, b] of kinds) {
      await page.keyboard.press(key)
      expect(await probe((p) => p.tool)).toBe(kind)
      await drag(a, b)
      await settle()
      await matchesGolden(kind)
    }
    const shapes = (await events()).filter((e) => e.eventType === 'CreateShapeEvent')
    expect(shapes.map((e) => e.shapeType)).toEqual(['rectangle', 'ellipse', 'polygon', 'star'])
    const rect = shapes[0]?.parameters as Record<string, number>
    expect(rect.width).toBeCloseTo(160, 0)
    expect(rect.height).toBeCloseTo(100, 0)
    expect((await state()).objectCount).toBe(4)
  })

  it('draws a pen path: clicks make corners, drags make curves, a click on the first anchor closes it', async () => {
    await page.keyboard.press('p')
    await click(100, 300)
    await drag({ x: 250, y: 260 }, { x: 320, y: 260 })
    await drag({ x: 300, y: 450 }, { x: 240, y: 500 })
    await click(120, 440)
    await matchesGolden('pen')
    await click(100, 300)
    await settle()
    const log = await events()
    const pathId = log.find((e) => e.eventType === 'CreatePathEvent')?.pathId as string
    expect(log.filter((e) => e.eventType === 'AddAnchorEvent').map((e) => e.anchorType)).toEqual([
      'bezier',
      'bezier',
      'line',
    ])
    expect(log.at(-1)).toMatchObject({ eventType: 'FinishPathEvent', pathId, closed: true })
    const path = (await probe(`p => p.object(${JSON.stringify(pathId)})` as never)) as {
      anchors: { handleOut?: { x: number; y: number } }[]
      closed: boolean
    }
    expect(path.closed).toBe(true)
    expect(path.anchors).toHaveLength(4)
    expect(path.anchors[1]?.handleOut?.x).toBeCloseTo(70, 0)
  })

  it('direct selection drags an anchor of the path (one sampled gesture)', async () => {
    await page.keyboard.press('a')
    await click(100, 300.5)
    await settle()
    await matchesGolden('direct')
    const before = await state()
    await drag({ x: 100, y: 300 }, { x: 80, y: 330 }, 10)
    await settle()
    const log = (await events()).slice(before.sequence + 1)
    expect(log.length).toBeGreaterThan(0)
    expect(log.every((e) => e.eventType === 'ModifyAnchorEvent')).toBe(true)
    expect(new Set(log.map((e) => e.undoGroupId)).size).toBe(1)
  })

  it('rotates and scales the selection with its handles (one sampled gesture each)', async () => {
    await page.keyboard.press('v')
    await click(330, 100) // the ellipse (centre 340, 120)
    await settle()
    const [id] = (await state()).selection
    const transform = async () =>
      (
        (await probe(`p => p.object(${JSON.stringify(id)})` as never)) as {
          transform: Record<string, number>
        }
      ).transform
    // the rotate handle sits 24 px above the top centre of the selection box
    const top = await screenOf(340, 60)
    await page.mouse.move(top.x, top.y - 24)
    await page.mouse.down()
    await page.mouse.move(top.x + 60, top.y - 10, { steps: 10 })
    await page.mouse.up()
    await settle()
    const rotated = await transform()
    expect(Math.abs(rotated.b ?? 0)).toBeGreaterThan(0.1)
    expect((await state()).undoLabel).toBe('Rotate Objects')
    await page.keyboard.press('Control+z')
    await settle()
    expect(await transform()).toMatchObject({ a: 1, b: 0, c: 0, d: 1 })
    // the south-east corner handle scales about the north-west corner
    const se = await screenOf(420, 180)
    await page.mouse.move(se.x, se.y)
    await page.mouse.down()
    await page.mouse.move(se.x + 40, se.y + 30, { steps: 10 })
    await page.mouse.up()
    await settle()
    const scaled = await transform()
    expect(scaled.a).toBeCloseTo(1.25, 1)
    expect(scaled.d).toBeCloseTo(1.25, 1)
    expect((await state()).undoLabel).toBe('Scale Objects')
    await page.keyboard.press('Control+z')
    await settle()
  })

  it('styles the selection from the style panel, deletes with the Delete key', async () => {
    await click(690, 130) // the star
    await settle()
    const [id] = (await state()).selection
    await page.locator('#style-fill').fill('#ff8800')
    await page.locator('#style-width').fill('5')
    await page.locator('#style-width').press('Enter')
    await settle()
    const style = async () =>
      (
        (await probe(`p => p.object(${JSON.stringify(id)})` as never)) as
          | { style: Record<string, unknown> }
          | undefined
      )?.style
    expect(await style()).toMatchObject({ fill: '#ff8800', strokeWidth: 5 })
    await page.evaluate('document.activeElement.blur()')
    const count = (await state()).objectCount
    await page.keyboard.press('Delete')
    await settle()
    expect((await state()).objectCount).toBe(count - 1)
    await page.keyboard.press('Control+z')
    await settle()
    expect((await state()).objectCount).toBe(count)
    expect(await style()).toMatchObject({ fill: '#ff8800' })
  })

  it('layers: create, rename, hide, lock, reorder, delete; artboards: preset, rename, resize', async () => {
    await page.locator('#add-layer').click()
    await settle()
    const rows = page.locator('#layers li')
    expect(await rows.count()).toBe(2)
    const top = rows.first()
    await top.locator('input[aria-label="Layer name"]').fill('Ink')
    await top.locator('input[aria-label="Layer name"]').press('Enter')
    await settle()
    expect(
      await page.locator('#layers li').first().locator('input[aria-label="Layer name"]').inputValue(),
    ).toBe('Ink')
    await page.locator('#layers li').first().getByTitle('Move layer down').click()
    await settle()
    expect(
      await page.locator('#layers li').last().locator('input[aria-label="Layer name"]').inputValue(),
    ).toBe('Ink')
    await page.locator('#layers li').first().locator('input[aria-label="Visible"]').uncheck()
    await settle()
    await page.locator('#layers li').first().locator('input[aria-label="Locked"]').check()
    await settle()
    const doc = async () => (await page.evaluate('window.wiretunerEditor.events()')) as Ev[]
    const log = await doc()
    expect(
      log.filter((e) => e.eventType === 'ModifyLayerEvent').map((e) => [e.name, e.visible, e.locked]),
    ).toEqual([
      ['Ink', undefined, undefined],
      [undefined, false, undefined],
      [undefined, undefined, true],
    ])
    expect(log.some((e) => e.eventType === 'ReorderLayerEvent')).toBe(true)
    await matchesGolden('layers')
    // a hidden, locked layer: its objects are neither drawn nor hit
    await click(140, 110)
    await settle()
    expect((await state()).selection).toEqual([])
    await page.locator('#layers li').first().locator('input[aria-label="Visible"]').check()
    await page.locator('#layers li').first().locator('input[aria-label="Locked"]').uncheck()
    await settle()
    await page.locator('#layers li').last().getByTitle('Delete layer').click()
    await settle()
    expect(await page.locator('#layers li').count()).toBe(1)
    await page.locator('#artboard-preset').selectOption({ label: 'A4' })
    await page.locator('#add-artboard').click()
    await settle()
    const boards = page.locator('#artboards li')
    expect(await boards.count()).toBe(2)
    await boards.last().locator('input[aria-label="Artboard name"]').fill('Poster')
    await boards.last().locator('input[aria-label="Artboard name"]').press('Enter')
    await settle()
    await page.locator('#artboards li').last().locator('input[aria-label="Artboard width"]').fill('700')
    await page.locator('#artboards li').last().locator('input[aria-label="Artboard width"]').press('Enter')
    await settle()
    const created = (await doc()).find((e) => e.eventType === 'CreateArtboardEvent' && e.preset === 'A4')
    expect(created?.bounds).toMatchObject({ width: 595, height: 842 })
    const modified = (await doc()).filter((e) => e.eventType === 'ModifyArtboardEvent')
    expect(modified.map((e) => [e.name, (e.bounds as { width: number } | undefined)?.width])).toEqual([
      ['Poster', undefined],
      [undefined, 700],
    ])
    // back to the first artboard's layer for the next tests
    await page.locator('#artboards li').first().getByTitle('Show the layers of this artboard').click()
    await settle()
  })

  it('zooms with the wheel (Ctrl: pinch) about the pointer, pans with the wheel and space-drag, Ctrl+0 fits', async () => {
    const before = await probe((p) => p.viewport)
    const centre = await screenOf(400, 300)
    await page.mouse.move(centre.x, centre.y)
    await page.keyboard.down('Control')
    await page.mouse.wheel(0, -100)
    await page.keyboard.up('Control')
    await settle()
    const zoomed = await probe((p) => p.viewport)
    expect(zoomed.zoom).toBeGreaterThan(before.zoom * 1.5)
    const still = await screenOf(400, 300)
    expect(still.x).toBeCloseTo(centre.x, 0)
    // recorded in the stored document's frame (its canvas stays 800×600; the page's is larger):
    // the stored pan and zoom are the page's (once the wheel gesture ended and the page refreshed)
    await page.waitForFunction(
      (zoom) =>
        Math.abs(
          (window as unknown as { wiretunerEditor: { storedViewport: { zoom: number } } }).wiretunerEditor
            .storedViewport.zoom - zoom,
        ) < 1e-9,
      zoomed.zoom,
      { timeout: 10_000 },
    )
    const stored = await probe((p) => p.storedViewport)
    expect(zoomed.canvasSize).not.toEqual(stored.canvasSize)
    expect(stored.zoom).toBeCloseTo(zoomed.zoom, 9)
    expect(stored.pan.x).toBeCloseTo(zoomed.pan.x, 6)
    expect(stored.pan.y).toBeCloseTo(zoomed.pan.y, 6)
    await page.mouse.wheel(0, 50)
    await settle()
    expect((await probe((p) => p.viewport)).pan.y).toBeGreaterThan(zoomed.pan.y)
    const panBefore = await probe((p) => p.viewport.pan)
    await page.keyboard.down(' ')
    await page.mouse.down()
    await page.mouse.move(centre.x + 100, centre.y, { steps: 5 })
    await page.mouse.up()
    await page.keyboard.up(' ')
    await settle()
    expect((await probe((p) => p.viewport.pan)).x).toBeLessThan(panBefore.x)
    await page.keyboard.press('Control+0')
    await settle()
    const fitted = await probe((p) => p.viewport)
    expect(fitted.pan).toEqual({ x: 400, y: 300 })
    const log = (await page.evaluate('window.wiretunerEditor.events()')) as Ev[]
    expect(log.some((e) => e.eventType === 'ViewportZoomEvent')).toBe(true)
    expect(log.some((e) => e.eventType === 'ViewportPanEvent')).toBe(true)
    await probe((p) => p.resetView())
    await settle()
  })

  it('a 2 s drag at ~120 Hz records ~40 sampled moves in ONE undo group; undo and redo', async () => {
    await page.keyboard.press('v')
    await click(140, 110) // the rectangle
    await settle()
    expect((await state()).selection).toHaveLength(1)
    await matchesGolden('select')
    const [rectId] = (await state()).selection
    const before = await state()
    const start = await screenOf(140, 110)
    await page.mouse.move(start.x, start.y)
    await probe((p) => p.sampleTimes()) // empties the page's list of sample input times
    await page.mouse.down()
    // 2 s of pointer moves at up to 120 Hz (each move is one CDP round trip: under load fewer
    // than 240 get through, with gaps; so the count is checked against what the page received)
    const t0 = Date.now()
    for (let i = 1; ; i++) {
      const wait = t0 + (i * 1000) / 120 - Date.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      const t = Math.min(2000, Date.now() - t0)
      await page.mouse.move(start.x + t * 0.06, start.y + t * 0.03)
      if (t >= 2000) break
    }
    await page.mouse.up()
    await settle()
    const moves = (await events()).slice(before.sequence + 1)
    expect(moves.every((e) => e.eventType === 'MoveObjectEvent')).toBe(true)
    // the input times the page stamped on the samples (the sampler's clock): the drag spanned 2 s
    const stamps = await probe((p) => p.sampleTimes())
    const first = stamps[0] as number
    expect((stamps.at(-1) as number) - first).toBeGreaterThan(1800)
    // one sampled move per 50 ms window of input time that received input: at 120 Hz that is all
    // 40 windows of the 2 s; under load, the windows the input reached (samples reaching the
    // Worker late, in bursts, are coalesced into their window or the next, never add a move; +1
    // for the final position)
    const windows = new Set(stamps.map((t) => Math.floor((t - first) / 50))).size
    const figures = {
      inputs: stamps.length,
      spanMs: (stamps.at(-1) as number) - first,
      windows,
      moves: moves.length,
    }
    mkdirSync(ARTIFACTS, { recursive: true })
    writeFileSync(join(ARTIFACTS, 'editor-drag.json'), `${JSON.stringify(figures)}\n`)
    expect(windows).toBeGreaterThan(15)
    expect(moves.length).toBeGreaterThanOrEqual(windows - 2)
    expect(moves.length).toBeLessThanOrEqual(windows + 1)
    expect(moves.every((e) => e.samplingIntervalMs === 50)).toBe(true)
    expect(new Set(moves.map((e) => e.undoGroupId)).size).toBe(1)
    const dx = moves.reduce((sum, e) => sum + (e.delta as { x: number }).x, 0)
    expect(dx).toBeCloseTo(120 / (await probe((p) => p.viewport.zoom)), 3)
    const after = await state()
    expect(after.undoLabel).toBe('Move Objects')
    const x = async () =>
      ((await probe(`p => p.object(${JSON.stringify(rectId)})` as never)) as { transform: { e: number } })
        .transform.e
    expect(await x()).toBeCloseTo(120, 3)
    expect(await page.locator('#menu-undo').textContent()).toBe('Undo Move Objects')
    await page.keyboard.press('Control+z')
    await settle()
    expect(await x()).toBe(0)
    expect((await state()).redoLabel).toBe('Move Objects')
    await page.keyboard.press('Control+Shift+z')
    await settle()
    expect(await x()).toBeCloseTo(120, 3)
  })

  it('reloads the page (OPFS keeps the document and its history) and undoes again', async () => {
    const before = await state()
    await page.keyboard.press('Control+s')
    await waitForSave(before.saves)
    await page.reload()
    await waitEditorReady(page)
    const reloaded = await state()
    expect(reloaded.objectCount).toBe(before.objectCount)
    expect(reloaded.undoLabel).toBe('Move Objects')
    await page.keyboard.press('Control+z')
    await settle()
    expect((await state()).redoLabel).toBe('Move Objects')
    await page.keyboard.press('Control+Shift+z')
    await settle()
  })

  it('scrubbing to an earlier event shows exactly `wiretuner export-svg --at k` (pixel compare)', async () => {
    const saves = (await state()).saves
    await page.keyboard.press('Control+s')
    await waitForSave(saves)
    const log = await events()
    const k = log.find((e) => e.eventType === 'CreateShapeEvent' && e.shapeType === 'polygon')
      ?.eventSequence as number
    await page.evaluate((k) => {
      const input = document.getElementById('scrubber') as HTMLInputElement
      input.value = String(k)
      input.dispatchEvent(new Event('input', { bubbles: true }))
    }, k)
    await page.waitForFunction(
      (k) => (window as unknown as { wiretunerEditor: EditorProbe }).wiretunerEditor.historyShown === k,
      k,
    )
    await settle()
    await matchesGolden('history')
    const svgPath = join(dir, `at-${k}.svg`)
    const exported = await runCliProcess(['export-svg', file, '--at', String(k), '--out', svgPath])
    expect(exported.code, exported.stderr).toBe(0)
    const expected = new Resvg(readFileSync(svgPath, 'utf8')).render()
    const v = await probe((p) => p.viewport)
    const x0 = Math.round(v.canvasSize.width / 2 - v.pan.x * v.zoom)
    const y0 = Math.round(v.canvasSize.height / 2 - v.pan.y * v.zoom)
    const shown = decode(
      (await page.evaluate(
        `window.wiretunerEditor.canvasPng(${x0}, ${y0}, ${expected.width}, ${expected.height})`,
      )) as string,
    )
    const reference = decode(expected.asPng())
    // the object the event creates is highlighted (dashed #ff2d7a outline) over the document
    let highlighted = 0
    for (let i = 0; i < shown.data.length; i += 4)
      if (shown.data[i] === 0xff && shown.data[i + 1] === 0x2d && shown.data[i + 2] === 0x7a) highlighted++
    expect(highlighted).toBeGreaterThan(50)
    // everything else is the exported SVG's rendering (anti-aliasing differs at edges)
    expect(differingShare(shown, reference)).toBeLessThan(0.03)
  })

  it('restores that version by appending events (the log before is unchanged)', async () => {
    const before = await events()
    const k = await probe((p) => p.historyTarget)
    const { appended, notRestored } = await probe((p) => p.restore())
    await settle()
    expect(appended).toBeGreaterThan(0)
    // the artboards kept their order: nothing the catalog cannot restore, and no notice
    expect(notRestored).toBeUndefined()
    expect(await page.locator('#restore-notice').isHidden()).toBe(true)
    const after = await events()
    expect(after.slice(0, before.length)).toEqual(before)
    const saves = (await state()).saves
    await page.keyboard.press('Control+s')
    await waitForSave(saves)
    const head = after.length - 1
    const svg = async (at: number) => {
      const out = join(dir, `restore-${at}.svg`)
      const run = await runCliProcess(['export-svg', file, '--at', String(at), '--out', out])
      expect(run.code, run.stderr).toBe(0)
      return readFileSync(out, 'utf8')
    }
    expect(await svg(head)).toBe(await svg(k))
    expect(pageErrors).toEqual([])
    expect((await state()).lastError).toBe('')
  })
})
